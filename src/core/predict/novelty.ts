/**
 * "Does not sound like what this model knows": how far a unit's standardised input lies from the training
 * rows. Up to MAX_WHITENED columns, the Mahalanobis distance (the input whitened by the Cholesky factor of the
 * training rows' covariance, as an RMS over columns), which sees combinations no song has — a pure tone's
 * narrow bandwidth with its chroma and MFCCs — that each column alone allows; beyond that, the RMS of the
 * z-scores, or — where the fit asks for it (the instruments build, 280 `frames` columns) — the Mahalanobis
 * distance of probabilistic PCA (subspaceNovelty.ts), whose stored size grows with columns × components.
 * A model trained by the engine carries the rule fitted on its own training rows (`meta.metrics.novelty`): the
 * score a small share of them exceed, with a margin. A unit beyond it gets no label from the model.
 */
import type { BundleMeta } from '../bundle/meta';
import { fitSubspace, isSubspaceModel, subspaceScores, type SubspaceModel } from './subspaceNovelty';

export const NOVELTY_VERSION = 2;

export interface NoveltyRule {
  version: number;
  score: 'zRms' | 'mahalanobis' | 'subspace';
  /** mahalanobis: the covariance's Cholesky factor, lower triangle packed row by row (d(d+1)/2 values). */
  cholesky?: number[];
  /** subspace: the training rows' principal directions and variances (subspaceNovelty.ts). */
  subspace?: SubspaceModel;
  /** A unit whose score exceeds this is outside the training data. */
  threshold: number;
  /** The training rows' quantile the threshold was set from, and the margin it was multiplied by. */
  quantile: number;
  margin: number;
}

/** The training quantile and margin of a fitted rule: 1 in 200 training rows beyond, then half as far again. */
const QUANTILE = 0.995;
const MARGIN = 1.5;

/** Each row's root-mean-square z-score (rows × size standardised values in, one score per row out). */
export function zRms(standardized: Float32Array, rows: number, size: number): Float32Array {
  if (standardized.length !== rows * size) {
    throw new Error(`Expected ${rows} × ${size} standardised values, got ${standardized.length}`);
  }
  const out = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    let sum = 0;
    for (let j = r * size; j < (r + 1) * size; j++) sum += standardized[j] * standardized[j];
    out[r] = Math.sqrt(sum / size);
  }
  return out;
}

/** Columns up to which the rule whitens (the packed factor grows with the square of the columns). */
export const MAX_WHITENED = 96;
/** Added to the covariance's diagonal, so that constant or duplicated columns keep it positive definite. */
const RIDGE = 1e-3;

/** Packed lower-triangular L with L Lᵀ = the rows' covariance (+ RIDGE on the diagonal). */
function choleskyOfCovariance(x: Float32Array, rows: number, size: number): Float64Array {
  const mean = new Float64Array(size);
  for (let r = 0; r < rows; r++) for (let j = 0; j < size; j++) mean[j] += x[r * size + j] / rows;
  const cov = new Float64Array(size * size);
  const d = new Float64Array(size);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < size; j++) d[j] = x[r * size + j] - mean[j];
    for (let i = 0; i < size; i++) for (let j = 0; j <= i; j++) cov[i * size + j] += d[i] * d[j];
  }
  const packed = new Float64Array((size * (size + 1)) / 2);
  const at = (i: number, j: number) => (i * (i + 1)) / 2 + j;
  for (let i = 0; i < size; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = cov[i * size + j] / Math.max(1, rows - 1) + (i === j ? RIDGE : 0);
      for (let k = 0; k < j; k++) sum -= packed[at(i, k)] * packed[at(j, k)];
      packed[at(i, j)] = i === j ? Math.sqrt(Math.max(sum, RIDGE)) : sum / packed[at(j, j)];
    }
  }
  return packed;
}

/** Each row whitened by the packed factor (forward substitution), as an RMS over columns. */
function whitenedRms(x: Float32Array, rows: number, size: number, packed: ArrayLike<number>): Float32Array {
  const out = new Float32Array(rows);
  const y = new Float64Array(size);
  for (let r = 0; r < rows; r++) {
    let sum = 0;
    for (let i = 0; i < size; i++) {
      let v = x[r * size + i];
      const row = (i * (i + 1)) / 2;
      for (let k = 0; k < i; k++) v -= packed[row + k] * y[k];
      y[i] = v / packed[row + i];
      sum += y[i] * y[i];
    }
    out[r] = Math.sqrt(sum / size);
  }
  return out;
}

/** The rule's score for each of `rows` standardised inputs. */
export function noveltyScores(rule: NoveltyRule, x: Float32Array, rows: number, size: number): Float32Array {
  if (rule.score === 'subspace' && rule.subspace) return subspaceScores(rule.subspace, x, rows, size);
  if (rule.score === 'mahalanobis' && rule.cholesky) {
    if (rule.cholesky.length !== (size * (size + 1)) / 2) {
      throw new Error(`Expected a novelty factor for ${size} columns, got ${rule.cholesky.length} values`);
    }
    return whitenedRms(x, rows, size, rule.cholesky);
  }
  return zRms(x, rows, size);
}

/**
 * The rule fitted on a model's standardised training rows. Inputs wider than MAX_WHITENED get the z RMS, unless
 * `subspaceComponents` asks for the probabilistic-PCA distance with that many directions (it needs more training
 * rows than twice the columns).
 */
export function fitNoveltyRule(
  standardized: Float32Array,
  rows: number,
  size: number,
  options: { subspaceComponents?: number } = {},
): NoveltyRule {
  if (rows < 1) throw new Error('Expected training rows to fit a novelty rule on, got none');
  const whiten = size <= MAX_WHITENED && rows > 2 * size;
  const components = options.subspaceComponents ?? 0;
  const subspace = !whiten && components >= 1 && components < size && rows > 2 * size;
  const rule: NoveltyRule = {
    version: NOVELTY_VERSION,
    score: whiten ? 'mahalanobis' : subspace ? 'subspace' : 'zRms',
    ...(whiten
      ? { cholesky: Array.from(choleskyOfCovariance(standardized, rows, size), (v) => Math.fround(v)) }
      : {}),
    ...(subspace ? { subspace: fitSubspace(standardized, rows, size, components) } : {}),
    threshold: 0,
    quantile: QUANTILE,
    margin: MARGIN,
  };
  const scores = noveltyScores(rule, standardized, rows, size).sort();
  rule.threshold = scores[Math.min(rows - 1, Math.floor(QUANTILE * rows))] * MARGIN;
  return rule;
}

/** The bundle's rule, or null when it carries none (or one this build does not read). */
export function noveltyRuleOf(meta: Pick<BundleMeta, 'metrics'>): NoveltyRule | null {
  const raw = meta.metrics.novelty as Partial<NoveltyRule> | undefined;
  if (!raw || typeof raw !== 'object') return null;
  if (raw.version !== NOVELTY_VERSION) return null;
  if (raw.score !== 'zRms' && raw.score !== 'mahalanobis' && raw.score !== 'subspace') return null;
  if (raw.score === 'mahalanobis' && !(Array.isArray(raw.cholesky) && raw.cholesky.every(Number.isFinite)))
    return null;
  if (raw.score === 'subspace' && !(raw.subspace && isSubspaceModel(raw.subspace))) return null;
  if (typeof raw.threshold !== 'number' || !(raw.threshold > 0) || !Number.isFinite(raw.threshold))
    return null;
  return raw as NoveltyRule;
}

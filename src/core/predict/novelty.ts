/**
 * "Does not sound like what this model knows": how far a unit's standardised input lies from the training
 * rows. Up to MAX_WHITENED columns, the Mahalanobis distance (the input whitened by the Cholesky factor of the
 * training rows' covariance, as an RMS over columns), which sees combinations no song has — a pure tone's
 * narrow bandwidth with its chroma and MFCCs — that each column alone allows; beyond that, the RMS of the
 * z-scores. A model trained by the engine carries the rule fitted on its own training rows
 * (`meta.metrics.novelty`): the score a small share of them exceed, with a margin. A unit beyond it gets no
 * label from the model.
 *
 * A third score, `range`, is for wide inputs whose odd rows hide in the RMS (the instruments model's 280
 * `frames` columns: a pure tone's Mahalanobis distance is no larger than a real recording's): how many of a
 * unit's values lie outside everything the training rows took in that column. A steady tone, a DC offset or a
 * square wave is steadier than any recording in a dozen or more columns at once (their `_std`s), where a real
 * recording from another microphone strays from the training range in one or two. Its threshold comes from
 * held-out validation rows (every training row scores 0 by construction).
 */
import type { BundleMeta } from '../bundle/meta';

export const NOVELTY_VERSION = 2;

export interface NoveltyRule {
  version: number;
  score: 'zRms' | 'mahalanobis' | 'range';
  /** mahalanobis: the covariance's Cholesky factor, lower triangle packed row by row (d(d+1)/2 values). */
  cholesky?: number[];
  /** range: each column's smallest and largest standardised training value. */
  low?: number[];
  high?: number[];
  /** A unit whose score exceeds this is outside the training data. */
  threshold: number;
  /** The training rows' quantile the threshold was set from, and the margin it was multiplied by. */
  quantile: number;
  margin: number;
}

/** Share of a song's sounding time outside the training data from which it gets no label (applyModel, songPresence). */
export const UNFAMILIAR_SHARE = 0.5;

/**
 * The share of the sounding time (units with probabilities) that the novelty rule marked as outside the
 * training data; null when nothing sounds.
 */
export function unfamiliarShare(
  units: readonly { start: number; end: number; probs: unknown; novel?: boolean }[],
): number | null {
  let sounding = 0;
  let novel = 0;
  for (const u of units) {
    if (!u.probs) continue;
    sounding += u.end - u.start;
    if (u.novel) novel += u.end - u.start;
  }
  return sounding > 0 ? novel / sounding : null;
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

/** For each row, how many of its values lie outside [low, high] of their column. */
export function outsideRangeCounts(
  low: ArrayLike<number>,
  high: ArrayLike<number>,
  x: Float32Array,
  rows: number,
  size: number,
): Float32Array {
  if (low.length !== size || high.length !== size) {
    throw new Error(`Expected a training range for ${size} columns, got one for ${low.length}`);
  }
  if (x.length !== rows * size) throw new Error(`Expected ${rows} × ${size} values, got ${x.length}`);
  const out = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    let n = 0;
    for (let j = 0; j < size; j++) {
      const v = x[r * size + j];
      if (v < low[j] || v > high[j]) n++;
    }
    out[r] = n;
  }
  return out;
}

/** The rule's score for each of `rows` standardised inputs. */
export function noveltyScores(rule: NoveltyRule, x: Float32Array, rows: number, size: number): Float32Array {
  if (rule.score === 'range' && rule.low && rule.high) {
    return outsideRangeCounts(rule.low, rule.high, x, rows, size);
  }
  if (rule.score === 'mahalanobis' && rule.cholesky) {
    if (rule.cholesky.length !== (size * (size + 1)) / 2) {
      throw new Error(`Expected a novelty factor for ${size} columns, got ${rule.cholesky.length} values`);
    }
    return whitenedRms(x, rows, size, rule.cholesky);
  }
  return zRms(x, rows, size);
}

/** The rule fitted on a model's standardised training rows. */
export function fitNoveltyRule(standardized: Float32Array, rows: number, size: number): NoveltyRule {
  if (rows < 1) throw new Error('Expected training rows to fit a novelty rule on, got none');
  const whiten = size <= MAX_WHITENED && rows > 2 * size;
  const rule: NoveltyRule = {
    version: NOVELTY_VERSION,
    score: whiten ? 'mahalanobis' : 'zRms',
    ...(whiten
      ? { cholesky: Array.from(choleskyOfCovariance(standardized, rows, size), (v) => Math.fround(v)) }
      : {}),
    threshold: 0,
    quantile: QUANTILE,
    margin: MARGIN,
  };
  const scores = noveltyScores(rule, standardized, rows, size).sort();
  rule.threshold = scores[Math.min(rows - 1, Math.floor(QUANTILE * rows))] * MARGIN;
  return rule;
}

/**
 * The `range` rule: each column's range over the standardised training rows; the threshold the QUANTILE share
 * of the (held-out) validation rows' counts, times MARGIN, and at least 1 (one stray value never refuses).
 */
export function fitRangeNoveltyRule(
  training: Float32Array,
  rows: number,
  validation: Float32Array,
  validationRows: number,
  size: number,
): NoveltyRule {
  if (rows < 1 || validationRows < 1) {
    throw new Error(
      `Expected training and validation rows to fit a range rule on, got ${rows} and ${validationRows}`,
    );
  }
  if (training.length !== rows * size)
    throw new Error(`Expected ${rows} × ${size} training values, got ${training.length}`);
  const low = new Float32Array(size).fill(Infinity);
  const high = new Float32Array(size).fill(-Infinity);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < size; j++) {
      const v = training[r * size + j];
      if (v < low[j]) low[j] = v;
      if (v > high[j]) high[j] = v;
    }
  }
  const counts = outsideRangeCounts(low, high, validation, validationRows, size).sort();
  const at = counts[Math.min(validationRows - 1, Math.floor(QUANTILE * validationRows))];
  return {
    version: NOVELTY_VERSION,
    score: 'range',
    low: Array.from(low),
    high: Array.from(high),
    threshold: Math.max(1, at * MARGIN),
    quantile: QUANTILE,
    margin: MARGIN,
  };
}

/** The bundle's rule, or null when it carries none (or one this build does not read). */
export function noveltyRuleOf(meta: Pick<BundleMeta, 'metrics'>): NoveltyRule | null {
  const raw = meta.metrics.novelty as Partial<NoveltyRule> | undefined;
  if (!raw || typeof raw !== 'object') return null;
  if (raw.version !== NOVELTY_VERSION) return null;
  if (raw.score !== 'zRms' && raw.score !== 'mahalanobis' && raw.score !== 'range') return null;
  const finite = (a: unknown): a is number[] => Array.isArray(a) && a.every(Number.isFinite);
  if (raw.score === 'mahalanobis' && !finite(raw.cholesky)) return null;
  if (raw.score === 'range') {
    const { low, high } = raw;
    if (!finite(low) || !finite(high) || low.length !== high.length) return null;
    if (low.some((v, j) => v > high[j])) return null;
  }
  if (typeof raw.threshold !== 'number' || !(raw.threshold > 0) || !Number.isFinite(raw.threshold))
    return null;
  return raw as NoveltyRule;
}

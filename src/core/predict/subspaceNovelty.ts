/**
 * The novelty score for inputs too wide to whiten whole (novelty.ts's MAX_WHITENED): the Mahalanobis distance
 * of probabilistic PCA (Tipping & Bishop 1999). The training rows' covariance is kept as its top principal
 * directions, each with its own variance, and one shared variance for every direction left out; a row's score
 * is its whitened distance from the training mean under that covariance, as an RMS over columns (≈ 1 for a
 * training-like row). With every direction kept it is the full Mahalanobis distance.
 *
 * Where a plain z-score RMS misses a pure tone (each of its 280 `frames` values is unremarkable or only one
 * is extreme), this sees that it sits off the plane the training rows span: its MFCC, chroma and spectral-shape
 * columns move together in a way no recording's do.
 *
 * ml-pca does the eigendecomposition of the covariance (`isCovarianceMatrix`), as pcaReduce uses it for the
 * models' own PCA step; the covariance itself is accumulated here in one pass, so 100k training rows never
 * become a row-array matrix.
 */
import { PCA } from 'ml-pca';

export interface SubspaceModel {
  /** The training rows' mean, one per column. */
  mean: number[];
  /** The top principal directions, `variances.length` × columns, row by row (orthonormal). */
  basis: number[];
  /** Each kept direction's variance. */
  variances: number[];
  /** The mean variance of the directions left out. */
  residualVariance: number;
}

/** Variances under this count as this much, so a direction no training row moves along cannot divide by 0. */
const MIN_VARIANCE = 1e-3;

/** Significant digits kept in the bundle (the meta is JSON; the score needs no more). */
const DIGITS = 6;
const stored = (v: number) => Number(v.toPrecision(DIGITS));

/** Mean and covariance (size × size, full) of `rows` rows, in float64. */
export function rowCovariance(
  x: Float32Array,
  rows: number,
  size: number,
): { mean: Float64Array; covariance: Float64Array } {
  if (x.length !== rows * size) throw new Error(`Expected ${rows} × ${size} values, got ${x.length}`);
  if (rows < 2) throw new Error(`Expected at least 2 rows for a covariance, got ${rows}`);
  const mean = new Float64Array(size);
  for (let r = 0; r < rows; r++) for (let j = 0; j < size; j++) mean[j] += x[r * size + j];
  for (let j = 0; j < size; j++) mean[j] /= rows;
  const covariance = new Float64Array(size * size);
  const d = new Float64Array(size);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < size; j++) d[j] = x[r * size + j] - mean[j];
    for (let i = 0; i < size; i++) {
      const di = d[i];
      const row = i * size;
      for (let j = 0; j <= i; j++) covariance[row + j] += di * d[j];
    }
  }
  for (let i = 0; i < size; i++) {
    for (let j = 0; j <= i; j++) {
      const v = covariance[i * size + j] / (rows - 1);
      covariance[i * size + j] = v;
      covariance[j * size + i] = v;
    }
  }
  return { mean, covariance };
}

/** The subspace of `rows` × `size` (standardised) training rows, with its top `components` directions. */
export function fitSubspace(x: Float32Array, rows: number, size: number, components: number): SubspaceModel {
  if (!(Number.isInteger(components) && components >= 1 && components < size)) {
    throw new Error(`Expected between 1 and ${size - 1} components, got ${components}`);
  }
  const { mean, covariance } = rowCovariance(x, rows, size);
  const matrix = Array.from({ length: size }, (_, i) =>
    Array.from(covariance.subarray(i * size, (i + 1) * size)),
  );
  const pca = new PCA(matrix, { isCovarianceMatrix: true });
  const eigenvalues = pca.getEigenvalues();
  const vectors = pca.getEigenvectors();
  const basis: number[] = [];
  for (let c = 0; c < components; c++) basis.push(...vectors.getColumn(c).map(stored));
  const left = eigenvalues.slice(components);
  const residual = left.reduce((a, v) => a + Math.max(v, 0), 0) / Math.max(1, left.length);
  return {
    mean: Array.from(mean, stored),
    basis,
    variances: eigenvalues.slice(0, components).map((v) => stored(Math.max(v, MIN_VARIANCE))),
    residualVariance: stored(Math.max(residual, MIN_VARIANCE)),
  };
}

/** Whether `value` is a subspace model for `size` columns (checked on load: the bundle is untrusted). */
export function isSubspaceModel(value: Partial<SubspaceModel>, size?: number): value is SubspaceModel {
  const finite = (a: unknown): a is number[] => Array.isArray(a) && a.every((v) => Number.isFinite(v));
  if (!finite(value.mean) || !finite(value.basis) || !finite(value.variances)) return false;
  const cols = value.mean.length;
  const k = value.variances.length;
  if (size !== undefined && cols !== size) return false;
  if (k < 1 || k >= cols || value.basis.length !== k * cols) return false;
  if (!value.variances.every((v) => v > 0)) return false;
  const r = value.residualVariance;
  return typeof r === 'number' && Number.isFinite(r) && r > 0;
}

/** Each row's PPCA Mahalanobis distance from the training mean, as an RMS over its `size` columns. */
export function subspaceScores(
  model: SubspaceModel,
  x: Float32Array,
  rows: number,
  size: number,
): Float32Array {
  if (model.mean.length !== size) {
    throw new Error(`Expected a novelty subspace for ${size} columns, got one for ${model.mean.length}`);
  }
  if (x.length !== rows * size) throw new Error(`Expected ${rows} × ${size} values, got ${x.length}`);
  const k = model.variances.length;
  const out = new Float32Array(rows);
  const d = new Float64Array(size);
  for (let r = 0; r < rows; r++) {
    let norm = 0;
    for (let j = 0; j < size; j++) {
      d[j] = x[r * size + j] - model.mean[j];
      norm += d[j] * d[j];
    }
    let inPlane = 0;
    let whitened = 0;
    for (let c = 0; c < k; c++) {
      let p = 0;
      for (let j = 0; j < size; j++) p += model.basis[c * size + j] * d[j];
      inPlane += p * p;
      whitened += (p * p) / model.variances[c];
    }
    const offPlane = Math.max(0, norm - inPlane);
    out[r] = Math.sqrt((whitened + offPlane / model.residualVariance) / size);
  }
  return out;
}

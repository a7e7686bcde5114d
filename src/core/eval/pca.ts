/**
 * Two-component PCA for the "where does this song sit" scatter plot. The covariance matrix (cols × cols)
 * is diagonalized by cyclic Jacobi rotations: exact, deterministic, O(cols³), comfortable up to a few
 * hundred columns. Each component's sign is fixed so that its largest-magnitude entry is positive.
 * Standardize the features first when their scales differ (the GTZAN columns do, by 10⁶).
 */
export const PCA_MODEL_VERSION = 1;

export interface PcaModel {
  version: number;
  /** Column means subtracted before projecting. */
  mean: number[];
  /** Two unit vectors of length cols (the second is zero when cols is 1). */
  components: [number[], number[]];
  /** Share of the total variance along each component, in [0, 1]. */
  explained: [number, number];
  /** Variance (sample, n − 1) along each component. */
  variance: [number, number];
}

export interface Pca2d extends PcaModel {
  /** rows × 2, row-major: each row's coordinates on the two components. */
  points: Float32Array;
}

function checkData(data: ArrayLike<number>, rows: number, cols: number): void {
  if (!Number.isInteger(rows) || rows < 1)
    throw new Error(`Expected rows to be an integer >= 1, got ${rows}`);
  if (!Number.isInteger(cols) || cols < 1)
    throw new Error(`Expected cols to be an integer >= 1, got ${cols}`);
  if (data.length !== rows * cols) {
    throw new Error(`Expected ${rows} × ${cols} = ${rows * cols} values, got ${data.length}`);
  }
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) {
      throw new Error(
        `Expected finite values, got ${data[i]} at row ${Math.floor(i / cols)}, column ${i % cols}`,
      );
    }
  }
}

export function pca2d(data: ArrayLike<number>, rows: number, cols: number): Pca2d {
  checkData(data, rows, cols);
  const mean = new Float64Array(cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) mean[c] += data[r * cols + c];
  for (let c = 0; c < cols; c++) mean[c] /= rows;

  const cov = new Float64Array(cols * cols);
  const centred = new Float64Array(cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) centred[c] = data[r * cols + c] - mean[c];
    for (let i = 0; i < cols; i++) {
      const xi = centred[i];
      if (xi === 0) continue;
      for (let j = i; j < cols; j++) cov[i * cols + j] += xi * centred[j];
    }
  }
  const denominator = Math.max(rows - 1, 1);
  for (let i = 0; i < cols; i++) {
    for (let j = i; j < cols; j++) {
      cov[i * cols + j] /= denominator;
      cov[j * cols + i] = cov[i * cols + j];
    }
  }

  const { values, vectors } = jacobiEigen(cov, cols);
  const order = Array.from(values, (_, k) => k).sort((a, b) => values[b] - values[a] || a - b);
  let trace = 0;
  for (let i = 0; i < cols; i++) trace += Math.max(cov[i * cols + i], 0);

  const component = (rank: number): number[] => {
    if (rank >= cols) return new Array<number>(cols).fill(0);
    const k = order[rank];
    const v = Array.from({ length: cols }, (_, i) => vectors[i * cols + k]);
    let pivot = 0;
    for (let i = 1; i < cols; i++) if (Math.abs(v[i]) > Math.abs(v[pivot]) + 1e-12) pivot = i;
    return v[pivot] < 0 ? v.map((x) => -x) : v;
  };
  const varianceOf = (rank: number): number => (rank < cols ? Math.max(values[order[rank]], 0) : 0);
  const variance: [number, number] = [varianceOf(0), varianceOf(1)];
  const model: PcaModel = {
    version: PCA_MODEL_VERSION,
    mean: Array.from(mean),
    components: [component(0), component(1)],
    explained: trace > 0 ? [variance[0] / trace, variance[1] / trace] : [0, 0],
    variance,
  };
  return { ...model, points: projectPca(model, data) };
}

/** Places rows (e.g. one song's segments) into an existing projection; rows × 2 out. */
export function projectPca(model: PcaModel, data: ArrayLike<number>): Float32Array {
  const cols = model.mean.length;
  if (data.length % cols !== 0) {
    throw new Error(`Expected a multiple of ${cols} values (the model's columns), got ${data.length}`);
  }
  const rows = data.length / cols;
  const [a, b] = model.components;
  const out = new Float32Array(rows * 2);
  for (let r = 0; r < rows; r++) {
    let x = 0;
    let y = 0;
    for (let c = 0; c < cols; c++) {
      const v = data[r * cols + c];
      if (!Number.isFinite(v)) throw new Error(`Expected finite values, got ${v} at row ${r}, column ${c}`);
      const d = v - model.mean[c];
      x += d * a[c];
      y += d * b[c];
    }
    out[2 * r] = x;
    out[2 * r + 1] = y;
  }
  return out;
}

/** Checks a PCA model read from JSON. */
export function pcaModelFromJson(json: unknown): PcaModel {
  const m = json as Partial<PcaModel> | null;
  if (typeof m !== 'object' || m === null)
    throw new Error(`Expected a PCA model object, got ${String(json)}`);
  if (m.version !== PCA_MODEL_VERSION) {
    throw new Error(
      `PCA model version ${String(m.version)} is not supported (this app reads version ${PCA_MODEL_VERSION})`,
    );
  }
  const finite = (xs: unknown, n?: number): xs is number[] =>
    Array.isArray(xs) &&
    (n === undefined || xs.length === n) &&
    xs.every((x) => typeof x === 'number' && Number.isFinite(x));
  const cols = Array.isArray(m.mean) ? m.mean.length : 0;
  if (
    cols === 0 ||
    !finite(m.mean) ||
    !Array.isArray(m.components) ||
    m.components.length !== 2 ||
    !m.components.every((v) => finite(v, cols)) ||
    !finite(m.explained, 2) ||
    !finite(m.variance, 2)
  ) {
    throw new Error(
      'Expected a PCA model with finite mean, two components of the same length, explained and variance',
    );
  }
  return {
    version: PCA_MODEL_VERSION,
    mean: [...m.mean],
    components: [[...m.components[0]], [...m.components[1]]],
    explained: [m.explained[0], m.explained[1]],
    variance: [m.variance[0], m.variance[1]],
  };
}

/**
 * Eigenvalues and eigenvectors (columns of `vectors`, row-major n × n) of a symmetric matrix by cyclic
 * Jacobi rotations. The input is not modified.
 */
export function jacobiEigen(
  symmetric: Float64Array,
  n: number,
): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(symmetric);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  let scale = 0;
  for (let i = 0; i < n * n; i++) scale += a[i] * a[i];
  const tolerance = 1e-30 * Math.max(scale, Number.MIN_VALUE);

  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p * n + q] ** 2;
    if (off <= tolerance) break;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q];
        if (apq === 0) continue;
        // Rotation angle that zeroes a[p][q]: t = tan(angle), the smaller root for stability.
        const theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p];
          const akq = a[k * n + q];
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k];
          const aqk = a[q * n + k];
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p];
          const vkq = v[k * n + q];
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = a[i * n + i];
  return { values, vectors: v };
}

/**
 * Per-column standardization (x − mean) / std, fitted on training rows only so that validation and test
 * rows never leak into it. Std is the population std (ddof 0), as scikit-learn's StandardScaler; a
 * constant column gets std 1 so it maps to 0 instead of dividing by zero.
 */
export const STANDARDIZER_VERSION = 1;
/**
 * The smallest normal float32. Models compute in float32: a std below it (finite in float64) divides to
 * Infinity there, so such a column is treated as constant, the same as a std of 0.
 */
export const FLOAT32_MIN_NORMAL = 2 ** -126;

/** A std as the model may divide by it: one below float32's smallest normal (or not finite) becomes 1. */
export function usableStd(std: number): number {
  return std >= FLOAT32_MIN_NORMAL && Number.isFinite(std) ? std : 1;
}

/** `(x - mean) / std` as the float32 the model reads; throws, naming the value, when that is not finite. */
export function standardizedFloat32(x: number, mean: number, std: number, where: () => string): number {
  const z = Math.fround((x - mean) / std);
  if (!Number.isFinite(z)) throw new Error(`Expected finite features, got ${x} at ${where()}`);
  return z;
}

export interface Standardizer {
  version: number;
  mean: number[];
  std: number[];
}

function checkShape(features: ArrayLike<number>, rows: number, cols: number): void {
  if (!Number.isInteger(rows) || rows < 0)
    throw new Error(`Expected rows to be an integer >= 0, got ${rows}`);
  if (!Number.isInteger(cols) || cols < 1)
    throw new Error(`Expected cols to be an integer >= 1, got ${cols}`);
  if (features.length !== rows * cols) {
    throw new Error(`Expected ${rows} × ${cols} = ${rows * cols} feature values, got ${features.length}`);
  }
}

/** Fits mean and std per column over the rows in `indices` (all rows when omitted). */
export function fitStandardizer(
  features: ArrayLike<number>,
  rows: number,
  cols: number,
  indices?: ArrayLike<number>,
): Standardizer {
  checkShape(features, rows, cols);
  const picked = indices ?? Int32Array.from({ length: rows }, (_, r) => r);
  if (picked.length === 0) throw new Error('Expected at least one row to fit the standardizer on, got none');
  for (let k = 0; k < picked.length; k++) {
    const r = picked[k];
    if (!Number.isInteger(r) || r < 0 || r >= rows) {
      throw new Error(`Expected row indices in [0, ${rows}), got ${r} at position ${k}`);
    }
  }
  const mean = new Float64Array(cols);
  for (let k = 0; k < picked.length; k++) {
    const base = picked[k] * cols;
    for (let c = 0; c < cols; c++) {
      const x = features[base + c];
      if (!Number.isFinite(x))
        throw new Error(`Expected finite features, got ${x} at row ${picked[k]}, column ${c}`);
      mean[c] += x;
    }
  }
  for (let c = 0; c < cols; c++) mean[c] /= picked.length;
  const sq = new Float64Array(cols);
  for (let k = 0; k < picked.length; k++) {
    const base = picked[k] * cols;
    for (let c = 0; c < cols; c++) {
      const d = features[base + c] - mean[c];
      sq[c] += d * d;
    }
  }
  const std = Array.from(sq, (s, c) => {
    const sd = Math.sqrt(s / picked.length);
    // Treat round-off-level spread around a large mean as constant.
    return sd > 1e-12 * Math.max(1, Math.abs(mean[c])) ? usableStd(sd) : 1;
  });
  return { version: STANDARDIZER_VERSION, mean: Array.from(mean), std };
}

/** Standardizes every row into a new array (or into `out`). */
export function applyStandardizer(
  standardizer: Standardizer,
  features: ArrayLike<number>,
  rows: number,
  cols: number,
  out: Float32Array = new Float32Array(rows * cols),
): Float32Array {
  checkShape(features, rows, cols);
  const { mean, std } = standardizer;
  if (mean.length !== cols) {
    throw new Error(`Standardizer was fitted on ${mean.length} columns, got data with ${cols} columns`);
  }
  if (out.length !== rows * cols)
    throw new Error(`Expected out to hold ${rows * cols} values, got ${out.length}`);
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    for (let c = 0; c < cols; c++) {
      out[base + c] = standardizedFloat32(features[base + c], mean[c], std[c], () => `row ${r}, column ${c}`);
    }
  }
  return out;
}

/** Checks a standardizer read from JSON (version, matching lengths, finite values, std > 0). */
export function standardizerFromJson(json: unknown): Standardizer {
  const s = json as Partial<Standardizer> | null;
  if (typeof s !== 'object' || s === null)
    throw new Error(`Expected a standardizer object, got ${String(json)}`);
  if (s.version !== STANDARDIZER_VERSION) {
    throw new Error(
      `Standardizer version ${String(s.version)} is not supported (this app reads version ${STANDARDIZER_VERSION})`,
    );
  }
  const { mean, std } = s;
  if (!Array.isArray(mean) || !Array.isArray(std) || mean.length !== std.length || mean.length === 0) {
    throw new Error('Expected standardizer mean and std to be arrays of the same non-zero length');
  }
  mean.forEach((m, c) => {
    if (typeof m !== 'number' || !Number.isFinite(m))
      throw new Error(`Standardizer mean[${c}] is not finite: ${m}`);
  });
  std.forEach((d, c) => {
    if (typeof d !== 'number' || !(d > 0) || !Number.isFinite(d)) {
      throw new Error(`Standardizer std[${c}] must be finite and > 0, got ${d}`);
    }
  });
  return { version: STANDARDIZER_VERSION, mean: [...mean], std: std.map(usableStd) };
}

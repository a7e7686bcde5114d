/** What Explore draws from the feature table: per-class histograms and a correlation matrix. No DOM. */

export interface ClassHistogram {
  /** bins + 1 edges from the column's min to its max. */
  edges: number[];
  /** counts[class][bin]. */
  counts: number[][];
}

function checkTable(x: ArrayLike<number>, rows: number, width: number): void {
  if (!Number.isInteger(width) || width < 1)
    throw new Error(`Expected width to be an integer >= 1, got ${width}`);
  if (x.length !== rows * width) throw new Error(`Expected ${rows} × ${width} values, got ${x.length}`);
}

/** Histogram of one column split by class (rows with label < 0 are skipped). A constant column gets one bin. */
export function classHistogram(
  x: ArrayLike<number>,
  rows: number,
  width: number,
  column: number,
  labels: ArrayLike<number>,
  nClasses: number,
  bins = 20,
): ClassHistogram {
  checkTable(x, rows, width);
  if (!Number.isInteger(column) || column < 0 || column >= width) {
    throw new Error(`Expected column in [0, ${width}), got ${column}`);
  }
  if (!Number.isInteger(bins) || bins < 1)
    throw new Error(`Expected bins to be an integer >= 1, got ${bins}`);
  let lo = Infinity;
  let hi = -Infinity;
  for (let r = 0; r < rows; r++) {
    const v = x[r * width + column];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (rows === 0) return { edges: [0, 1], counts: Array.from({ length: nClasses }, () => [0]) };
  const n = hi > lo ? bins : 1;
  const step = hi > lo ? (hi - lo) / n : 1;
  const edges = Array.from({ length: n + 1 }, (_, i) => (i === n ? Math.max(hi, lo + step) : lo + i * step));
  const counts = Array.from({ length: nClasses }, () => new Array<number>(n).fill(0));
  for (let r = 0; r < rows; r++) {
    const y = labels[r];
    if (!(y >= 0 && y < nClasses)) continue;
    const b = Math.min(n - 1, Math.floor((x[r * width + column] - lo) / step));
    counts[y][b]++;
  }
  return { edges, counts };
}

/**
 * Pearson correlation between the chosen columns (k × k, row-major). A constant column correlates 0 with
 * the others (not NaN) and 1 with itself. With more than `maxRows` rows, evenly spaced rows stand for all.
 */
export function correlationMatrix(
  x: ArrayLike<number>,
  rows: number,
  width: number,
  columns: readonly number[],
  maxRows = Number.POSITIVE_INFINITY,
): Float64Array {
  checkTable(x, rows, width);
  const k = columns.length;
  for (const c of columns) {
    if (!Number.isInteger(c) || c < 0 || c >= width)
      throw new Error(`Expected columns in [0, ${width}), got ${c}`);
  }
  // Every `stride`-th row when there are more than maxRows: an estimate within about 1/√maxRows of the
  // whole table's, at a bounded cost on the page's main thread.
  const stride = Math.max(1, Math.ceil(rows / maxRows));
  const used = Math.ceil(rows / stride);
  const mean = new Float64Array(k);
  for (let r = 0; r < rows; r += stride) for (let i = 0; i < k; i++) mean[i] += x[r * width + columns[i]];
  for (let i = 0; i < k; i++) mean[i] /= Math.max(used, 1);
  const cov = new Float64Array(k * k);
  const centred = new Float64Array(k);
  for (let r = 0; r < rows; r += stride) {
    for (let i = 0; i < k; i++) centred[i] = x[r * width + columns[i]] - mean[i];
    for (let i = 0; i < k; i++) {
      const ci = centred[i];
      for (let j = i; j < k; j++) cov[i * k + j] += ci * centred[j];
    }
  }
  const out = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = i; j < k; j++) {
      const denominator = Math.sqrt(cov[i * k + i] * cov[j * k + j]);
      const value =
        i === j ? 1 : denominator > 0 ? Math.max(-1, Math.min(1, cov[i * k + j] / denominator)) : 0;
      out[i * k + j] = value;
      out[j * k + i] = value;
    }
  }
  return out;
}

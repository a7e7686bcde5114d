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

/** Σ v[a + u]·v[b + u] for u < n, four sums at a time (independent additions pipeline). */
function dot(v: Float64Array, a: number, b: number, n: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let u = 0;
  for (; u + 3 < n; u += 4) {
    s0 += v[a + u] * v[b + u];
    s1 += v[a + u + 1] * v[b + u + 1];
    s2 += v[a + u + 2] * v[b + u + 2];
    s3 += v[a + u + 3] * v[b + u + 3];
  }
  for (; u < n; u++) s0 += v[a + u] * v[b + u];
  return s0 + s1 + s2 + s3;
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
  // Each column gathered once, centred and scaled to unit length (column-major): then every r is one dot
  // product over contiguous memory, k²/2 tight loops instead of k²/2 scattered reads per row.
  const unit = new Float64Array(k * used);
  const constant = new Uint8Array(k);
  for (let i = 0; i < k; i++) {
    const column = unit.subarray(i * used, (i + 1) * used);
    let sum = 0;
    for (let r = 0, u = 0; r < rows; r += stride, u++) sum += column[u] = x[r * width + columns[i]];
    const mean = sum / Math.max(used, 1);
    let squares = 0;
    for (let u = 0; u < used; u++) {
      const d = column[u] - mean;
      column[u] = d;
      squares += d * d;
    }
    const norm = Math.sqrt(squares);
    if (norm > 0) for (let u = 0; u < used; u++) column[u] /= norm;
    else constant[i] = 1;
  }
  const out = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    out[i * k + i] = 1;
    if (constant[i]) continue;
    const a = i * used;
    for (let j = i + 1; j < k; j++) {
      if (constant[j]) continue;
      const b = j * used;
      const value = Math.max(-1, Math.min(1, dot(unit, a, b, used)));
      out[i * k + j] = value;
      out[j * k + i] = value;
    }
  }
  return out;
}

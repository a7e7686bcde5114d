/** Summary statistics of a series, all finite for any input (an empty series gives zeros). */
export interface Summary {
  mean: number;
  /** Population variance (numpy's default, ddof = 0). */
  var: number;
  std: number;
  skew: number;
  kurtosis: number;
  median: number;
  min: number;
  max: number;
}

export function mean(x: ArrayLike<number>): number {
  if (x.length === 0) return 0;
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  return s / x.length;
}

/** Population variance, two-pass for accuracy. */
export function variance(x: ArrayLike<number>, mu = mean(x)): number {
  if (x.length === 0) return 0;
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    const d = x[i] - mu;
    s += d * d;
  }
  return s / x.length;
}

export function median(x: ArrayLike<number>): number {
  if (x.length === 0) return 0;
  const sorted = Float64Array.from(x).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : 0.5 * (sorted[mid - 1] + sorted[mid]);
}

/** Mean, variance, skewness and excess kurtosis (Fisher, biased, as scipy.stats defaults), median, min, max. */
export function summarize(x: ArrayLike<number>): Summary {
  const n = x.length;
  if (n === 0) return { mean: 0, var: 0, std: 0, skew: 0, kurtosis: 0, median: 0, min: 0, max: 0 };
  const mu = mean(x);
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const d = x[i] - mu;
    const d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
    m4 += d2 * d2;
    if (x[i] < min) min = x[i];
    if (x[i] > max) max = x[i];
  }
  m2 /= n;
  m3 /= n;
  m4 /= n;
  // A constant series has no shape: report 0 rather than 0/0.
  const flat = m2 <= 1e-12 * Math.max(1, mu * mu);
  return {
    mean: mu,
    var: m2,
    std: Math.sqrt(m2),
    skew: flat ? 0 : m3 / m2 ** 1.5,
    kurtosis: flat ? 0 : m4 / (m2 * m2) - 3,
    median: median(x),
    min,
    max,
  };
}

import type { Spectrogram } from './stft';

/** numpy's `finfo(float32).tiny`: librosa's softmask treats cells whose reference is below it as empty. */
const FLOAT_TINY = 1.1754943508222875e-38;

function checkKernel(kernel: number): number {
  if (!Number.isInteger(kernel) || kernel < 1 || kernel % 2 === 0) {
    throw new Error(`Expected an odd median kernel >= 1, got ${kernel}`);
  }
  return (kernel - 1) / 2;
}

/** scipy.ndimage's 'reflect' boundary (d c b a | a b c d | d c b a): index i of a length-n axis. */
function reflectIndex(i: number, n: number): number {
  const period = 2 * n;
  let j = i % period;
  if (j < 0) j += period;
  return j < n ? j : period - 1 - j;
}

/**
 * A sorted window of `kernel` values whose median is its middle element. Replacing one value shifts only
 * the elements between the old and new value's ranks: a running median in O(kernel) per step, no sorting.
 */
function replaceSorted(
  win: Float32Array,
  offset: number,
  size: number,
  oldValue: number,
  newValue: number,
): void {
  if (oldValue === newValue) return;
  // Binary search for a slot holding oldValue.
  let lo = offset;
  let hi = offset + size - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (win[mid] < oldValue) lo = mid + 1;
    else hi = mid;
  }
  let p = lo;
  const last = offset + size - 1;
  if (newValue > oldValue) {
    while (p < last && win[p + 1] < newValue) {
      win[p] = win[p + 1];
      p++;
    }
  } else {
    while (p > offset && win[p - 1] > newValue) {
      win[p] = win[p - 1];
      p--;
    }
  }
  win[p] = newValue;
}

/**
 * Median over `kernel` consecutive frames for every bin (scipy `median_filter(S, size=(1, kernel),
 * mode='reflect')` on librosa's bins × frames layout): what stays steady in time, the harmonic part.
 * All bins slide together frame by frame, so memory is read row by row.
 */
export function medianFilterTime(spec: Spectrogram, kernel: number): Spectrogram {
  const h = checkKernel(kernel);
  const { data, frames, bins } = spec;
  const out = new Float32Array(data.length);
  if (frames === 0) return { data: out, frames, bins };
  const win = new Float32Array(bins * kernel);
  const column = new Float32Array(kernel);
  for (let k = 0; k < bins; k++) {
    for (let j = 0; j < kernel; j++) column[j] = data[reflectIndex(j - h, frames) * bins + k];
    column.sort();
    win.set(column, k * kernel);
  }
  for (let t = 0; t < frames; t++) {
    if (t > 0) {
      const oldRow = reflectIndex(t - h - 1, frames) * bins;
      const newRow = reflectIndex(t + h, frames) * bins;
      for (let k = 0; k < bins; k++)
        replaceSorted(win, k * kernel, kernel, data[oldRow + k], data[newRow + k]);
    }
    const row = t * bins;
    for (let k = 0; k < bins; k++) out[row + k] = win[k * kernel + h];
  }
  return { data: out, frames, bins };
}

/**
 * Median over `kernel` neighbouring bins within each frame (scipy `median_filter(S, size=(kernel, 1),
 * mode='reflect')`): what is broadband at an instant, the percussive part.
 */
export function medianFilterFrequency(spec: Spectrogram, kernel: number): Spectrogram {
  const h = checkKernel(kernel);
  const { data, frames, bins } = spec;
  const out = new Float32Array(data.length);
  const win = new Float32Array(kernel);
  for (let t = 0; t < frames; t++) {
    const row = t * bins;
    for (let j = 0; j < kernel; j++) win[j] = data[row + reflectIndex(j - h, bins)];
    win.sort();
    out[row] = win[h];
    for (let k = 1; k < bins; k++) {
      replaceSorted(
        win,
        0,
        kernel,
        data[row + reflectIndex(k - h - 1, bins)],
        data[row + reflectIndex(k + h, bins)],
      );
      out[row + k] = win[h];
    }
  }
  return { data: out, frames, bins };
}

/**
 * librosa.util.softmask(x, ref, power, split_zeros): x^p / (x^p + ref^p) per cell; where both are (nearly)
 * zero the mask is 0.5 with `splitZeros`, else 0. Written into `out` if given.
 */
export function softMask(
  x: Float32Array,
  ref: Float32Array,
  power = 2,
  splitZeros = true,
  out: Float32Array = new Float32Array(x.length),
): Float32Array {
  if (ref.length !== x.length)
    throw new Error(`Expected a reference of ${x.length} cells, got ${ref.length}`);
  if (!(power > 0)) throw new Error(`Expected mask power > 0, got ${power}`);
  const empty = splitZeros ? 0.5 : 0;
  for (let i = 0; i < x.length; i++) {
    const a = x[i];
    const b = ref[i];
    const z = a > b ? a : b;
    if (!(z >= FLOAT_TINY)) {
      out[i] = empty;
      continue;
    }
    if (power === 2) {
      const a2 = (a / z) * (a / z);
      const b2 = (b / z) * (b / z);
      out[i] = a2 / (a2 + b2);
    } else if (power === Infinity) {
      out[i] = a > b ? 1 : 0;
    } else {
      const ap = (a / z) ** power;
      out[i] = ap / (ap + (b / z) ** power);
    }
  }
  return out;
}

export interface HpssOptions {
  /** Median kernel in frames (harmonic) and bins (percussive); librosa's default 31 for both. */
  kernel?: number | { harmonic: number; percussive: number };
  /** Soft-mask exponent; librosa's default 2. */
  power?: number;
}

/**
 * Harmonic and percussive soft masks of a magnitude spectrogram (librosa.decompose.hpss with margin 1):
 * the two masks sum to 1 in every cell.
 */
export function hpssMasks(
  magnitude: Spectrogram,
  options: HpssOptions = {},
): { harmonic: Float32Array; percussive: Float32Array } {
  const kernel = options.kernel ?? 31;
  const harmonicKernel = typeof kernel === 'number' ? kernel : kernel.harmonic;
  const percussiveKernel = typeof kernel === 'number' ? kernel : kernel.percussive;
  const power = options.power ?? 2;
  const harmonicEnergy = medianFilterTime(magnitude, harmonicKernel).data;
  const percussiveEnergy = medianFilterFrequency(magnitude, percussiveKernel).data;
  const harmonic = softMask(harmonicEnergy, percussiveEnergy, power, true);
  // In place: each cell is read before it is overwritten.
  const percussive = softMask(percussiveEnergy, harmonicEnergy, power, true, percussiveEnergy);
  return { harmonic, percussive };
}

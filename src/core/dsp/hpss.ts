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
 * Order-preserving integer keys of float32 values (their bit patterns, with a negative value's magnitude bits
 * flipped): medians compare and move integers, which is faster than floats and gives the same ranks.
 * The map is its own inverse.
 */
function floatKeys(values: Float32Array, out: Int32Array): Int32Array {
  const bits = new Int32Array(values.buffer, values.byteOffset, values.length);
  for (let i = 0; i < bits.length; i++) {
    const b = bits[i];
    out[i] = b ^ ((b >> 31) & 0x7fffffff);
  }
  return out;
}

function keysToFloats(keys: Int32Array): Float32Array {
  const out = new Float32Array(keys.length);
  floatKeys(new Float32Array(keys.buffer, keys.byteOffset, keys.length), new Int32Array(out.buffer));
  return out;
}

/**
 * A sorted window of `size` keys whose median is its middle element. Replacing one key shifts only the
 * elements between the old and new key's ranks: a running median in O(size) per step, no sorting.
 */
function replaceSorted(win: Int32Array, offset: number, size: number, oldKey: number, newKey: number): void {
  if (oldKey === newKey) return;
  // Binary search for a slot holding oldKey.
  let lo = offset;
  let hi = offset + size - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (win[mid] < oldKey) lo = mid + 1;
    else hi = mid;
  }
  let p = lo;
  const last = offset + size - 1;
  if (newKey > oldKey) {
    while (p < last && win[p + 1] < newKey) {
      win[p] = win[p + 1];
      p++;
    }
  } else {
    while (p > offset && win[p - 1] > newKey) {
      win[p] = win[p - 1];
      p--;
    }
  }
  win[p] = newKey;
}

/**
 * Median over `kernel` consecutive frames for every bin (scipy `median_filter(S, size=(1, kernel),
 * mode='reflect')` on librosa's bins × frames layout): what stays steady in time, the harmonic part.
 * All bins slide together frame by frame, so memory is read row by row.
 */
export function medianFilterTime(spec: Spectrogram, kernel: number): Spectrogram {
  const h = checkKernel(kernel);
  const { frames, bins } = spec;
  const keys = floatKeys(spec.data, new Int32Array(spec.data.length));
  const out = new Int32Array(keys.length);
  if (frames === 0) return { data: new Float32Array(0), frames, bins };
  const win = new Int32Array(bins * kernel);
  const column = new Int32Array(kernel);
  for (let k = 0; k < bins; k++) {
    for (let j = 0; j < kernel; j++) column[j] = keys[reflectIndex(j - h, frames) * bins + k];
    column.sort();
    win.set(column, k * kernel);
  }
  for (let t = 0; t < frames; t++) {
    if (t > 0) {
      const oldRow = reflectIndex(t - h - 1, frames) * bins;
      const newRow = reflectIndex(t + h, frames) * bins;
      for (let k = 0; k < bins; k++)
        replaceSorted(win, k * kernel, kernel, keys[oldRow + k], keys[newRow + k]);
    }
    const row = t * bins;
    for (let k = 0, m = h; k < bins; k++, m += kernel) out[row + k] = win[m];
  }
  return { data: keysToFloats(out), frames, bins };
}

/**
 * Median over `kernel` neighbouring bins within each frame (scipy `median_filter(S, size=(kernel, 1),
 * mode='reflect')`): what is broadband at an instant, the percussive part.
 */
export function medianFilterFrequency(spec: Spectrogram, kernel: number): Spectrogram {
  const h = checkKernel(kernel);
  const { frames, bins } = spec;
  const keys = floatKeys(spec.data, new Int32Array(spec.data.length));
  const out = new Int32Array(keys.length);
  const win = new Int32Array(kernel);
  // The frame's keys with scipy-reflected edges, so that the slide needs no index arithmetic.
  const padded = new Int32Array(bins + 2 * h);
  for (let t = 0; t < frames; t++) {
    const row = t * bins;
    for (let i = 0; i < padded.length; i++) padded[i] = keys[row + reflectIndex(i - h, bins)];
    for (let j = 0; j < kernel; j++) win[j] = padded[j];
    win.sort();
    out[row] = win[h];
    for (let k = 1; k < bins; k++) {
      replaceSorted(win, 0, kernel, padded[k - 1], padded[k + kernel - 1]);
      out[row + k] = win[h];
    }
  }
  return { data: keysToFloats(out), frames, bins };
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

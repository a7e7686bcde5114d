import { simdMedianFilter } from './medianSimd';
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
 * The map is its own inverse. A value without its sign bit (+0 up, magnitudes) is its own key.
 */
function floatKeys(values: Float32Array, out: Int32Array): Int32Array {
  const bits = new Int32Array(values.buffer, values.byteOffset, values.length);
  for (let i = 0; i < bits.length; i++) {
    const b = bits[i];
    out[i] = b ^ ((b >> 31) & 0x7fffffff);
  }
  return out;
}

function keysToFloats(keys: Int32Array, out: Float32Array): Float32Array {
  floatKeys(
    new Float32Array(keys.buffer, keys.byteOffset, keys.length),
    new Int32Array(out.buffer, out.byteOffset, out.length),
  );
  return out;
}

/** The values' bit patterns. */
function floatBits(values: Float32Array): Int32Array {
  return new Int32Array(values.buffer, values.byteOffset, values.length);
}

/** The values' bit patterns when none has its sign bit set (then they are their own keys), else null. */
function nonNegativeKeys(values: Float32Array): Int32Array | null {
  const bits = new Int32Array(values.buffer, values.byteOffset, values.length);
  let any = 0;
  for (let i = 0; i < bits.length; i++) any |= bits[i];
  return any < 0 ? null : bits;
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
 * Sorted windows of non-negative keys (< 2^31), laid out for a branch-free search: slot 0 of a window holds
 * −1, slots 1..kernel the window in order, the slots up to `span` (a power of two above kernel) 2^31 − 1. The
 * sentinels stop the shifting loops without bounds tests, and every key difference fits an int32, so the rank
 * of a key is found by halving steps that add `step & ((w − key) >> 31)` instead of branching: on real spectra
 * those branches are coin flips, and their mispredictions were most of the cost.
 */
function sentinelWindows(count: number, kernel: number): { data: Int32Array; span: number; stride: number } {
  let span = 1;
  while (span < kernel + 1) span *= 2;
  const stride = span + 1;
  const data = new Int32Array(count * stride).fill(0x7fffffff);
  for (let i = 0; i < count; i++) data[i * stride] = -1;
  return { data, span, stride };
}

/** Sets the window at `base` to `values` (kernel of them), sorted. */
function fillWindow(w: Int32Array, base: number, values: Int32Array): void {
  w.set(values, base + 1);
  w.subarray(base + 1, base + 1 + values.length).sort();
}

/** Replaces `oldKey` (present in the window at `base`) by `newKey`, keeping the window sorted. */
function replaceKey(w: Int32Array, base: number, span: number, oldKey: number, newKey: number): void {
  let p = base + 1;
  if (span === 32) {
    // librosa's 31-wide kernel, unrolled.
    p += 16 & ((w[p + 15] - oldKey) >> 31);
    p += 8 & ((w[p + 7] - oldKey) >> 31);
    p += 4 & ((w[p + 3] - oldKey) >> 31);
    p += 2 & ((w[p + 1] - oldKey) >> 31);
    p += 1 & ((w[p] - oldKey) >> 31);
  } else {
    for (let step = span >> 1; step > 0; step >>= 1) p += step & ((w[p + step - 1] - oldKey) >> 31);
  }
  // w[p] is the first key >= oldKey: oldKey itself.
  if (newKey > oldKey) {
    while (w[p + 1] < newKey) {
      w[p] = w[p + 1];
      p++;
    }
  } else {
    while (w[p - 1] > newKey) {
      w[p] = w[p - 1];
      p--;
    }
  }
  w[p] = newKey;
}

export interface MedianOptions {
  /** The caller knows every value is >= +0 (magnitudes): the check for signed values is skipped. */
  nonNegative?: boolean;
  /**
   * Non-negative spectra go through the WebAssembly SIMD filter (medianSimd.ts) where it runs; false keeps
   * to the JS filter (the fallback, kept equal to it by the tests).
   */
  simd?: boolean;
}

/** `out` when it has `length` values, else a new array. */
function outputArray(out: Float32Array | undefined, length: number): Float32Array {
  if (!out) return new Float32Array(length);
  if (out.length !== length) throw new Error(`Expected an output of ${length} values, got ${out.length}`);
  return out;
}

/**
 * Median over `kernel` consecutive frames for every bin (scipy `median_filter(S, size=(1, kernel),
 * mode='reflect')` on librosa's bins × frames layout): what stays steady in time, the harmonic part.
 * All bins slide together frame by frame, so memory is read row by row. Written into `out` if given.
 */
export function medianFilterTime(
  spec: Spectrogram,
  kernel: number,
  out?: Float32Array,
  options: MedianOptions = {},
): Spectrogram {
  const h = checkKernel(kernel);
  const { frames, bins } = spec;
  const direct = options.nonNegative ? floatBits(spec.data) : nonNegativeKeys(spec.data);
  if (!direct) return medianFilterTimeSigned(spec, kernel, out);
  const keys = direct;
  const data = outputArray(out, keys.length);
  if (frames === 0) return { data, frames, bins };
  const outKeys = new Int32Array(data.buffer, data.byteOffset, data.length);
  if (options.simd !== false && simdMedianFilter(keys, frames, bins, kernel, 'rows', outKeys))
    return { data, frames, bins };
  const { data: win, span, stride } = sentinelWindows(bins, kernel);
  const column = new Int32Array(kernel);
  for (let k = 0; k < bins; k++) {
    for (let j = 0; j < kernel; j++) column[j] = keys[reflectIndex(j - h, frames) * bins + k];
    fillWindow(win, k * stride, column);
  }
  for (let t = 0; t < frames; t++) {
    if (t > 0) {
      const oldRow = reflectIndex(t - h - 1, frames) * bins;
      const newRow = reflectIndex(t + h, frames) * bins;
      for (let k = 0, base = 0; k < bins; k++, base += stride)
        replaceKey(win, base, span, keys[oldRow + k], keys[newRow + k]);
    }
    const row = t * bins;
    for (let k = 0, m = h + 1; k < bins; k++, m += stride) outKeys[row + k] = win[m];
  }
  return { data, frames, bins };
}

/** medianFilterTime for spectra with negative values (or −0), by general order-preserving keys. */
function medianFilterTimeSigned(spec: Spectrogram, kernel: number, target?: Float32Array): Spectrogram {
  const h = (kernel - 1) / 2;
  const { frames, bins } = spec;
  const keys = floatKeys(spec.data, new Int32Array(spec.data.length));
  const out = new Int32Array(keys.length);
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
  return { data: keysToFloats(out, outputArray(target, out.length)), frames, bins };
}

/**
 * Median over `kernel` neighbouring bins within each frame (scipy `median_filter(S, size=(kernel, 1),
 * mode='reflect')`): what is broadband at an instant, the percussive part. Written into `out` if given.
 */
export function medianFilterFrequency(
  spec: Spectrogram,
  kernel: number,
  out?: Float32Array,
  options: MedianOptions = {},
): Spectrogram {
  const h = checkKernel(kernel);
  const { frames, bins } = spec;
  const direct = options.nonNegative ? floatBits(spec.data) : nonNegativeKeys(spec.data);
  if (!direct) return medianFilterFrequencySigned(spec, kernel, out);
  const keys = direct;
  const data = outputArray(out, keys.length);
  const outKeys = new Int32Array(data.buffer, data.byteOffset, data.length);
  if (options.simd !== false && simdMedianFilter(keys, frames, bins, kernel, 'cols', outKeys))
    return { data, frames, bins };
  const { data: win, span } = sentinelWindows(1, kernel);
  // The frame's keys with scipy-reflected edges, so that the slide needs no index arithmetic.
  const padded = new Int32Array(bins + 2 * h);
  for (let t = 0; t < frames; t++) {
    const row = t * bins;
    for (let i = 0; i < h; i++) {
      padded[i] = keys[row + reflectIndex(i - h, bins)];
      padded[bins + h + i] = keys[row + reflectIndex(bins + i, bins)];
    }
    padded.set(keys.subarray(row, row + bins), h);
    fillWindow(win, 0, padded.subarray(0, kernel));
    outKeys[row] = win[h + 1];
    for (let k = 1; k < bins; k++) {
      replaceKey(win, 0, span, padded[k - 1], padded[k + kernel - 1]);
      outKeys[row + k] = win[h + 1];
    }
  }
  return { data, frames, bins };
}

/** medianFilterFrequency for spectra with negative values (or −0), by general order-preserving keys. */
function medianFilterFrequencySigned(spec: Spectrogram, kernel: number, target?: Float32Array): Spectrogram {
  const h = (kernel - 1) / 2;
  const { frames, bins } = spec;
  const keys = floatKeys(spec.data, new Int32Array(spec.data.length));
  const out = new Int32Array(keys.length);
  const win = new Int32Array(kernel);
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
  return { data: keysToFloats(out, outputArray(target, out.length)), frames, bins };
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
  if (power === 2) {
    // librosa scales by z = max(x, ref) first, against overflow in float32; float32 values squared cannot
    // overflow or underflow a double, so no scaling (and one division, not three) is needed here.
    for (let i = 0; i < x.length; i++) {
      const a = x[i];
      const b = ref[i];
      if (!(a >= FLOAT_TINY || b >= FLOAT_TINY)) {
        out[i] = empty;
        continue;
      }
      const a2 = a * a;
      out[i] = a2 / (a2 + b * b);
    }
    return out;
  }
  for (let i = 0; i < x.length; i++) {
    const a = x[i];
    const b = ref[i];
    const z = a > b ? a : b;
    if (!(z >= FLOAT_TINY)) {
      out[i] = empty;
      continue;
    }
    if (power === Infinity) {
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

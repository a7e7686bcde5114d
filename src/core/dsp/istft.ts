import FFT from 'fft.js';
import { frameCount, framedSource, type FramingOptions } from './frames';
import type { Spectrogram } from './stft';
import { hannWindow } from './window';

/** A complex STFT, frame-major: `data[2 * (t * bins + k)]` and `[... + 1]` are re and im of bin k in frame t. */
export interface ComplexSpectrogram {
  data: Float32Array;
  frames: number;
  bins: number;
  nFft: number;
}

/**
 * The complex STFT with a periodic Hann window of `frameLength` = nFft samples, librosa's framing (centred
 * frames padded with `padMode`). The one transform every GTZAN feature derives from.
 */
export function complexStft(signal: Float32Array, options: FramingOptions): ComplexSpectrogram {
  const cells = frameCount(signal.length, options) * (options.frameLength / 2 + 1);
  return stftPass(signal, options, new Float32Array(2 * cells));
}

/** Where `stftSpectra` writes; arrays of the wrong length are replaced by new ones. */
export interface SpectraBuffers {
  complex?: Float32Array;
  power?: Float32Array;
  magnitude?: Float32Array;
}

export interface Spectra {
  stft: ComplexSpectrogram;
  /** |X|² of every cell (float32, from the float32 STFT, as `powerAndMagnitude`). */
  power: Spectrogram;
  /** |X| of every cell. */
  magnitude: Spectrogram;
}

/**
 * `complexStft` and `powerAndMagnitude` in one pass, writing into `buffers` where they fit: the frame loop
 * fills frame t's power and magnitude rows while its spectrum is in cache, then calls `onFrame(t, offset)`
 * (the rows are `power.data[offset .. offset + bins)`), so per-frame descriptors need no second pass.
 */
export function stftSpectra(
  signal: Float32Array,
  options: FramingOptions,
  buffers: SpectraBuffers = {},
  onFrame?: (frame: number, offset: number) => void,
): Spectra {
  const frames = frameCount(signal.length, options);
  const bins = options.frameLength / 2 + 1;
  const cells = frames * bins;
  const sized = (a: Float32Array | undefined, n: number): Float32Array =>
    a && a.length === n ? a : new Float32Array(n);
  const power = sized(buffers.power, cells);
  const magnitude = sized(buffers.magnitude, cells);
  const stft = stftPass(signal, options, sized(buffers.complex, 2 * cells), power, magnitude, onFrame);
  const shape = { frames, bins };
  return { stft, power: { data: power, ...shape }, magnitude: { data: magnitude, ...shape } };
}

/**
 * The STFT into `data` (2 · frames · bins floats); with `power` and `magnitude`, also |X|² and |X| of the
 * float32-rounded cells, then `afterFrame` as each frame is done.
 */
function stftPass(
  signal: Float32Array,
  options: FramingOptions,
  data: Float32Array,
  power?: Float32Array,
  magnitude?: Float32Array,
  afterFrame?: (frame: number, offset: number) => void,
): ComplexSpectrogram {
  const nFft = options.frameLength;
  const fft = halfSizeRealFft(nFft);
  const window = hannWindow(nFft);
  const source = framedSource(signal, options);
  const frames = frameCount(signal.length, options);
  const bins = nFft / 2 + 1;
  const frame = new Float64Array(nFft);
  const spectrum = new Float64Array(2 * bins);
  for (let t = 0; t < frames; t++) {
    const start = t * options.hop;
    for (let i = 0; i < nFft; i++) frame[i] = source[start + i] * window[i];
    fft.forward(frame, spectrum);
    const offset = t * bins;
    if (power && magnitude) {
      for (let k = 0; k < bins; k++) {
        const re = Math.fround(spectrum[2 * k]);
        const im = Math.fround(spectrum[2 * k + 1]);
        data[2 * (offset + k)] = re;
        data[2 * (offset + k) + 1] = im;
        const p = re * re + im * im;
        power[offset + k] = p;
        magnitude[offset + k] = Math.sqrt(p);
      }
    } else {
      data.set(spectrum, 2 * offset);
    }
    afterFrame?.(t, offset);
  }
  return { data, frames, bins, nFft };
}

/**
 * A real FFT of `size` points as one complex fft.js transform of size/2 points (the even samples as real
 * parts, the odd as imaginary) and a split into the spectra of both halves: a fifth faster than fft.js's own
 * real transform at 2,048 points (whose half is a pure radix-4 size), though not at 1,024. Same values to
 * rounding.
 */
export class HalfSizeRealFft {
  readonly size: number;
  private readonly fft: FFT;
  private readonly cos: Float64Array;
  private readonly sin: Float64Array;
  private readonly z: Float64Array;

  constructor(size: number) {
    if (!Number.isInteger(size) || size < 4 || (size & (size - 1)) !== 0) {
      throw new Error(`Expected an FFT size that is a power of two >= 4, got ${size}`);
    }
    this.size = size;
    this.fft = new FFT(size / 2);
    ({ cos: this.cos, sin: this.sin } = twiddles(size));
    this.z = new Float64Array(size);
  }

  /** Bins 0 .. size/2 of the DFT of `input` (size samples) into `out` as interleaved re, im (size + 2 values). */
  forward(input: Float64Array, out: Float64Array): void {
    const m = this.size / 2;
    const z = this.z;
    // The input read as m interleaved complex values is exactly z[n] = x[2n] + i·x[2n+1].
    this.fft.transform(z, input);
    const { cos, sin } = this;
    // X[k] = E[k] + e^{−2πik/N}·O[k], E = (Z[k] + conj Z[m−k]) / 2, O = (Z[k] − conj Z[m−k]) / 2i.
    out[0] = z[0] + z[1];
    out[1] = 0;
    out[2 * m] = z[0] - z[1];
    out[2 * m + 1] = 0;
    for (let k = 1; k < m; k++) {
      const zr = z[2 * k];
      const zi = z[2 * k + 1];
      const cr = z[2 * (m - k)];
      const ci = -z[2 * (m - k) + 1];
      const er = 0.5 * (zr + cr);
      const ei = 0.5 * (zi + ci);
      const dr = 0.5 * (zr - cr);
      const di = 0.5 * (zi - ci);
      out[2 * k] = er + cos[k] * di - sin[k] * dr;
      out[2 * k + 1] = ei - cos[k] * dr - sin[k] * di;
    }
  }
}

const halfSizeFfts = new Map<number, HalfSizeRealFft>();

/** A shared HalfSizeRealFft per size (single-threaded use only). */
export function halfSizeRealFft(size: number): HalfSizeRealFft {
  let fft = halfSizeFfts.get(size);
  if (!fft) {
    fft = new HalfSizeRealFft(size);
    halfSizeFfts.set(size, fft);
  }
  return fft;
}

/** |X|^2 and |X| of every cell, as two frame-major spectrograms. */
export function powerAndMagnitude(stft: ComplexSpectrogram): { power: Spectrogram; magnitude: Spectrogram } {
  const n = stft.frames * stft.bins;
  const power = new Float32Array(n);
  const magnitude = new Float32Array(n);
  const d = stft.data;
  for (let i = 0; i < n; i++) {
    const re = d[2 * i];
    const im = d[2 * i + 1];
    const p = re * re + im * im;
    power[i] = p;
    magnitude[i] = Math.sqrt(p);
  }
  const shape = { frames: stft.frames, bins: stft.bins };
  return { power: { data: power, ...shape }, magnitude: { data: magnitude, ...shape } };
}

export interface IstftOptions {
  hop: number;
  /** Frames were centred: drop nFft/2 samples at each end (librosa's `center=True`). */
  center: boolean;
  /** Real gain per cell (frames × bins), e.g. a separation mask, applied before inversion. */
  gain?: Float32Array;
  /**
   * The gains frame by frame instead, written by the caller into `out` (bins values) when frame `frame` is
   * inverted: a mask computed on the fly, never stored whole.
   */
  gainRows?: (frame: number, out: Float32Array) => void;
}

/** numpy's `finfo(float32).tiny`: librosa only divides by window sums above it. */
const FLOAT_TINY = 1.1754943508222875e-38;

/**
 * librosa.istft with a periodic Hann window: windowed overlap-add of the inverse FFTs, divided by the summed
 * squared window. Without a `length`, the output has `hop * (frames - 1)` samples when centred, as librosa.
 */
export function istft(stft: ComplexSpectrogram, options: IstftOptions): Float32Array {
  return Float32Array.from(istftFloat64(stft, options));
}

/**
 * `istft` before its rounding to float32: a view into `scratch` when that holds nFft + hop·(frames − 1)
 * doubles (reused, its contents overwritten), else into a new array.
 */
export function istftFloat64(
  stft: ComplexSpectrogram,
  options: IstftOptions,
  scratch?: Float64Array,
): Float64Array {
  const { frames, bins, nFft } = stft;
  const { hop, center, gain, gainRows } = options;
  if (!Number.isInteger(hop) || hop < 1) throw new Error(`Expected hop to be an integer >= 1, got ${hop}`);
  if (gain && gain.length !== frames * bins) {
    throw new Error(`Expected a gain of ${frames * bins} cells, got ${gain.length}`);
  }
  if (frames === 0) return new Float64Array(0);
  const half = nFft / 2;
  // Each frame's irfft is one complex FFT of half the size: z[n] = x[2n] + i·x[2n+1] has the spectrum
  // Z[k] = A[k] + i·B[k], A and B the DFTs of x's even and odd samples, both read off X[k] and X[N/2 − k].
  const fft = fftOfSize(half);
  const { cos, sin } = twiddles(nFft);
  // The forward transform of conj(Z) is (N/2)·conj(z): fold the 1/(N/2) into the window.
  const window = hannWindow(nFft).map((w) => w / half);
  const fullLength = nFft + hop * (frames - 1);
  const y =
    scratch && scratch.length >= fullLength ? scratch.subarray(0, fullLength) : new Float64Array(fullLength);
  y.fill(0);
  const z = new Float64Array(2 * half);
  const out = new Float64Array(2 * half);
  const d = stft.data;
  const gains = new Float32Array(bins);
  if (!gain && !gainRows) gains.fill(1);
  for (let t = 0; t < frames; t++) {
    const row = t * bins;
    if (gain) gains.set(gain.subarray(row, row + bins));
    else if (gainRows) gainRows(t, gains);
    // k = 0 pairs the DC and Nyquist bins, whose imaginary parts numpy's irfft ignores.
    const dc = d[2 * row] * gains[0];
    const nyquist = d[2 * (row + half)] * gains[half];
    z[0] = 0.5 * (dc + nyquist);
    z[1] = -(0.5 * (dc - nyquist));
    // Bins k and m = N/2 − k give z[k] and z[m] from the same A and B: A[m] = conj A[k], B[m] = conj B[k].
    let k = 1;
    for (let m = half - 1; k < m; k++, m--) {
      const gk = gains[k];
      const gm = gains[m];
      const xRe = d[2 * (row + k)] * gk;
      const xIm = d[2 * (row + k) + 1] * gk;
      const yRe = d[2 * (row + m)] * gm;
      const yIm = d[2 * (row + m) + 1] * gm;
      // A = (X[k] + conj X[m]) / 2, D = (X[k] − conj X[m]) / 2
      const aRe = 0.5 * (xRe + yRe);
      const aIm = 0.5 * (xIm - yIm);
      const dRe = 0.5 * (xRe - yRe);
      const dIm = 0.5 * (xIm + yIm);
      // B = D · e^{+2πik/N}
      const bRe = dRe * cos[k] - dIm * sin[k];
      const bIm = dRe * sin[k] + dIm * cos[k];
      // z[k] = conj(A + i·B), z[m] = conj(conj A + i·conj B)
      z[2 * k] = aRe - bIm;
      z[2 * k + 1] = -(aIm + bRe);
      z[2 * m] = aRe + bIm;
      z[2 * m + 1] = aIm - bRe;
    }
    if (k === half - k) {
      // The middle bin pairs with itself: A = Re X, D = i·Im X.
      const g = gains[k];
      const xRe = d[2 * (row + k)] * g;
      const xIm = d[2 * (row + k) + 1] * g;
      z[2 * k] = xRe - xIm * cos[k];
      z[2 * k + 1] = xIm * sin[k];
    }
    fft.transform(out, z);
    const start = t * hop;
    for (let n = 0; n < half; n++) {
      y[start + 2 * n] += window[2 * n] * out[2 * n];
      y[start + 2 * n + 1] -= window[2 * n + 1] * out[2 * n + 1];
    }
  }
  const begin = center ? Math.floor(nFft / 2) : 0;
  const end = Math.max(begin, center ? fullLength - Math.floor(nFft / 2) : fullLength);
  divideByWindowSum(y, hannWindow(nFft), frames, hop, begin, end);
  return y.subarray(begin, end);
}

/**
 * Divides y[begin .. end) by Σ_t w²[n − t·hop] (librosa's window_sumsquare) where that exceeds float32's tiny.
 * Away from the ends every position sees a whole set of frames, so the sum is the periodic sum of the squared
 * window; only the ends are summed frame by frame.
 */
function divideByWindowSum(
  y: Float64Array,
  window: Float32Array,
  frames: number,
  hop: number,
  begin: number,
  end: number,
): void {
  const n = window.length;
  const squared = new Float64Array(n);
  for (let j = 0; j < n; j++) squared[j] = window[j] * window[j];
  const periodic = new Float64Array(hop);
  for (let j = 0; j < n; j++) periodic[j % hop] += squared[j];
  const interiorStart = Math.max(begin, n - hop);
  const interiorEnd = Math.min(end, frames * hop);
  const divide = (i: number): void => {
    // frames t with 0 <= i - t·hop < n
    const first = Math.max(0, Math.floor((i - n) / hop) + 1);
    const last = Math.min(frames - 1, Math.floor(i / hop));
    let sum = 0;
    for (let t = first; t <= last; t++) sum += squared[i - t * hop];
    if (sum > FLOAT_TINY) y[i] /= sum;
  };
  if (interiorStart >= interiorEnd) {
    for (let i = begin; i < end; i++) divide(i);
    return;
  }
  for (let i = begin; i < interiorStart; i++) divide(i);
  for (let i = interiorStart, j = interiorStart % hop; i < interiorEnd; i++) {
    const sum = periodic[j];
    if (sum > FLOAT_TINY) y[i] /= sum;
    if (++j === hop) j = 0;
  }
  for (let i = interiorEnd; i < end; i++) divide(i);
}

const twiddleTables = new Map<number, { cos: Float64Array; sin: Float64Array }>();

/** cos and sin of 2πk/n for k < n/2. */
function twiddles(n: number): { cos: Float64Array; sin: Float64Array } {
  let table = twiddleTables.get(n);
  if (!table) {
    const cos = new Float64Array(n / 2);
    const sin = new Float64Array(n / 2);
    for (let k = 0; k < n / 2; k++) {
      cos[k] = Math.cos((2 * Math.PI * k) / n);
      sin[k] = Math.sin((2 * Math.PI * k) / n);
    }
    table = { cos, sin };
    twiddleTables.set(n, table);
  }
  return table;
}

const ffts = new Map<number, FFT>();

/** A shared fft.js instance per size, after checking the size. */
export function fftOfSize(size: number): FFT {
  let fft = ffts.get(size);
  if (!fft) {
    if (!Number.isInteger(size) || size < 4 || (size & (size - 1)) !== 0) {
      throw new Error(`Expected an FFT size that is a power of two >= 4, got ${size}`);
    }
    fft = new FFT(size);
    ffts.set(size, fft);
  }
  return fft;
}

import FFT from 'fft.js';
import { realFft } from './fft';
import { complexFft, type ComplexFft } from './fftSimd';
import { spectralKernels } from './spectralSimd';
import { frameCount, framedSource, type FramingOptions } from './frames';
import { hannWindow } from './window';

/** A frame-major matrix: `data[t * bins + k]` is bin k of frame t. */
export interface Spectrogram {
  data: Float32Array;
  frames: number;
  bins: number;
}

export interface StftOptions extends FramingOptions {
  /** FFT size; the window is a periodic Hann of `frameLength` centred in it (librosa: win_length = n_fft). */
  nFft?: number;
  window?: Float32Array;
}

/**
 * Power spectrogram |STFT|^2 (frames × (nFft/2 + 1)), librosa-compatible framing.
 * Magnitudes are the square roots of this; one spectrum per frame serves every feature.
 */
export function powerSpectrogram(signal: Float32Array, options: StftOptions): Spectrogram {
  const nFft = options.nFft ?? options.frameLength;
  const fft = realFft(nFft);
  const window = options.window ?? hannWindow(options.frameLength);
  if (window.length !== options.frameLength) {
    throw new Error(`Expected a window of ${options.frameLength} samples, got ${window.length}`);
  }
  const source = framedSource(signal, options);
  const frames = frameCount(signal.length, options);
  const bins = fft.bins;
  const data = new Float32Array(frames * bins);
  const frame = new Float64Array(nFft);
  const offset = Math.floor((nFft - options.frameLength) / 2);
  const power = new Float32Array(bins);
  for (let t = 0; t < frames; t++) {
    const start = t * options.hop;
    for (let i = 0; i < options.frameLength; i++) frame[offset + i] = source[start + i] * window[i];
    fft.power(frame, power);
    data.set(power, t * bins);
  }
  return { data, frames, bins };
}

/** Element-wise square root: power → magnitude spectrogram. */
export function magnitudeOf(power: Spectrogram): Spectrogram {
  const data = new Float32Array(power.data.length);
  for (let i = 0; i < data.length; i++) data[i] = Math.sqrt(power.data[i]);
  return { data, frames: power.frames, bins: power.bins };
}

/** Centre frequency in Hz of each of the `nFft/2 + 1` bins. */
export function fftFrequencies(sampleRate: number, nFft: number): Float32Array {
  const f = new Float32Array(nFft / 2 + 1);
  for (let k = 0; k < f.length; k++) f[k] = (k * sampleRate) / nFft;
  return f;
}

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
  const source = framedSource(signal, options);
  const frames = frameCount(signal.length, options);
  const bins = nFft / 2 + 1;
  // The same frame pipeline in WebAssembly SIMD where it runs (spectralSimd.ts): float32 bins, power and
  // magnitude rounded as below.
  const kernels = nFft >= 4 && (nFft & (nFft - 1)) === 0 ? spectralKernels(nFft / 2) : null;
  const done = kernels?.stft(source, frames, options.hop, (t, spectrum, framePower, frameMagnitude) => {
    const offset = t * bins;
    data.set(spectrum, 2 * offset);
    if (power && magnitude) {
      power.set(framePower, offset);
      magnitude.set(frameMagnitude, offset);
    }
    afterFrame?.(t, offset);
  });
  if (done) return { data, frames, bins, nFft };
  const fft = halfSizeRealFft(nFft);
  const window = hannWindow(nFft);
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
  private readonly fft: ComplexFft;
  private readonly cos: Float64Array;
  private readonly sin: Float64Array;
  private readonly z: Float64Array;

  constructor(size: number) {
    if (!Number.isInteger(size) || size < 4 || (size & (size - 1)) !== 0) {
      throw new Error(`Expected an FFT size that is a power of two >= 4, got ${size}`);
    }
    this.size = size;
    this.fft = complexFft(size / 2);
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

const twiddleTables = new Map<number, { cos: Float64Array; sin: Float64Array }>();

/** cos and sin of 2πk/n for k < n/2. */
export function twiddles(n: number): { cos: Float64Array; sin: Float64Array } {
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

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
  const nFft = options.frameLength;
  const fft = fftOfSize(nFft);
  const window = hannWindow(nFft);
  const source = framedSource(signal, options);
  const frames = frameCount(signal.length, options);
  const bins = nFft / 2 + 1;
  const data = new Float32Array(2 * frames * bins);
  const frame = new Float64Array(nFft);
  const spectrum = new Float64Array(2 * nFft);
  for (let t = 0; t < frames; t++) {
    const start = t * options.hop;
    for (let i = 0; i < nFft; i++) frame[i] = source[start + i] * window[i];
    // fft.js fills bins 0 .. nFft/2 of a real transform, all we keep.
    fft.realTransform(spectrum, frame);
    const offset = 2 * t * bins;
    for (let i = 0; i < 2 * bins; i++) data[offset + i] = spectrum[i];
  }
  return { data, frames, bins, nFft };
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
}

/** numpy's `finfo(float32).tiny`: librosa only divides by window sums above it. */
const FLOAT_TINY = 1.1754943508222875e-38;

/**
 * librosa.istft with a periodic Hann window: windowed overlap-add of the inverse FFTs, divided by the summed
 * squared window. Without a `length`, the output has `hop * (frames - 1)` samples when centred, as librosa.
 * Two real frames go through one complex inverse FFT (x1 + i·x2).
 */
export function istft(stft: ComplexSpectrogram, options: IstftOptions): Float32Array {
  const { frames, bins, nFft } = stft;
  const { hop, center, gain } = options;
  if (!Number.isInteger(hop) || hop < 1) throw new Error(`Expected hop to be an integer >= 1, got ${hop}`);
  if (gain && gain.length !== frames * bins) {
    throw new Error(`Expected a gain of ${frames * bins} cells, got ${gain.length}`);
  }
  if (frames === 0) return new Float32Array(0);
  const fft = fftOfSize(nFft);
  // The forward transform of conj(Z) is nFft·conj(ifft(Z)): fold the 1/nFft into the window.
  const window = hannWindow(nFft).map((w) => w / nFft);
  const fullLength = nFft + hop * (frames - 1);
  const y = new Float64Array(fullLength);
  const z = new Float64Array(2 * nFft);
  const out = new Float64Array(2 * nFft);
  const half = nFft / 2;
  const d = stft.data;
  for (let t = 0; t < frames; t += 2) {
    const second = t + 1 < frames;
    const rowA = t * bins;
    const rowB = second ? rowA + bins : -1;
    for (let k = 0; k <= half; k++) {
      // numpy's irfft ignores the imaginary parts of the DC and Nyquist bins.
      const edge = k === 0 || k === half;
      const gA = gain ? gain[rowA + k] : 1;
      const aRe = d[2 * (rowA + k)] * gA;
      const aIm = edge ? 0 : d[2 * (rowA + k) + 1] * gA;
      let bRe = 0;
      let bIm = 0;
      if (second) {
        const gB = gain ? gain[rowB + k] : 1;
        bRe = d[2 * (rowB + k)] * gB;
        bIm = edge ? 0 : d[2 * (rowB + k) + 1] * gB;
      }
      // Z[k] = A[k] + i·B[k] and Z[N-k] = conj(A[k]) + i·conj(B[k]); z holds conj(Z).
      z[2 * k] = aRe - bIm;
      z[2 * k + 1] = -(aIm + bRe);
      if (!edge) {
        z[2 * (nFft - k)] = aRe + bIm;
        z[2 * (nFft - k) + 1] = aIm - bRe;
      }
    }
    fft.transform(out, z);
    // ifft(Z) = conj(out) / nFft: frame t is the real part, frame t + 1 minus the imaginary part.
    const startA = t * hop;
    for (let j = 0; j < nFft; j++) y[startA + j] += window[j] * out[2 * j];
    if (second) {
      const startB = startA + hop;
      for (let j = 0; j < nFft; j++) y[startB + j] -= window[j] * out[2 * j + 1];
    }
  }
  const windowSum = squaredWindowSum(hannWindow(nFft), frames, hop, fullLength);
  for (let i = 0; i < fullLength; i++) if (windowSum[i] > FLOAT_TINY) y[i] /= windowSum[i];
  const start = center ? Math.floor(nFft / 2) : 0;
  const end = center ? fullLength - Math.floor(nFft / 2) : fullLength;
  return Float32Array.from(y.subarray(start, Math.max(start, end)));
}

/**
 * Σ_t w²[n − t·hop]: librosa's window_sumsquare. Away from the ends every position sees a whole set of
 * frames, so it is the periodic sum of the squared window; only the ends are summed frame by frame.
 */
function squaredWindowSum(window: Float32Array, frames: number, hop: number, length: number): Float64Array {
  const sum = new Float64Array(length);
  const n = window.length;
  const squared = new Float64Array(n);
  for (let j = 0; j < n; j++) squared[j] = window[j] * window[j];
  const periodic = new Float64Array(hop);
  for (let j = 0; j < n; j++) periodic[j % hop] += squared[j];
  for (let i = 0; i < length; i++) {
    if (i >= n - hop && i < frames * hop) {
      sum[i] = periodic[i % hop];
      continue;
    }
    // frames t with 0 <= i - t·hop < n
    const first = Math.max(0, Math.floor((i - n) / hop) + 1);
    const last = Math.min(frames - 1, Math.floor(i / hop));
    for (let t = first; t <= last; t++) sum[i] += squared[i - t * hop];
  }
  return sum;
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

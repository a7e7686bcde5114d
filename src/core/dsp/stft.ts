import { realFft } from './fft';
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

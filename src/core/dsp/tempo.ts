import { complexFft } from './fftSimd';
import { fftOfSize } from './stft';
import { hannWindow } from './window';

/** Tempo (BPM) of each autocorrelation lag: 60·sr / (hop·lag), lag 0 being infinite (librosa.tempo_frequencies). */
export function tempoFrequencies(nLags: number, sampleRate: number, hop: number): Float64Array {
  const bpm = new Float64Array(nLags);
  if (nLags > 0) bpm[0] = Infinity;
  for (let lag = 1; lag < nLags; lag++) bpm[lag] = (60 * sampleRate) / (hop * lag);
  return bpm;
}

/** Frames of onset envelope in `seconds` (librosa.time_to_frames): 8 s at 22,050 Hz / 512 is 344. */
export function framesIn(seconds: number, sampleRate: number, hop: number): number {
  return Math.floor((seconds * sampleRate) / hop);
}

/** numpy's `finfo(float64).tiny`: librosa leaves tempogram columns whose norm is below it at zero. */
const DOUBLE_TINY = 2.2250738585072014e-308;

/**
 * Running sum of librosa's autocorrelation tempogram columns: for each frame, the autocorrelation of the
 * Hann-windowed onset envelope around it (centred; the envelope is padded with linear ramps to zero), divided
 * by its lag-0 value (norm = inf: no lag exceeds lag 0). Keep the accumulator across segments to pool a long
 * recording.
 *
 * The autocorrelation is the inverse transform of the power spectrum and that transform is linear, so the
 * columns' sum is one inverse transform of the sum of the frames' power spectra, each divided by its frame's
 * energy (the lag-0 value): one FFT per frame, not two.
 */
export class TempogramAccumulator {
  readonly winLength: number;
  frames = 0;
  private readonly window: Float32Array;
  private readonly fftSize: number;
  /** Σ over frames of |FFT(windowed frame)|² / energy, bins 0 .. fftSize/2. */
  private readonly spectrumSum: Float64Array;

  constructor(winLength = 384) {
    if (!Number.isInteger(winLength) || winLength < 2) {
      throw new Error(`Expected a tempogram window of at least 2 frames, got ${winLength}`);
    }
    this.winLength = winLength;
    this.window = hannWindow(winLength);
    let size = 2;
    while (size < 2 * winLength - 1) size *= 2;
    // fft.js needs at least 4 points.
    this.fftSize = Math.max(size, 4);
    this.spectrumSum = new Float64Array(this.fftSize / 2 + 1);
  }

  /** Adds every column of the tempogram of `onset` (centred frames, one per onset frame). */
  add(onset: Float32Array): void {
    const n = onset.length;
    if (n === 0) return;
    const w = this.winLength;
    const half = Math.floor(w / 2);
    // np.pad(onset, half, mode='linear_ramp', end_values=0)
    const padded = new Float64Array(n + 2 * half);
    for (let i = 0; i < half; i++) padded[i] = (onset[0] * i) / half;
    for (let i = 0; i < n; i++) padded[half + i] = onset[i];
    for (let j = 0; j < half; j++) padded[half + n + j] = (onset[n - 1] * (half - 1 - j)) / half;
    const size = this.fftSize;
    const fft = complexFft(size);
    // Two frames per complex transform, one as the real part and one as the imaginary part (zero beyond the
    // window: the padding that makes the circular autocorrelation the linear one). With Z their transform,
    // frame one's spectrum is (Z[k] + conj Z[−k]) / 2 and frame two's (Z[k] − conj Z[−k]) / 2i.
    const pair = new Float64Array(2 * size);
    const spectrum = new Float64Array(2 * size);
    const sum = this.spectrumSum;
    const window = this.window;
    for (let t = 0; t < n; t += 2) {
      let energyA = 0;
      let energyB = 0;
      const second = t + 1 < n;
      for (let i = 0; i < w; i++) {
        const a = padded[t + i] * window[i];
        const b = second ? padded[t + 1 + i] * window[i] : 0;
        pair[2 * i] = a;
        pair[2 * i + 1] = b;
        energyA += a * a;
        energyB += b * b;
      }
      // librosa leaves all-zero columns at zero.
      const scaleA = energyA >= DOUBLE_TINY ? 1 / energyA : 0;
      const scaleB = energyB >= DOUBLE_TINY ? 1 / energyB : 0;
      if (scaleA === 0 && scaleB === 0) continue;
      fft.transform(spectrum, pair);
      for (let k = 0; k <= size / 2; k++) {
        const m = k === 0 ? 0 : size - k; // −k mod size, without an integer division per bin
        const zr = spectrum[2 * k];
        const zi = spectrum[2 * k + 1];
        const cr = spectrum[2 * m];
        const ci = spectrum[2 * m + 1];
        // 4|A|² = |Z[k] + conj Z[−k]|², 4|B|² = |Z[k] − conj Z[−k]|²
        const aRe = zr + cr;
        const aIm = zi - ci;
        const bRe = zr - cr;
        const bIm = zi + ci;
        sum[k] += 0.25 * ((aRe * aRe + aIm * aIm) * scaleA + (bRe * bRe + bIm * bIm) * scaleB);
      }
    }
    this.frames += n;
  }

  /** The running sum of the normalised columns, lag by lag. */
  get sum(): Float64Array {
    const size = this.fftSize;
    // The summed power spectrum is real and even: its forward transform is size × the summed autocorrelation.
    const full = new Float64Array(size);
    for (let k = 0; k <= size / 2; k++) {
      full[k] = this.spectrumSum[k];
      if (k > 0 && k < size / 2) full[size - k] = this.spectrumSum[k];
    }
    const acf = new Float64Array(2 * size);
    fftOfSize(size).realTransform(acf, full);
    const out = new Float64Array(this.winLength);
    for (let lag = 0; lag < this.winLength; lag++) out[lag] = acf[2 * lag] / size;
    return out;
  }

  /** The tempogram averaged over all frames added (librosa.beat.tempo's aggregate = mean). */
  mean(): Float64Array {
    const mean = this.sum;
    for (let lag = 0; lag < this.winLength; lag++) mean[lag] = this.frames > 0 ? mean[lag] / this.frames : 0;
    return mean;
  }
}

export interface TempoOptions {
  sampleRate: number;
  hop: number;
  /** Centre of the log-normal tempo prior. */
  startBpm?: number;
  /** Its standard deviation in octaves. */
  stdBpm?: number;
  /** Tempi at or above this are never chosen. */
  maxTempo?: number;
}

/**
 * librosa.beat.tempo's choice: the lag maximising log1p(1e6 · tempogram) plus a log-normal prior around
 * `startBpm`, returned as BPM. A flat (silent) tempogram therefore gives the prior's peak lag.
 */
export function tempoFromTempogram(meanTempogram: ArrayLike<number>, options: TempoOptions): number {
  const { sampleRate, hop, startBpm = 120, stdBpm = 1, maxTempo = 320 } = options;
  if (!(startBpm > 0)) throw new Error(`Expected startBpm > 0, got ${startBpm}`);
  if (!(stdBpm > 0)) throw new Error(`Expected stdBpm > 0, got ${stdBpm}`);
  const bpms = tempoFrequencies(meanTempogram.length, sampleRate, hop);
  let best = -1;
  let bestScore = -Infinity;
  for (let lag = 1; lag < bpms.length; lag++) {
    if (!(bpms[lag] < maxTempo)) continue;
    const prior = -0.5 * ((Math.log2(bpms[lag]) - Math.log2(startBpm)) / stdBpm) ** 2;
    const score = Math.log1p(1e6 * meanTempogram[lag]) + prior;
    if (score > bestScore) {
      bestScore = score;
      best = lag;
    }
  }
  return best > 0 ? bpms[best] : startBpm;
}

import { fftOfSize } from './istft';
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

/**
 * Running sum of librosa's autocorrelation tempogram columns: for each frame, the autocorrelation of the
 * Hann-windowed onset envelope around it (centred; the envelope is padded with linear ramps to zero), divided
 * by its lag-0 value (norm = inf). Keep `sum` and `frames` across segments to pool a long recording.
 */
export class TempogramAccumulator {
  readonly winLength: number;
  readonly sum: Float64Array;
  frames = 0;
  private readonly window: Float32Array;
  private readonly fftSize: number;

  constructor(winLength = 384) {
    if (!Number.isInteger(winLength) || winLength < 2) {
      throw new Error(`Expected a tempogram window of at least 2 frames, got ${winLength}`);
    }
    this.winLength = winLength;
    this.sum = new Float64Array(winLength);
    this.window = hannWindow(winLength);
    let size = 2;
    while (size < 2 * winLength - 1) size *= 2;
    this.fftSize = size;
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
    const fft = fftOfSize(size);
    const frame = new Float64Array(size);
    const spectrum = new Float64Array(2 * size);
    const powerFull = new Float64Array(size);
    const acf = new Float64Array(2 * size);
    for (let t = 0; t < n; t++) {
      for (let i = 0; i < w; i++) frame[i] = padded[t + i] * this.window[i];
      fft.realTransform(spectrum, frame);
      // |X|² is real and even: its forward transform is N × the autocorrelation (real).
      for (let k = 0; k <= size / 2; k++) {
        const p = spectrum[2 * k] * spectrum[2 * k] + spectrum[2 * k + 1] * spectrum[2 * k + 1];
        powerFull[k] = p;
        if (k > 0 && k < size / 2) powerFull[size - k] = p;
      }
      fft.realTransform(acf, powerFull);
      let max = 0;
      for (let lag = 0; lag < w; lag++) max = Math.max(max, Math.abs(acf[2 * lag]));
      // librosa leaves all-zero columns at zero (their norm is below the smallest double).
      if (!(max >= 2.2250738585072014e-308)) continue;
      const scale = 1 / max;
      for (let lag = 0; lag < w; lag++) this.sum[lag] += acf[2 * lag] * scale;
    }
    this.frames += n;
  }

  /** The tempogram averaged over all frames added (librosa.beat.tempo's aggregate = mean). */
  mean(): Float64Array {
    const mean = new Float64Array(this.winLength);
    if (this.frames > 0)
      for (let lag = 0; lag < this.winLength; lag++) mean[lag] = this.sum[lag] / this.frames;
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

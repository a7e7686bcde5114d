import type { Spectrogram } from './stft';

export interface OnsetOptions {
  /** Frames between the compared spectra; librosa's default 1. */
  lag?: number;
  /** How the per-band rises combine: librosa.onset.onset_strength's default mean, beat_track's median. */
  aggregate?: 'mean' | 'median';
  /** Frames were centred: shift the envelope by nFft / (2·hop) frames so that it lines up with them. */
  center?: boolean;
  nFft?: number;
  hop?: number;
}

/**
 * librosa.onset.onset_strength from a log-power (dB) mel spectrogram (frames × bands): the aggregated
 * positive rise of each band over `lag` frames, delayed by `lag` (+ nFft / (2·hop) when centred) frames
 * with leading zeros and cut to the spectrogram's length.
 */
export function onsetStrength(logMel: Spectrogram, options: OnsetOptions = {}): Float32Array {
  const { lag = 1, aggregate = 'mean', center = true, nFft = 2048, hop = 512 } = options;
  if (!Number.isInteger(lag) || lag < 1) throw new Error(`Expected lag to be an integer >= 1, got ${lag}`);
  if (!Number.isInteger(hop) || hop < 1) throw new Error(`Expected hop to be an integer >= 1, got ${hop}`);
  const { data, frames, bins } = logMel;
  const delay = lag + (center ? Math.floor(nFft / (2 * hop)) : 0);
  const out = new Float32Array(frames);
  const rises = new Float64Array(bins);
  const positives = new Float64Array(bins);
  for (let t = delay; t < frames; t++) {
    // out[t] compares frame j + lag with frame j
    const j = t - delay;
    if (j + lag >= frames) break;
    const now = (j + lag) * bins;
    const before = j * bins;
    if (aggregate === 'mean') {
      let sum = 0;
      for (let m = 0; m < bins; m++) {
        const d = data[now + m] - data[before + m];
        if (d > 0) sum += d;
      }
      out[t] = bins > 0 ? sum / bins : 0;
    } else {
      for (let m = 0; m < bins; m++) rises[m] = Math.max(0, data[now + m] - data[before + m]);
      out[t] = medianOfRises(rises, positives);
    }
  }
  return out;
}

/**
 * The median of non-negative values (rises), as numpy's: the mean of the two middle values when their number is
 * even. About half the rises are zero, so only the positive ones are sorted, into `positives`.
 */
function medianOfRises(values: Float64Array, positives: Float64Array): number {
  const n = values.length;
  if (n === 0) return 0;
  let count = 0;
  for (let i = 0; i < n; i++) if (values[i] > 0) positives[count++] = values[i];
  const zeros = n - count;
  const mid = n >> 1;
  // The (mid − 1)th and mid-th smallest values: zeros first, then the sorted positives.
  if (zeros > mid) return 0;
  const sorted = positives.subarray(0, count).sort();
  const at = (i: number) => (i < zeros ? 0 : sorted[i - zeros]);
  return n % 2 ? at(mid) : 0.5 * (at(mid - 1) + at(mid));
}

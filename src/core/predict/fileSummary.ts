import type { AudioSignal } from '../audio/signal';
import { frameFeatureMatrix, framesSpec, summarizeWindow, type FrameFeatureMatrix } from '../features/frames';

export interface FeatureRow {
  /** Column name as the feature set spells it (e.g. `rms_mean`). */
  name: string;
  /** What the number means, in a few words, for the table's tooltip and screen readers. */
  label: string;
  value: number;
}

/** Min/max envelope of the analysis signal in `width` equal buckets, for a waveform thumbnail. */
export interface WaveformPeaks {
  min: Float32Array;
  max: Float32Array;
}

/** The whole-file view of a signal: waveform envelope and a few `frames` columns. */
export interface FileAnalysis {
  /** 22,050 Hz: the analysis rate. */
  sampleRate: number;
  sampleCount: number;
  durationSeconds: number;
  waveform: WaveformPeaks;
  /** Which computation produced `features`, so the table can say so. */
  featureSet: string;
  features: FeatureRow[];
}

/**
 * Min and max of each of `width` equal slices of the signal. A signal shorter than `width` is stretched (each
 * slice shows the sample under it); an empty one reads 0.
 */
export function waveformPeaks(samples: Float32Array, width: number): WaveformPeaks {
  if (!Number.isInteger(width) || width < 1) {
    throw new Error(`Expected waveform width to be an integer >= 1, got ${width}`);
  }
  const min = new Float32Array(width);
  const max = new Float32Array(width);
  const n = samples.length;
  for (let b = 0; b < width; b++) {
    const start = Math.floor((b * n) / width);
    const end = Math.max(start + 1, Math.floor(((b + 1) * n) / width));
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = start; i < end && i < n; i++) {
      const x = samples[i];
      if (x < lo) lo = x;
      if (x > hi) hi = x;
    }
    min[b] = lo === Infinity ? 0 : lo;
    max[b] = hi === -Infinity ? 0 : hi;
  }
  return { min, max };
}

/** The few `framesSpec` columns the Classify table shows, in its words. */
export const TABLE_COLUMNS: readonly { name: string; label: string }[] = [
  { name: 'rms_mean', label: 'Loudness (mean RMS per frame)' },
  { name: 'rms_std', label: 'Loudness variation (std of RMS)' },
  { name: 'loudness_mean', label: 'Perceived loudness (Bark bands, mean)' },
  { name: 'centroid_mean', label: 'Brightness: spectral centroid, Hz' },
  { name: 'bandwidth_mean', label: 'Spectral bandwidth, Hz' },
  { name: 'rolloff_mean', label: '85 % spectral roll-off, Hz' },
  { name: 'zcr_mean', label: 'Zero-crossing rate (mean)' },
  { name: 'flatness_mean', label: 'Noisiness: spectral flatness (mean)' },
  { name: 'flux_mean', label: 'Change: spectral flux (mean)' },
  { name: 'mfcc1_mean', label: 'Timbre: MFCC 1 (mean)' },
];

/**
 * What the Classify view shows for a file: every frame of the whole file through the core `frames` feature
 * set, each feature summarised over all of them (one `framesSpec.columns` row), and a waveform envelope.
 */
export function analyseSignal(
  signal: AudioSignal,
  waveformWidth: number,
  matrix: FrameFeatureMatrix = frameFeatureMatrix(signal.samples),
): FileAnalysis {
  const { samples, sampleRate } = signal;
  if (sampleRate !== framesSpec.sampleRate) {
    throw new Error(`Expected the analysis signal at ${framesSpec.sampleRate} Hz, got ${sampleRate} Hz`);
  }
  const summary = summarizeWindow(matrix, 0, matrix.frames);
  // A summary row is laid out exactly as framesSpec.columns.
  const column = (name: string): number => {
    const index = framesSpec.columns.indexOf(name);
    if (index < 0) throw new Error(`No column "${name}" in the "${framesSpec.name}" feature set`);
    return summary[index];
  };
  const features: FeatureRow[] = TABLE_COLUMNS.map(({ name, label }) => ({
    name,
    label,
    value: column(name),
  }));
  return {
    sampleRate,
    sampleCount: samples.length,
    durationSeconds: samples.length / sampleRate,
    waveform: waveformPeaks(samples, waveformWidth),
    featureSet: `"${framesSpec.name}" v${framesSpec.version}: ${matrix.frames.toLocaleString('en-US')} frames of ${framesSpec.frameLength.toLocaleString('en-US')} samples (hop ${framesSpec.hop}), summarised over the whole file`,
    features,
  };
}

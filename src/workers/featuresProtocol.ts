/** Messages between the Classify view and `features.worker.ts`. Buffers travel as transferables. */

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

export type FeaturesRequest = {
  id: number;
  type: 'analyse';
  /** Decoded channels at `sampleRate`; the worker mixes to mono and resamples. */
  channels: Float32Array[];
  sampleRate: number;
  waveformWidth: number;
};

export type FeaturesReply =
  { id: number; type: 'analysis'; analysis: FileAnalysis } | { id: number; type: 'error'; message: string };

/** The buffers of an analysis, to transfer rather than copy. */
export function analysisTransferables(analysis: FileAnalysis): ArrayBuffer[] {
  return [analysis.waveform.min.buffer as ArrayBuffer, analysis.waveform.max.buffer as ArrayBuffer];
}

/**
 * Messages between the Classify view and `classify.worker.ts`. Buffers travel as transferables; bundle parts
 * travel untrusted and are validated in the worker that loads them.
 */
import type { BundleParts } from '../core/bundle/bundle';

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

/** A log-mel spectrogram squeezed into an image: `columns × bands` bytes, column-major, 0 = floor, 255 = max. */
export interface SpectrogramImage {
  pixels: Uint8Array;
  columns: number;
  bands: number;
  /** Loudest and floor level, dB (ref 1), of what the bytes span. */
  maxDb: number;
  minDb: number;
  /** Mel band edges of the image's lowest and highest rows, Hz. */
  fMin: number;
  fMax: number;
}

/** What the view is told about a model once its worker has validated and loaded it. */
export interface LoadedModelInfo {
  id: string;
  /** `meta.name`. */
  name: string;
  task: string;
  classNames: string[];
  featureSet: string;
  /** Tabular models: the columns a CSV must have, in the model's order. */
  columns: string[];
  backend: string;
  /** Binary models: the class whose probability the cut-off applies to. */
  positiveClass: number | null;
  /** The tuned cut-off on the positive class's probability (`metrics.threshold`). */
  threshold: number | null;
  projection: {
    space: 'input' | 'embedding';
    points: Array<[number, number]>;
    labels: number[];
    explainedVariance?: number[];
  } | null;
}

/** One piece of a song a model was asked about: a 30-s segment, a 1-s window, a 3-s patch. */
export interface UnitPrediction {
  /** Seconds from the start of the song. */
  start: number;
  end: number;
  /** Class probabilities; null where nothing sounds (the unit was not shown to the model). */
  probs: number[] | null;
  /** Where the unit's model input falls in the model's 2-D projection, when it has one. */
  point: [number, number] | null;
}

export interface UnitsResult {
  units: UnitPrediction[];
  /** Time spent computing features and running the model, ms (the worker's own clock). */
  featuresMs: number;
  inferenceMs: number;
}

export interface OverviewResult {
  waveform: WaveformPeaks;
  spectrogram: SpectrogramImage;
  ms: number;
}

export interface FramesResult {
  /** The whole file's `frames` summary, a few columns of it. */
  featureSet: string;
  features: FeatureRow[];
  /** 1-s windows through the instruments model, when one was given. */
  instruments: UnitsResult | null;
  ms: number;
}

export interface TableScores {
  /** Rows scored, in file order, with the positive class's probability. */
  scored: Array<{ id: string; line: number; score: number }>;
  /** Rows left out, with why (an empty or non-numeric value). */
  skipped: Array<{ id: string; line: number; reason: string }>;
  inferenceMs: number;
}

export type ClassifyRequest =
  | { id: number; type: 'load-model'; modelId: string; parts: BundleParts }
  /**
   * One segment: the file's channels over a stretch (see segmentSlices), mixed and resampled here to 22,050 Hz,
   * trimmed to the segment, and run through the genre model when one is named.
   */
  | {
      id: number;
      type: 'segment';
      channels: Float32Array[];
      sampleRate: number;
      trimStart: number;
      length: number;
      offsetSeconds: number;
      modelId: string | null;
    }
  /** The whole analysis signal → waveform envelope and log-mel image. */
  | { id: number; type: 'overview'; samples: Float32Array; waveformWidth: number; spectrogramColumns: number }
  /** The whole analysis signal → the `frames` feature table and the instruments model's 1-s windows. */
  | { id: number; type: 'frames'; samples: Float32Array; instrumentsModelId: string | null }
  /** A CSV of feature rows through a tabular model (columns picked by the model's names). */
  | { id: number; type: 'score-csv'; modelId: string; text: string; fileName: string };

export type ClassifyReply =
  | { id: number; type: 'model'; model: LoadedModelInfo }
  | { id: number; type: 'segment'; samples: Float32Array; units: UnitsResult | null; resampleMs: number }
  | { id: number; type: 'overview'; result: OverviewResult }
  | { id: number; type: 'frames'; result: FramesResult }
  | { id: number; type: 'scores'; result: TableScores }
  | { id: number; type: 'error'; message: string };

/** The buffers of an overview, to transfer rather than copy. */
export function overviewTransferables(result: OverviewResult): ArrayBuffer[] {
  return [
    result.waveform.min.buffer as ArrayBuffer,
    result.waveform.max.buffer as ArrayBuffer,
    result.spectrogram.pixels.buffer as ArrayBuffer,
  ];
}

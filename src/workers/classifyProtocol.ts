/**
 * Messages between the Classify view and `classify.worker.ts`. Buffers travel as transferables; bundle parts
 * travel untrusted and are validated in the worker that loads them.
 */
import type { BundleParts } from '../core/bundle/bundle';
import type { FeatureRow, WaveformPeaks } from '../core/predict/fileSummary';
import type { LoadedModelInfo } from '../core/predict/modelRunner';
import type { SpectrogramImage } from '../core/predict/overview';
import type { TableScores } from '../core/predict/scoreTable';
import type { UnitsResult } from '../core/predict/songUnits';

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
  /**
   * A CSV of feature rows through a tabular model (columns picked by the model's names). The file's bytes: the
   * worker decodes (UTF-8, UTF-16, Windows-1252) and parses them, so a large file never holds the page.
   */
  | { id: number; type: 'score-csv'; modelId: string; bytes: ArrayBuffer; fileName: string };

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

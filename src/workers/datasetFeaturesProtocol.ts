/** Messages between the Train view's data step and `datasetFeatures.worker.ts`. Buffers travel as transferables. */
import type { AugmentOptions } from '../core/train/augment';
import type { AudioFeatureSet, ClipRows } from '../core/features/audioSets';

export type DatasetFeaturesRequest =
  | {
      id: number;
      type: 'extract';
      clipId: string;
      /** Decoded channels at `sampleRate`; the worker mixes to mono and resamples to 22,050 Hz. */
      channels: Float32Array[];
      sampleRate: number;
      featureSet: AudioFeatureSet;
      /** Keep the analysis signal in the worker, for augmented copies later. */
      keepSignal: boolean;
    }
  | {
      id: number;
      type: 'augment';
      /** Clips kept with `keepSignal`; each seed makes its copies repeatable. */
      clips: { clipId: string; seed: number }[];
      featureSet: AudioFeatureSet;
      options: AugmentOptions;
    }
  | { id: number; type: 'forget'; clipIds: string[] | 'all' };

export interface AugmentedClip {
  clipId: string;
  rows: ClipRows;
}

export type DatasetFeaturesReply =
  | { id: number; type: 'rows'; rows: ClipRows; durationSeconds: number }
  | { id: number; type: 'progress'; done: number; total: number }
  /** `missing`: clips whose signal the worker did not keep (over its memory budget, or forgotten). */
  | { id: number; type: 'augmented'; clips: AugmentedClip[]; missing: string[] }
  | { id: number; type: 'forgotten' }
  | { id: number; type: 'error'; message: string };

export function rowsTransferables(rows: ClipRows): ArrayBuffer[] {
  return [rows.values.buffer as ArrayBuffer, rows.starts.buffer as ArrayBuffer];
}

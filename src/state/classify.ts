import type { StateCreator } from 'zustand';
import type { FeatureRow } from '../core/predict/fileSummary';
import type { LoadedModelInfo } from '../core/predict/modelRunner';
import type { Abstention } from '../core/predict/applyModel';
import type { UnitPrediction } from '../core/predict/songUnits';
import type { AppState } from './store';

/**
 * The Classify view: dropped files with their phase and predictions, by id, and the scored CSV table. No audio,
 * images or tensors: samples, waveforms and spectrograms stay in the classify service, keyed by the same ids.
 */

export type ClassifyPhase = 'queued' | 'decoding' | 'extracting' | 'done' | 'error' | 'cancelled';

/** A role's model over one song: per-unit probabilities and the song's overall answer. */
export interface SongPrediction {
  modelId: string;
  classNames: string[];
  /** Segments (genre) or windows (instruments) in time order. */
  units: UnitPrediction[];
  /** Probability per class over the whole song (mean over sounding units, weighted by length); null: silent. */
  song: number[] | null;
  /** Why the song gets no label (too short, unlike the training data, silent); null when it gets one. */
  abstain: Abstention | null;
  /** The 30-s segments the song is cut into (genre), each marked once its units are in. */
  segments: Array<{ start: number; end: number; done: boolean }>;
  /** Segments done / expected, while running. */
  done: number;
  total: number;
}

/** Milliseconds per phase, measured where each runs. */
export interface PhaseTimings {
  decode?: number;
  resample?: number;
  /** Feature extraction summed over workers (CPU-side work), and wall time from prepared to last unit. */
  features?: number;
  inference?: number;
  overview?: number;
  /** From the drop to the first genre answer on screen, and to the whole analysis. */
  firstAnswer?: number;
  total?: number;
}

export interface ClassifyFile {
  id: string;
  name: string;
  byteLength: number;
  phase: ClassifyPhase;
  /** 0 … 1 through the current phase's work, for the progress bar. */
  progress: number;
  /** Decoding's progress is measured (the decode worker reads the file in ranges); else only extracting's is. */
  progressKnown?: boolean;
  error?: string;
  durationSeconds?: number;
  /** The file's own rate (null: the container did not say). */
  sampleRate?: number | null;
  channelCount?: number;
  format?: string | null;
  /** Why the answer is doubtful: the file is cut short, damaged or its header promises another length. */
  doubt?: string | null;
  /** Samples of the mono 22,050 Hz analysis signal. */
  analysisSamples?: number;
  genre?: SongPrediction;
  instruments?: SongPrediction;
  featureSet?: string;
  features?: FeatureRow[];
  /** The service holds a waveform and spectrogram image for this file. */
  hasVisuals: boolean;
  timings: PhaseTimings;
}

export interface TableScoring {
  phase: 'scoring' | 'done' | 'error';
  fileName: string;
  modelId: string;
  scored: Array<{ id: string; line: number; score: number }>;
  skipped: Array<{ id: string; line: number; reason: string }>;
  error?: string;
}

export interface ClassifySlice {
  classifyOrder: string[];
  classifyFiles: Record<string, ClassifyFile>;
  /** What each loaded model is, by registry id (names, classes, backend, projection for the scatter). */
  classifyModels: Record<string, LoadedModelInfo>;
  tableScoring: TableScoring | null;
  /** The cut-off on the positive class's probability; null: the model's own tuned threshold. */
  tableCutoff: number | null;
  addClassifyFile(file: Pick<ClassifyFile, 'id' | 'name' | 'byteLength'>): void;
  updateClassifyFile(id: string, patch: Partial<Omit<ClassifyFile, 'id'>>): void;
  removeClassifyFile(id: string): void;
  setClassifyModel(info: LoadedModelInfo): void;
  setTableScoring(scoring: TableScoring | null): void;
  setTableCutoff(cutoff: number | null): void;
}

export const createClassifySlice: StateCreator<AppState, [], [], ClassifySlice> = (set) => ({
  classifyOrder: [],
  classifyFiles: {},
  classifyModels: {},
  tableScoring: null,
  tableCutoff: null,
  addClassifyFile: ({ id, name, byteLength }) =>
    set((s) => ({
      classifyOrder: [...s.classifyOrder, id],
      classifyFiles: {
        ...s.classifyFiles,
        [id]: { id, name, byteLength, phase: 'queued', progress: 0, hasVisuals: false, timings: {} },
      },
    })),
  updateClassifyFile: (id, patch) =>
    set((s) => {
      const file = s.classifyFiles[id];
      if (!file) return {};
      return { classifyFiles: { ...s.classifyFiles, [id]: { ...file, ...patch } } };
    }),
  removeClassifyFile: (id) =>
    set((s) => {
      if (!s.classifyFiles[id]) return {};
      const files = { ...s.classifyFiles };
      delete files[id];
      return { classifyFiles: files, classifyOrder: s.classifyOrder.filter((f) => f !== id) };
    }),
  setClassifyModel: (info) => set((s) => ({ classifyModels: { ...s.classifyModels, [info.id]: info } })),
  setTableScoring: (scoring) => set({ tableScoring: scoring }),
  setTableCutoff: (cutoff) => set({ tableCutoff: cutoff }),
});

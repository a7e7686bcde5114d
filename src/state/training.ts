import type { StateCreator } from 'zustand';
import type { BackendPreference } from '../core/backend';
import type { ModelConfig, ModelFamily } from '../core/models/config';
import type { TrainConfig } from '../core/train/config';
import type { AugmentOptions } from '../core/train/augment';
import type { RunResult } from '../core/train/runResults';
import type { EpochEvent } from '../core/train/train';
import type { AppState } from './store';

/**
 * Training runs: their settings, per-epoch logs and scores. The model bundle, test probabilities and the
 * embedding projection of a finished run live in `src/core/train/runResults.ts` under the same run id.
 */

/** One epoch of the core training loop (`phase: 'pretrain'` for autoencoder pretraining epochs). */
export type EpochLog = EpochEvent;

/** `starting`: the worker sets up TF.js and builds the model; `evaluating`: scoring the test split, saving. */
export type RunPhase = 'starting' | 'training' | 'evaluating' | 'done' | 'cancelled' | 'error';

export interface SplitFractions {
  train: number;
  val: number;
  test: number;
  /** Seeds the grouped, stratified split. */
  seed: number;
}

/** Everything a run was trained with, validated by the engine's own parsers. */
export interface RunConfig {
  model: ModelConfig;
  training: TrainConfig;
  split: SplitFractions;
  /** Seeds the initial weights. */
  modelSeed: number;
  /** The feature columns kept (Explore's choice), in dataset order. */
  features: string[];
  augment: AugmentOptions | null;
}

export interface DatasetSummary {
  kind: 'audio' | 'csv';
  /** The feature set's name (`frames`, `gtzan-librosa`, `logmel`), or `csv` for numbers read from a CSV. */
  featureSet: string;
  /** Files or CSV names the rows came from, in a few words. */
  source: string;
  classNames: string[];
  /** Rows per class, like `classNames`. */
  classCounts: number[];
  rows: number;
  /** Shape of one model input, e.g. [57] or [130, 128, 1]. */
  inputShape: number[];
  /** Rows in each part of the split (known once the run starts); `augmented`: extra training rows. */
  split?: { train: number; val: number; test: number; augmented: number };
}

export interface RunRecord {
  id: string;
  name: string;
  /** ISO date. */
  createdAt: string;
  config: RunConfig;
  datasetSummary: DatasetSummary;
  epochs: EpochLog[];
  phase: RunPhase;
  /** The TF.js backend the worker trains on (`wasm`, `webgl`, `cpu`), once known; `k-NN` needs none. */
  backend: string | null;
  /** Why that backend, in a sentence. */
  backendReason?: string;
  /** The backend in plain words (`WebGL (software, slow)`, `WASM (CPU, SIMD)`), never a raw GPU string. */
  backendLabel?: string;
  error?: string;
  result?: RunResult;
}

/**
 * The Configure form as typed: numbers where the text parses, the raw text where it does not, so that the
 * engine's validators name the bad value. Kept in the store so it survives leaving the tab.
 */
export interface ConfigDraft {
  family: ModelFamily;
  /** Each family's fields as edited: switching family and back keeps them. */
  models: Partial<Record<ModelFamily, Record<string, unknown>>>;
  /** A `TrainConfigInput` in the making. */
  training: Record<string, unknown>;
  split: Record<keyof SplitFractions, unknown>;
  modelSeed: unknown;
  /** An `AugmentOptions` in the making; null: no augmentation. */
  augment: Record<string, unknown> | null;
  /** The data kind and class count the defaults were recommended for ('' before any data). */
  basis: string;
}

export interface TrainingSlice {
  /** Oldest first. */
  runs: RunRecord[];
  /** The run the Watch panel follows: the one training now, or the last one started. */
  activeRunId: string | null;
  addRun(run: RunRecord): void;
  /** Shallow update of one run; unknown ids are ignored (a run may have been removed meanwhile). */
  updateRun(id: string, patch: Partial<Omit<RunRecord, 'id'>>): void;
  appendEpoch(id: string, epoch: EpochLog): void;
  renameRun(id: string, name: string): void;
  removeRun(id: string): void;
  setActiveRun(id: string | null): void;
  trainDraft: ConfigDraft | null;
  setTrainDraft(draft: ConfigDraft): void;
  /** PCA before the model, as typed: '' off, `16` components, `0.95` a share of variance. */
  trainPca: string;
  setTrainPca(text: string): void;
  /** The TF.js backend runs train on: the user's choice, automatic by default. */
  trainBackend: BackendPreference;
  setTrainBackend(backend: BackendPreference): void;
}

const updateOne = (runs: RunRecord[], id: string, change: (run: RunRecord) => RunRecord): RunRecord[] =>
  runs.map((run) => (run.id === id ? change(run) : run));

export const createTrainingSlice: StateCreator<AppState, [], [], TrainingSlice> = (set) => ({
  runs: [],
  activeRunId: null,
  addRun: (run) => set((s) => ({ runs: [...s.runs, run], activeRunId: run.id })),
  updateRun: (id, patch) => set((s) => ({ runs: updateOne(s.runs, id, (run) => ({ ...run, ...patch })) })),
  appendEpoch: (id, epoch) =>
    set((s) => ({ runs: updateOne(s.runs, id, (run) => ({ ...run, epochs: [...run.epochs, epoch] })) })),
  renameRun: (id, name) => {
    const trimmed = name.trim();
    if (trimmed === '') throw new Error('Expected a run name, got an empty one');
    set((s) => ({ runs: updateOne(s.runs, id, (run) => ({ ...run, name: trimmed })) }));
  },
  removeRun: (id) =>
    set((s) => ({
      runs: s.runs.filter((run) => run.id !== id),
      activeRunId: s.activeRunId === id ? null : s.activeRunId,
    })),
  setActiveRun: (id) => set({ activeRunId: id }),
  trainDraft: null,
  setTrainDraft: (draft) => set({ trainDraft: draft }),
  trainPca: '',
  setTrainPca: (text) => set({ trainPca: text }),
  trainBackend: 'auto',
  setTrainBackend: (backend) => set({ trainBackend: backend }),
});

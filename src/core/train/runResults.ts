/**
 * What a finished training run leaves behind that is too big or too binary for the store: the saved model
 * bundle (weights as an ArrayBuffer), the test split's class probabilities and true labels, and the 2-D PCA
 * of the network's penultimate embedding. Keyed by run id (`RunRecord.id` in `src/state/training.ts`); the
 * store keeps only the run's summary. Lives for the page's lifetime (a reload forgets runs, as the store does).
 */
import type { SavedBundle } from '../bundle/bundle';
import type { Evaluation } from '../eval/metrics';
import type { RocCurve } from '../eval/roc';
import type { ThresholdChoice } from '../eval/threshold';
import type { CalibrationSummary } from './calibrate';
import type { SmallDataCv } from '../eval/smallData';

/** A finished training job's scores, as the store keeps them. */
export interface RunResult {
  /** On the test split (`evaluate` of src/core/eval/metrics). */
  evaluation: Evaluation;
  testRows: number;
  /** Two classes only: ROC of class 1's probability on the test split. */
  rocCurve?: RocCurve;
  /** Two classes only: the cut-off on class 1's probability tuned for F1 on `thresholdSource`. */
  threshold?: ThresholdChoice;
  thresholdSource?: 'validation' | 'test';
  stopReason: 'completed' | 'early-stopped';
  /** The epoch whose weights were kept (early stopping), else null. */
  bestEpoch: number | null;
  /** Seconds of training, and of the whole job (set-up, training, evaluation, saving). */
  trainSeconds: number;
  totalSeconds: number;
  /** Temperature fitted on validation and ECE before/after (train/calibrate.ts); absent in older runs. */
  calibration?: CalibrationSummary;
  /** Too few test rows of some class: the run cross-validated by file as well (eval/smallData). */
  crossValidation?: SmallDataCv;
}

/** Rows × classes probabilities (row-major) with each row's true class and id, as the model saw them. */
export interface ScoredSplit {
  probs: Float32Array;
  labels: Int32Array;
  /** Row ids: `file.mp3@3.0s` for audio windows, the CSV's id otherwise. */
  ids: string[];
}

export interface ProjectedPoints {
  /** rows × 2, row-major. */
  points: Float32Array;
  labels: Int32Array;
}

/** PCA of the embedding fitted on (at most 2,000) training rows; test rows projected into the same plane. */
export interface EmbeddingProjection {
  /** `embedding`: the penultimate layer of a network; `input`: the normalised features (k-NN, logistic). */
  space: 'embedding' | 'input';
  /** Share of the variance along each axis. */
  explained: [number, number];
  train: ProjectedPoints;
  test: ProjectedPoints;
  /**
   * The vectors the PCA was taken of (the same rows as `train` and `test`, `dim` values each), kept for the
   * scatter's UMAP view.
   */
  vectors?: { dim: number; train: Float32Array; test: Float32Array };
}

export interface RunArtifacts {
  runId: string;
  classNames: string[];
  /** `saveBundle` / `saveKnnBundle` output: ready for `modelStore().save`, `zip.ts` export, or `loadBundle`. */
  bundle: SavedBundle;
  test: ScoredSplit;
  /** The validation split, when the run had one (thresholds can be tuned on it without touching test). */
  validation?: ScoredSplit;
  projection: EmbeddingProjection | null;
}

type Listener = (runId: string) => void;

const artifacts = new Map<string, RunArtifacts>();
const listeners = new Set<Listener>();

function notify(runId: string): void {
  for (const listener of listeners) listener(runId);
}

/** Stores (or replaces) a run's artifacts. */
export function setRunArtifacts(value: RunArtifacts): void {
  artifacts.set(value.runId, value);
  notify(value.runId);
}

/** A run's artifacts; undefined while it trains, after it failed or was cancelled, or after `deleteRunArtifacts`. */
export function getRunArtifacts(runId: string): RunArtifacts | undefined {
  return artifacts.get(runId);
}

export function deleteRunArtifacts(runId: string): boolean {
  const existed = artifacts.delete(runId);
  if (existed) notify(runId);
  return existed;
}

/** Called with a run id whenever that run's artifacts are set or deleted; returns the unsubscribe. */
export function subscribeRunArtifacts(listener: Listener): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

/**
 * One trial's scoring, as a worker runs it: k-fold cross-validation (stratified, grouped by track or clip) of a
 * model and training config through the engine's `crossValidate`. The folds depend only on the seed, so every
 * trial of a search is scored on the same folds.
 */
import type { TabularDataset } from '../data/tabular';
import type { ModelConfig } from '../models/config';
import type { TrainConfig } from '../train/config';
import { crossValidate } from '../train/crossValidate';
import type { TrialScore } from './halving';

export interface TrialJob {
  model: ModelConfig;
  /** Its epochs already cut to the rung's budget. */
  training: TrainConfig;
  folds: number;
  seed: number;
}

export class TrialCancelled extends Error {
  constructor() {
    super('The trial was cancelled');
  }
}

export async function scoreTrialJob(
  dataset: TabularDataset,
  job: TrialJob,
  signal?: AbortSignal,
): Promise<TrialScore> {
  const result = await crossValidate(dataset, {
    model: job.model,
    training: job.training,
    k: job.folds,
    seed: job.seed,
    signal,
  });
  if (result.cancelled) throw new TrialCancelled();
  return {
    accuracy: result.accuracy,
    macroF1: result.macroF1,
    accuracyStd: result.accuracyStd,
    auc: result.auc,
    seconds: result.seconds,
  };
}

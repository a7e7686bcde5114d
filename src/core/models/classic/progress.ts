import type { EpochEvent } from '../../train/train';
import type { ClassicClassifier } from './classic';
import { FitCancelled, type FitHooks, type ProgressHook } from './forest';

/**
 * Trees (or boosting rounds) done, told through the epoch hook the networks use: `epoch` counts trees or rounds
 * and `epochs` their total. There is no loss per tree to report, so loss is NaN and the curves stay hidden for
 * these families; the page shows "Tree n of N".
 */
export function classicProgress(
  onEpoch: ((event: EpochEvent) => void) | undefined,
  started: number,
): ProgressHook | undefined {
  if (!onEpoch) return undefined;
  return (done, total) =>
    onEpoch({
      phase: 'train',
      epoch: done,
      epochs: total,
      loss: NaN,
      acc: null,
      valLoss: null,
      valAcc: null,
      lr: 0,
      seconds: (performance.now() - started) / 1000,
    });
}

/** What one step of a classic family's fit is called in the page. */
export function classicStepName(family: string): string {
  return family === 'gradient-boosting'
    ? 'Round'
    : family === 'random-forest' || family === 'decision-tree'
      ? 'Tree'
      : 'Step';
}

/** Fits, or returns null when the signal aborted the fit between two trees (any other error propagates). */
export async function fitClassic(
  model: ClassicClassifier,
  x: Float32Array,
  y: Int32Array,
  hooks: FitHooks,
): Promise<ClassicClassifier | null> {
  try {
    await model.fit(x, y, hooks);
  } catch (error) {
    if (error instanceof FitCancelled) return null;
    throw error;
  }
  return hooks.signal?.aborted ? null : model;
}

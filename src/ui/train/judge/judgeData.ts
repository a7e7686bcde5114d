/** Data shaping for the Judge panels: the positive class's scores and the threshold to start from. */
import type { ScoredSplit } from '../../../browser/runResults';
import type { RunResult } from '../../../state/training';

/**
 * Class 1's probability of each row (the positive class of a two-class run, as the training job tunes it).
 * A one-column split already holds that probability.
 */
export function positiveScores(split: ScoredSplit): Float32Array {
  const rows = split.labels.length;
  if (rows === 0) return new Float32Array(0);
  const cols = split.probs.length / rows;
  if (cols !== 1 && cols !== 2) {
    throw new Error(
      `Expected 1 or 2 probabilities per row for a two-class run, got ${split.probs.length} for ${rows} rows`,
    );
  }
  if (cols === 1) return split.probs.slice();
  return Float32Array.from({ length: rows }, (_, r) => split.probs[r * 2 + 1]);
}

/** The labels as 0/1 (class 1 positive). */
export function binaryLabels(split: ScoredSplit): Int32Array {
  return Int32Array.from(split.labels, (l) => (l === 1 ? 1 : 0));
}

/** Where the slider starts: the user's choice, else the cut-off tuned by the training job, else 0.5. */
export function startingThreshold(result: RunResult | undefined, chosen: number | undefined): number {
  if (chosen !== undefined) return chosen;
  const tuned = result?.threshold?.threshold;
  return tuned !== undefined && Number.isFinite(tuned) ? Math.min(1, Math.max(0, tuned)) : 0.5;
}

/** Percent with one decimal, or an en dash for a missing figure. */
export function percent(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value)
    ? '–'
    : `${(value * 100).toFixed(1)}%`;
}

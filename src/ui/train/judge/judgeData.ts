/**
 * Data shaping for the Judge panels. The training job scores two-class runs on class 1 (its ROC, its tuned
 * cut-off); Classify reads a saved model's cut-off on the class named like the model's task, else class 1. The
 * store keeps every chosen cut-off on class 1's probability, and these helpers turn it to either class: with
 * two classes P(0) = 1 − P(1), so "class 1 when P(1) ≥ t" is "class 0 when P(0) ≤ 1 − t".
 */
import type { ScoredSplit } from '../../../core/train/runResults';
import type { RunResult } from '../../../core/train/runResults';

export type BinaryClass = 0 | 1;

/** The class a saved two-class model's threshold is about, as Classify reads it: named like the task, else 1. */
export function positiveClassOf(classNames: readonly string[], task: string): BinaryClass {
  return classNames.findIndex((c) => c.toLowerCase() === task.toLowerCase()) === 0 ? 0 : 1;
}

/** A cut-off on class 1's probability expressed on class `cls`'s (and back: the map is its own inverse). */
export function thresholdOn(cls: BinaryClass, threshold: number): number {
  return cls === 1 ? threshold : 1 - threshold;
}

/** Class `cls`'s probability of each row; a one-column split holds class 1's. */
export function classScores(split: ScoredSplit, cls: BinaryClass): Float32Array {
  const rows = split.labels.length;
  if (rows === 0) return new Float32Array(0);
  const cols = split.probs.length / rows;
  if (cols !== 1 && cols !== 2) {
    throw new Error(
      `Expected 1 or 2 probabilities per row for a two-class run, got ${split.probs.length} for ${rows} rows`,
    );
  }
  return Float32Array.from({ length: rows }, (_, r) => {
    const p1 = cols === 1 ? split.probs[r] : split.probs[r * 2 + 1];
    return cols === 2 && cls === 0 ? split.probs[r * 2] : cls === 1 ? p1 : 1 - p1;
  });
}

/** 1 where the row's true class is `cls`, else 0. */
export function classLabels(split: ScoredSplit, cls: BinaryClass): Int32Array {
  return Int32Array.from(split.labels, (l) => (l === cls ? 1 : 0));
}

/** Where the slider starts, on class 1: the user's choice, else the job's tuned cut-off, else 0.5. */
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

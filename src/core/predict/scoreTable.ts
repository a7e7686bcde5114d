/**
 * A CSV of feature rows through a tabular model, as the Classify view scores it: columns picked by the model's
 * names, rows with a bad value skipped with why, each kept row scored with the positive class's probability.
 */
import { csvRowsFor } from '../data/tabularRows';
import { positiveClassOf, predictRows, type RunnableModel } from './modelRunner';

export interface TableScores {
  /** Rows scored, in file order, with the positive class's probability. */
  scored: Array<{ id: string; line: number; score: number }>;
  /** Rows left out, with why (an empty or non-numeric value). */
  skipped: Array<{ id: string; line: number; reason: string }>;
  inferenceMs: number;
}

export function scoreTable(
  model: RunnableModel,
  text: string,
  fileName: string,
  now: () => number = () => performance.now(),
): TableScores {
  const started = now();
  const { values, kept, skipped } = csvRowsFor(text, model.meta.featureSpec.columns, fileName);
  const k = model.meta.classNames.length;
  const positive = positiveClassOf(model.meta) ?? k - 1;
  const probs = predictRows(model, values.subarray(0, kept.length * model.inputSize));
  const scored = kept.map((row, r) => ({ ...row, score: probs[r * k + positive] }));
  return { scored, skipped, inferenceMs: now() - started };
}

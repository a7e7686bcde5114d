/**
 * Small data judged honestly: when the test split holds fewer than MIN_TEST_ROWS_PER_CLASS rows of some class,
 * one test accuracy is mostly luck (a folder of 3 classes × 10 notes can leave one flute row to test on). The
 * run is then also cross-validated, k folds grouped by file (no file on both sides) and stratified, each fold a
 * fresh model with the run's own model and training config, and the page shows the folds' mean with its spread.
 */
import { kFold, trainValTestSplit } from '../data/split';

/** Below this many test rows of some class, a single test accuracy is not shown as a fact. */
export const MIN_TEST_ROWS_PER_CLASS = 10;
/** At most this many folds (each trains a model: small data, but a browser tab). */
export const MAX_SMALL_DATA_FOLDS = 3;

export interface SmallDataCv {
  k: number;
  /** Accuracy of each fold on its held-out files. */
  accuracies: number[];
  mean: number;
  /** Sample standard deviation of the fold accuracies. */
  std: number;
  min: number;
  max: number;
  /** Why cross-validation ran, in a few words. */
  reason: string;
}

/** The class with the fewest test rows, when it has fewer than MIN_TEST_ROWS_PER_CLASS; else null. */
export function thinTestClass(
  yTest: ArrayLike<number>,
  classes: number,
): { cls: number; rows: number } | null {
  const counts = new Array<number>(classes).fill(0);
  for (let i = 0; i < yTest.length; i++) counts[yTest[i]]++;
  const rows = Math.min(...counts);
  return rows < MIN_TEST_ROWS_PER_CLASS ? { cls: counts.indexOf(rows), rows } : null;
}

/** Mean, sample standard deviation, min and max of fold accuracies. */
export function foldSpread(accuracies: readonly number[]): Omit<SmallDataCv, 'k' | 'accuracies' | 'reason'> {
  if (accuracies.length === 0) throw new Error('Expected at least one fold accuracy, got none');
  const mean = accuracies.reduce((a, b) => a + b, 0) / accuracies.length;
  const variance =
    accuracies.length > 1 ? accuracies.reduce((a, b) => a + (b - mean) ** 2, 0) / (accuracies.length - 1) : 0;
  return { mean, std: Math.sqrt(variance), min: Math.min(...accuracies), max: Math.max(...accuracies) };
}

export interface CvFoldSplit {
  train: Int32Array;
  val: Int32Array;
  test: Int32Array;
}

/**
 * Grouped, stratified folds over all rows (k = the fewest files of any class, at most MAX_SMALL_DATA_FOLDS),
 * each fold's training files split again for a validation part (a fifth, at least one file where it can).
 * Null when some class has fewer than 2 files: there is nothing to cross-validate on.
 */
export function smallDataFolds(
  labels: Int32Array,
  groups: readonly string[],
  seed: number,
): CvFoldSplit[] | null {
  if (labels.length !== groups.length)
    throw new Error(`Expected one group per row (${labels.length}), got ${groups.length}`);
  const files = new Map<number, Set<string>>();
  labels.forEach((y, r) => {
    const set = files.get(y) ?? new Set<string>();
    set.add(groups[r]);
    files.set(y, set);
  });
  const fewest = Math.min(...[...files.values()].map((s) => s.size));
  const k = Math.min(MAX_SMALL_DATA_FOLDS, fewest);
  if (k < 2) return null;
  return kFold(labels, groups, k, seed).map((fold, f) => {
    const sub = Int32Array.from(fold.train, (r) => labels[r]);
    const subGroups = Array.from(fold.train, (r) => groups[r]);
    const inner = trainValTestSplit(sub, subGroups, { train: 0.8, val: 0.2, test: 0, seed: seed + f });
    return {
      train: Int32Array.from(inner.train, (i) => fold.train[i]),
      val: Int32Array.from(inner.val, (i) => fold.train[i]),
      test: fold.test,
    };
  });
}

/** "58 % ± 12 (3 folds by file, 41–70 %)" */
export function smallDataLine(cv: SmallDataCv): string {
  const pct = (v: number) => `${Math.round(100 * v)} %`;
  return `${pct(cv.mean)} ± ${Math.round(100 * cv.std)} (${cv.k}-fold cross-validation by file, folds ${pct(cv.min)}–${pct(cv.max)})`;
}

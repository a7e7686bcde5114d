import { applyStandardizer, fitStandardizer } from '../data/normalize';
import { kFold, trainValTestSplit, type Fold } from '../data/split';
import type { TabularDataset } from '../data/tabular';
import { evaluate } from '../eval/metrics';
import { rocCurve } from '../eval/roc';
import { parseModelConfig, type ModelConfig } from '../models/config';
import type { TrainConfigInput } from './config';
import { fitModel } from './fitModel';
import type { LabelledSet } from './train';

export interface CrossValidationOptions {
  model: ModelConfig | ({ family: ModelConfig['family'] } & Record<string, unknown>);
  training?: TrainConfigInput;
  /** Number of stratified, grouped folds (ignored when `folds` are given). */
  k: number;
  /**
   * Fixed folds instead of drawn ones (e.g. one named train/valid/test split): each fold's `val` rows, when
   * present, are its validation set and `validationFraction` is not used for it.
   */
  folds?: ReadonlyArray<Fold & { val?: Int32Array }>;
  /** Seeds the folds; each fold's nets take seeds derived from it. */
  seed: number;
  /** Average the probabilities of this many nets with different seeds (default 1). */
  ensemble?: number;
  /**
   * More training rows (e.g. the 10-s segments of the 30-s tracks): a fold trains also on the rows of this set
   * whose group is among its own training groups, so no test track leaks in. Same columns and class names.
   */
  extraTraining?: TabularDataset;
  /** Hold out this fraction of each fold's training groups as validation (for early stopping). Default 0. */
  validationFraction?: number;
  onFold?: (fold: FoldResult) => void;
  signal?: AbortSignal;
}

export interface FoldResult {
  fold: number;
  trainRows: number;
  testRows: number;
  accuracy: number;
  macroF1: number;
  /** ROC AUC of class 1's probability (two classes only; symmetric in which class is called positive). */
  auc: number | null;
  seconds: number;
}

export interface CrossValidationResult {
  /** Means over folds, as scikit-learn's cross_val_score. */
  accuracy: number;
  macroF1: number;
  auc: number | null;
  /** Standard deviation of the fold accuracies. */
  accuracyStd: number;
  folds: FoldResult[];
  /** Out-of-fold probabilities for every row (rows × classes), each from the fold that held it out. */
  probabilities: Float32Array;
  seconds: number;
  cancelled: boolean;
}

/**
 * K-fold cross-validation: stratified and grouped folds, a standardiser fitted on each fold's training rows
 * only, then a fresh model (or ensemble) trained and scored on the held-out fold.
 */
export async function crossValidate(
  dataset: TabularDataset,
  options: CrossValidationOptions,
): Promise<CrossValidationResult> {
  const started = performance.now();
  const model = parseModelConfig(options.model);
  const nClasses = dataset.classNames.length;
  if (nClasses < 2) throw new Error(`Expected at least 2 classes to cross-validate, got ${nClasses}`);
  for (let r = 0; r < dataset.rows; r++) {
    if (dataset.labels[r] < 0)
      throw new Error(`Expected every row labelled, but row ${r} (${dataset.ids[r]}) has no label`);
  }
  const ensemble = options.ensemble ?? 1;
  if (!Number.isInteger(ensemble) || ensemble < 1 || ensemble > 100) {
    throw new Error(`Expected ensemble to be an integer in [1, 100], got ${ensemble}`);
  }
  const validationFraction = options.validationFraction ?? 0;
  if (!(validationFraction >= 0 && validationFraction < 1)) {
    throw new Error(`Expected validationFraction in [0, 1), got ${validationFraction}`);
  }
  const extra = options.extraTraining ? alignExtra(dataset, options.extraTraining) : null;
  const cols = dataset.columns.length;
  const folds = options.folds ?? kFold(dataset.labels, dataset.groups, options.k, options.seed);
  const probabilities = new Float32Array(dataset.rows * nClasses);
  const results: FoldResult[] = [];
  let cancelled = false;

  for (const [f, fold] of folds.entries()) {
    if (options.signal?.aborted) {
      cancelled = true;
      break;
    }
    const foldStart = performance.now();
    let trainRows = fold.train;
    const fixedVal = (fold as Fold & { val?: Int32Array }).val;
    let validationRows: Int32Array | null = fixedVal && fixedVal.length > 0 ? fixedVal : null;
    if (validationFraction > 0 && !validationRows) {
      const labels = Int32Array.from(trainRows, (r) => dataset.labels[r]);
      const groups = Array.from(trainRows, (r) => dataset.groups[r]);
      const split = trainValTestSplit(labels, groups, {
        train: 1 - validationFraction,
        val: validationFraction,
        test: 0,
        seed: options.seed + f,
      });
      validationRows = Int32Array.from(split.val, (i) => trainRows[i]);
      trainRows = Int32Array.from(split.train, (i) => trainRows[i]);
    }
    const trainSet = gather(dataset, trainRows);
    if (extra) appendExtra(trainSet, extra, new Set(Array.from(trainRows, (r) => dataset.groups[r])), cols);
    const trainN = trainSet.y.length;
    const standardizer = fitStandardizer(trainSet.x, trainN, cols);
    trainSet.x = applyStandardizer(standardizer, trainSet.x, trainN, cols);
    const testSet = gather(dataset, fold.test);
    const testX = applyStandardizer(standardizer, testSet.x, fold.test.length, cols);
    const validation = validationRows ? gather(dataset, validationRows) : undefined;
    if (validation) validation.x = applyStandardizer(standardizer, validation.x, validation.y.length, cols);

    const probs = new Float32Array(fold.test.length * nClasses);
    for (let e = 0; e < ensemble; e++) {
      const seed = options.seed * 1000 + f * 100 + e;
      const fitted = await fitModel(
        model,
        { train: trainSet, validation },
        {
          nClasses,
          inputShape: [cols],
          training: { ...options.training, seed },
          seed,
          classicMember: e,
          signal: options.signal,
        },
      );
      if (!fitted) {
        cancelled = true;
        break;
      }
      const classifier = fitted.classifier;
      const p = classifier.predictProbs(testX);
      classifier.dispose();
      for (let i = 0; i < p.length; i++) probs[i] += p[i] / ensemble;
    }
    if (cancelled) break;
    fold.test.forEach((r, i) =>
      probabilities.set(probs.subarray(i * nClasses, (i + 1) * nClasses), r * nClasses),
    );
    const scores = evaluate(testSet.y, probs, dataset.classNames);
    const auc =
      nClasses === 2
        ? rocCurve(
            Array.from(testSet.y, (y) => (y === 1 ? 1 : 0)),
            Array.from({ length: testSet.y.length }, (_, i) => probs[i * 2 + 1]),
          ).auc
        : null;
    const result: FoldResult = {
      fold: f + 1,
      trainRows: trainN,
      testRows: fold.test.length,
      accuracy: scores.accuracy,
      macroF1: scores.macroF1,
      auc,
      seconds: (performance.now() - foldStart) / 1000,
    };
    results.push(result);
    options.onFold?.(result);
  }
  const mean = (values: number[]) =>
    values.length ? values.reduce((a, b) => a + b, 0) / values.length : NaN;
  const accuracy = mean(results.map((r) => r.accuracy));
  return {
    accuracy,
    macroF1: mean(results.map((r) => r.macroF1)),
    auc: nClasses === 2 && results.length > 0 ? mean(results.map((r) => r.auc!)) : null,
    accuracyStd: Math.sqrt(mean(results.map((r) => (r.accuracy - accuracy) ** 2))),
    folds: results,
    probabilities,
    seconds: (performance.now() - started) / 1000,
    cancelled,
  };
}

function gather(ds: TabularDataset, rows: ArrayLike<number>): LabelledSet {
  const cols = ds.columns.length;
  const x = new Float32Array(rows.length * cols);
  const y = new Int32Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    x.set(ds.features.subarray(rows[i] * cols, (rows[i] + 1) * cols), i * cols);
    y[i] = ds.labels[rows[i]];
  }
  return { x, y };
}

/** The extra set with its columns and class indices in the main set's order. */
function alignExtra(main: TabularDataset, extra: TabularDataset): LabelledSet & { groups: string[] } {
  const order = main.columns.map((c) => extra.columns.indexOf(c));
  const missing = main.columns.filter((_, j) => order[j] < 0);
  if (missing.length > 0 || extra.columns.length !== main.columns.length) {
    throw new Error(
      `Expected extraTraining to have the same columns, but it lacks ${JSON.stringify(missing)} or has others`,
    );
  }
  const classOf = extra.classNames.map((name) => main.classNames.indexOf(name));
  const unknown = extra.classNames.filter((_, c) => classOf[c] < 0);
  if (unknown.length > 0)
    throw new Error(`extraTraining has classes the dataset lacks: ${unknown.join(', ')}`);
  const cols = main.columns.length;
  const x = new Float32Array(extra.rows * cols);
  const y = new Int32Array(extra.rows);
  for (let r = 0; r < extra.rows; r++) {
    for (let j = 0; j < cols; j++) x[r * cols + j] = extra.features[r * extra.columns.length + order[j]];
    if (extra.labels[r] < 0)
      throw new Error(
        `Expected every extraTraining row labelled, but row ${r} (${extra.ids[r]}) has no label`,
      );
    y[r] = classOf[extra.labels[r]];
  }
  return { x, y, groups: extra.groups };
}

function appendExtra(
  set: LabelledSet,
  extra: LabelledSet & { groups: string[] },
  groups: Set<string>,
  cols: number,
): void {
  const picked = extra.groups.flatMap((g, r) => (groups.has(g) ? [r] : []));
  const x = new Float32Array(set.x.length + picked.length * cols);
  const y = new Int32Array(set.y.length + picked.length);
  x.set(set.x);
  y.set(set.y);
  picked.forEach((r, i) => {
    x.set(extra.x.subarray(r * cols, (r + 1) * cols), set.x.length + i * cols);
    y[set.y.length + i] = extra.y[r];
  });
  set.x = x;
  set.y = y;
}

/**
 * Classification metrics as scikit-learn defines them: confusion rows are true classes, columns
 * predictions; precision / recall / F1 are 0 where undefined (`zero_division=0`), never NaN.
 */
export interface ClassScores {
  precision: number;
  recall: number;
  f1: number;
  /** Rows whose true class this is. */
  support: number;
}

export interface Evaluation {
  accuracy: number;
  macroF1: number;
  perClass: ({ name: string } & ClassScores)[];
  /** confusion[true][predicted], counts. */
  confusion: number[][];
}

function checkLabels(y: ArrayLike<number>, nClasses: number, what: string): void {
  for (let i = 0; i < y.length; i++) {
    const c = y[i];
    if (!Number.isInteger(c) || c < 0 || c >= nClasses) {
      throw new Error(`Expected ${what} to be class indices in [0, ${nClasses}), got ${c} at row ${i}`);
    }
  }
}

function checkPair(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): void {
  if (yTrue.length !== yPred.length) {
    throw new Error(
      `Expected as many predictions as labels, got ${yPred.length} predictions for ${yTrue.length} labels`,
    );
  }
}

function checkClassCount(nClasses: number): void {
  if (!Number.isInteger(nClasses) || nClasses < 1) {
    throw new Error(`Expected nClasses to be an integer >= 1, got ${nClasses}`);
  }
}

export function confusionMatrix(
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  nClasses: number,
): number[][] {
  checkClassCount(nClasses);
  checkPair(yTrue, yPred);
  checkLabels(yTrue, nClasses, 'yTrue');
  checkLabels(yPred, nClasses, 'yPred');
  const m = Array.from({ length: nClasses }, () => new Array<number>(nClasses).fill(0));
  for (let i = 0; i < yTrue.length; i++) m[yTrue[i]][yPred[i]]++;
  return m;
}

/** Fraction of rows predicted right; 0 for no rows. */
export function accuracy(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  checkPair(yTrue, yPred);
  if (yTrue.length === 0) return 0;
  let right = 0;
  for (let i = 0; i < yTrue.length; i++) if (yTrue[i] === yPred[i]) right++;
  return right / yTrue.length;
}

function scoresFrom(confusion: number[][]): ClassScores[] {
  const n = confusion.length;
  return confusion.map((row, c) => {
    const tp = row[c];
    const support = row.reduce((s, x) => s + x, 0);
    let predicted = 0;
    for (let t = 0; t < n; t++) predicted += confusion[t][c];
    const precision = predicted > 0 ? tp / predicted : 0;
    const recall = support > 0 ? tp / support : 0;
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    return { precision, recall, f1, support };
  });
}

/** Precision, recall, F1 and support of each class. */
export function precisionRecall(
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  nClasses: number,
): ClassScores[] {
  return scoresFrom(confusionMatrix(yTrue, yPred, nClasses));
}

/** Unweighted mean F1 over the classes that occur in yTrue or yPred (scikit-learn's default labels). */
function macroOf(confusion: number[][], scores: ClassScores[]): number {
  let sum = 0;
  let count = 0;
  scores.forEach((s, c) => {
    const predicted = confusion.reduce((acc, row) => acc + row[c], 0);
    if (s.support > 0 || predicted > 0) {
      sum += s.f1;
      count++;
    }
  });
  return count > 0 ? sum / count : 0;
}

export function macroF1(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, nClasses: number): number {
  const confusion = confusionMatrix(yTrue, yPred, nClasses);
  return macroOf(confusion, scoresFrom(confusion));
}

/** The most probable class of each row (the lowest index on ties). */
export function argmaxRows(probs: ArrayLike<number>, rows: number, classes: number): Int32Array {
  if (probs.length !== rows * classes) {
    throw new Error(`Expected ${rows} × ${classes} = ${rows * classes} probabilities, got ${probs.length}`);
  }
  const out = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    let best = 0;
    let bestP = -Infinity;
    for (let c = 0; c < classes; c++) {
      const p = probs[r * classes + c];
      if (Number.isNaN(p))
        throw new Error(`Expected probabilities to be numbers, got NaN at row ${r}, class ${c}`);
      if (p > bestP) {
        best = c;
        bestP = p;
      }
    }
    out[r] = best;
  }
  return out;
}

/** Scores a model's class probabilities (rows × classes, row-major) against the true classes. */
export function evaluate(
  yTrue: ArrayLike<number>,
  probs: ArrayLike<number>,
  classNames: readonly string[],
): Evaluation {
  const k = classNames.length;
  checkClassCount(k);
  const yPred = argmaxRows(probs, yTrue.length, k);
  const confusion = confusionMatrix(yTrue, yPred, k);
  const scores = scoresFrom(confusion);
  return {
    accuracy: accuracy(yTrue, yPred),
    macroF1: macroOf(confusion, scores),
    perClass: scores.map((s, c) => ({ name: classNames[c], ...s })),
    confusion,
  };
}

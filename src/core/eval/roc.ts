/**
 * ROC curve of a binary scorer, as scikit-learn's `roc_curve` (without dropping intermediate points):
 * one point per distinct score, from (0, 0) at threshold +Infinity to (1, 1); a row counts as positive
 * when its score is >= the threshold. Tied scores move the curve diagonally, so the trapezoid area gives
 * ties half credit, exactly as `roc_auc_score` does.
 */
export interface RocPoint {
  fpr: number;
  tpr: number;
  threshold: number;
}

export interface RocCurve {
  points: RocPoint[];
  auc: number;
}

/** Checks binary labels and finite scores of the same length; returns [positives, negatives]. */
export function checkBinary(yTrue01: ArrayLike<number>, scores: ArrayLike<number>): [number, number] {
  if (yTrue01.length !== scores.length) {
    throw new Error(`Expected one score per label, got ${scores.length} scores for ${yTrue01.length} labels`);
  }
  let positives = 0;
  for (let i = 0; i < yTrue01.length; i++) {
    const y = yTrue01[i];
    if (y !== 0 && y !== 1) throw new Error(`Expected labels to be 0 or 1, got ${y} at row ${i}`);
    if (!Number.isFinite(scores[i])) throw new Error(`Expected finite scores, got ${scores[i]} at row ${i}`);
    positives += y;
  }
  const negatives = yTrue01.length - positives;
  if (positives === 0 || negatives === 0) {
    throw new Error(
      `Expected both classes in the labels, got ${positives} positives and ${negatives} negatives (ROC and thresholds are undefined)`,
    );
  }
  return [positives, negatives];
}

/** Row indices by descending score (stable). */
export function byDescendingScore(scores: ArrayLike<number>): Int32Array {
  const order = Int32Array.from({ length: scores.length }, (_, i) => i);
  return order.sort((a, b) => scores[b] - scores[a] || a - b);
}

export function rocCurve(yTrue01: ArrayLike<number>, scores: ArrayLike<number>): RocCurve {
  const [positives, negatives] = checkBinary(yTrue01, scores);
  const order = byDescendingScore(scores);
  const points: RocPoint[] = [{ fpr: 0, tpr: 0, threshold: Infinity }];
  let tp = 0;
  let fp = 0;
  let auc = 0;
  for (let k = 0; k < order.length; k++) {
    const i = order[k];
    if (yTrue01[i] === 1) tp++;
    else fp++;
    const last = k === order.length - 1 || scores[order[k + 1]] !== scores[i];
    if (!last) continue;
    const prev = points[points.length - 1];
    const point = { fpr: fp / negatives, tpr: tp / positives, threshold: scores[i] };
    auc += ((point.fpr - prev.fpr) * (point.tpr + prev.tpr)) / 2;
    points.push(point);
  }
  return { points, auc };
}

/** Class 1's probability for each row of row-major `probs` with `classes` columns: the score a ROC ranks. */
export function positiveScores(probs: ArrayLike<number>, classes: number): Float32Array {
  return Float32Array.from({ length: probs.length / classes }, (_, r) => probs[r * classes + 1]);
}

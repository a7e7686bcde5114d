import { byDescendingScore, checkBinary } from './roc';
import { createRng } from '../random';

export type ThresholdObjective = 'f1' | 'youden' | 'precisionAtLeast';

export interface ThresholdOptions {
  objective: ThresholdObjective;
  /** Required for `precisionAtLeast`: the lowest acceptable precision, in [0, 1]. */
  minPrecision?: number;
}

/** A cut-off (positive when score >= threshold) and how it does on the data it was tuned on. */
export interface ThresholdChoice {
  threshold: number;
  precision: number;
  recall: number;
  f1: number;
  fpr: number;
  /** Youden's J = recall − fpr. */
  youden: number;
  /** False only for `precisionAtLeast` when no cut-off reaches `minPrecision` (the most precise is given). */
  satisfied: boolean;
}

/**
 * Picks the cut-off on validation scores that maximizes F1, Youden's J, or recall subject to
 * precision >= minPrecision. Candidates are the distinct scores; the threshold returned lies halfway to the
 * next lower score, so it classifies the tuning rows the same way but does not sit on one of them. Ties in
 * the objective go to the higher threshold.
 */
export function tuneThreshold(
  yTrue01: ArrayLike<number>,
  scores: ArrayLike<number>,
  options: ThresholdOptions,
): ThresholdChoice {
  const { objective, minPrecision } = options;
  if (objective !== 'f1' && objective !== 'youden' && objective !== 'precisionAtLeast') {
    throw new Error(
      `Expected objective to be 'f1', 'youden' or 'precisionAtLeast', got ${String(objective)}`,
    );
  }
  if (
    objective === 'precisionAtLeast' &&
    !(typeof minPrecision === 'number' && minPrecision >= 0 && minPrecision <= 1)
  ) {
    throw new Error(
      `Expected minPrecision to be in [0, 1] for objective 'precisionAtLeast', got ${minPrecision}`,
    );
  }
  const [positives, negatives] = checkBinary(yTrue01, scores);
  const order = byDescendingScore(scores);

  let best: ThresholdChoice | null = null;
  let bestKey: number[] = [];
  let tp = 0;
  let fp = 0;
  for (let k = 0; k < order.length; k++) {
    const i = order[k];
    if (yTrue01[i] === 1) tp++;
    else fp++;
    if (k < order.length - 1 && scores[order[k + 1]] === scores[i]) continue;
    const lower = k < order.length - 1 ? scores[order[k + 1]] : scores[i];
    const precision = tp / (tp + fp);
    const recall = tp / positives;
    const fpr = fp / negatives;
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    const choice: ThresholdChoice = {
      threshold: (scores[i] + lower) / 2,
      precision,
      recall,
      f1,
      fpr,
      youden: recall - fpr,
      satisfied: true,
    };
    // Compare lexicographically; a strictly larger key wins, so ties keep the earlier (higher) threshold.
    const key =
      objective === 'f1'
        ? [f1]
        : objective === 'youden'
          ? [recall - fpr]
          : precision >= (minPrecision ?? 0)
            ? [1, recall, precision]
            : [0, precision, recall];
    if (best === null || greater(key, bestKey)) {
      best = choice;
      bestKey = key;
    }
  }
  // checkBinary guarantees rows, so `best` is set.
  const chosen = best as ThresholdChoice;
  return objective === 'precisionAtLeast' ? { ...chosen, satisfied: bestKey[0] === 1 } : chosen;
}

function greater(a: number[], b: number[]): boolean {
  for (let j = 0; j < a.length; j++) {
    if (a[j] > b[j] + 1e-12) return true;
    if (a[j] < b[j] - 1e-12) return false;
  }
  return false;
}

export interface ProbabilityHistogram {
  /** bins + 1 edges from 0 to 1. */
  edges: number[];
  /** counts[class][bin]; the last bin includes 1. */
  counts: number[][];
}

/**
 * Histogram of predicted probabilities split by true class (e.g. the score of the positive class for
 * reggaeton vs other). Values a hair outside [0, 1] from float round-off are clamped.
 */
export function probabilityHistogram(
  scores: ArrayLike<number>,
  yTrue: ArrayLike<number>,
  bins = 20,
  nClasses?: number,
): ProbabilityHistogram {
  if (!Number.isInteger(bins) || bins < 1)
    throw new Error(`Expected bins to be an integer >= 1, got ${bins}`);
  if (scores.length !== yTrue.length) {
    throw new Error(`Expected one score per label, got ${scores.length} scores for ${yTrue.length} labels`);
  }
  let maxClass = -1;
  for (let i = 0; i < yTrue.length; i++) {
    const y = yTrue[i];
    if (!Number.isInteger(y) || y < 0)
      throw new Error(`Expected labels to be class indices >= 0, got ${y} at row ${i}`);
    maxClass = Math.max(maxClass, y);
  }
  const k = nClasses ?? Math.max(maxClass + 1, 2);
  if (!Number.isInteger(k) || k <= maxClass) {
    throw new Error(`Expected nClasses to be an integer > every label (${maxClass}), got ${k}`);
  }
  const counts = Array.from({ length: k }, () => new Array<number>(bins).fill(0));
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i];
    if (!(s >= -1e-6 && s <= 1 + 1e-6))
      throw new Error(`Expected probabilities in [0, 1], got ${s} at row ${i}`);
    const b = Math.min(bins - 1, Math.max(0, Math.floor(s * bins)));
    counts[yTrue[i]][b]++;
  }
  return { edges: Array.from({ length: bins + 1 }, (_, b) => b / bins), counts };
}

export interface ThresholdInterval {
  /** Percentiles of the tuned threshold over bootstrap resamples of the tuning rows. */
  low: number;
  high: number;
  /** The confidence level, e.g. 0.9 for the 5th to 95th percentile. */
  level: number;
  /** Resamples that held both classes (the others cannot tune a threshold and are skipped). */
  resamples: number;
}

/**
 * How much a threshold tuned on few rows can be trusted: the rows are resampled with replacement (seeded),
 * the threshold is tuned again on each resample, and the central `level` of those thresholds is returned.
 * Spike's validation part holds 14 reggaeton songs, so its F1 threshold moves a lot from one draw to another.
 */
export function bootstrapThreshold(
  yTrue01: ArrayLike<number>,
  scores: ArrayLike<number>,
  options: ThresholdOptions & { iterations?: number; level?: number; seed?: number },
): ThresholdInterval {
  const { iterations = 1000, level = 0.9, seed = 0 } = options;
  if (!Number.isInteger(iterations) || iterations < 10 || iterations > 100_000) {
    throw new Error(`Expected iterations to be an integer in [10, 100000], got ${iterations}`);
  }
  if (!(level > 0 && level < 1)) throw new Error(`Expected level in (0, 1), got ${level}`);
  checkBinary(yTrue01, scores);
  const n = yTrue01.length;
  const rng = createRng(seed);
  const y = new Int32Array(n);
  const s = new Float64Array(n);
  const thresholds: number[] = [];
  for (let b = 0; b < iterations; b++) {
    let positives = 0;
    for (let i = 0; i < n; i++) {
      const r = rng.int(n);
      y[i] = yTrue01[r];
      s[i] = scores[r];
      positives += y[i];
    }
    if (positives === 0 || positives === n) continue;
    thresholds.push(tuneThreshold(y, s, options).threshold);
  }
  if (thresholds.length === 0) throw new Error('Expected some resamples with both classes, got none');
  thresholds.sort((a, b) => a - b);
  const at = (q: number) => thresholds[Math.min(thresholds.length - 1, Math.floor(q * thresholds.length))];
  return { low: at((1 - level) / 2), high: at((1 + level) / 2), level, resamples: thresholds.length };
}

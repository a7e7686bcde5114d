/**
 * Data shaping for the probability histogram and its threshold: bins of the positive class's probability,
 * one series per true class, and the confusion counts at any cut-off (positive when score >= threshold, as
 * `tuneThreshold` decides).
 */
import { probabilityHistogram } from '../../core/eval/threshold';

export interface HistogramRow {
  /** Bin centre, in [0, 1]. */
  mid: number;
  from: number;
  to: number;
  /** Count of each true class in this bin (`series[k].key`), and its share of that class (`series[k].shareKey`). */
  [seriesKey: string]: number;
}

export interface HistogramSeries {
  key: string;
  shareKey: string;
  name: string;
  /** Rows of this class in all bins. */
  total: number;
}

export interface HistogramData {
  rows: HistogramRow[];
  series: HistogramSeries[];
}

/**
 * Bins the scores by true class (0 = negative, 1 = positive), named after the classes. Shares (each class's
 * bins summing to 1) keep a rare class visible beside a common one.
 */
export function histogramData(
  scores: ArrayLike<number>,
  labels01: ArrayLike<number>,
  names: readonly [string, string],
  bins = 20,
): HistogramData {
  const hist = probabilityHistogram(scores, labels01, bins, 2);
  const series = names.map((name, k) => ({
    key: `class${k}`,
    shareKey: `class${k}Share`,
    name,
    total: hist.counts[k].reduce((a, b) => a + b, 0),
  }));
  const rows = hist.edges.slice(0, -1).map((from, b) => {
    const to = hist.edges[b + 1];
    const row: HistogramRow = { mid: (from + to) / 2, from, to };
    series.forEach((s, k) => {
      row[s.key] = hist.counts[k][b];
      row[s.shareKey] = s.total > 0 ? hist.counts[k][b] / s.total : 0;
    });
    return row;
  });
  return { rows, series };
}

/** Share of each class when one class outnumbers the other this many times or more: counts would hide it. */
export const SHARE_WHEN_IMBALANCED = 4;

export function preferShares(data: HistogramData): boolean {
  const totals = data.series.map((s) => s.total).filter((t) => t > 0);
  return totals.length === 2 && Math.max(...totals) >= SHARE_WHEN_IMBALANCED * Math.min(...totals);
}

export interface BinaryCounts {
  threshold: number;
  tp: number;
  fp: number;
  tn: number;
  fn: number;
  /** 0 when nothing is predicted positive. */
  precision: number;
  recall: number;
  f1: number;
  fpr: number;
  accuracy: number;
}

/** How a cut-off classifies the rows. Labels must be 0/1 and scores finite (checked). */
export function binaryCountsAt(
  scores: ArrayLike<number>,
  labels01: ArrayLike<number>,
  threshold: number,
): BinaryCounts {
  if (!Number.isFinite(threshold)) throw new Error(`Expected a finite threshold, got ${threshold}`);
  if (scores.length !== labels01.length) {
    throw new Error(
      `Expected one score per label, got ${scores.length} scores for ${labels01.length} labels`,
    );
  }
  let tp = 0;
  let fp = 0;
  let tn = 0;
  let fn = 0;
  for (let i = 0; i < scores.length; i++) {
    const y = labels01[i];
    const s = scores[i];
    if (y !== 0 && y !== 1) throw new Error(`Expected labels to be 0 or 1, got ${y} at row ${i}`);
    if (!Number.isFinite(s)) throw new Error(`Expected finite scores, got ${s} at row ${i}`);
    const positive = s >= threshold;
    if (positive && y === 1) tp++;
    else if (positive) fp++;
    else if (y === 1) fn++;
    else tn++;
  }
  const precision = tp + fp > 0 ? tp / (tp + fp) : 0;
  const recall = tp + fn > 0 ? tp / (tp + fn) : 0;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  const fpr = fp + tn > 0 ? fp / (fp + tn) : 0;
  const rows = scores.length;
  return { threshold, tp, fp, tn, fn, precision, recall, f1, fpr, accuracy: rows > 0 ? (tp + tn) / rows : 0 };
}

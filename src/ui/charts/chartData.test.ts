import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tabularFromCsv } from '../../core/data/tabular';
import { evaluate } from '../../core/eval/metrics';
import { rocCurve } from '../../core/eval/roc';
import { tuneThreshold } from '../../core/eval/threshold';
import { confusionCells, confusionLayout, heatColour, shortLabel } from './confusionData';
import { classColour } from './classColours';
import { mergeCurves, seriesColour } from './curvesData';
import { binaryCountsAt, histogramData, preferShares } from './histogramData';
import { areaUnder, rocChartPoints } from './rocData';

const csv = readFileSync(
  path.resolve(process.cwd(), '../shared/data/tabular/gtzan/features_30_sec.csv'),
  'utf8',
);
const gtzan = tabularFromCsv(csv, { drop: ['length'] });

/** A real, imperfect binary scorer: spectral centroid (min-max scaled) to tell the other genres from classical. */
function centroidScorer(): { scores: Float64Array; y: Int32Array } {
  const col = gtzan.columns.indexOf('spectral_centroid_mean');
  const classical = gtzan.classNames.indexOf('classical');
  const raw = Array.from({ length: gtzan.rows }, (_, r) => gtzan.features[r * gtzan.columns.length + col]);
  const lo = Math.min(...raw);
  const hi = Math.max(...raw);
  return {
    scores: Float64Array.from(raw, (v) => (v - lo) / (hi - lo)),
    y: Int32Array.from(gtzan.labels, (l) => (l === classical ? 0 : 1)),
  };
}

describe('confusion matrix shaping', () => {
  it('normalises rows to recall, keeps counts, and leaves an empty class at zero', () => {
    // The published GTZAN rows, "predicted" by the nearest class mean of one feature: a real, messy matrix.
    const col = gtzan.columns.indexOf('spectral_centroid_mean');
    const k = gtzan.classNames.length;
    const value = (r: number) => gtzan.features[r * gtzan.columns.length + col];
    const sums = new Array<number>(k).fill(0);
    const counts = new Array<number>(k).fill(0);
    for (let r = 0; r < gtzan.rows; r++) {
      sums[gtzan.labels[r]] += value(r);
      counts[gtzan.labels[r]]++;
    }
    const means = sums.map((s, c) => s / counts[c]);
    const probs = new Float64Array(gtzan.rows * k);
    for (let r = 0; r < gtzan.rows; r++) {
      for (let c = 0; c < k; c++) probs[r * k + c] = -Math.abs(value(r) - means[c]);
    }
    const ev = evaluate(gtzan.labels, probs, gtzan.classNames);
    const cells = confusionCells(ev.confusion, gtzan.classNames);
    expect(cells.rowTotals).toEqual(new Array(k).fill(100)); // GTZAN: 100 clips per genre
    cells.fractions.forEach((row, i) => {
      expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
      // The diagonal share is the class's recall as the metrics module computes it.
      expect(row[i]).toBeCloseTo(ev.perClass[i].recall, 12);
    });
    expect(cells.counts).toEqual(ev.confusion);

    const empty = confusionCells(
      [
        [0, 0],
        [3, 1],
      ],
      ['a', 'b'],
    );
    expect(empty.fractions).toEqual([
      [0, 0],
      [0.75, 0.25],
    ]);
  });

  it('refuses a matrix that does not fit the class names, naming the problem', () => {
    expect(() => confusionCells([[1, 2]], ['a', 'b'])).toThrow('with 2 rows (one per class), got 1');
    expect(() => confusionCells([[1], [2, 3]], ['a', 'b'])).toThrow('row 0 to have 2 columns, got 1');
    expect(() =>
      confusionCells(
        [
          [1, NaN],
          [0, 1],
        ],
        ['a', 'b'],
      ),
    ).toThrow('got NaN at row 0, column 1');
    expect(() => confusionCells([], [])).toThrow('at least one class name');
  });

  it('keeps 20 classes legible: cells of at least 24 px, labels shortened', () => {
    const names = Array.from({ length: 20 }, (_, i) => `instrument number ${i} with a long name`);
    const layout = confusionLayout(names, 560);
    expect(layout.cell).toBe(28);
    expect(layout.countFont).toBeGreaterThanOrEqual(10);
    expect(layout.width).toBeLessThan(980); // the app's content width
    expect(shortLabel(names[0])).toBe('instrument number…');
    expect(shortLabel('rock')).toBe('rock');
    expect(confusionLayout(['a', 'b'], 560).cell).toBe(72);
    expect(heatColour(0)).toBe('rgb(243 246 249)');
    expect(heatColour(1)).toBe('rgb(21 84 104)');
    expect(heatColour(NaN)).toBe(heatColour(0));
  });
});

describe('threshold counts and histogram', () => {
  it('agree with tuneThreshold at the cut-off it picks', () => {
    const { scores, y } = centroidScorer();
    const tuned = tuneThreshold(y, scores, { objective: 'f1' });
    const at = binaryCountsAt(scores, y, tuned.threshold);
    expect(at.precision).toBeCloseTo(tuned.precision, 12);
    expect(at.recall).toBeCloseTo(tuned.recall, 12);
    expect(at.f1).toBeCloseTo(tuned.f1, 12);
    expect(at.fpr).toBeCloseTo(tuned.fpr, 12);
    expect(at.tp + at.fn).toBe(900);
    expect(at.tn + at.fp).toBe(100);
    // Everything positive at 0, nothing at just above 1.
    expect(binaryCountsAt(scores, y, 0)).toMatchObject({ tp: 900, fp: 100, recall: 1, precision: 0.9 });
    expect(binaryCountsAt(scores, y, 1.01)).toMatchObject({ tp: 0, fp: 0, precision: 0, recall: 0, f1: 0 });
  });

  it('bins each true class, every row once, named after the classes', () => {
    const { scores, y } = centroidScorer();
    const data = histogramData(scores, y, ['classical', 'other'], 20);
    expect(data.series).toEqual([
      { key: 'class0', shareKey: 'class0Share', name: 'classical', total: 100 },
      { key: 'class1', shareKey: 'class1Share', name: 'other', total: 900 },
    ]);
    // Shares: each class's bins sum to 1, and 9 to 1 is imbalanced enough to show them by default.
    expect(data.rows.reduce((s, r) => s + r.class0Share, 0)).toBeCloseTo(1, 12);
    expect(data.rows.reduce((s, r) => s + r.class1Share, 0)).toBeCloseTo(1, 12);
    expect(data.rows[3].class1Share).toBeCloseTo(data.rows[3].class1 / 900, 12);
    expect(preferShares(data)).toBe(true);
    expect(preferShares(histogramData([0.2, 0.7, 0.9], [0, 1, 1], ['a', 'b']))).toBe(false);
    expect(data.rows).toHaveLength(20);
    expect(data.rows[0]).toMatchObject({ from: 0, to: 0.05, mid: 0.025 });
    const total = (key: string) => data.rows.reduce((s, r) => s + r[key], 0);
    expect(total('class0')).toBe(100);
    expect(total('class1')).toBe(900);
    // The min-max scaling puts exactly one row at 0 and one at 1 (the last bin includes 1).
    expect(data.rows[0].class0 + data.rows[0].class1).toBeGreaterThanOrEqual(1);
    expect(data.rows[19].class0 + data.rows[19].class1).toBeGreaterThanOrEqual(1);
  });

  it('names bad input', () => {
    expect(() => binaryCountsAt([0.5], [2], 0.5)).toThrow('labels to be 0 or 1, got 2 at row 0');
    expect(() => binaryCountsAt([NaN], [1], 0.5)).toThrow('finite scores, got NaN at row 0');
    expect(() => binaryCountsAt([0.5], [1], NaN)).toThrow('finite threshold, got NaN');
    expect(() => binaryCountsAt([0.5, 0.2], [1], 0.5)).toThrow('got 2 scores for 1 labels');
    expect(binaryCountsAt([], [], 0.5)).toMatchObject({ precision: 0, recall: 0, accuracy: 0 });
  });
});

describe('ROC points', () => {
  it('thins a long curve and keeps its area', () => {
    const { scores, y } = centroidScorer();
    const curve = rocCurve(y, scores);
    expect(curve.points.length).toBeGreaterThan(900);
    const thin = rocChartPoints(curve, 200);
    expect(thin.length).toBeLessThanOrEqual(200);
    expect(thin[0]).toEqual({ fpr: 0, tpr: 0 });
    expect(thin[thin.length - 1]).toEqual({ fpr: 1, tpr: 1 });
    expect(areaUnder(rocChartPoints(curve, 100_000))).toBeCloseTo(curve.auc, 12);
    expect(Math.abs(areaUnder(thin) - curve.auc)).toBeLessThan(0.01);
    expect(() => rocChartPoints(curve, 1)).toThrow('maxPoints to be an integer >= 2, got 1');
  });
});

describe('merged curves', () => {
  it('puts every run on one row per epoch, null where a run has no value', () => {
    const rows = mergeCurves([
      {
        id: 'a',
        name: 'A',
        points: [
          { epoch: 1, value: 0.5 },
          { epoch: 2, value: 0.6 },
        ],
      },
      {
        id: 'b',
        name: 'B',
        points: [
          { epoch: 1, value: 0.4 },
          { epoch: 2, value: NaN },
          { epoch: 3, value: 0.7 },
        ],
      },
    ]);
    expect(rows).toEqual([
      { epoch: 1, a: 0.5, b: 0.4 },
      { epoch: 2, a: 0.6, b: null },
      { epoch: 3, a: null, b: 0.7 },
    ]);
    expect(() =>
      mergeCurves([
        { id: 'a', name: 'A', points: [] },
        { id: 'a', name: 'B', points: [] },
      ]),
    ).toThrow('"a" twice');
    expect(seriesColour(0)).not.toBe(seriesColour(1));
    // One palette in the app: the series colours are the class colours.
    expect(seriesColour(3)).toBe(classColour(3));
  });
});

import { describe, expect, it } from 'vitest';
import { bootstrapThreshold, probabilityHistogram, tuneThreshold } from './threshold';
import { mergeDatasets, tabularFromCsv } from '../data/tabular';
import spikeReggaeton from '../../../../shared/data/tabular/spike-reggaeton/data_reggaeton.csv?raw';
import spikeOther from '../../../../shared/data/tabular/spike-reggaeton/data_todotipo.csv?raw';

/** Precision, recall and fpr of "positive when score >= t", counted directly. */
function countAt(y: ArrayLike<number>, s: ArrayLike<number>, t: number) {
  let tp = 0;
  let fp = 0;
  let pos = 0;
  for (let i = 0; i < y.length; i++) {
    pos += y[i];
    if (s[i] >= t) {
      if (y[i] === 1) tp++;
      else fp++;
    }
  }
  const precision = tp + fp > 0 ? tp / (tp + fp) : 0;
  const recall = tp / pos;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1, fpr: fp / (y.length - pos) };
}

describe('tuneThreshold', () => {
  // Scores by row: negatives 0.1, 0.4; positives 0.35, 0.8.
  const y = [0, 0, 1, 1];
  const s = [0.1, 0.4, 0.35, 0.8];

  it('maximizes F1 (hand-computed: cut between 0.35 and 0.1 gives P 2/3, R 1, F1 0.8)', () => {
    const best = tuneThreshold(y, s, { objective: 'f1' });
    expect(best.threshold).toBeCloseTo(0.225, 12);
    expect(best.f1).toBeCloseTo(0.8, 12);
    expect(best.precision).toBeCloseTo(2 / 3, 12);
    expect(best.recall).toBe(1);
    expect(best.fpr).toBe(0.5);
    expect(best.satisfied).toBe(true);
  });

  it("maximizes Youden's J, preferring the higher cut-off on ties", () => {
    // J = 0.5 at both 0.8 (R 0.5, fpr 0) and 0.35 (R 1, fpr 0.5): the higher one, halfway to 0.4, wins.
    const best = tuneThreshold(y, s, { objective: 'youden' });
    expect(best.threshold).toBeCloseTo(0.6, 12);
    expect(best.youden).toBe(0.5);
  });

  it('maximizes recall at a minimum precision, and says when none reaches it', () => {
    expect(tuneThreshold(y, s, { objective: 'precisionAtLeast', minPrecision: 0.9 })).toMatchObject({
      precision: 1,
      recall: 0.5,
      satisfied: true,
    });
    expect(tuneThreshold(y, s, { objective: 'precisionAtLeast', minPrecision: 0.6 }).recall).toBe(1);
    const none = tuneThreshold([1, 0], [0.1, 0.9], { objective: 'precisionAtLeast', minPrecision: 0.9 });
    expect(none).toMatchObject({ precision: 0.5, recall: 1, satisfied: false });
    expect(none.threshold).toBe(0.1);
  });

  it('finds the best F1 cut-off on the Spike danceability scores (checked by brute force)', () => {
    const ds = mergeDatasets(
      tabularFromCsv(spikeReggaeton, { labelFor: 'reggaeton', drop: ['id_new'] }),
      tabularFromCsv(spikeOther, { labelFor: 'other', drop: ['id_new', 'time_signature'] }),
    );
    const labels = Int32Array.from(ds.labels, (l) => (ds.classNames[l] === 'reggaeton' ? 1 : 0));
    const c = ds.columns.indexOf('danceability');
    const scores = Float64Array.from({ length: ds.rows }, (_, r) => ds.features[r * ds.columns.length + c]);
    for (const objective of ['f1', 'youden'] as const) {
      const best = tuneThreshold(labels, scores, { objective });
      const at = countAt(labels, scores, best.threshold);
      expect(at.precision).toBeCloseTo(best.precision, 12);
      expect(at.recall).toBeCloseTo(best.recall, 12);
      expect(at.fpr).toBeCloseTo(best.fpr, 12);
      let bruteBest = -Infinity;
      for (const t of new Set(scores)) {
        const m = countAt(labels, scores, t);
        bruteBest = Math.max(bruteBest, objective === 'f1' ? m.f1 : m.recall - m.fpr);
      }
      expect(objective === 'f1' ? best.f1 : best.youden).toBeCloseTo(bruteBest, 12);
    }
  });

  it('validates its options', () => {
    expect(() => tuneThreshold(y, s, { objective: 'precisionAtLeast' })).toThrow(
      "Expected minPrecision to be in [0, 1] for objective 'precisionAtLeast', got undefined",
    );
    expect(() => tuneThreshold(y, s, { objective: 'auc' as 'f1' })).toThrow(/got auc/);
    expect(() => tuneThreshold([0, 0], [0.1, 0.2], { objective: 'f1' })).toThrow(/Expected both classes/);
  });
});

describe('probabilityHistogram', () => {
  it('counts scores per class and bin, with 1 in the last bin', () => {
    const h = probabilityHistogram([0, 0.05, 0.5, 0.99, 1, 0.3], [0, 0, 1, 1, 1, 0], 4);
    expect(h.edges).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(h.counts).toEqual([
      [2, 1, 0, 0],
      [0, 0, 1, 2],
    ]);
    expect(probabilityHistogram([1 + 1e-9], [0], 2).counts).toEqual([
      [0, 1],
      [0, 0],
    ]);
    expect(probabilityHistogram([0.5], [0], 2, 3).counts).toHaveLength(3);
  });

  it('rejects scores outside [0, 1], bad labels and bad bins', () => {
    expect(() => probabilityHistogram([1.5], [0])).toThrow(
      'Expected probabilities in [0, 1], got 1.5 at row 0',
    );
    expect(() => probabilityHistogram([NaN], [0])).toThrow(/got NaN/);
    expect(() => probabilityHistogram([0.5], [-1])).toThrow(/got -1 at row 0/);
    expect(() => probabilityHistogram([0.5], [0], 0)).toThrow('Expected bins to be an integer >= 1, got 0');
    expect(() => probabilityHistogram([0.5, 0.2], [0])).toThrow(/one score per label/);
    expect(() => probabilityHistogram([0.5], [2], 10, 2)).toThrow(
      /nClasses to be an integer > every label \(2\), got 2/,
    );
  });
});

describe('bootstrapThreshold', () => {
  it('is narrow when the classes are far apart and wide when a handful of positives decide it', () => {
    const n = 200;
    const y = Array.from({ length: n }, (_, i) => (i < 100 ? 1 : 0));
    const clear = y.map((v, i) => (v ? 0.8 + (i % 10) / 100 : 0.1 + (i % 10) / 100));
    const narrow = bootstrapThreshold(y, clear, { objective: 'f1', seed: 1 });
    expect(narrow.low).toBeGreaterThan(0.19);
    expect(narrow.high).toBeLessThan(0.81);
    expect(narrow.resamples).toBe(1000);

    // 6 positives among 200 whose scores overlap the negatives': the tuned cut-off is uncertain.
    const few = Array.from({ length: n }, (_, i) => (i < 6 ? 1 : 0));
    const overlap = few.map((v, i) => (v ? 0.3 + i / 10 : ((i * 37) % 100) / 120));
    const tuned = tuneThreshold(few, overlap, { objective: 'f1' }).threshold;
    const interval = bootstrapThreshold(few, overlap, { objective: 'f1', seed: 1, level: 0.9 });
    expect(interval.low).toBeLessThanOrEqual(tuned);
    expect(interval.high).toBeGreaterThanOrEqual(tuned);
    expect(interval.high - interval.low).toBeGreaterThan(0.1);
    expect(interval.resamples).toBeLessThan(1000);
    // Seeded: the same draw twice.
    expect(bootstrapThreshold(few, overlap, { objective: 'f1', seed: 1 })).toEqual(interval);
  });
});

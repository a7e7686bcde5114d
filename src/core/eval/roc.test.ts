import { describe, expect, it } from 'vitest';
import { rocCurve } from './roc';
import { mergeDatasets, tabularFromCsv } from '../data/tabular';
import spikeReggaeton from '../../../../shared/data/tabular/spike-reggaeton/data_reggaeton.csv?raw';
import spikeOther from '../../../../shared/data/tabular/spike-reggaeton/data_todotipo.csv?raw';

/** AUC as the probability that a random positive outscores a random negative, ties counting half. */
function pairwiseAuc(y: ArrayLike<number>, s: ArrayLike<number>): number {
  let wins = 0;
  let pairs = 0;
  for (let i = 0; i < y.length; i++) {
    if (y[i] !== 1) continue;
    for (let j = 0; j < y.length; j++) {
      if (y[j] !== 0) continue;
      pairs++;
      wins += s[i] > s[j] ? 1 : s[i] === s[j] ? 0.5 : 0;
    }
  }
  return wins / pairs;
}

describe('rocCurve', () => {
  it('matches the scikit-learn roc_curve / roc_auc_score example', () => {
    const { points, auc } = rocCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]);
    expect(points.map((p) => p.fpr)).toEqual([0, 0, 0.5, 0.5, 1]);
    expect(points.map((p) => p.tpr)).toEqual([0, 0.5, 0.5, 1, 1]);
    expect(points.map((p) => p.threshold)).toEqual([Infinity, 0.8, 0.4, 0.35, 0.1]);
    expect(auc).toBe(0.75);
  });

  it('gives tied scores half credit (hand-computed)', () => {
    // Positives score 0.9 and 0.5, negatives 0.5 and 0.5. Pairs: 0.9 beats both (2), 0.5 ties both (2 × ½):
    // AUC = 3 / 4. Without tie handling a curve stepping up before right would give 1.0 or 0.5.
    const { points, auc } = rocCurve([0, 1, 0, 1], [0.5, 0.5, 0.5, 0.9]);
    expect(points).toEqual([
      { fpr: 0, tpr: 0, threshold: Infinity },
      { fpr: 0, tpr: 0.5, threshold: 0.9 },
      { fpr: 1, tpr: 1, threshold: 0.5 },
    ]);
    expect(auc).toBe(0.75);
    // All scores equal: chance, 0.5.
    expect(rocCurve([1, 0, 1, 0, 0], [0.3, 0.3, 0.3, 0.3, 0.3]).auc).toBe(0.5);
    // A perfect and a perfectly wrong scorer.
    expect(rocCurve([0, 0, 1], [0.1, 0.2, 0.9]).auc).toBe(1);
    expect(rocCurve([0, 0, 1], [0.8, 0.9, 0.1]).auc).toBe(0);
  });

  it('equals the pairwise (Mann–Whitney) AUC on the Spike data, where ties abound', () => {
    const ds = mergeDatasets(
      tabularFromCsv(spikeReggaeton, { labelFor: 'reggaeton', drop: ['id_new'] }),
      tabularFromCsv(spikeOther, { labelFor: 'other', drop: ['id_new', 'time_signature'] }),
    );
    const y = Int32Array.from(ds.labels, (l) => (ds.classNames[l] === 'reggaeton' ? 1 : 0));
    const cols = ds.columns.length;
    for (const feature of ['danceability', 'speechiness', 'key', 'mode']) {
      const c = ds.columns.indexOf(feature);
      const scores = Float64Array.from({ length: ds.rows }, (_, r) => ds.features[r * cols + c]);
      const { points, auc } = rocCurve(y, scores);
      expect(auc).toBeCloseTo(pairwiseAuc(y, scores), 12);
      expect(points[points.length - 1]).toMatchObject({ fpr: 1, tpr: 1 });
      const backwards = points.filter(
        (p, k) => k > 0 && (p.fpr < points[k - 1].fpr || p.tpr < points[k - 1].tpr),
      );
      expect(backwards).toEqual([]);
    }
    // Reggaeton is danceable: danceability alone separates it well above chance.
    const dance = ds.columns.indexOf('danceability');
    const auc = rocCurve(
      y,
      Float64Array.from({ length: ds.rows }, (_, r) => ds.features[r * cols + dance]),
    ).auc;
    expect(auc).toBeGreaterThan(0.8);
  });

  it('rejects one-class labels, non-binary labels, NaN scores and length mismatches', () => {
    expect(() => rocCurve([1, 1], [0.2, 0.3])).toThrow(
      'Expected both classes in the labels, got 2 positives and 0 negatives (ROC and thresholds are undefined)',
    );
    expect(() => rocCurve([0, 2], [0.2, 0.3])).toThrow('Expected labels to be 0 or 1, got 2 at row 1');
    expect(() => rocCurve([0, 1], [0.2, NaN])).toThrow('Expected finite scores, got NaN at row 1');
    expect(() => rocCurve([0, 1], [0.2])).toThrow('Expected one score per label, got 1 scores for 2 labels');
  });
});

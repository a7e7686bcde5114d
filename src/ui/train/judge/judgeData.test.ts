import { describe, expect, it } from 'vitest';
import { rocCurve } from '../../../core/eval/roc';
import { tuneThreshold } from '../../../core/eval/threshold';
import { positiveClassOf as classifyPositiveClass } from '../../../core/predict/modelRunner';
import { binaryCountsAt } from '../../charts/histogramData';
import {
  classLabels,
  classScores,
  percent,
  positiveClassOf,
  startingThreshold,
  thresholdOn,
} from './judgeData';

describe('judge data', () => {
  // Four test rows, true classes 0, 1, 0, 1, with softmax probabilities [P(0), P(1)].
  const split = {
    probs: Float32Array.from([0.9, 0.1, 0.3, 0.7, 0.6, 0.4, 0.2, 0.8]),
    labels: Int32Array.from([0, 1, 0, 1]),
    ids: ['a', 'b', 'c', 'd'],
  };

  it("reads either class's probability from two columns, or from class 1's one column", () => {
    expect(classScores(split, 1)).toEqual(Float32Array.from([0.1, 0.7, 0.4, 0.8]));
    expect(classScores(split, 0)).toEqual(Float32Array.from([0.9, 0.3, 0.6, 0.2]));
    const one = { ...split, probs: Float32Array.from([0.1, 0.7, 0.4, 0.8]) };
    expect(classScores(one, 1)).toEqual(Float32Array.from([0.1, 0.7, 0.4, 0.8]));
    Array.from(classScores(one, 0)).forEach((p, i) => expect(p).toBeCloseTo([0.9, 0.3, 0.6, 0.2][i], 6));
    expect(() => classScores({ ...split, probs: new Float32Array(12) }, 1)).toThrow(
      'Expected 1 or 2 probabilities per row for a two-class run, got 12 for 4 rows',
    );
    expect(Array.from(classLabels(split, 1))).toEqual([0, 1, 0, 1]);
    expect(Array.from(classLabels(split, 0))).toEqual([1, 0, 1, 0]);
  });

  it('picks the positive class as Classify reads a saved model', () => {
    for (const [names, task] of [
      [['reggaeton', 'other'], 'reggaeton'],
      [['other', 'reggaeton'], 'Reggaeton'],
      [['no', 'yes'], 'my-task'],
    ] as const) {
      const meta = { classNames: [...names], task } as Parameters<typeof classifyPositiveClass>[0];
      expect(positiveClassOf(names, task)).toBe(classifyPositiveClass(meta));
    }
  });

  it('a cut-off on class 1 classifies the rows the same as its mirror on class 0', () => {
    const t1 = tuneThreshold(classLabels(split, 1), classScores(split, 1), { objective: 'f1' }).threshold;
    // Negatives score 0.1, 0.4 and positives 0.7, 0.8 on class 1: the F1 cut lies halfway between 0.4 and 0.7.
    expect(t1).toBeCloseTo(0.55, 6);
    const on1 = binaryCountsAt(classScores(split, 1), classLabels(split, 1), t1);
    const on0 = binaryCountsAt(classScores(split, 0), classLabels(split, 0), thresholdOn(0, t1));
    // Class 0's positives are class 1's negatives (rows at exactly the cut-off aside, none here).
    expect([on0.tp, on0.fp, on0.tn, on0.fn]).toEqual([on1.tn, on1.fn, on1.tp, on1.fp]);
    expect(thresholdOn(0, thresholdOn(0, 0.3))).toBeCloseTo(0.3, 12);
    expect(thresholdOn(1, 0.3)).toBe(0.3);
    // The ROC of either class has the same area.
    const auc1 = rocCurve(classLabels(split, 1), classScores(split, 1)).auc;
    expect(rocCurve(classLabels(split, 0), classScores(split, 0)).auc).toBeCloseTo(auc1, 12);
  });

  it('starts from the choice, else the tuned cut-off, else 0.5', () => {
    const tuned = tuneThreshold([0, 1, 0, 1], classScores(split, 1), { objective: 'f1' });
    const result = { threshold: tuned } as Parameters<typeof startingThreshold>[0];
    expect(startingThreshold(result, undefined)).toBeCloseTo(0.55, 6);
    expect(startingThreshold(result, 0.2)).toBe(0.2);
    expect(startingThreshold(undefined, undefined)).toBe(0.5);
    expect(percent(0.1234)).toBe('12.3%');
    expect(percent(null)).toBe('–');
    expect(percent(NaN)).toBe('–');
  });
});

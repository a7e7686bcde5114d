import { describe, expect, it } from 'vitest';
import { accuracy, argmaxRows, confusionMatrix, evaluate, macroF1, precisionRecall } from './metrics';

describe('confusionMatrix / accuracy / precisionRecall / macroF1', () => {
  it('matches the scikit-learn documentation examples', () => {
    // sklearn.metrics.confusion_matrix docstring.
    expect(confusionMatrix([2, 0, 2, 2, 0, 1], [0, 0, 2, 2, 0, 2], 3)).toEqual([
      [2, 0, 0],
      [0, 0, 1],
      [1, 0, 2],
    ]);
    // sklearn.metrics.accuracy_score docstring.
    expect(accuracy([0, 1, 2, 3], [0, 2, 1, 3])).toBe(0.5);
    // sklearn.metrics.f1_score docstring: macro 0.2666..., per class [0.8, 0, 0].
    const yTrue = [0, 1, 2, 0, 1, 2];
    const yPred = [0, 2, 1, 0, 0, 1];
    expect(macroF1(yTrue, yPred, 3)).toBeCloseTo(0.26666666666666666, 14);
    const per = precisionRecall(yTrue, yPred, 3);
    expect(per.map((s) => s.f1)).toEqual([0.8, 0, 0]);
    // precision_score docstring: per class [0.66..., 0, 0]; recall_score: [1, 0, 0].
    expect(per[0].precision).toBeCloseTo(2 / 3, 14);
    expect(per.map((s) => s.recall)).toEqual([1, 0, 0]);
    expect(per.map((s) => s.support)).toEqual([2, 2, 2]);
  });

  it('gives 0 instead of NaN where precision or recall is undefined', () => {
    // Class 2 never occurs and is never predicted; class 1 is never predicted.
    const per = precisionRecall([0, 1, 0], [0, 0, 0], 3);
    expect(per[1]).toEqual({ precision: 0, recall: 0, f1: 0, support: 1 });
    expect(per[2]).toEqual({ precision: 0, recall: 0, f1: 0, support: 0 });
    // Macro F1 averages over classes seen in yTrue or yPred (0 and 1), as scikit-learn does by default.
    expect(macroF1([0, 1, 0], [0, 0, 0], 3)).toBeCloseTo((0.8 + 0) / 2, 14);
    expect(accuracy([], [])).toBe(0);
    expect(macroF1([], [], 2)).toBe(0);
  });

  it('validates lengths and class indices', () => {
    expect(() => accuracy([0, 1], [0])).toThrow(
      'Expected as many predictions as labels, got 1 predictions for 2 labels',
    );
    expect(() => confusionMatrix([0, 3], [0, 1], 3)).toThrow(
      'Expected yTrue to be class indices in [0, 3), got 3 at row 1',
    );
    expect(() => confusionMatrix([0, 1], [0, -1], 3)).toThrow(/yPred .* got -1 at row 1/);
    expect(() => confusionMatrix([0], [0], 0)).toThrow('Expected nClasses to be an integer >= 1, got 0');
  });
});

describe('evaluate', () => {
  it('scores probabilities by their argmax', () => {
    const probs = Float32Array.from([0.7, 0.2, 0.1, 0.1, 0.8, 0.1, 0.3, 0.3, 0.4, 0.5, 0.4, 0.1]);
    const result = evaluate(Int32Array.from([0, 1, 1, 2]), probs, ['a', 'b', 'c']);
    // Predictions: 0, 1, 2, 0.
    expect(result.confusion).toEqual([
      [1, 0, 0],
      [0, 1, 1],
      [1, 0, 0],
    ]);
    expect(result.accuracy).toBe(0.5);
    expect(result.perClass[0]).toEqual({ name: 'a', precision: 0.5, recall: 1, f1: 2 / 3, support: 1 });
    expect(result.perClass[1]).toEqual({ name: 'b', precision: 1, recall: 0.5, f1: 2 / 3, support: 2 });
    expect(result.perClass[2]).toEqual({ name: 'c', precision: 0, recall: 0, f1: 0, support: 1 });
    expect(result.macroF1).toBeCloseTo(4 / 9, 14);
  });

  it('breaks ties towards the lower class and rejects NaN and wrong shapes', () => {
    expect(Array.from(argmaxRows([0.5, 0.5, 0.2, 0.8], 2, 2))).toEqual([0, 1]);
    expect(() => evaluate([0], [NaN, 1], ['a', 'b'])).toThrow(
      'Expected probabilities to be numbers, got NaN at row 0, class 0',
    );
    expect(() => evaluate([0, 1], [0.5, 0.5], ['a', 'b'])).toThrow('Expected 2 × 2 = 4 probabilities, got 2');
  });
});

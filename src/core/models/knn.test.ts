import { describe, expect, it } from 'vitest';
import { KnnClassifier } from './knn';

// Two well-separated clusters in 2-D and a third class far off.
const X = new Float32Array([0, 0, 0, 1, 1, 0, 10, 10, 10, 11, 11, 10, 50, 50]);
const Y = new Int32Array([0, 0, 0, 1, 1, 1, 2]);

describe('KnnClassifier', () => {
  it('votes with the k nearest examples (uniform weights)', () => {
    const knn = new KnnClassifier({ k: 3, weighting: 'uniform' }, { nClasses: 3, inputShape: [2] }).fit(X, Y);
    const probs = knn.predictProbs(new Float32Array([0.2, 0.2, 10.4, 10.3]));
    expect(Array.from(probs)).toEqual([1, 0, 0, 0, 1, 0]);
    // From (4, 4) the five nearest are class 0's three (5, 5, 5.7) and two of class 1's (8.5, 9.2).
    const five = new KnnClassifier({ k: 5, weighting: 'uniform' }, { nClasses: 3, inputShape: [2] }).fit(
      X,
      Y,
    );
    const p = five.predictProbs(new Float32Array([4, 4]));
    expect(Array.from(p).map((v) => Math.round(v * 5))).toEqual([3, 2, 0]);
  });

  it('weighs by inverse distance, and an exact match outvotes the rest (as scikit-learn)', () => {
    const knn = new KnnClassifier({ k: 7, weighting: 'distance' }, { nClasses: 3, inputShape: [2] }).fit(
      X,
      Y,
    );
    expect(Array.from(knn.predictProbs(new Float32Array([50, 50])))).toEqual([0, 0, 1]);
    const p = knn.predictProbs(new Float32Array([3, 3]));
    const w = (dx: number, dy: number) => 1 / Math.hypot(dx, dy);
    const w0 = w(3, 3) + w(3, 2) + w(2, 3);
    const w1 = w(7, 7) + w(7, 8) + w(8, 7);
    const w2 = w(47, 47);
    const total = w0 + w1 + w2;
    expect(p[0]).toBeCloseTo(w0 / total, 6);
    expect(p[1]).toBeCloseTo(w1 / total, 6);
    expect(p[2]).toBeCloseTo(w2 / total, 6);
  });

  it('works few-shot: k larger than the stored examples uses them all', () => {
    const knn = new KnnClassifier({ k: 10, weighting: 'uniform' }, { nClasses: 2, inputShape: [1] }).fit(
      new Float32Array([0, 1]),
      new Int32Array([0, 1]),
    );
    expect(Array.from(knn.predictProbs(new Float32Array([0.1])))).toEqual([0.5, 0.5]);
  });

  it('measures cosine distance by direction only', () => {
    const knn = new KnnClassifier({ k: 1, metric: 'cosine' }, { nClasses: 2, inputShape: [2] }).fit(
      new Float32Array([1, 0, 0, 1]),
      new Int32Array([0, 1]),
    );
    expect(Array.from(knn.predictProbs(new Float32Array([100, 1, 0.1, 3])))).toEqual([1, 0, 0, 1]);
  });

  it('gives finite logits whose argmax is the vote', () => {
    const knn = new KnnClassifier({ k: 1 }, { nClasses: 3, inputShape: [2] }).fit(X, Y);
    const logits = knn.predictLogits(new Float32Array([10, 10]));
    expect(logits.every(Number.isFinite)).toBe(true);
    expect(logits.indexOf(Math.max(...logits))).toBe(1);
  });

  it('rejects bad input with a clear message', () => {
    const knn = new KnnClassifier({}, { nClasses: 3, inputShape: [2] });
    expect(() => knn.predictProbs(new Float32Array(2))).toThrow(
      'KnnClassifier has no examples: call fit first',
    );
    expect(() => knn.fit(X, new Int32Array(3))).toThrow('Expected 7 labels (one per example), got 3');
    expect(() => knn.fit(new Float32Array(3), new Int32Array(1))).toThrow(
      'Expected input length to be a multiple of 2 (one example), got 3',
    );
    expect(() => knn.fit(new Float32Array([0, NaN]), new Int32Array(1))).toThrow(
      'Expected finite features, got NaN at row 0',
    );
    expect(() => knn.fit(new Float32Array([0, 0]), new Int32Array([3]))).toThrow(
      'Expected labels in [0, 2], got 3 at row 0',
    );
    expect(() => new KnnClassifier({ k: 0 }, { nClasses: 3, inputShape: [2] })).toThrow(
      'Expected k to be an integer in [1, 1000], got 0',
    );
  });
});

import { describe, expect, it } from 'vitest';
import { tuneThreshold } from '../../../core/eval/threshold';
import { binaryLabels, percent, positiveScores, startingThreshold } from './judgeData';

describe('judge data', () => {
  const split = {
    probs: Float32Array.from([0.9, 0.1, 0.3, 0.7, 0.6, 0.4, 0.2, 0.8]),
    labels: Int32Array.from([0, 1, 0, 1]),
    ids: ['a', 'b', 'c', 'd'],
  };

  it("reads class 1's probability from two columns or one", () => {
    expect(Array.from(positiveScores(split))).toEqual(Array.from(Float32Array.from([0.1, 0.7, 0.4, 0.8])));
    const one = { ...split, probs: Float32Array.from([0.1, 0.7, 0.4, 0.8]) };
    expect(positiveScores(one)).toEqual(Float32Array.from([0.1, 0.7, 0.4, 0.8]));
    expect(() => positiveScores({ ...split, probs: new Float32Array(12) })).toThrow(
      'Expected 1 or 2 probabilities per row for a two-class run, got 12 for 4 rows',
    );
    expect(Array.from(binaryLabels(split))).toEqual([0, 1, 0, 1]);
  });

  it('starts from the choice, else the tuned cut-off, else 0.5', () => {
    const tuned = tuneThreshold([0, 1, 0, 1], positiveScores(split), { objective: 'f1' });
    // Scores 0.1, 0.4 (negatives), 0.7, 0.8 (positives): the F1 cut lies halfway between 0.7 and 0.4.
    expect(tuned.threshold).toBeCloseTo(0.55, 6);
    const result = { threshold: tuned } as Parameters<typeof startingThreshold>[0];
    expect(startingThreshold(result, undefined)).toBeCloseTo(0.55, 6);
    expect(startingThreshold(result, 0.2)).toBe(0.2);
    expect(startingThreshold(undefined, undefined)).toBe(0.5);
    expect(percent(0.1234)).toBe('12.3%');
    expect(percent(null)).toBe('–');
    expect(percent(NaN)).toBe('–');
  });
});

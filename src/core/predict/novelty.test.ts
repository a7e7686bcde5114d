import { describe, expect, it } from 'vitest';
import { createRng } from '../random';
import {
  fitNoveltyRule,
  fitRangeNoveltyRule,
  MAX_WHITENED,
  noveltyRuleOf,
  noveltyScores,
  NOVELTY_VERSION,
  outsideRangeCounts,
  zRms,
} from './novelty';

/** Standard-normal rows whose second column follows the first closely (as a song's MFCCs follow each other). */
function correlatedRows(rows: number, size: number, seed: number): Float32Array {
  const rng = createRng(seed);
  const x = Float32Array.from({ length: rows * size }, () => rng.normal());
  for (let r = 0; r < rows; r++) x[r * size + 1] = 0.95 * x[r * size] + 0.3 * rng.normal();
  return x;
}

describe('novelty', () => {
  it('scores by RMS z-score', () => {
    const scores = zRms(Float32Array.from([3, 4, 0, 0]), 2, 2);
    expect(scores[0]).toBeCloseTo(Math.sqrt(12.5), 5);
    expect(scores[1]).toBe(0);
  });

  it('whitens by the training covariance: a combination no training row has is far, though each value is not', () => {
    const rows = 2000;
    const size = 20;
    const rule = fitNoveltyRule(correlatedRows(rows, size, 3), rows, size);
    expect(rule).toMatchObject({
      version: NOVELTY_VERSION,
      score: 'mahalanobis',
      quantile: 0.995,
      margin: 1.5,
    });
    expect(rule.cholesky).toHaveLength((size * (size + 1)) / 2);
    // Training-like rows score about 1; the threshold is the 99.5th percentile, half as far again.
    expect(rule.threshold).toBeGreaterThan(1.8);
    expect(rule.threshold).toBeLessThan(2.6);
    const typical = correlatedRows(1, size, 9);
    expect(noveltyScores(rule, typical, 1, size)[0]).toBeLessThan(rule.threshold);
    // Columns 0 and 1 at ±2.5: unremarkable one by one (z RMS under the threshold), impossible together.
    const odd = new Float32Array(size);
    odd[0] = 2.5;
    odd[1] = -2.5;
    expect(zRms(odd, 1, size)[0]).toBeLessThan(rule.threshold);
    expect(noveltyScores(rule, odd, 1, size)[0]).toBeGreaterThan(rule.threshold);
  });

  it('falls back to z RMS for wide inputs', () => {
    const size = MAX_WHITENED + 1;
    const rng = createRng(1);
    const x = Float32Array.from({ length: 500 * size }, () => rng.normal());
    const rule = fitNoveltyRule(x, 500, size);
    expect(rule.score).toBe('zRms');
    expect(rule.cholesky).toBeUndefined();
  });

  it('reads a rule from meta.metrics, and none that is malformed or of another version', () => {
    const rule = { version: NOVELTY_VERSION, score: 'zRms', threshold: 2, quantile: 0.995, margin: 1.5 };
    expect(noveltyRuleOf({ metrics: { novelty: rule } })).toEqual(rule);
    expect(noveltyRuleOf({ metrics: {} })).toBeNull();
    expect(noveltyRuleOf({ metrics: { novelty: { ...rule, version: 99 } } })).toBeNull();
    expect(noveltyRuleOf({ metrics: { novelty: { ...rule, threshold: -1 } } })).toBeNull();
    expect(noveltyRuleOf({ metrics: { novelty: { ...rule, score: 'mahalanobis' } } })).toBeNull();
    expect(noveltyRuleOf({ metrics: { novelty: 'x' } })).toBeNull();
  });

  it('counts the values outside each column’s training range', () => {
    const counts = outsideRangeCounts([-1, 0], [1, 2], Float32Array.from([0, 1, -2, 3, 1, 2]), 3, 2);
    expect(Array.from(counts)).toEqual([0, 2, 0]);
    expect(() => outsideRangeCounts([0], [1], new Float32Array(2), 1, 2)).toThrow(
      /for 2 columns, got one for 1/,
    );
  });

  it('range rule: a steady signal lies outside the range in many columns at once, a new recording in few', () => {
    const size = MAX_WHITENED + 40;
    const rows = 3000;
    const train = correlatedRows(rows, size, 1);
    const validation = correlatedRows(400, size, 2);
    const rule = fitRangeNoveltyRule(train, rows, validation, 400, size);
    expect(rule).toMatchObject({ version: NOVELTY_VERSION, score: 'range', quantile: 0.995, margin: 1.5 });
    expect(rule.low).toHaveLength(size);
    // Every training row lies within its own ranges; few validation rows stray, so the threshold is small.
    expect(Math.max(...noveltyScores(rule, train, rows, size))).toBe(0);
    expect(rule.threshold).toBeGreaterThanOrEqual(1);
    expect(rule.threshold).toBeLessThan(5);
    const fresh = noveltyScores(rule, correlatedRows(400, size, 3), 400, size);
    expect(fresh.filter((c) => c > rule.threshold).length).toBeLessThanOrEqual(2);
    // A row whose first 12 columns sit past anything trained on (as a tone's _std columns sit at 0, below every
    // recording's), the rest ordinary: its z RMS looks ordinary, its count does not.
    const odd = correlatedRows(1, size, 4);
    for (let j = 0; j < 12; j++) odd[j] = rule.low![j] - 0.2;
    expect(zRms(odd, 1, size)[0]).toBeLessThan(fitNoveltyRule(train, rows, size).threshold);
    expect(noveltyScores(rule, odd, 1, size)[0]).toBeGreaterThanOrEqual(12);
    // Stored and read back as the bundle carries it; a malformed range is refused.
    const stored = JSON.parse(JSON.stringify(rule)) as typeof rule;
    expect(noveltyRuleOf({ metrics: { novelty: stored } })).toEqual(stored);
    expect(noveltyRuleOf({ metrics: { novelty: { ...stored, high: stored.high!.slice(1) } } })).toBeNull();
    expect(
      noveltyRuleOf({ metrics: { novelty: { ...stored, low: stored.high, high: stored.low } } }),
    ).toBeNull();
    expect(noveltyRuleOf({ metrics: { novelty: { ...stored, low: undefined } } })).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { createRng } from '../random';
import { fitNoveltyRule, MAX_WHITENED, noveltyRuleOf, noveltyScores, NOVELTY_VERSION, zRms } from './novelty';

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
});

import { describe, expect, it } from 'vitest';
import { createRng } from '../random';
import { fitNoveltyRule, MAX_WHITENED, noveltyRuleOf, noveltyScores, NOVELTY_VERSION, zRms } from './novelty';
import { fitSubspace, isSubspaceModel, rowCovariance, subspaceScores } from './subspaceNovelty';

/**
 * Rows driven by `factors` hidden sources (each column a fixed mix of them, the same for every seed) plus a
 * little noise of its own.
 */
function lowRankRows(rows: number, size: number, factors: number, seed: number): Float32Array {
  const mixing = createRng(1000 + size * 10 + factors);
  const mix = Array.from({ length: factors * size }, () => mixing.normal());
  const rng = createRng(seed);
  const x = new Float32Array(rows * size);
  for (let r = 0; r < rows; r++) {
    const f = Array.from({ length: factors }, () => rng.normal());
    for (let j = 0; j < size; j++) {
      let v = 0.1 * rng.normal();
      for (let k = 0; k < factors; k++) v += f[k] * mix[k * size + j];
      x[r * size + j] = v / Math.sqrt(factors);
    }
  }
  return x;
}

/** Standard-normal rows whose second column follows the first closely. */
function correlatedRows(rows: number, size: number, seed: number): Float32Array {
  const rng = createRng(seed);
  const x = Float32Array.from({ length: rows * size }, () => rng.normal());
  for (let r = 0; r < rows; r++) x[r * size + 1] = 0.95 * x[r * size] + 0.3 * rng.normal();
  return x;
}

describe('subspace novelty (probabilistic PCA)', () => {
  it('computes the rows’ mean and sample covariance', () => {
    const { mean, covariance } = rowCovariance(Float32Array.from([1, 2, 3, 6, 5, 10]), 3, 2);
    expect(Array.from(mean)).toEqual([3, 6]);
    // Column 0: 1, 3, 5 → variance 4; column 1: 2, 6, 10 → 16; covariance 8.
    expect(Array.from(covariance)).toEqual([4, 8, 8, 16]);
  });

  it('with all but one direction kept, is close to the full Mahalanobis distance', () => {
    const rows = 3000;
    const size = 12;
    // Independent columns but two, so that the ridge the Cholesky factor adds (1e-3) is small beside every
    // variance.
    const x = correlatedRows(rows, size, 4);
    const full = fitNoveltyRule(x, rows, size);
    expect(full.score).toBe('mahalanobis');
    const model = fitSubspace(x, rows, size, size - 1);
    const probe = correlatedRows(20, size, 8);
    for (let i = 0; i < probe.length; i++) probe[i] += i % 3 === 0 ? 0.5 : 0;
    const a = noveltyScores(full, probe, 20, size);
    const b = subspaceScores(model, probe, 20, size);
    for (let r = 0; r < 20; r++) expect(b[r]).toBeCloseTo(a[r], 1);
  });

  it('finds a row off the training rows’ plane, which the z RMS calls ordinary', () => {
    const rows = 4000;
    const size = MAX_WHITENED + 24;
    const x = lowRankRows(rows, size, 8, 1);
    const rule = fitNoveltyRule(x, rows, size, { subspaceComponents: 16 });
    expect(rule).toMatchObject({ version: NOVELTY_VERSION, score: 'subspace', quantile: 0.995, margin: 1.5 });
    expect(rule.subspace!.basis).toHaveLength(16 * size);
    const typical = lowRankRows(50, size, 8, 2);
    const scores = noveltyScores(rule, typical, 50, size);
    expect(scores.filter((s) => s > rule.threshold).length).toBeLessThanOrEqual(1);
    // Noise of the same per-column size as the training rows, but with none of their structure.
    const rng = createRng(5);
    const columnStd = Math.sqrt(rule.subspace!.variances.reduce((a, v) => a + v, 0) / size);
    const odd = Float32Array.from({ length: size }, () => columnStd * rng.normal());
    expect(zRms(odd, 1, size)[0]).toBeLessThan(rule.threshold);
    expect(noveltyScores(rule, odd, 1, size)[0]).toBeGreaterThan(3 * rule.threshold);
  });

  it('keeps the z RMS for wide inputs unless asked, and refuses a malformed stored subspace', () => {
    const size = MAX_WHITENED + 4;
    const x = lowRankRows(600, size, 4, 3);
    expect(fitNoveltyRule(x, 600, size).score).toBe('zRms');
    const rule = fitNoveltyRule(x, 600, size, { subspaceComponents: 8 });
    expect(noveltyRuleOf({ metrics: { novelty: JSON.parse(JSON.stringify(rule)) } })).toEqual(rule);
    const broken = (change: Record<string, unknown>) =>
      noveltyRuleOf({ metrics: { novelty: { ...rule, subspace: { ...rule.subspace, ...change } } } });
    expect(broken({ basis: rule.subspace!.basis.slice(1) })).toBeNull();
    expect(broken({ variances: [0, ...rule.subspace!.variances.slice(1)] })).toBeNull();
    expect(broken({ residualVariance: Number.NaN })).toBeNull();
    expect(noveltyRuleOf({ metrics: { novelty: { ...rule, subspace: undefined } } })).toBeNull();
    expect(isSubspaceModel(rule.subspace!, size + 1)).toBe(false);
    expect(() => subspaceScores(rule.subspace!, new Float32Array(size + 1), 1, size + 1)).toThrow(
      /for 101 columns, got one for 100/,
    );
    expect(() => fitSubspace(x, 600, size, size)).toThrow(/between 1 and 99 components, got 100/);
  });
});

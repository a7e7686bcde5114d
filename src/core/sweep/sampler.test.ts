import { describe, expect, it } from 'vitest';
import { MODEL_FAMILIES } from '../models/config';
import { gridSize, gridValues, sampleTrials } from './sampler';
import { checkSpace, searchSpaceFor, spaceFromOptions, type SearchSpace } from './space';

const small: SearchSpace = {
  family: 'mlp',
  budget: 'training.epochs',
  params: [
    { name: 'dropout', path: 'model.dropout', spec: { kind: 'float', min: 0, max: 0.4, gridPoints: 3 } },
    { name: 'l2', path: 'model.l2', spec: { kind: 'float', min: 1e-4, max: 1e-2, log: true, gridPoints: 3 } },
    { name: 'activation', path: 'model.activation', spec: { kind: 'choice', values: ['relu', 'elu'] } },
  ],
};

describe('sampleTrials', () => {
  it('random sampling repeats for a seed and differs between seeds', () => {
    const space = searchSpaceFor('mlp');
    const a = sampleTrials(space, 'random', 12, 7);
    expect(sampleTrials(space, 'random', 12, 7)).toEqual(a);
    expect(sampleTrials(space, 'random', 12, 8)).not.toEqual(a);
  });

  it('random draws stay in range, log-uniform on log scales', () => {
    const draws = sampleTrials(searchSpaceFor('mlp'), 'random', 2000, 1);
    const lr = draws.map((d) => d.learningRate as number);
    expect(Math.min(...lr)).toBeGreaterThanOrEqual(1e-3);
    expect(Math.max(...lr)).toBeLessThanOrEqual(1e-2);
    // Log-uniform over [1e-3, 1e-2]: half the draws fall below the geometric middle √1e-5 (uniform: ~24 %).
    const below = lr.filter((x) => x < Math.sqrt(1e-5)).length / lr.length;
    expect(below).toBeGreaterThan(0.45);
    expect(below).toBeLessThan(0.55);
    const k = sampleTrials(searchSpaceFor('knn'), 'random', 500, 2).map((d) => d.k as number);
    expect(k.every((x) => Number.isInteger(x) && x >= 1 && x <= 50)).toBe(true);
  });

  it('a grid covers every combination exactly once when the trials allow', () => {
    expect(gridValues(small.params[1].spec)).toEqual([1e-4, 1e-3, 1e-2]);
    expect(gridSize(small)).toBe(18);
    const trials = sampleTrials(small, 'grid', 100, 3);
    expect(trials).toHaveLength(18);
    const keys = new Set(trials.map((t) => JSON.stringify([t.dropout, t.l2, t.activation])));
    expect(keys.size).toBe(18);
    for (const d of [0, 0.2, 0.4])
      for (const l of [1e-4, 1e-3, 1e-2])
        for (const a of ['relu', 'elu']) expect(keys.has(JSON.stringify([d, l, a]))).toBe(true);
  });

  it('a smaller grid search visits distinct grid points, the same ones for a seed', () => {
    const a = sampleTrials(small, 'grid', 5, 9);
    expect(a).toHaveLength(5);
    expect(new Set(a.map((t) => JSON.stringify(t))).size).toBe(5);
    expect(sampleTrials(small, 'grid', 5, 9)).toEqual(a);
    for (const t of a) expect([0, 0.2, 0.4]).toContain(t.dropout);
  });

  it('names bad input', () => {
    expect(() => sampleTrials(small, 'grid', 0, 1)).toThrow(/trials/);
    expect(() => sampleTrials(small, 'bayes' as never, 3, 1)).toThrow(/sampler/);
    expect(() =>
      checkSpace({
        ...small,
        params: [{ name: 'l2', path: 'model.l2', spec: { kind: 'float', min: 0, max: 1, log: true } }],
      }),
    ).toThrow(/log scale/);
  });

  it('every family has a valid space', () => {
    for (const family of MODEL_FAMILIES) expect(() => checkSpace(searchSpaceFor(family))).not.toThrow();
  });

  it("a family published as option data (the classic families' shape) becomes a space", () => {
    // As random-forest publishes them in src/core/models/classic/families.ts (families branch).
    const options = {
      nEstimators: { kind: 'int', default: 200, min: 1, max: 2000, log: true },
      maxDepth: { kind: 'int', default: 0, min: 0, max: 64, log: false },
      maxFeatures: { kind: 'choice', default: 'sqrt', choices: ['sqrt', 'log2', 'all'] },
      seed: { kind: 'int', default: 42, min: 0, max: 2 ** 31 - 1, log: false },
    } as const;
    const space = spaceFromOptions('knn', options, { omit: ['seed'], ranges: { nEstimators: [20, 300] } });
    expect(space.params.map((p) => p.path)).toEqual([
      'model.nEstimators',
      'model.maxDepth',
      'model.maxFeatures',
    ]);
    expect(space.params[0].spec).toEqual({ kind: 'int', min: 20, max: 300, log: true });
    expect(space.budget).toBeNull();
    const draws = sampleTrials(space, 'random', 200, 0);
    expect(draws.every((d) => (d.nEstimators as number) >= 20 && (d.nEstimators as number) <= 300)).toBe(
      true,
    );
    expect(new Set(draws.map((d) => d.maxFeatures))).toEqual(new Set(['sqrt', 'log2', 'all']));
    expect(sampleTrials(space, 'grid', 1000, 0)).toHaveLength(3 * 3 * 3);
    expect(() => spaceFromOptions('knn', options, { ranges: { maxDepth: [0, 100] } })).toThrow(
      /within \[0, 64\]/,
    );
  });
});

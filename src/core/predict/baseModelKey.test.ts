import { describe, expect, it } from 'vitest';
import { baseModelKeyOf, contentHash, sameBaseModel } from './baseModelKey';

const META = {
  name: 'instruments',
  createdAt: '2026-11-21T12:45:09.119Z',
  classNames: ['cello', 'other'],
  featureSpec: { name: 'frames', version: 1, columns: ['a', 'b'] },
  inputShape: [2],
  normalization: { mean: [0, 1], std: [1, 2] },
  modelConfig: { family: 'mlp', hidden: [768, 256] },
} as unknown as Parameters<typeof baseModelKeyOf>[0];

describe('baseModelKeyOf', () => {
  it('gives the same key for the same meta, whatever the key order', () => {
    const reordered = { ...META, modelConfig: { hidden: [768, 256], family: 'mlp' } };
    expect(baseModelKeyOf(META)).toEqual(baseModelKeyOf(reordered));
    expect(baseModelKeyOf(META).hash).toMatch(/^[0-9a-f]{16}$/);
    expect(sameBaseModel(baseModelKeyOf(META), baseModelKeyOf(reordered))).toBe(true);
  });

  it('changes when the architecture, the features or the build change', () => {
    const key = baseModelKeyOf(META);
    expect(baseModelKeyOf({ ...META, modelConfig: { family: 'mlp', hidden: [512] } }).hash).not.toBe(
      key.hash,
    );
    expect(baseModelKeyOf({ ...META, inputShape: [3] }).hash).not.toBe(key.hash);
    expect(baseModelKeyOf({ ...META, createdAt: '2026-12-01T00:00:00.000Z' }).hash).not.toBe(key.hash);
  });

  it('hashes plain values', () => {
    expect(contentHash({ a: 1, b: [1, 2] })).toBe(contentHash({ b: [1, 2], a: 1 }));
    expect(contentHash('x')).not.toBe(contentHash('y'));
  });
});

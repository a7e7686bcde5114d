import { describe, expect, it } from 'vitest';
import { parseBundleMeta } from '../bundle/meta';
import { standardizeExamples } from '../predict/modelRunner';
import {
  applyStandardizer,
  FLOAT32_MIN_NORMAL,
  fitStandardizer,
  standardizerFromJson,
  STANDARDIZER_VERSION,
  usableStd,
} from './normalize';

describe('standardisation checked in float32', () => {
  it('treats a std below float32’s smallest normal as a constant column', () => {
    expect(usableStd(1e-45)).toBe(1);
    expect(usableStd(FLOAT32_MIN_NORMAL / 2)).toBe(1);
    expect(usableStd(FLOAT32_MIN_NORMAL)).toBe(FLOAT32_MIN_NORMAL);
    expect(usableStd(0.5)).toBe(0.5);
    const json = standardizerFromJson({ version: STANDARDIZER_VERSION, mean: [0, 0], std: [1e-45, 2] });
    expect(json.std).toEqual([1, 2]);
  });

  it('fits a spread too small for float32 as a constant column', () => {
    const tiny = Float64Array.from([1e-40, 1, 3e-40, 3]);
    const s = fitStandardizer(tiny, 2, 2);
    expect(s.std[0]).toBe(1);
    expect(s.std[1]).toBe(1);
  });

  it('refuses, naming the value, a standardised value that is Infinity in float32 though finite in float64', () => {
    const s = { version: STANDARDIZER_VERSION, mean: [0], std: [1e-40] };
    expect((1 - 0) / 1e-40).toBeLessThan(Infinity);
    expect(() => applyStandardizer(s, [1], 1, 1)).toThrow(
      'Expected finite features, got 1 at row 0, column 0',
    );
  });

  it('gives finite model inputs for a bundle whose std is 1e-45', () => {
    const out = standardizeExamples(Float32Array.from([2, 3]), [2], { mean: [1, 1], std: [1e-45, 1] });
    expect(Array.from(out)).toEqual([1, 2]);
  });

  it('reads such a std from meta.json as a constant column', () => {
    const meta = {
      format: 'oido-model',
      version: 1,
      name: 't',
      createdAt: '2026-01-01T00:00:00Z',
      task: 't',
      classNames: ['a', 'b'],
      featureSpec: { name: 'tabular', version: 1, sampleRate: 22050, frameLength: 1, hop: 1, columns: ['x'] },
      inputShape: [1],
      normalization: { mean: [0], std: [1e-45] },
      modelConfig: {},
      trainingConfig: {},
      metrics: {},
      data: { source: 's', rows: 2, classCounts: { a: 1, b: 1 } },
      kind: 'tf-layers',
    };
    expect(parseBundleMeta(meta).normalization?.std).toEqual([1]);
  });
});

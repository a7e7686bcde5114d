import { describe, expect, it } from 'vitest';
import { applyStandardizer, fitStandardizer, STANDARDIZER_VERSION, standardizerFromJson } from './normalize';
import { trainValTestSplit } from './split';
import { tabularFromCsv } from './tabular';
import gtzan30 from '../../../../shared/data/tabular/gtzan/features_30_sec.csv?raw';

describe('fitStandardizer / applyStandardizer', () => {
  it('matches a hand computation with population std, and maps a constant column to 0', () => {
    // Column 0: 1, 2, 3, 4 -> mean 2.5, population std sqrt(1.25). Column 1 is constant.
    const x = Float32Array.from([1, 7, 2, 7, 3, 7, 4, 7]);
    const s = fitStandardizer(x, 4, 2);
    expect(s.version).toBe(STANDARDIZER_VERSION);
    expect(s.mean).toEqual([2.5, 7]);
    expect(s.std[0]).toBeCloseTo(Math.sqrt(1.25), 12);
    expect(s.std[1]).toBe(1);
    const z = applyStandardizer(s, x, 4, 2);
    expect(z[0]).toBeCloseTo(-1.5 / Math.sqrt(1.25), 6);
    expect(z[1]).toBe(0);
    expect(z.every(Number.isFinite)).toBe(true);
  });

  it('fits on training rows only', () => {
    const x = Float32Array.from([0, 10, 20, 1000]);
    const s = fitStandardizer(x, 4, 1, Int32Array.from([0, 1, 2]));
    expect(s.mean).toEqual([10]);
    expect(s.std[0]).toBeCloseTo(Math.sqrt(200 / 3), 12);
    expect(applyStandardizer(s, x, 4, 1)[3]).toBeCloseTo(990 / Math.sqrt(200 / 3), 3);
  });

  it('standardizes the GTZAN training rows to mean 0 and std 1, and survives JSON', () => {
    const ds = tabularFromCsv(gtzan30, { drop: ['length'] });
    const { train } = trainValTestSplit(ds.labels, ds.groups, { seed: 1 });
    const s = fitStandardizer(ds.features, ds.rows, ds.columns.length, train);
    const back = standardizerFromJson(JSON.parse(JSON.stringify(s)));
    expect(back).toEqual(s);
    const z = applyStandardizer(back, ds.features, ds.rows, ds.columns.length);
    const cols = ds.columns.length;
    for (let c = 0; c < cols; c++) {
      let sum = 0;
      let sq = 0;
      for (const r of train) {
        sum += z[r * cols + c];
        sq += z[r * cols + c] ** 2;
      }
      expect(Math.abs(sum / train.length)).toBeLessThan(1e-4);
      expect(Math.abs(sq / train.length - 1)).toBeLessThan(1e-4);
    }
    // spectral_centroid_var is in the hundreds of thousands before scaling.
    expect(s.std[ds.columns.indexOf('spectral_centroid_var')]).toBeGreaterThan(1e5);
  });

  it('writes into a given output array', () => {
    const s = fitStandardizer([1, 3], 2, 1);
    const out = new Float32Array(2);
    expect(applyStandardizer(s, [1, 3], 2, 1, out)).toBe(out);
    expect(Array.from(out)).toEqual([-1, 1]);
  });

  it('rejects bad shapes, indices, values and JSON', () => {
    expect(() => fitStandardizer([1, 2, 3], 2, 2)).toThrow('Expected 2 × 2 = 4 feature values, got 3');
    expect(() => fitStandardizer([1, 2], 2, 1, [])).toThrow(/at least one row/);
    expect(() => fitStandardizer([1, 2], 2, 1, [2])).toThrow(
      'Expected row indices in [0, 2), got 2 at position 0',
    );
    expect(() => fitStandardizer([1, NaN], 2, 1)).toThrow(
      'Expected finite features, got NaN at row 1, column 0',
    );
    expect(() => fitStandardizer([1], 1, 0)).toThrow('Expected cols to be an integer >= 1, got 0');
    const s = fitStandardizer([1, 2, 3, 4], 2, 2);
    expect(() => applyStandardizer(s, [1, 2, 3], 1, 3)).toThrow(
      'Standardizer was fitted on 2 columns, got data with 3 columns',
    );
    expect(() => applyStandardizer(s, [1, 2, Infinity, 4], 2, 2)).toThrow(
      'Expected finite features, got Infinity at row 1, column 0',
    );
    expect(() => standardizerFromJson({ version: 2, mean: [0], std: [1] })).toThrow(
      'Standardizer version 2 is not supported (this app reads version 1)',
    );
    expect(() => standardizerFromJson({ version: 1, mean: [0], std: [0] })).toThrow(
      'Standardizer std[0] must be finite and > 0, got 0',
    );
    expect(() => standardizerFromJson({ version: 1, mean: [0, 1], std: [1] })).toThrow(
      /same non-zero length/,
    );
    expect(() => standardizerFromJson(null)).toThrow(/Expected a standardizer object/);
  });
});

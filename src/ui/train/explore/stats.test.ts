import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tabularFromCsv } from '../../../core/data/tabular';
import { classHistogram, correlationMatrix } from './stats';

describe('classHistogram', () => {
  it('counts each class per bin, the maximum in the last bin', () => {
    const x = [0, 1, 2, 3, 4, 10];
    const h = classHistogram(x, 6, 1, 0, [0, 0, 1, 1, 1, 0], 2, 5);
    expect(h.edges).toEqual([0, 2, 4, 6, 8, 10]);
    expect(h.counts).toEqual([
      [2, 0, 0, 0, 1],
      [0, 2, 1, 0, 0],
    ]);
  });

  it('gives one bin to a constant column and names a bad column', () => {
    expect(classHistogram([3, 3, 3], 3, 1, 0, [0, 1, 1], 2).counts).toEqual([[1], [2]]);
    expect(() => classHistogram([1], 1, 1, 1, [0], 2)).toThrow('Expected column in [0, 1), got 1');
  });
});

describe('correlationMatrix', () => {
  it('is 1 on the diagonal, ±1 for linear relations and 0 for a constant column', () => {
    const rows = 5;
    const x: number[] = [];
    for (let r = 0; r < rows; r++) x.push(r, -2 * r + 1, 7);
    const m = correlationMatrix(x, rows, 3, [0, 1, 2]);
    expect(Array.from(m)).toEqual([1, -1, 0, -1, 1, 0, 0, 0, 1]);
  });

  it('finds the GTZAN spectral centroid and roll-off means strongly correlated, as the features define', () => {
    const csv = readFileSync(
      path.resolve(process.cwd(), '../shared/data/tabular/gtzan/features_30_sec.csv'),
      'utf8',
    );
    const ds = tabularFromCsv(csv);
    const c = ds.columns.indexOf('spectral_centroid_mean');
    const r = ds.columns.indexOf('rolloff_mean');
    const m = correlationMatrix(ds.features, ds.rows, ds.columns.length, [c, r]);
    expect(m[1]).toBeGreaterThan(0.9);
  });

  it('estimates from evenly spaced rows when asked to keep to fewer: from 1,000 rows every pair within 0.1 (about 3/√1000) of all rows', () => {
    const csv = readFileSync(
      path.resolve(process.cwd(), '../shared/data/tabular/gtzan/features_10_sec.csv'),
      'utf8',
    );
    const ds = tabularFromCsv(csv);
    const columns = ds.columns.map((_, i) => i).slice(0, 40);
    const all = correlationMatrix(ds.features, ds.rows, ds.columns.length, columns);
    const some = correlationMatrix(ds.features, ds.rows, ds.columns.length, columns, 1000);
    let worst = 0;
    for (let i = 0; i < all.length; i++) worst = Math.max(worst, Math.abs(all[i] - some[i]));
    expect(ds.rows).toBeGreaterThan(2500);
    expect(worst).toBeGreaterThan(0);
    expect(worst).toBeLessThan(0.1);
    // The same rows as the table itself when it is within the limit.
    expect(correlationMatrix(ds.features, ds.rows, ds.columns.length, columns, ds.rows)).toEqual(all);
  });
});

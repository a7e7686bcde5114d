import { describe, expect, it } from 'vitest';
import { jacobiEigen, pca2d, pcaModelFromJson, projectPca } from './pca';
import { createRng } from '../random';
import { applyStandardizer, fitStandardizer } from '../data/normalize';
import { tabularFromCsv } from '../data/tabular';
import gtzan30 from '../../../../shared/data/tabular/gtzan/features_30_sec.csv?raw';

describe('jacobiEigen', () => {
  it('diagonalizes a symmetric matrix with known eigenpairs', () => {
    // [[2, 1], [1, 2]] has eigenvalues 3 (along (1, 1)/√2) and 1 (along (1, −1)/√2).
    const { values, vectors } = jacobiEigen(Float64Array.from([2, 1, 1, 2]), 2);
    const top = values[0] > values[1] ? 0 : 1;
    expect(values[top]).toBeCloseTo(3, 14);
    expect(values[1 - top]).toBeCloseTo(1, 14);
    expect(Math.abs(vectors[top])).toBeCloseTo(Math.SQRT1_2, 14);
    expect(vectors[top] * vectors[2 + top]).toBeCloseTo(0.5, 14);
  });
});

describe('pca2d', () => {
  it('finds a known principal axis and its share of the variance', () => {
    // 2,000 points: std 10 along u = (0.6, 0.8, 0), std 1 along w = (−0.8, 0.6, 0), std 0.1 along z.
    const rng = createRng(4);
    const rows = 2000;
    const data = new Float32Array(rows * 3);
    for (let r = 0; r < rows; r++) {
      const a = 10 * rng.normal();
      const b = rng.normal();
      data[r * 3] = 5 + 0.6 * a - 0.8 * b;
      data[r * 3 + 1] = -2 + 0.8 * a + 0.6 * b;
      data[r * 3 + 2] = 0.1 * rng.normal();
    }
    const pca = pca2d(data, rows, 3);
    // Sign rule: the largest entry is positive, so u comes out as (0.6, 0.8, 0), w as (0.8, −0.6, 0).
    expect(pca.components[0][0]).toBeCloseTo(0.6, 2);
    expect(pca.components[0][1]).toBeCloseTo(0.8, 2);
    expect(Math.abs(pca.components[0][2])).toBeLessThan(0.01);
    expect(pca.components[1][0]).toBeCloseTo(0.8, 1);
    expect(pca.components[1][1]).toBeCloseTo(-0.6, 1);
    expect(pca.mean[0]).toBeCloseTo(5, 0);
    expect(pca.mean[1]).toBeCloseTo(-2, 0);
    expect(pca.explained[0]).toBeCloseTo(100 / 101.01, 2);
    expect(pca.explained[1]).toBeCloseTo(1 / 101.01, 2);
    expect(Math.sqrt(pca.variance[0])).toBeCloseTo(10, 0);
    // Each point's first coordinate is its position along u.
    expect(pca.points[0]).toBeCloseTo(
      (data[0] - pca.mean[0]) * pca.components[0][0] +
        (data[1] - pca.mean[1]) * pca.components[0][1] +
        (data[2] - pca.mean[2]) * pca.components[0][2],
      3,
    );
  });

  it('is deterministic and independent of the axis sign the data happens to have', () => {
    const rng = createRng(8);
    const data = Float32Array.from({ length: 300 }, () => rng.normal());
    for (let r = 0; r < 100; r++) data[r * 3 + 1] = 3 * data[r * 3] + 0.1 * data[r * 3 + 1];
    const a = pca2d(data, 100, 3);
    expect(pca2d(data, 100, 3)).toEqual(a);
    const flipped = data.map((x) => -x);
    const b = pca2d(flipped, 100, 3);
    for (let c = 0; c < 3; c++) expect(b.components[0][c]).toBeCloseTo(a.components[0][c], 10);
    expect(b.points[0]).toBeCloseTo(-a.points[0], 4);
  });

  it('on standardized GTZAN features: eigenvectors of the covariance, uncorrelated scores, projectPca reproduces', () => {
    const ds = tabularFromCsv(gtzan30, { drop: ['length'] });
    const cols = ds.columns.length;
    const z = applyStandardizer(fitStandardizer(ds.features, ds.rows, cols), ds.features, ds.rows, cols);
    const pca = pca2d(z, ds.rows, cols);
    // Independent check: C v = λ v for each component, with C computed here.
    const cov = new Float64Array(cols * cols);
    for (let r = 0; r < ds.rows; r++) {
      for (let i = 0; i < cols; i++) {
        for (let j = 0; j < cols; j++)
          cov[i * cols + j] += (z[r * cols + i] - pca.mean[i]) * (z[r * cols + j] - pca.mean[j]);
      }
    }
    for (let k = 0; k < cols * cols; k++) cov[k] /= ds.rows - 1;
    for (const [k, v] of pca.components.entries()) {
      let residual = 0;
      let norm = 0;
      for (let i = 0; i < cols; i++) {
        let cv = 0;
        for (let j = 0; j < cols; j++) cv += cov[i * cols + j] * v[j];
        residual = Math.max(residual, Math.abs(cv - pca.variance[k] * v[i]));
        norm += v[i] * v[i];
      }
      expect(residual).toBeLessThan(1e-9);
      expect(norm).toBeCloseTo(1, 12);
    }
    expect(pca.components[0].reduce((s, x, i) => s + x * pca.components[1][i], 0)).toBeCloseTo(0, 12);
    // 57 standardized columns have total variance 57 × n / (n − 1).
    expect(pca.variance[0] / pca.explained[0]).toBeCloseTo((57 * 1000) / 999, 3);
    expect(pca.explained[0]).toBeGreaterThan(pca.explained[1]);
    expect(pca.explained[0] + pca.explained[1]).toBeLessThan(1);
    // The two score columns are uncorrelated, with variances λ1, λ2.
    let sxy = 0;
    let sxx = 0;
    for (let r = 0; r < ds.rows; r++) {
      sxy += pca.points[2 * r] * pca.points[2 * r + 1];
      sxx += pca.points[2 * r] ** 2;
    }
    expect(Math.abs(sxy / (ds.rows - 1))).toBeLessThan(1e-3);
    expect(sxx / (ds.rows - 1)).toBeCloseTo(pca.variance[0], 2);
    // Placing rows 10..12 again lands them where they were, and survives a JSON round trip.
    const model = pcaModelFromJson(JSON.parse(JSON.stringify({ ...pca, points: undefined })));
    const again = projectPca(model, z.subarray(10 * cols, 13 * cols));
    expect(Array.from(again)).toEqual(Array.from(pca.points.subarray(20, 26)));
  });

  it('handles constant data, one column and a single row without NaN', () => {
    const constant = pca2d(new Float32Array(12).fill(3), 4, 3);
    expect(constant.explained).toEqual([0, 0]);
    expect(Array.from(constant.points).every((x) => x === 0)).toBe(true);
    const one = pca2d(Float32Array.from([1, 2, 3]), 3, 1);
    expect(one.components).toEqual([[1], [0]]);
    expect(one.explained).toEqual([1, 0]);
    expect(Array.from(one.points)).toEqual([-1, 0, 0, 0, 1, 0]);
    const single = pca2d(Float32Array.from([1, 2]), 1, 2);
    expect(Array.from(single.points)).toEqual([0, 0]);
  });

  it('rejects bad shapes, non-finite values and bad models', () => {
    expect(() => pca2d(new Float32Array(5), 2, 3)).toThrow('Expected 2 × 3 = 6 values, got 5');
    expect(() => pca2d(Float32Array.from([1, NaN]), 1, 2)).toThrow(
      'Expected finite values, got NaN at row 0, column 1',
    );
    expect(() => pca2d(new Float32Array(0), 0, 2)).toThrow('Expected rows to be an integer >= 1, got 0');
    const model = pca2d(Float32Array.from([1, 2, 3, 5]), 2, 2);
    expect(() => projectPca(model, [1, 2, 3])).toThrow(
      "Expected a multiple of 2 values (the model's columns), got 3",
    );
    expect(() => pcaModelFromJson({ ...model, version: 9 })).toThrow('PCA model version 9 is not supported');
    expect(() => pcaModelFromJson({ ...model, components: [[1, 0], [0]] })).toThrow(/two components/);
  });
});

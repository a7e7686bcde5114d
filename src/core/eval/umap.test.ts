import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { applyStandardizer, fitStandardizer } from '../data/normalize';
import { tabularFromCsv, type TabularDataset } from '../data/tabular';
import { centredLogits, umap2d } from './umap';

let gtzan: TabularDataset;
let x: Float32Array;
let cols: number;

beforeAll(() => {
  const csv = path.resolve(process.cwd(), '../shared/data/tabular/gtzan/features_30_sec.csv');
  gtzan = tabularFromCsv(readFileSync(csv, 'utf8'), { drop: ['length'] });
  cols = gtzan.columns.length;
  const rows = gtzan.labels.length;
  x = applyStandardizer(fitStandardizer(gtzan.features, rows, cols), gtzan.features, rows, cols);
});

/** Share of points whose nearest other point (in 2-D) has the same class. */
function neighbourAgreement(points: Float32Array, labels: ArrayLike<number>): number {
  const n = labels.length;
  let same = 0;
  for (let i = 0; i < n; i++) {
    let best = -1;
    let bestD = Infinity;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const d = (points[2 * i] - points[2 * j]) ** 2 + (points[2 * i + 1] - points[2 * j + 1]) ** 2;
      if (d < bestD) [bestD, best] = [d, j];
    }
    if (labels[best] === labels[i]) same++;
  }
  return same / n;
}

describe('umap2d on the GTZAN 30-s features', () => {
  it('lays out a capped, evenly sampled set of rows in 2-D, the same for the same seed', () => {
    const rows = gtzan.labels.length;
    const a = umap2d(x, rows, cols, { seed: 7, maxPoints: 200 });
    expect(a.picked).toHaveLength(200);
    expect(a.points).toHaveLength(400);
    expect(a.points.every(Number.isFinite)).toBe(true);
    expect(a.picked[1] - a.picked[0]).toBe(5);
    const b = umap2d(x, rows, cols, { seed: 7, maxPoints: 200 });
    expect(Array.from(b.points)).toEqual(Array.from(a.points));
    const c = umap2d(x, rows, cols, { seed: 8, maxPoints: 200 });
    expect(Array.from(c.points)).not.toEqual(Array.from(a.points));
    // Genres that the features tell apart stay together: a point's nearest neighbour is mostly of its genre
    // (chance is 10 %).
    const labels = Array.from(a.picked, (r) => gtzan.labels[r]);
    expect(neighbourAgreement(a.points, labels)).toBeGreaterThan(0.35);
  });

  it('copes with tiny inputs and names bad ones', () => {
    expect(umap2d(new Float32Array(0), 0, 3).points).toHaveLength(0);
    expect(Array.from(umap2d(new Float32Array([1, 2, 3, 4]), 2, 2).points)).toEqual([0, 0, 1, 0]);
    expect(() => umap2d(new Float32Array(5), 2, 3)).toThrow(/Expected 2 × 3 = 6 values, got 5/);
    expect(() => umap2d(new Float32Array([1, NaN, 0, 0, 1, 1, 2, 2]), 4, 2)).toThrow(
      /got NaN at row 0, column 1/,
    );
  });
});

describe('centredLogits', () => {
  it("gives a softmax's logits back, up to the constant softmax forgets", () => {
    const logits = [2, -1, 0.5];
    const z = logits.map(Math.exp);
    const sum = z.reduce((a, b) => a + b, 0);
    const out = centredLogits([z.map((v) => v / sum), [1, 0, 0]], 3);
    const mean = logits.reduce((a, b) => a + b, 0) / 3;
    logits.forEach((l, c) => expect(out[c]).toBeCloseTo(l - mean, 4));
    // A certain row stays finite: the absent classes sit far below the one it is sure of.
    expect(Array.from(out.subarray(3)).every(Number.isFinite)).toBe(true);
    expect(out[3]).toBeGreaterThan(9);
    expect(out[4]).toBeCloseTo(out[5], 6);
  });

  it('names a row of the wrong length or a bad probability', () => {
    expect(() => centredLogits([[0.5, 0.5], [1]], 2)).toThrow(/Expected 2 probabilities in row 1, got 1/);
    expect(() => centredLogits([[0.5, NaN]], 2)).toThrow(/Expected a probability >= 0 at row 0, got NaN/);
    expect(() => centredLogits([], 0)).toThrow(/Expected classes to be an integer >= 1, got 0/);
  });
});

import { describe, expect, it } from 'vitest';
import { checkSplit, kFold, trainValTestSplit, type SplitOptions } from './split';
import { mergeDatasets, tabularFromCsv } from './tabular';
import gtzan10 from '../../../../shared/data/tabular/gtzan/features_10_sec.csv?raw';
import spikeReggaeton from '../../../../shared/data/tabular/spike-reggaeton/data_reggaeton.csv?raw';
import spikeOther from '../../../../shared/data/tabular/spike-reggaeton/data_todotipo.csv?raw';

const gtzan = tabularFromCsv(gtzan10, { drop: ['length'] });
const spike = mergeDatasets(
  tabularFromCsv(spikeReggaeton, { labelFor: 'reggaeton', drop: ['id_new'] }),
  tabularFromCsv(spikeOther, { labelFor: 'other', drop: ['id_new', 'time_signature'] }),
);

function countByClass(labels: Int32Array, rows: Int32Array, nClasses: number): number[] {
  const counts = new Array<number>(nClasses).fill(0);
  for (const r of rows) counts[labels[r]]++;
  return counts;
}

/** Fails if any group has rows in more than one of the given parts. */
function expectNoGroupStraddles(groups: string[], parts: Int32Array[]): void {
  const sideOf = new Map<string, number>();
  let straddles = 0;
  parts.forEach((rows, side) => {
    for (const r of rows) {
      const seen = sideOf.get(groups[r]);
      if (seen !== undefined && seen !== side) straddles++;
      sideOf.set(groups[r], side);
    }
  });
  expect(straddles).toBe(0);
}

function expectPartition(parts: Int32Array[], n: number): void {
  const hits = new Uint8Array(n);
  for (const rows of parts) {
    for (let j = 1; j < rows.length; j++) expect(rows[j]).toBeGreaterThan(rows[j - 1]);
    for (const r of rows) hits[r]++;
  }
  expect(hits.every((h) => h === 1)).toBe(true);
}

describe('trainValTestSplit', () => {
  it('splits the GTZAN 10-s segments 80/10/10 by track, in proportion per genre', () => {
    const split = trainValTestSplit(gtzan.labels, gtzan.groups, { seed: 1 });
    const parts = [split.train, split.val, split.test];
    expectPartition(parts, gtzan.rows);
    expectNoGroupStraddles(gtzan.groups, parts);
    const totals = countByClass(
      gtzan.labels,
      Int32Array.from({ length: gtzan.rows }, (_, r) => r),
      10,
    );
    parts.forEach((rows, p) => {
      const target = [0.8, 0.1, 0.1][p];
      countByClass(gtzan.labels, rows, 10).forEach((n, c) => {
        // Within two segments of the exact share of each genre (a track holds 2-3 segments).
        expect(Math.abs(n - target * totals[c])).toBeLessThanOrEqual(2);
      });
    });
    expect(Math.abs(split.val.length - 299)).toBeLessThanOrEqual(6);
  });

  it('repeats with the same seed and differs with another', () => {
    const a = trainValTestSplit(gtzan.labels, gtzan.groups, { seed: 7 });
    const b = trainValTestSplit(gtzan.labels, gtzan.groups, { seed: 7 });
    const c = trainValTestSplit(gtzan.labels, gtzan.groups, { seed: 8 });
    expect(b).toEqual(a);
    expect(c.test).not.toEqual(a.test);
    const shared = [...c.test].filter((r) => a.test.includes(r)).length;
    expect(shared).toBeLessThan(a.test.length / 2);
  });

  it('stratifies the imbalanced Spike data (70 reggaeton, 2,222 other) without groups', () => {
    const split = trainValTestSplit(spike.labels, null, { train: 0.7, val: 0.15, test: 0.15, seed: 3 });
    expectPartition([split.train, split.val, split.test], spike.rows);
    // Least-squares rounding of the targets 49 / 1555.4: [49, 1556] leaves 333 + 333 others for val + test.
    expect(countByClass(spike.labels, split.train, 2)).toEqual([49, 1556]);
    for (const part of [split.val, split.test]) {
      const [reggaeton, other] = countByClass(spike.labels, part, 2);
      expect(reggaeton).toBeGreaterThanOrEqual(10);
      expect(reggaeton).toBeLessThanOrEqual(11);
      expect(Math.abs(other - 333.3)).toBeLessThanOrEqual(1);
    }
  });

  it('allows an empty validation part and keeps small parts non-empty on tiny data', () => {
    const labels = Int32Array.from([0, 0, 0, 1, 1]);
    const noVal = trainValTestSplit(labels, null, { train: 0.8, val: 0, test: 0.2, seed: 1 });
    expect(noVal.val.length).toBe(0);
    expect(noVal.train.length + noVal.test.length).toBe(5);
    const tiny = trainValTestSplit(labels, null, { seed: 1 });
    expect(tiny.val.length).toBeGreaterThan(0);
    expect(tiny.test.length).toBeGreaterThan(0);
    expectPartition([tiny.train, tiny.val, tiny.test], 5);
  });

  it('keeps mixed-class groups together', () => {
    const labels = Int32Array.from({ length: 200 }, (_, r) => r % 3);
    const groups = Array.from({ length: 200 }, (_, r) => `g${Math.floor(r / 4)}`);
    const split = trainValTestSplit(labels, groups, { seed: 5 });
    expectNoGroupStraddles(groups, [split.train, split.val, split.test]);
    expectPartition([split.train, split.val, split.test], 200);
  });

  it('validates its input, as checkSplit does without cutting the split', () => {
    const labels = Int32Array.from([0, 1, 0, 1, 0, 1]);
    const bad: Array<[ArrayLike<number>, string[] | null, SplitOptions]> = [
      [labels, null, { train: 0.5, val: 0.1, test: 0.1, seed: 1 }],
      [labels, null, { train: 1.2, val: -0.2, test: 0, seed: 1 }],
      [labels, null, { train: 0, val: 0.5, test: 0.5, seed: 1 }],
      [Int32Array.from([0, -1]), null, { seed: 1 }],
      [labels, ['a', 'b'], { seed: 1 }],
      [labels, ['a', 'a', 'a', 'b', 'b', 'b'], { seed: 1 }],
      [labels, null, { seed: 1.5 }],
      [[], null, { seed: 1 }],
    ];
    for (const [y, g, options] of bad) {
      const message = (run: () => unknown) => {
        try {
          run();
        } catch (error) {
          return (error as Error).message;
        }
        return 'no error';
      };
      expect(message(() => checkSplit(y, g, options))).toBe(message(() => trainValTestSplit(y, g, options)));
    }
    expect(checkSplit(labels, ['a', 'a', 'b', 'b', 'c', 'c'], { seed: 1 })).toEqual([0.8, 0.1, 0.1]);
    expect(checkSplit(labels, null, { train: 0.8, val: 0, test: 0.2, seed: 1 })).toEqual([0.8, 0, 0.2]);
    expect(() => trainValTestSplit(labels, null, { train: 0.5, val: 0.1, test: 0.1, seed: 1 })).toThrow(
      'Expected train + val + test to be 1, got 0.5 + 0.1 + 0.1 = 0.7',
    );
    expect(() => trainValTestSplit(labels, null, { train: 1.2, val: -0.2, test: 0, seed: 1 })).toThrow(
      'Expected train to be in [0, 1], got 1.2',
    );
    expect(() => trainValTestSplit(Int32Array.from([0, -1]), null, { seed: 1 })).toThrow(
      'Expected labels to be class indices >= 0, got -1 at row 1 (unlabelled rows cannot be split)',
    );
    expect(() => trainValTestSplit(labels, ['a', 'b'], { seed: 1 })).toThrow(
      'Expected one group per row, got 2 groups for 6 labels',
    );
    expect(() => trainValTestSplit(labels, ['a', 'a', 'a', 'b', 'b', 'b'], { seed: 1 })).toThrow(
      'Expected at least 3 groups to split into 3 parts, got 2',
    );
    expect(() => trainValTestSplit(labels, null, { seed: 1.5 })).toThrow(/seed/);
    expect(() => trainValTestSplit([], null, { seed: 1 })).toThrow(/at least one row/);
  });
});

describe('kFold', () => {
  it('makes 5 folds of GTZAN segments that never split a track and cover every row once', () => {
    const folds = kFold(gtzan.labels, gtzan.groups, 5, 11);
    expect(folds).toHaveLength(5);
    expectPartition(
      folds.map((f) => f.test),
      gtzan.rows,
    );
    const totals = countByClass(
      gtzan.labels,
      Int32Array.from({ length: gtzan.rows }, (_, r) => r),
      10,
    );
    for (const fold of folds) {
      expectPartition([fold.train, fold.test], gtzan.rows);
      expectNoGroupStraddles(gtzan.groups, [fold.train, fold.test]);
      countByClass(gtzan.labels, fold.test, 10).forEach((n, c) => {
        expect(Math.abs(n - totals[c] / 5)).toBeLessThanOrEqual(2);
      });
    }
    expect(kFold(gtzan.labels, gtzan.groups, 5, 11)).toEqual(folds);
    expect(kFold(gtzan.labels, gtzan.groups, 5, 12)[0].test).not.toEqual(folds[0].test);
  });

  it('without groups behaves like StratifiedKFold: per-class fold sizes differ by at most one', () => {
    for (const k of [2, 5, 10]) {
      const folds = kFold(spike.labels, null, k, 2);
      expectPartition(
        folds.map((f) => f.test),
        spike.rows,
      );
      for (const c of [0, 1]) {
        const sizes = folds.map((f) => countByClass(spike.labels, f.test, 2)[c]);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      }
      const totals = folds.map((f) => f.test.length);
      expect(Math.max(...totals) - Math.min(...totals)).toBeLessThanOrEqual(1);
    }
  });

  it('validates k against 2, the smallest class and the number of groups', () => {
    expect(() => kFold(spike.labels, null, 1, 1)).toThrow('Expected k to be an integer >= 2, got 1');
    expect(() => kFold(spike.labels, null, 2.5, 1)).toThrow('Expected k to be an integer >= 2, got 2.5');
    expect(() => kFold(spike.labels, null, 71, 1)).toThrow(
      'Expected k to be <= the smallest class count, got k = 71 but class 0 has only 70 rows',
    );
    expect(kFold(spike.labels, null, 70, 1)).toHaveLength(70);
    const labels = Int32Array.from([0, 0, 0, 1, 1, 1]);
    expect(() => kFold(labels, ['a', 'a', 'b', 'b', 'c', 'c'], 3, 1)).not.toThrow();
    expect(() => kFold(labels, ['a', 'a', 'a', 'b', 'b', 'b'], 3, 1)).toThrow(
      'Expected k to be <= the number of groups, got k = 3 with 2 groups',
    );
  });
});

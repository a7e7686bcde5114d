import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { mergeDatasets, tabularFromCsv, type TabularDataset } from '../data/tabular';
import { trainValTestSplit } from '../data/split';
import { tabularSpec } from '../features/spec';
import { parseModelConfig } from '../models/config';
import { parseTrainConfig } from '../train/config';
import { runTrainJob, type TrainJobInput } from '../train/trainJob';
import { initNodeTf } from '../../node/tf';
import { foldSpread, smallDataFolds, smallDataLine, thinTestClass } from './smallData';

describe('small test splits', () => {
  it('finds the class with too few test rows', () => {
    expect(thinTestClass(Int32Array.from([0, 0, 1, 2, 2]), 3)).toEqual({ cls: 1, rows: 1 });
    expect(
      thinTestClass(
        Int32Array.from({ length: 20 }, (_, i) => i % 2),
        2,
      ),
    ).toBeNull();
    expect(thinTestClass(Int32Array.from([0, 0]), 2)).toEqual({ cls: 1, rows: 0 });
  });

  it('summarises folds by mean, sample spread and range', () => {
    const s = foldSpread([0.5, 0.7, 0.6]);
    expect(s.mean).toBeCloseTo(0.6, 10);
    expect(s.std).toBeCloseTo(0.1, 10);
    expect([s.min, s.max]).toEqual([0.5, 0.7]);
    expect(() => foldSpread([])).toThrow('Expected at least one fold accuracy');
    expect(smallDataLine({ k: 3, accuracies: [0.5, 0.7, 0.6], reason: '', ...s })).toBe(
      '60 % ± 10 (3-fold cross-validation by file, folds 50 %–70 %)',
    );
  });

  it('folds by file: no file on two sides, every row tested once, validation files apart', () => {
    // 3 classes × 4 files, files of 1 to 3 windows.
    const groups: string[] = [];
    const labels: number[] = [];
    for (let c = 0; c < 3; c++)
      for (let f = 0; f < 4; f++)
        for (let w = 0; w <= f % 3; w++) {
          groups.push(`c${c}/f${f}`);
          labels.push(c);
        }
    const folds = smallDataFolds(Int32Array.from(labels), groups, 1)!;
    expect(folds).toHaveLength(3);
    const tested = folds.flatMap((f) => Array.from(f.test)).sort((a, b) => a - b);
    expect(tested).toEqual(labels.map((_, i) => i));
    for (const f of folds) {
      const side = (rows: Int32Array) => new Set(Array.from(rows, (r) => groups[r]));
      const [tr, va, te] = [side(f.train), side(f.val), side(f.test)];
      for (const g of te) expect(tr.has(g) || va.has(g)).toBe(false);
      for (const g of va) expect(tr.has(g)).toBe(false);
      expect(f.train.length).toBeGreaterThan(0);
    }
    // One file in a class: nothing to fold.
    expect(smallDataFolds(Int32Array.from([0, 0, 1]), ['a', 'b', 'c'], 1)).toBeNull();
    expect(() => smallDataFolds(Int32Array.from([0]), [], 1)).toThrow('Expected one group per row');
  });
});

describe('runTrainJob on a thin test split', () => {
  let ds: TabularDataset;
  beforeAll(async () => {
    await initNodeTf();
    const spike = path.resolve(process.cwd(), '../shared/data/tabular/spike-reggaeton');
    const drop = ['id_new', 'popularity', 'time_signature'];
    ds = mergeDatasets(
      tabularFromCsv(readFileSync(path.join(spike, 'data_reggaeton.csv'), 'utf8'), {
        labelFor: 'reggaeton',
        drop,
      }),
      tabularFromCsv(readFileSync(path.join(spike, 'data_todotipo.csv'), 'utf8'), {
        labelFor: 'other',
        drop,
      }),
    );
  });

  function job(groups: boolean): TrainJobInput {
    // 70 reggaeton songs: a tenth for test leaves about 7 of them, fewer than 10.
    const split = trainValTestSplit(ds.labels, ds.groups, { train: 0.8, val: 0.1, test: 0.1, seed: 3 });
    return {
      runId: 'thin',
      name: 'thin',
      createdAt: '2024-05-01T12:00:00.000Z',
      task: 'thin',
      x: ds.features.slice(),
      inputShape: [ds.columns.length],
      labels: ds.labels.slice(),
      ids: ds.ids,
      ...(groups ? { groups: ds.groups } : {}),
      split,
      classNames: ds.classNames,
      featureSpec: tabularSpec(ds.columns),
      source: 'spike',
      model: parseModelConfig({ family: 'logistic' }),
      training: parseTrainConfig({
        epochs: 5,
        batchSize: 64,
        seed: 1,
        optimizer: { type: 'adam', learningRate: 0.03 },
      }),
      modelSeed: 1,
    };
  }

  it('cross-validates by group and reports the spread; without groups it does not', async () => {
    const withCv = await runTrainJob(job(true));
    if (withCv.status !== 'done') throw new Error('expected a finished run');
    const cv = withCv.result.crossValidation!;
    expect(cv.k).toBe(3);
    expect(cv.accuracies).toHaveLength(3);
    expect(cv.reason).toMatch(/^\d test rows of reggaeton \(fewer than 10\)$/);
    // Most songs are not reggaeton: every fold is far above a coin toss.
    for (const a of cv.accuracies) expect(a).toBeGreaterThan(0.9);
    expect(cv.mean).toBeCloseTo(cv.accuracies.reduce((x, y) => x + y) / 3, 10);
    const plain = await runTrainJob(job(false));
    if (plain.status !== 'done') throw new Error('expected a finished run');
    expect(plain.result.crossValidation).toBeUndefined();
  }, 120_000);
});

import { beforeAll, describe, expect, it } from 'vitest';
import gtzan10Csv from '../../../../shared/data/tabular/gtzan/features_10_sec.csv?raw';
import gtzan30Csv from '../../../../shared/data/tabular/gtzan/features_30_sec.csv?raw';
import { initNodeTf } from '../../node/tf';
import { applyStandardizer, fitStandardizer } from '../data/normalize';
import { kFold } from '../data/split';
import { subsetDataset, tabularFromCsv, type TabularDataset } from '../data/tabular';
import { spikeSubset } from '../data/spikeSubset.testing';
import { KnnClassifier } from '../models/knn';
import { crossValidate } from './crossValidate';

beforeAll(async () => {
  await initNodeTf();
});

/** The first `perClass` tracks of each of `genres` (rows in file order). */
function gtzanSubset(ds: TabularDataset, genres: string[], perClass: number): TabularDataset {
  const picked: number[] = [];
  for (const genre of genres) {
    const c = ds.classNames.indexOf(genre);
    const tracks = new Set<string>();
    for (let r = 0; r < ds.rows; r++) {
      if (ds.labels[r] !== c) continue;
      if (!tracks.has(ds.groups[r]) && tracks.size >= perClass) continue;
      tracks.add(ds.groups[r]);
      picked.push(r);
    }
  }
  return subsetDataset(ds, picked);
}

const gtzan30 = tabularFromCsv(gtzan30Csv, { drop: ['length'] });
const GENRES = ['classical', 'metal', 'pop', 'reggae'];

describe('crossValidate', () => {
  it('an MLP beats chance clearly on four GTZAN genres (real features)', async () => {
    const ds = gtzanSubset(gtzan30, GENRES, 30);
    expect(ds.rows).toBe(120);
    const result = await crossValidate(ds, {
      model: { family: 'mlp', hidden: [32], dropout: 0.2 },
      training: { epochs: 30, batchSize: 16, optimizer: { type: 'adam', learningRate: 0.003 } },
      k: 3,
      seed: 1,
    });
    expect(result.folds).toHaveLength(3);
    // Chance is 0.25; these four genres are well apart in the librosa features.
    expect(result.accuracy).toBeGreaterThan(0.75);
    expect(result.macroF1).toBeGreaterThan(0.7);
    expect(result.auc).toBeNull();
    expect(result.cancelled).toBe(false);
  });

  it('standardises on each fold’s training rows only (k-NN reproduced by hand)', async () => {
    const ds = gtzanSubset(gtzan30, GENRES, 15);
    const result = await crossValidate(ds, { model: { family: 'knn', k: 3 }, k: 3, seed: 4 });
    const cols = ds.columns.length;
    const nClasses = ds.classNames.length; // all ten genres, four present
    const folds = kFold(ds.labels, ds.groups, 3, 4);
    for (const fold of folds) {
      const standardizer = fitStandardizer(ds.features, ds.rows, cols, fold.train);
      const train = subsetDataset(ds, fold.train);
      const test = subsetDataset(ds, fold.test);
      const knn = new KnnClassifier({ k: 3 }, { nClasses, inputShape: [cols] }).fit(
        applyStandardizer(standardizer, train.features, train.rows, cols),
        train.labels,
      );
      const probs = knn.predictProbs(applyStandardizer(standardizer, test.features, test.rows, cols));
      fold.test.forEach((r, i) => {
        for (let c = 0; c < nClasses; c++) {
          expect(result.probabilities[r * nClasses + c]).toBeCloseTo(probs[i * nClasses + c], 5);
        }
      });
    }
  });

  it('adds only the 10-s rows of each fold’s training tracks', async () => {
    const ds = gtzanSubset(gtzan30, GENRES, 12);
    const tracks = new Set(ds.groups);
    const all10 = tabularFromCsv(gtzan10Csv, { drop: ['length'] });
    const ten = subsetDataset(
      all10,
      all10.groups.flatMap((g, r) => (tracks.has(g) ? [r] : [])),
    );
    const result = await crossValidate(ds, { model: { family: 'knn' }, k: 3, seed: 2, extraTraining: ten });
    const folds = kFold(ds.labels, ds.groups, 3, 2);
    folds.forEach((fold, f) => {
      const trainTracks = new Set(Array.from(fold.train, (r) => ds.groups[r]));
      const testTracks = Array.from(fold.test, (r) => ds.groups[r]);
      expect(testTracks.some((t) => trainTracks.has(t))).toBe(false);
      const extraRows = ten.groups.filter((g) => trainTracks.has(g)).length;
      expect(extraRows).toBeGreaterThan(2 * fold.train.length);
      expect(result.folds[f].trainRows).toBe(fold.train.length + extraRows);
    });
  });

  it('reports ROC AUC for two classes: Spike reggaeton against the rest', async () => {
    const ds = spikeSubset(350);
    const result = await crossValidate(ds, { model: { family: 'knn', k: 15 }, k: 5, seed: 3 });
    expect(result.auc).not.toBeNull();
    expect(result.auc!).toBeGreaterThan(0.85);
    expect(result.folds.every((f) => f.auc !== null && f.auc > 0.6)).toBe(true);
  });

  it('stops when cancelled and names bad options', async () => {
    const ds = gtzanSubset(gtzan30, GENRES, 6);
    const cancelled = await crossValidate(ds, {
      model: { family: 'knn' },
      k: 2,
      seed: 0,
      signal: AbortSignal.abort(),
    });
    expect(cancelled.cancelled).toBe(true);
    expect(cancelled.folds).toHaveLength(0);
    await expect(crossValidate(ds, { model: { family: 'knn' }, k: 2, seed: 0, ensemble: 0 })).rejects.toThrow(
      'Expected ensemble to be an integer in [1, 100], got 0',
    );
    await expect(crossValidate(ds, { model: { family: 'knn' }, k: 9, seed: 0 })).rejects.toThrow(
      'Expected k to be <= the smallest class count',
    );
    await expect(crossValidate(ds, { model: { family: 'mlp', dropout: 2 }, k: 2, seed: 0 })).rejects.toThrow(
      'Expected dropout in [0, 1), got 2',
    );
  });
});

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tabularFromCsv, type TabularDataset } from '../data/tabular';
import { applyStandardizer, fitStandardizer } from '../data/normalize';
import { openRunnableModel, predictRows } from '../predict/modelRunner';
import { initNodeTf } from '../../node/tf';
import { applyPcaReduction, fitPcaReduction, parsePcaOption } from './pcaReduce';
import { runTrainJob, type TrainJobInput } from './trainJob';
import { loadSpike, spikeJob, testRowsOf } from './spikeJob.testing';

const gtzanCsv = path.resolve(process.cwd(), '../shared/data/tabular/gtzan/features_30_sec.csv');
let gtzan: TabularDataset;
let ds: TabularDataset;

beforeAll(async () => {
  await initNodeTf();
  gtzan = tabularFromCsv(readFileSync(gtzanCsv, 'utf8'), { drop: ['length'] });
  ds = loadSpike();
});

function standardised(data: TabularDataset): Float32Array {
  const cols = data.columns.length;
  const rows = data.labels.length;
  return applyStandardizer(fitStandardizer(data.features, rows, cols), data.features, rows, cols);
}

describe('parsePcaOption', () => {
  it('reads a count of components or a share of variance, and names a bad value', () => {
    expect(parsePcaOption('16')).toEqual({ components: 16 });
    expect(parsePcaOption(0.95)).toEqual({ variance: 0.95 });
    expect(() => parsePcaOption('1.5', '--pca')).toThrow(
      /Expected --pca to be a number of components .* got "1.5"/,
    );
    expect(() => parsePcaOption(0)).toThrow(/got 0/);
    expect(() => parsePcaOption('abc')).toThrow(/got "abc"/);
  });
});

describe('fitPcaReduction on the GTZAN 30-s features (57 standardised columns)', () => {
  it('gives orthonormal components in decreasing variance, and as many as the share of variance asks', () => {
    const cols = gtzan.columns.length;
    const rows = gtzan.labels.length;
    const x = standardised(gtzan);
    const sixteen = fitPcaReduction(x, rows, cols, { components: 16 });
    expect(sixteen.components).toHaveLength(16);
    for (let i = 0; i < 16; i++) {
      for (let j = 0; j < 16; j++) {
        const dot = sixteen.components[i].reduce((s, v, c) => s + v * sixteen.components[j][c], 0);
        expect(dot).toBeCloseTo(i === j ? 1 : 0, 6);
      }
      if (i > 0) expect(sixteen.explainedVariance[i]).toBeLessThanOrEqual(sixteen.explainedVariance[i - 1]);
    }
    const share = fitPcaReduction(x, rows, cols, { variance: 0.9 });
    const kept = share.explainedVariance.reduce((a, b) => a + b, 0);
    expect(kept).toBeGreaterThanOrEqual(0.9);
    expect(kept - share.explainedVariance[share.explainedVariance.length - 1]).toBeLessThan(0.9);
    expect(share.components.length).toBeGreaterThan(5);
    expect(share.components.length).toBeLessThan(cols);
    // Projections: centred coordinates whose variance is the component's share of the total (57 unit columns).
    const z = applyPcaReduction(sixteen, x);
    let sq = 0;
    for (let r = 0; r < rows; r++) sq += z[r * 16] ** 2;
    expect(sq / (rows - 1) / cols).toBeCloseTo(sixteen.explainedVariance[0], 2);
  });
});

const job = (model: unknown, pca: TrainJobInput['pca']): TrainJobInput =>
  spikeJob(ds, model, { epochs: 8, batchSize: 64, seed: 1 }, { name: 'Spike PCA', source: 'spike', pca });
const testRows = (input: TrainJobInput) => testRowsOf(ds, input);

describe('PCA in a training run', () => {
  it('fits on the training rows only, keeps the step in the bundle, and the reopened bundle predicts the same', async () => {
    for (const model of [
      { family: 'mlp', hidden: [16] },
      { family: 'knn', k: 5 },
      { family: 'decision-tree', maxDepth: 6 },
    ]) {
      const input = job(model, { components: 6 });
      const outcome = await runTrainJob(input);
      if (outcome.status !== 'done') throw new Error('expected a finished run');
      const meta = outcome.artifacts.bundle.meta;
      expect(meta.pca?.components).toHaveLength(6);
      expect(meta.pca?.mean).toHaveLength(ds.columns.length);
      // Standardised on the training rows: the PCA mean of those rows is ~0 in every column.
      for (const m of meta.pca!.mean) expect(Math.abs(m)).toBeLessThan(1e-4);
      expect(outcome.result.rocCurve!.auc).toBeGreaterThan(0.7);
      const opened = await openRunnableModel(outcome.artifacts.bundle);
      const probs = predictRows(opened, testRows(input));
      const saved = outcome.artifacts.test.probs;
      expect(probs).toHaveLength(saved.length);
      for (let i = 0; i < probs.length; i++) expect(probs[i]).toBeCloseTo(saved[i], 4);
      opened.classifier.dispose();
    }
  });

  it('refuses a bundle whose PCA block does not fit its input or its model', async () => {
    const outcome = await runTrainJob(job({ family: 'mlp', hidden: [8] }, { variance: 0.8 }));
    if (outcome.status !== 'done') throw new Error('expected a finished run');
    const bundle = outcome.artifacts.bundle;
    const k = bundle.meta.pca!.components.length;
    const shortMean = structuredClone(bundle.meta);
    shortMean.pca!.mean = shortMean.pca!.mean.slice(1);
    await expect(openRunnableModel({ ...bundle, meta: shortMean })).rejects.toThrow(
      /meta\.pca\.mean has 11 entries but the input has 12 values/,
    );
    const oneLess = structuredClone(bundle.meta);
    oneLess.pca!.components = oneLess.pca!.components.slice(1);
    oneLess.pca!.explainedVariance = oneLess.pca!.explainedVariance.slice(1);
    await expect(openRunnableModel({ ...bundle, meta: oneLess })).rejects.toThrow(
      new RegExp(`meta\\.pca has ${k - 1} components but the model's input is \\[${k}\\]`),
    );
    const ragged = structuredClone(bundle.meta);
    ragged.pca!.components[0] = ragged.pca!.components[0].slice(2);
    await expect(openRunnableModel({ ...bundle, meta: ragged })).rejects.toThrow(
      /meta\.pca\.components\[0\]/,
    );
  });

  it('names the problem for PCA on log-mel patches', async () => {
    const input = job({ family: 'mlp', hidden: [8] }, { components: 4 });
    input.inputShape = [3, 4];
    await expect(runTrainJob(input)).rejects.toThrow(/PCA needs one vector of features per example/);
  });
});

import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { exportBundleZip, importBundleZip } from '../bundle/zip';
import { openBundle, type SavedBundle } from '../bundle/bundle';
import type { TabularDataset } from '../data/tabular';
import { openRunnableModel, predictRows } from '../predict/modelRunner';
import { initNodeTf } from '../../node/tf';
import { loadSpike, spikeJob, testRowsOf } from './spikeJob.testing';
import { runTrainJob, type TrainJobInput } from './trainJob';

let ds: TabularDataset;

beforeAll(async () => {
  await initNodeTf();
  ds = loadSpike();
});

const job = (model: unknown, pca?: TrainJobInput['pca']): TrainJobInput =>
  spikeJob(
    ds,
    model,
    { epochs: 8, batchSize: 64, seed: 1, optimizer: { type: 'adam', learningRate: 0.01 } },
    { name: 'Spike vote test', task: 'reggaeton', ...(pca ? { pca } : {}) },
  );
const testRows = (input: TrainJobInput) => testRowsOf(ds, input);

const VOTE = {
  family: 'voting',
  models: [
    { family: 'mlp', hidden: [32], dropout: 0.1 },
    { family: 'gradient-boosting', nEstimators: 20 },
    { family: 'knn', k: 7 },
  ],
  weights: [2, 1, 1],
};

describe('runTrainJob with a soft vote on the Spike reggaeton data', () => {
  let bundle: SavedBundle;

  it('fits each model in turn, calibrates the network, and saves one bundle that predicts as the job scored', async () => {
    const input = job(VOTE);
    const epochs: Array<{ epoch: number; epochs: number; loss: number }> = [];
    const outcome = await runTrainJob(input, { onEpoch: (e) => epochs.push(e) });
    expect(outcome.status).toBe('done');
    if (outcome.status !== 'done') return;
    // The network's 8 epochs (with losses), then the 20 boosting rounds (no loss); k-NN fits in one step.
    expect(epochs.map((e) => e.epochs)).toEqual([...Array(8).fill(8), ...Array(20).fill(20)]);
    expect(epochs.slice(0, 8).every((e) => Number.isFinite(e.loss))).toBe(true);
    expect(epochs.slice(8).every((e) => Number.isNaN(e.loss))).toBe(true);
    const { result, artifacts } = outcome;
    expect(result.rocCurve!.auc).toBeGreaterThan(0.9);
    expect(result.calibration!.applied).toBe(true);
    expect(result.calibration!.temperature).toBeGreaterThan(0);
    bundle = artifacts.bundle;
    expect(bundle.meta.kind).toBe('voting');
    expect(bundle.meta.modelConfig).toMatchObject({ family: 'voting', weights: [2, 1, 1] });
    expect(artifacts.projection!.space).toBe('embedding');

    const runnable = await openRunnableModel(bundle);
    const probs = predictRows(runnable, testRows(input));
    for (let i = 0; i < probs.length; i++) expect(probs[i]).toBeCloseTo(artifacts.test.probs[i], 5);
    runnable.classifier.dispose();
  });

  it('averages its models: the vote is the weighted mean of the three models opened alone', async () => {
    const opened = await openBundle(bundle);
    expect(opened.kind).toBe('voting');
    if (opened.kind !== 'voting') return;
    expect(opened.members.map((m) => m.kind)).toEqual(['tf-layers', 'classic', 'knn']);
    const input = job(VOTE);
    const raw = testRows(input);
    const vote = predictRows(await openRunnableModel(bundle), raw);
    // Each member again as a bundle of its own, through the same door.
    const { votingConfigOf, votingMemberParts } = await import('../bundle/votingBundle');
    const parts = votingMemberParts(
      bundle.modelJson,
      bundle.weights,
      bundle.meta,
      votingConfigOf(bundle.meta),
    );
    const alone = await Promise.all(parts.map(async (p) => predictRows(await openRunnableModel(p), raw)));
    for (let i = 0; i < vote.length; i++) {
      const mean = (2 * alone[0][i] + alone[1][i] + alone[2][i]) / 4;
      expect(vote[i]).toBeCloseTo(mean, 5);
    }
  });

  it('goes through a .zip export and import whole (one weights.bin), predicting the same', async () => {
    const zip = await exportBundleZip(bundle);
    const names = Object.keys((await JSZip.loadAsync(zip)).files).sort();
    expect(names).toEqual(['meta.json', 'model.json', 'weights.bin']);
    const raw = testRows(job(VOTE));
    const before = await openRunnableModel(bundle);
    const after = await openRunnableModel(await importBundleZip(zip));
    expect(predictRows(after, raw)).toEqual(predictRows(before, raw));
    before.classifier.dispose();
    after.classifier.dispose();
  });

  it('refuses a damaged vote by name before anything predicts', async () => {
    const json = structuredClone(bundle.modelJson) as { models: Array<Record<string, unknown>> };
    const tamper = async (modelJson: unknown, weights = bundle.weights, meta: unknown = bundle.meta) =>
      openBundle({ modelJson, weights, meta });
    await expect(tamper(bundle.modelJson, bundle.weights.slice(0, 1000))).rejects.toThrow(
      /truncated or mismatched weight file/,
    );
    const swapped = structuredClone(json);
    swapped.models[1].kind = 'knn';
    await expect(tamper(swapped)).rejects.toThrow(
      /models\[1\] is a knn model but meta.modelConfig.models\[1\] is gradient-boosting/,
    );
    const overlapping = structuredClone(json);
    overlapping.models[2].byteOffset = 0;
    await expect(tamper(overlapping)).rejects.toThrow(/models\[2\].byteOffset/);
    const nested = {
      ...bundle.meta,
      modelConfig: { family: 'voting', models: [VOTE, { family: 'naive-bayes' }] },
    };
    await expect(tamper(bundle.modelJson, bundle.weights, nested)).rejects.toThrow(
      /models\[0\].family to be one of logistic, mlp, knn/,
    );
    await expect(tamper({ ...json, format: 'oido-classic' })).rejects.toThrow(/format "oido-voting"/);
  });

  it('votes behind PCA: every model reads the components, the bundle reads raw rows', async () => {
    const input = job(
      { family: 'voting', models: [{ family: 'logistic' }, { family: 'naive-bayes' }] },
      { components: 5 },
    );
    const outcome = await runTrainJob(input);
    expect(outcome.status).toBe('done');
    if (outcome.status !== 'done') return;
    expect(outcome.artifacts.bundle.meta.pca!.components).toHaveLength(5);
    const runnable = await openRunnableModel(outcome.artifacts.bundle);
    const probs = predictRows(runnable, testRows(input));
    for (let i = 0; i < probs.length; i++) expect(probs[i]).toBeCloseTo(outcome.artifacts.test.probs[i], 5);
    runnable.classifier.dispose();
  });
});

import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBundle, loadKnnBundle } from '../bundle/bundle';
import { type TabularDataset } from '../data/tabular';
import { initNodeTf } from '../../node/tf';
import { runTrainJob } from './trainJob';
import { loadSpike, spikeJob } from './spikeJob.testing';
import type { TrainJobInput } from './trainJob';

let ds: TabularDataset;

beforeAll(async () => {
  await initNodeTf();
  ds = loadSpike();
});

const job = (model: unknown, training: object = {}): TrainJobInput =>
  spikeJob(ds, model, { epochs: 12, batchSize: 64, seed: 1, ...training });

describe('runTrainJob on the Spike reggaeton data', () => {
  it('trains an MLP that separates reggaeton from the rest and saves a bundle that predicts the same', async () => {
    const input = job(
      { family: 'mlp', hidden: [32], dropout: 0.1 },
      { optimizer: { type: 'adam', learningRate: 0.01 } },
    );
    const testRows = input.split.test.length;
    const epochs: number[] = [];
    const stages: string[] = [];
    const outcome = await runTrainJob(input, {
      onEpoch: (e) => epochs.push(e.epoch),
      onStage: (s) => stages.push(s),
    });
    if (outcome.status !== 'done') throw new Error('expected a finished run');
    const { result, artifacts } = outcome;
    expect(epochs).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(stages).toEqual(['building', 'training', 'evaluating', 'saving']);
    expect(result.testRows).toBe(testRows);
    // 70 reggaeton songs among 2,300: chance AUC is 0.5; the Spotify features separate them well.
    expect(result.rocCurve!.auc).toBeGreaterThan(0.9);
    expect(result.evaluation.accuracy).toBeGreaterThan(0.95);
    expect(result.thresholdSource).toBe('validation');
    expect(result.threshold!.threshold).toBeGreaterThan(0);
    expect(result.threshold!.threshold).toBeLessThan(1);
    expect(artifacts.test.probs).toHaveLength(testRows * 2);
    expect(artifacts.projection!.space).toBe('embedding');
    expect(artifacts.projection!.test.points).toHaveLength(testRows * 2);
    expect(artifacts.bundle.meta.metrics.auc).toBeCloseTo(result.rocCurve!.auc, 10);
    // Calibrated on the validation rows; the bundle's metrics record it (train/calibrate.ts).
    expect(result.calibration!.applied).toBe(true);
    expect(result.calibration!.validationRows).toBe(input.split.val.length);
    expect(artifacts.bundle.meta.metrics.calibration).toEqual(result.calibration);

    // The saved bundle, reloaded, gives the test probabilities again from the standardised test rows.
    const { model, meta } = await loadBundle(artifacts.bundle);
    const { mean, std } = meta.normalization!;
    const cols = ds.columns.length;
    const x = new Float32Array(testRows * cols);
    input.split.test.forEach((r, i) => {
      for (let c = 0; c < cols; c++) x[i * cols + c] = (ds.features[r * cols + c] - mean[c]) / std[c];
    });
    const probs = tf.tidy(() =>
      tf.softmax(model.predict(tf.tensor2d(x, [testRows, cols])) as tf.Tensor2D).dataSync(),
    );
    model.dispose();
    for (let i = 0; i < probs.length; i++) expect(probs[i]).toBeCloseTo(artifacts.test.probs[i], 4);
  });

  it('fits k-NN without epochs and saves its standardised reference points', async () => {
    const input = job({ family: 'knn', k: 5 });
    const outcome = await runTrainJob(input);
    if (outcome.status !== 'done') throw new Error('expected a finished run');
    // k-NN with 5 neighbours is a weaker scorer here (few reggaeton neighbours), yet far above chance (0.5).
    expect(outcome.result.rocCurve!.auc).toBeGreaterThan(0.7);
    const { knn } = loadKnnBundle(outcome.artifacts.bundle);
    expect(knn.count).toBe(input.split.train.length);
    expect(outcome.artifacts.projection!.space).toBe('input');
  });

  it('fits the novelty rule on the split’s own training rows, not on augmented extras', async () => {
    const input = job({ family: 'logistic' }, { epochs: 1 });
    const cols = ds.columns.length;
    // Extras with the training rows' mean but three times their spread: the standardiser's mean stays, and the
    // Mahalanobis score of the split's own rows does not depend on the columns' scale.
    const rows = input.split.train;
    const mean = new Float64Array(cols);
    rows.forEach((r) => {
      for (let c = 0; c < cols; c++) mean[c] += ds.features[r * cols + c] / rows.length;
    });
    const x = new Float32Array(rows.length * cols);
    rows.forEach((r, i) => {
      for (let c = 0; c < cols; c++) x[i * cols + c] = mean[c] + 3 * (ds.features[r * cols + c] - mean[c]);
    });
    const plain = await runTrainJob(input);
    const widened = await runTrainJob({
      ...input,
      extraTrain: { x, labels: Int32Array.from(rows, (r) => ds.labels[r]) },
    });
    if (plain.status !== 'done' || widened.status !== 'done') throw new Error('expected finished runs');
    const threshold = (o: typeof plain) =>
      (o.artifacts.bundle.meta.metrics.novelty as { threshold: number }).threshold;
    // Fitted on the extras as well, the threshold would grow about threefold; fitted on the split's rows, it
    // stays (within the covariance ridge's small effect).
    expect(threshold(widened)).toBeGreaterThan(threshold(plain) * 0.9);
    expect(threshold(widened)).toBeLessThan(threshold(plain) * 1.1);
  });

  it('stops within the epoch when aborted, and reports cancelled', async () => {
    const controller = new AbortController();
    const epochs: number[] = [];
    const outcome = await runTrainJob(job({ family: 'mlp', hidden: [16] }, { epochs: 500, batchSize: 8 }), {
      signal: controller.signal,
      onEpoch: (e) => {
        epochs.push(e.epoch);
        if (e.epoch === 2) controller.abort();
      },
    });
    expect(outcome.status).toBe('cancelled');
    expect(epochs).toEqual([1, 2]);
  });

  it('names the problem when the split leaves no test rows or the shapes disagree', async () => {
    const noTest = job({ family: 'logistic' });
    noTest.split = { ...noTest.split, test: new Int32Array(0) };
    await expect(runTrainJob(noTest)).rejects.toThrow('Expected at least one test row, got 0');
    const short = job({ family: 'logistic' });
    short.x = short.x.subarray(1);
    await expect(runTrainJob(short)).rejects.toThrow(/Expected \d+ rows × 12 values/);
  });
});

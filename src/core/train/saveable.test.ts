import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeTf, tf } from '../../node/tf';
import { MAX_WEIGHT_BYTES } from '../bundle/modelJson';
import { logmelSpec, PATCH_FRAMES } from '../features/logmel';
import { parseModelConfig } from '../models/config';
import { parseTrainConfig } from './config';
import { checkSaveable, runTrainJob, type TrainJobInput } from './trainJob';

beforeAll(async () => {
  await initNodeTf();
});

describe('checkSaveable', () => {
  it('passes a network whose weights fit a model file, and refuses one a column too wide, suggesting --drop', () => {
    expect(() => checkSaveable(MAX_WEIGHT_BYTES / 4)).not.toThrow();
    expect(() => checkSaveable(46_222_204)).toThrow(
      'This model would have 46,222,204 parameters (176 MB of weights), more than a model file holds (50 MB): train on fewer columns (--drop',
    );
  });
});

describe('the work budget in a training run', () => {
  it('refuses, before the first epoch and leaking nothing, a cnn2d whose convolutions no prediction could afford', async () => {
    const size = PATCH_FRAMES * logmelSpec.columns.length;
    const rows = 6;
    const job: TrainJobInput = {
      runId: 'r1',
      name: 'Too wide',
      createdAt: '2024-05-01T12:00:00.000Z',
      task: 'test',
      x: Float32Array.from({ length: rows * size }, (_, i) => Math.sin(i * 0.37)),
      inputShape: [PATCH_FRAMES, logmelSpec.columns.length],
      labels: Int32Array.from({ length: rows }, (_, i) => i % 2),
      ids: Array.from({ length: rows }, (_, i) => `clip${i}`),
      split: { train: Int32Array.from([0, 1, 2, 3]), val: Int32Array.from([4]), test: Int32Array.from([5]) },
      classNames: ['a', 'b'],
      featureSpec: logmelSpec,
      source: 'synthetic',
      // Two 3 × 3 blocks of 512 filters: ~10 G multiply-adds per 3-s patch (the default cnn2d: ~43 M).
      model: parseModelConfig({
        family: 'cnn2d',
        blocks: [
          { filters: 512, kernel: 3, pool: 2, dropout: 0 },
          { filters: 512, kernel: 3, pool: 2, dropout: 0 },
        ],
      }),
      training: parseTrainConfig({ epochs: 1, batchSize: 4, seed: 1 }),
      modelSeed: 1,
    };
    const before = tf.memory().numTensors;
    let epochs = 0;
    await expect(runTrainJob(job, { onEpoch: () => epochs++ })).rejects.toThrow(
      /^The model costs \d+\.\d+ G multiply-adds per example, more than the budget of 4\.00 G$/,
    );
    expect(epochs).toBe(0);
    expect(tf.memory().numTensors).toBe(before);
  });
});

import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeTf } from '../../node/tf';
import { buildClassifier, type ClassifierModel } from '../models/build';
import { type ModelConfigInput, type NetworkConfig, parseModelConfig } from '../models/config';
import { KnnClassifier } from '../models/knn';
import { createRng } from '../random';
import { OPTIMIZER_TYPES, type OptimizerType } from './config';
import { createOptimizer, setLearningRate } from './optimizers';
import { learningRateAt } from './schedules';
import { evaluateLoss, train, type EpochEvent, type LabelledSet } from './train';

beforeAll(async () => {
  await initNodeTf();
});

/** Gaussian blobs: class c centred at +2 on feature c; `noise` scales the spread. */
function blobs(
  rows: number,
  dims: number,
  classes: number,
  seed: number,
  noise = 1,
  weights?: number[],
): LabelledSet {
  const rng = createRng(seed);
  const x = new Float32Array(rows * dims);
  const y = new Int32Array(rows);
  const cumulative = (weights ?? new Array(classes).fill(1)).map(
    (
      (sum) => (w: number) =>
        (sum += w)
    )(0),
  );
  const total = cumulative[cumulative.length - 1];
  for (let r = 0; r < rows; r++) {
    const u = rng.next() * total;
    y[r] = cumulative.findIndex((c) => u < c);
    for (let d = 0; d < dims; d++) x[r * dims + d] = noise * rng.normal() + (d === y[r] ? 2 : 0);
  }
  return { x, y };
}

function net(config: ModelConfigInput, inputShape: number[], classes: number, seed = 1): ClassifierModel {
  return buildClassifier(parseModelConfig(config) as NetworkConfig, inputShape, classes, seed);
}

function weightsOf(model: ClassifierModel): number[][] {
  return model.model.getWeights().map((w) => Array.from(w.dataSync()));
}

describe('train', () => {
  it('learns separable blobs with every optimizer, reporting the scheduled rate each epoch', async () => {
    const data = blobs(240, 4, 3, 1, 0.7);
    for (const type of OPTIMIZER_TYPES) {
      const model = net({ family: 'mlp', hidden: [16], dropout: 0 }, [4], 3);
      const learningRate = { sgd: 0.05, adam: 0.01, rmsprop: 0.01, adagrad: 0.1 }[type];
      const schedule = { type: 'exponential' as const, gamma: 0.8 };
      const events: EpochEvent[] = [];
      const result = await train(
        model,
        { train: data, validation: data },
        {
          config: { optimizer: { type, learningRate }, schedule, epochs: 8, batchSize: 16 },
          onEpoch: (e) => events.push(e),
        },
      );
      expect(result.stopReason).toBe('completed');
      expect(events.map((e) => e.epoch)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      events.forEach((e, i) =>
        expect(e.lr).toBeCloseTo(learningRateAt(result.config.schedule, learningRate, i, 8), 12),
      );
      expect(events[7].loss).toBeLessThan(events[0].loss);
      expect(events[7].valAcc!).toBeGreaterThan(0.85);
      expect(events.every((e) => e.seconds >= 0 && Number.isFinite(e.valLoss!))).toBe(true);
      model.dispose();
    }
  });

  it('sets the learning rate every optimizer uses (the first step scales with it)', () => {
    const step = (type: OptimizerType, rate: number): number[] => {
      const model = net({ family: 'logistic', l2: 0 }, [3], 2, 5);
      const before = weightsOf(model)[0];
      const optimizer = createOptimizer({ ...parseOptimizer(type), learningRate: 1 });
      setLearningRate(optimizer, rate);
      const data = blobs(8, 3, 2, 2);
      tf.tidy(() => {
        const inputs = tf.tensor2d(data.x, [8, 3]);
        const labels = tf.oneHot(tf.tensor1d(data.y, 'int32'), 2);
        optimizer.minimize(
          () => tf.losses.softmaxCrossEntropy(labels, model.model.apply(inputs) as tf.Tensor) as tf.Scalar,
        );
      });
      const delta = weightsOf(model)[0].map((w, i) => w - before[i]);
      optimizer.dispose();
      model.dispose();
      return delta;
    };
    for (const type of OPTIMIZER_TYPES) {
      const small = step(type, 0.01);
      const large = step(type, 0.02);
      small.forEach((d, i) => expect(large[i]).toBeCloseTo(2 * d, 6));
      expect(Math.max(...small.map(Math.abs))).toBeGreaterThan(1e-4);
    }
  });

  it('repeats exactly with the same seeds (init, shuffles, dropout) and differs with another', async () => {
    const data = blobs(100, 5, 3, 3);
    const run = async (modelSeed: number, trainSeed: number) => {
      const model = net(
        { family: 'mlp', hidden: [12, 6], dropout: 0.3, inputDropout: 0.1, batchNorm: true },
        [5],
        3,
        modelSeed,
      );
      const result = await train(
        model,
        { train: data },
        { config: { epochs: 4, batchSize: 16, seed: trainSeed } },
      );
      const out = { losses: result.history.map((e) => e.loss), weights: weightsOf(model) };
      model.dispose();
      return out;
    };
    const a = await run(1, 7);
    const b = await run(1, 7);
    expect(b.losses).toEqual(a.losses);
    expect(b.weights).toEqual(a.weights);
    expect((await run(1, 8)).losses).not.toEqual(a.losses);
    expect((await run(2, 7)).weights).not.toEqual(a.weights);
  });

  it('trains ensemble members independently, each from its own loss', async () => {
    const data = blobs(160, 4, 3, 15, 0.8);
    const model = net({ family: 'mlp', hidden: [12], members: 3, dropout: 0.1 }, [4], 3);
    const result = await train(
      model,
      { train: data, validation: data },
      { config: { epochs: 10, batchSize: 16, optimizer: { type: 'adam', learningRate: 0.01 } } },
    );
    expect(result.history.at(-1)!.valAcc!).toBeGreaterThan(0.85);
    // Each member on its own is a working classifier too.
    const perMember = tf.tidy(() =>
      tf.argMax(model.model.predict(tf.tensor2d(data.x, [160, 4])) as tf.Tensor3D, -1).arraySync(),
    ) as number[][];
    for (let m = 0; m < 3; m++) {
      const correct = perMember.filter((row, r) => row[m] === data.y[r]).length;
      expect(correct / 160).toBeGreaterThan(0.8);
    }
    model.dispose();
  });

  it('k-NN on a trained net’s embedding classifies new points from two examples per class', async () => {
    const data = blobs(240, 6, 3, 16, 0.9);
    const model = net({ family: 'mlp', hidden: [16, 8], dropout: 0 }, [6], 3);
    await train(
      model,
      { train: data },
      { config: { epochs: 10, batchSize: 16, optimizer: { type: 'adam', learningRate: 0.01 } } },
    );
    const shots = [0, 1, 2].flatMap((c) =>
      Array.from(data.y.keys())
        .filter((r) => data.y[r] === c)
        .slice(0, 2),
    );
    const knn = new KnnClassifier({ k: 1 }, { nClasses: 3, inputShape: [6], embedder: model }).fit(
      Float32Array.from(shots.flatMap((r) => Array.from(data.x.subarray(r * 6, r * 6 + 6)))),
      Int32Array.from(shots, (r) => data.y[r]),
    );
    expect(knn.embeddingSize).toBe(8);
    const test = blobs(300, 6, 3, 17, 0.9);
    const probs = knn.predictProbs(test.x);
    const correct = Array.from(test.y).filter((y, r) => probs[r * 3 + y] === 1).length;
    expect(correct / 300).toBeGreaterThan(0.8);
    model.dispose();
  });

  it('label smoothing pulls the confidence of a separable problem to its target 1 − ε + ε/K', async () => {
    const data = blobs(90, 3, 3, 18, 0.2);
    const meanConfidence = async (labelSmoothing: number) => {
      const model = net({ family: 'logistic', l2: 0 }, [3], 3);
      await train(
        model,
        { train: data },
        {
          config: {
            epochs: 60,
            batchSize: 30,
            labelSmoothing,
            optimizer: { type: 'adam', learningRate: 0.1 },
          },
        },
      );
      const probs = model.predictProbs(data.x);
      model.dispose();
      return data.y.reduce((sum, y, r) => sum + probs[r * 3 + y], 0) / 90;
    };
    expect(await meanConfidence(0)).toBeGreaterThan(0.97);
    // ε = 0.3, K = 3: the target on the true class is 0.8.
    expect(await meanConfidence(0.3)).toBeCloseTo(0.8, 1);
  });

  it('stops early on validation loss and restores the best epoch’s weights', async () => {
    // Random labels: the net memorises the training rows and validation loss climbs.
    const rng = createRng(4);
    const noise = (rows: number): LabelledSet => ({
      x: Float32Array.from({ length: rows * 6 }, () => rng.normal()),
      y: Int32Array.from({ length: rows }, () => rng.int(3)),
    });
    const trainSet = noise(60);
    const validation = noise(60);
    const model = net({ family: 'mlp', hidden: [64], dropout: 0 }, [6], 3);
    const result = await train(
      model,
      { train: trainSet, validation },
      {
        config: {
          epochs: 200,
          batchSize: 8,
          optimizer: { type: 'adam', learningRate: 0.01 },
          earlyStopping: { patience: 3 },
        },
      },
    );
    expect(result.stopReason).toBe('early-stopped');
    expect(result.history.length).toBeLessThan(200);
    const losses = result.history.map((e) => e.valLoss!);
    const bestEpoch = losses.indexOf(Math.min(...losses)) + 1;
    expect(result.bestEpoch).toBe(bestEpoch);
    expect(result.history.length).toBe(bestEpoch + 3);
    expect(evaluateLoss(model, validation).loss).toBeCloseTo(losses[bestEpoch - 1], 5);
    model.dispose();
  });

  it('balanced class weights raise the recall of a rare class', async () => {
    const data = blobs(400, 3, 2, 5, 1.6, [0.93, 0.07]);
    const test = blobs(2000, 3, 2, 6, 1.6, [0.5, 0.5]);
    const recallOfRare = async (classWeights: 'none' | 'balanced') => {
      const model = net({ family: 'logistic' }, [3], 2);
      await train(
        model,
        { train: data },
        {
          config: {
            epochs: 15,
            batchSize: 32,
            classWeights,
            optimizer: { type: 'adam', learningRate: 0.05 },
          },
        },
      );
      const probs = model.predictProbs(test.x);
      model.dispose();
      let hits = 0;
      let total = 0;
      test.y.forEach((y, i) => {
        if (y !== 1) return;
        total++;
        if (probs[i * 2 + 1] > probs[i * 2]) hits++;
      });
      return hits / total;
    };
    const plain = await recallOfRare('none');
    const balanced = await recallOfRare('balanced');
    expect(balanced).toBeGreaterThan(plain + 0.15);
  });

  it('cancels at the next batch when the signal aborts, keeping the epochs done', async () => {
    const data = blobs(200, 4, 2, 8);
    const model = net({ family: 'mlp', hidden: [8] }, [4], 2);
    const controller = new AbortController();
    const result = await train(
      model,
      { train: data },
      {
        config: { epochs: 50, batchSize: 8 },
        signal: controller.signal,
        onEpoch: (e) => e.epoch === 2 && controller.abort(),
      },
    );
    expect(result.stopReason).toBe('cancelled');
    expect(result.history).toHaveLength(2);
    const preAborted = await train(
      model,
      { train: data },
      { config: { epochs: 5 }, signal: AbortSignal.abort() },
    );
    expect(preAborted.stopReason).toBe('cancelled');
    expect(preAborted.history).toHaveLength(0);
    model.dispose();
  });

  it('leaves no tensors behind after a training run', async () => {
    const data = blobs(64, 4, 3, 9);
    const model = net({ family: 'mlp', hidden: [8], batchNorm: true, dropout: 0.2 }, [4], 3);
    const before = tf.memory().numTensors;
    await train(
      model,
      { train: data, validation: data },
      { config: { epochs: 5, batchSize: 16, optimizer: { type: 'adam' }, earlyStopping: { patience: 2 } } },
    );
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('pretrains the autoencoder without labels, then trains the head (encoder frozen when asked)', async () => {
    const data = blobs(120, 6, 3, 10, 0.7);
    const events: EpochEvent[] = [];
    const model = net(
      { family: 'autoencoder', encoder: [8, 4], pretrainEpochs: 6, freezeEncoder: true, head: [] },
      [6],
      3,
    );
    const encoderKernel = () => weightsOf(model)[0];
    const initial = encoderKernel();
    let afterPretrain: number[] = [];
    const result = await train(
      model,
      { train: data, unlabelled: blobs(200, 6, 3, 11, 0.7).x },
      {
        config: { epochs: 6, batchSize: 16, optimizer: { type: 'adam', learningRate: 0.01 } },
        onEpoch: (e) => {
          events.push(e);
          if (e.phase === 'pretrain' && e.epoch === 6) afterPretrain = encoderKernel();
        },
      },
    );
    expect(events.map((e) => e.phase)).toEqual([
      ...new Array(6).fill('pretrain'),
      ...new Array(6).fill('train'),
    ]);
    expect(result.pretrainHistory[5].loss).toBeLessThan(result.pretrainHistory[0].loss);
    expect(afterPretrain).not.toEqual(initial);
    // Frozen during the supervised epochs.
    expect(encoderKernel()).toEqual(afterPretrain);
    expect(result.history[5].acc!).toBeGreaterThan(0.6);
    model.dispose();
  });

  it('trains the recurrent families on sequences', async () => {
    const rng = createRng(12);
    // Class 1 sequences ramp up, class 0 ramp down.
    const rows = 64;
    const x = new Float32Array(rows * 8 * 2);
    const y = Int32Array.from({ length: rows }, (_, r) => r % 2);
    for (let r = 0; r < rows; r++) {
      for (let t = 0; t < 8; t++) {
        const ramp = (y[r] ? t : 7 - t) / 7;
        x[(r * 8 + t) * 2] = ramp + 0.1 * rng.normal();
        x[(r * 8 + t) * 2 + 1] = 0.1 * rng.normal();
      }
    }
    for (const cell of ['gru', 'lstm'] as const) {
      const model = net({ family: 'rnn', cell, units: [8], dropout: 0 }, [8, 2], 2);
      const result = await train(
        model,
        { train: { x, y } },
        { config: { epochs: 15, batchSize: 16, optimizer: { type: 'adam', learningRate: 0.02 } } },
      );
      expect(result.history.at(-1)!.acc!).toBeGreaterThan(0.9);
      model.dispose();
    }
  });

  it('rejects bad data with messages naming it', async () => {
    const model = net({ family: 'mlp', hidden: [4] }, [3], 2);
    const ok = blobs(6, 3, 2, 1);
    await expect(train(model, { train: { x: ok.x, y: new Int32Array(5) } })).rejects.toThrow(
      'Expected 6 train labels (one per row), got 5',
    );
    await expect(train(model, { train: { x: ok.x, y: ok.y.map(() => 2) } })).rejects.toThrow(
      'Expected train labels in [0, 1], got 2 at row 0',
    );
    const bad = ok.x.slice();
    bad[4] = NaN;
    await expect(train(model, { train: { x: bad, y: ok.y } })).rejects.toThrow(
      'Expected finite train inputs, got NaN at row 1',
    );
    await expect(train(model, { train: ok }, { config: { earlyStopping: { patience: 2 } } })).rejects.toThrow(
      'Early stopping needs a non-empty validation set',
    );
    model.dispose();
  });
});

describe('convolution training', () => {
  const images = (() => {
    // Class 1 has a bright horizontal bar, class 0 a vertical one.
    const rng = createRng(13);
    const rows = 32;
    const x = new Float32Array(rows * 8 * 8);
    const y = Int32Array.from({ length: rows }, (_, r) => r % 2);
    for (let r = 0; r < rows; r++) {
      const at = 2 + rng.int(4);
      for (let i = 0; i < 8; i++) {
        for (let j = 0; j < 8; j++) {
          const on = y[r] ? i === at : j === at;
          x[r * 64 + i * 8 + j] = (on ? 1 : 0) + 0.1 * rng.normal();
        }
      }
    }
    return { x, y };
  })();

  it('fails on WASM, which lacks Conv2DBackpropFilter (hence chooseBackend)', async () => {
    await initNodeTf({ backend: 'wasm' });
    const model = net(
      { family: 'cnn2d', blocks: [{ filters: 2, kernel: 3, pool: 2, dropout: 0 }], dense: [] },
      [8, 8, 1],
      2,
    );
    await expect(train(model, { train: images }, { config: { epochs: 1 } })).rejects.toThrow(
      /Conv2DBackpropFilter/,
    );
    model.dispose();
  });

  it('trains cnn2d and cnn1d on the CPU backend', async () => {
    await initNodeTf({ needsConvTraining: true });
    expect(tf.getBackend()).toBe('cpu');
    try {
      const cnn2d = net(
        {
          family: 'cnn2d',
          blocks: [{ filters: 4, kernel: 3, pool: 2, dropout: 0 }],
          dense: [],
          batchNorm: false,
        },
        [8, 8, 1],
        2,
      );
      const r2 = await train(
        cnn2d,
        { train: images },
        { config: { epochs: 12, batchSize: 8, optimizer: { type: 'adam', learningRate: 0.03 } } },
      );
      expect(r2.history.at(-1)!.acc!).toBeGreaterThan(0.9);
      cnn2d.dispose();

      // Waveforms: class 1 is a 4-sample-period square wave, class 0 a 16-sample one.
      const rng = createRng(14);
      const x = new Float32Array(32 * 128);
      const y = Int32Array.from({ length: 32 }, (_, r) => r % 2);
      for (let r = 0; r < 32; r++) {
        const period = y[r] ? 4 : 16;
        const phase = rng.int(period);
        for (let t = 0; t < 128; t++)
          x[r * 128 + t] = (Math.floor((t + phase) / (period / 2)) % 2 ? 1 : -1) + 0.1 * rng.normal();
      }
      const cnn1d = net(
        {
          family: 'cnn1d',
          blocks: [{ filters: 4, kernel: 5, stride: 1, pool: 2, dropout: 0 }],
          dense: [],
          batchNorm: false,
        },
        [128],
        2,
      );
      const r1 = await train(
        cnn1d,
        { train: { x, y } },
        { config: { epochs: 12, batchSize: 8, optimizer: { type: 'adam', learningRate: 0.03 } } },
      );
      expect(r1.history.at(-1)!.acc!).toBeGreaterThan(0.9);
      cnn1d.dispose();
    } finally {
      await initNodeTf();
    }
  });
});

function parseOptimizer(type: OptimizerType) {
  return {
    sgd: { type, momentum: 0, nesterov: false },
    adam: { type, beta1: 0.9, beta2: 0.999 },
    rmsprop: { type, decay: 0.9, momentum: 0 },
    adagrad: { type },
  }[type] as Parameters<typeof createOptimizer>[0];
}

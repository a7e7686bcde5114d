import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeTf } from '../../node/tf';
import { createRng } from '../random';
import { ClassifierModel, buildAutoencoder, buildClassifier, buildModel } from './build';
import { type NetworkConfig, parseModelConfig } from './config';
import './layers';

beforeAll(async () => {
  await initNodeTf();
});

function randomRows(rows: number, size: number, seed: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: rows * size }, () => rng.normal());
}

const FAMILIES: { config: NetworkConfig; inputShape: number[]; embedding: number }[] = [
  { config: parseModelConfig({ family: 'logistic' }) as NetworkConfig, inputShape: [6], embedding: 6 },
  {
    config: parseModelConfig({ family: 'mlp', hidden: [8, 5] }) as NetworkConfig,
    inputShape: [6],
    embedding: 5,
  },
  {
    config: parseModelConfig({ family: 'mlp', hidden: [8, 5], members: 3, batchNorm: true }) as NetworkConfig,
    inputShape: [6],
    embedding: 15,
  },
  {
    config: parseModelConfig({
      family: 'mlp',
      hidden: [8, 5],
      members: 3,
      inputEncoding: 'mixed',
    }) as NetworkConfig,
    inputShape: [6],
    embedding: 15,
  },
  {
    config: parseModelConfig({
      family: 'cnn2d',
      blocks: [
        { filters: 4, kernel: 3, pool: 2, dropout: 0.1 },
        { filters: 6, kernel: [3, 2], pool: [2, 1], dropout: 0 },
      ],
      dense: [7],
    }) as NetworkConfig,
    inputShape: [16, 12, 1],
    embedding: 7,
  },
  {
    config: parseModelConfig({
      family: 'cnn1d',
      blocks: [{ filters: 4, kernel: 9, stride: 2, pool: 4, dropout: 0 }],
      dense: [],
    }) as NetworkConfig,
    inputShape: [256],
    embedding: 4,
  },
  {
    config: parseModelConfig({ family: 'rnn', cell: 'gru', units: [5, 6], dense: [] }) as NetworkConfig,
    inputShape: [10, 4],
    embedding: 6,
  },
  {
    config: parseModelConfig({
      family: 'rnn',
      cell: 'lstm',
      units: [5],
      bidirectional: true,
      dense: [3],
    }) as NetworkConfig,
    inputShape: [10, 4],
    embedding: 3,
  },
  {
    config: parseModelConfig({ family: 'autoencoder', encoder: [8, 3], head: [] }) as NetworkConfig,
    inputShape: [6],
    embedding: 3,
  },
];

describe('buildClassifier', () => {
  for (const { config, inputShape, embedding } of FAMILIES) {
    const members =
      'members' in config && config.members > 1
        ? ` (${config.members} members, ${config.inputEncoding} inputs)`
        : '';
    const label = `${config.family}${'cell' in config ? ` (${config.cell})` : ''}${members}`;
    it(`${label}: logits, probabilities and embeddings of the right shapes`, () => {
      const model = buildClassifier(config, inputShape, 3, 7);
      const size = inputShape.reduce((a, b) => a * b, 1);
      const x = randomRows(5, size, 1);
      expect(model.inputShape).toEqual(inputShape);
      expect(model.embeddingSize).toBe(embedding);
      const logits = model.predictLogits(x);
      const probs = model.predictProbs(x);
      expect(logits).toHaveLength(15);
      expect(probs).toHaveLength(15);
      for (let r = 0; r < 5; r++) {
        const row = Array.from(probs.subarray(r * 3, r * 3 + 3));
        expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
        // Softmax of the logits, so the order agrees.
        expect(row.indexOf(Math.max(...row))).toBe(
          Array.from(logits.subarray(r * 3, r * 3 + 3)).indexOf(
            Math.max(...logits.subarray(r * 3, r * 3 + 3)),
          ),
        );
      }
      expect(model.embed(x)).toHaveLength(5 * embedding);
      expect(() => model.predictProbs(new Float32Array(size + 1))).toThrow(
        `Expected input length to be a multiple of ${size} (one example), got ${size + 1}`,
      );
      model.dispose();
    });
  }

  it('gives identical weights for the same seed and different ones for another', () => {
    const config = parseModelConfig({ family: 'mlp', hidden: [16], activation: 'maxout' }) as NetworkConfig;
    const weightsOf = (seed: number) => {
      const model = buildModel(config, [4], 3, seed);
      const values = model.getWeights().map((w) => Array.from(w.dataSync()));
      model.dispose();
      return values;
    };
    expect(weightsOf(11)).toEqual(weightsOf(11));
    expect(weightsOf(11)).not.toEqual(weightsOf(12));
  });

  it('builds every activation, with and without batch norm', () => {
    for (const activation of [
      'relu',
      'elu',
      'leaky-relu',
      'selu',
      'swish',
      'shifted-relu',
      'maxout',
      'tanh',
    ]) {
      for (const batchNorm of [false, true]) {
        const model = buildClassifier(
          parseModelConfig({ family: 'mlp', hidden: [4], activation, batchNorm }) as NetworkConfig,
          [3],
          2,
          1,
        );
        const probs = model.predictProbs(randomRows(2, 3, 5));
        expect(probs.every(Number.isFinite)).toBe(true);
        model.dispose();
      }
    }
  });

  it('rejects input shapes a family cannot take, naming them', () => {
    expect(() => buildModel(parseModelConfig({ family: 'mlp' }) as NetworkConfig, [4, 4], 3, 1)).toThrow(
      'Expected mlp inputShape [features], got [4,4]',
    );
    expect(() => buildModel(parseModelConfig({ family: 'cnn2d' }) as NetworkConfig, [4, 4, 1], 3, 1)).toThrow(
      'Input 4×4 is too small for the pooling of blocks[2] (2×2)',
    );
    expect(() => buildModel(parseModelConfig({ family: 'logistic' }) as NetworkConfig, [4], 1, 1)).toThrow(
      'Expected nClasses to be an integer >= 2, got 1',
    );
    expect(() => buildModel(parseModelConfig({ family: 'logistic' }) as NetworkConfig, [0], 2, 1)).toThrow(
      'Expected inputShape to be positive integers, got [0]',
    );
  });

  it('averages ensemble members’ probabilities, each member reading only its own units', () => {
    const config = parseModelConfig({
      family: 'mlp',
      hidden: [4, 3],
      members: 3,
      dropout: 0,
    }) as NetworkConfig;
    const model = buildClassifier(config, [5], 2, 8);
    expect(model.members).toBe(3);
    const x = randomRows(4, 5, 2);
    const memberProbs = () =>
      tf.tidy(() => tf.softmax(model.model.predict(tf.tensor2d(x, [4, 5])) as tf.Tensor3D).arraySync());
    const perMember = memberProbs();
    const probs = model.predictProbs(x);
    for (let r = 0; r < 4; r++) {
      for (let c = 0; c < 2; c++) {
        const mean = (perMember[r][0][c] + perMember[r][1][c] + perMember[r][2][c]) / 3;
        expect(probs[r * 2 + c]).toBeCloseTo(mean, 5);
      }
    }
    // Zeroing member 1's second-layer kernel changes member 1's output only.
    const parallel = model.model.layers.find(
      (l) => l.getClassName() === 'ParallelDense' && l.name !== 'logits',
    )!;
    const [kernel, bias] = parallel.getWeights();
    const zeroed = tf.tidy(() =>
      tf.concat([kernel.slice([0], [1]), tf.zerosLike(kernel.slice([1], [1])), kernel.slice([2], [1])]),
    );
    parallel.setWeights([zeroed, bias]);
    const after = memberProbs();
    expect(after.map((row) => row[0])).toEqual(perMember.map((row) => row[0]));
    expect(after.map((row) => row[2])).toEqual(perMember.map((row) => row[2]));
    expect(after.map((row) => row[1])).not.toEqual(perMember.map((row) => row[1]));
    zeroed.dispose();
    model.dispose();
  });

  it('starts recurrent kernels orthogonal (rows orthonormal, as Keras)', () => {
    const config = parseModelConfig({
      family: 'rnn',
      cell: 'lstm',
      units: [6],
      bidirectional: true,
    }) as NetworkConfig;
    const model = buildModel(config, [5, 3], 2, 3);
    const recurrent = model.weights.filter((w) => w.name.includes('recurrent_kernel'));
    expect(recurrent).toHaveLength(2);
    for (const weight of recurrent) {
      expect(weight.shape).toEqual([6, 24]);
      const gram = tf.tidy(() => {
        const r = weight.read() as tf.Tensor2D;
        return tf.matMul(r, r, false, true).arraySync() as number[][];
      });
      gram.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(i === j ? 1 : 0, 5)));
    }
    model.dispose();
  });

  it('encodes inputs periodically as [x, sin 2πcx, cos 2πcx] and reloads the layer', async () => {
    const config = parseModelConfig({
      family: 'mlp',
      hidden: [4],
      inputEncoding: 'periodic',
      periodicFrequencies: 2,
      periodicSigma: 0.3,
    });
    const model = buildModel(config as NetworkConfig, [3], 2, 6);
    const layer = model.layers.find((l) => l.getClassName() === 'PeriodicEncoding')!;
    expect(layer.outputShape).toEqual([null, 15]);
    const c = layer.getWeights()[0].arraySync() as number[][];
    const x = [0.5, -1, 2];
    const out = tf.tidy(() => (layer.apply(tf.tensor2d([x])) as tf.Tensor).arraySync() as number[][])[0];
    const expected = [
      ...x,
      ...x.flatMap((v, f) => c[f].map((k) => Math.sin(2 * Math.PI * k * v))),
      ...x.flatMap((v, f) => c[f].map((k) => Math.cos(2 * Math.PI * k * v))),
    ];
    out.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 5));
    const reloaded = await tf.models.modelFromJSON(model.toJSON(null, false) as tf.serialization.ConfigDict);
    reloaded.setWeights(model.getWeights());
    const input = tf.tensor2d([x]);
    const [a, b] = [model.predict(input) as tf.Tensor, reloaded.predict(input) as tf.Tensor];
    expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
    tf.dispose([input, a, b]);
    model.dispose();
    reloaded.dispose();
  });

  it('shares the encoder between the autoencoder and the classifier', () => {
    const config = parseModelConfig({ family: 'autoencoder', encoder: [5, 2] }) as NetworkConfig & {
      family: 'autoencoder';
    };
    const { classifier, autoencoder } = buildAutoencoder(config, [4], 3, 3);
    const shared = autoencoder.layers.filter(
      (l) => classifier.layers.includes(l) && l.getClassName() === 'Dense',
    );
    expect(shared).toHaveLength(2);
    expect(autoencoder.outputs[0].shape).toEqual([null, 4]);
    new ClassifierModel(classifier, config, autoencoder).dispose();
  });

  it('does not leak tensors over 100 predictions', () => {
    const model = buildClassifier(
      parseModelConfig({ family: 'mlp', hidden: [8], batchNorm: true }) as NetworkConfig,
      [6],
      3,
      2,
    );
    const x = randomRows(300, 6, 9);
    model.predictProbs(x); // first call may build lazily
    const before = tf.memory().numTensors;
    for (let i = 0; i < 100; i++) {
      model.predictProbs(x.subarray(0, 60));
      model.embed(x.subarray(0, 60));
    }
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});

describe('custom layers survive serialisation', () => {
  it('reloads maxout, shifted-relu and seeded dropout by class name with the same outputs', async () => {
    for (const activation of ['maxout', 'shifted-relu'] as const) {
      const config = parseModelConfig({
        family: 'mlp',
        hidden: [6, 4],
        activation,
        dropout: 0.2,
        inputDropout: 0.1,
        members: activation === 'maxout' ? 1 : 2,
      });
      const model = buildModel(config as NetworkConfig, [5], 3, 4);
      const json = model.toJSON(null, false) as tf.serialization.ConfigDict;
      expect(JSON.stringify(json)).toContain(
        activation === 'maxout' ? '"class_name":"Maxout"' : '"class_name":"ShiftedReLU"',
      );
      expect(JSON.stringify(json)).toContain('"class_name":"SeededDropout"');
      if (activation === 'shifted-relu')
        expect(JSON.stringify(json)).toContain('"class_name":"ParallelDense"');
      const reloaded = await tf.models.modelFromJSON(json);
      reloaded.setWeights(model.getWeights());
      const x = tf.tensor2d(randomRows(4, 5, 3), [4, 5]);
      const a = model.predict(x) as tf.Tensor;
      const b = reloaded.predict(x) as tf.Tensor;
      expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
      tf.dispose([x, a, b]);
      model.dispose();
      reloaded.dispose();
    }
  });
});

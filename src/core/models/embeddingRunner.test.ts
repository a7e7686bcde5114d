import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeTf, tf } from '../../node/tf';
import { buildClassifier, type ClassifierModel } from './build';
import { defaultModelConfig, type MlpConfig } from './config';
import { createEmbeddingRunner } from './embeddingRunner';

let network: ClassifierModel;
const x = Float32Array.from({ length: 12 }, (_, i) => Math.sin(i + 1));

beforeAll(async () => {
  await initNodeTf({ backend: 'wasm' });
  network = buildClassifier({ ...defaultModelConfig('mlp'), hidden: [16, 8] } as MlpConfig, [12], 4, 3);
});

describe('createEmbeddingRunner', () => {
  it('gives the logits and the embedding of one pass, as predictLogits and embed give them', () => {
    const runner = createEmbeddingRunner(network);
    expect(runner.embeddingSize).toBe(8);
    expect(runner.nClasses).toBe(4);
    const { logits, embedding } = runner.run(x);
    expect(Array.from(logits)).toEqual(Array.from(network.predictLogits(x)).map((v) => expect.closeTo(v, 5)));
    expect(Array.from(embedding)).toEqual(Array.from(network.embed(x)).map((v) => expect.closeTo(v, 5)));
  });

  it('leaves no tensors behind across repeated windows', () => {
    const runner = createEmbeddingRunner(network);
    runner.run(x);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 20; i++) runner.run(x);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('names a wrong input length', () => {
    expect(() => createEmbeddingRunner(network).run(new Float32Array(5))).toThrow(
      'Expected one example of 12 values, got 5',
    );
  });
});

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readBundleDir } from '../../node/bundleFiles';
import { savedGtzanBundle } from '../../node/gtzanBundle';
import { tf } from '../../node/tf';
import {
  BATCH_ACTIVATION_BUDGET,
  checkActivationBudget,
  layerActivations,
  MAX_EXAMPLE_ACTIVATION,
  predictBatchSize,
} from '../models/budget';
import { ClassifierModel } from '../models/classifierModel';
import { loadBundle, type SavedBundle } from './bundle';
import { checkModelJson, type LayersModelJson } from './modelJson';

let saved: SavedBundle;

beforeAll(async () => {
  ({ saved } = await savedGtzanBundle());
});

function layersOf(json: LayersModelJson): Array<{ class_name: string; config: Record<string, unknown> }> {
  return (
    json.modelTopology.config as { layers: Array<{ class_name: string; config: Record<string, unknown> }> }
  ).layers;
}

describe('the model budget', () => {
  it('sizes prediction batches to the activation budget', () => {
    expect(predictBatchSize(1000)).toBe(256);
    expect(predictBatchSize(1 << 22)).toBe(16);
    expect(predictBatchSize(MAX_EXAMPLE_ACTIVATION)).toBe(BATCH_ACTIVATION_BUDGET / MAX_EXAMPLE_ACTIVATION);
    expect(predictBatchSize(Number.MAX_SAFE_INTEGER)).toBe(1);
  });

  it('names the total and the largest layer when a network is over the per-example budget', () => {
    expect(() =>
      checkActivationBudget([
        { name: 'a', size: 5_000_000 },
        { name: 'b', size: 4_000_000 },
      ]),
    ).toThrow(
      /layers output 9000000 values per example \(layer a alone 5000000\), more than the budget of 8388608/,
    );
    expect(() => checkActivationBudget([{ name: 'huge', size: 2 ** 25 }])).toThrow(
      /Layer huge outputs 33554432/,
    );
  });

  it('refuses a small bundle whose RepeatVector would take gigabytes, before TF.js allocates anything', async () => {
    const json = structuredClone(saved.modelJson) as LayersModelJson;
    const layers = layersOf(json);
    // A Dense after RepeatVector acts on the last axis: same weights, so the manifest still matches.
    layers.splice(2, 0, { class_name: 'RepeatVector', config: { name: 'blowup', n: 200_000 } });
    expect(JSON.stringify(json).length).toBeLessThan(40_000);
    const before = tf.memory().numTensors;
    await expect(loadBundle({ ...saved, modelJson: json })).rejects.toThrow(
      /The model's layers output \d+ values per example \(layer .* alone \d+\), more than the budget of 8388608/,
    );
    expect(() => checkModelJson(json, saved.weights.byteLength)).toThrow(/more than the budget/);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('leaves every shipped model ten times its activations and batches of 256', async () => {
    for (const name of ['genre', 'instruments', 'reggaeton']) {
      const parts = await readBundleDir(path.resolve(process.cwd(), 'public/models', name));
      const modelJson = JSON.parse(
        await readFile(path.resolve('public/models', name, 'model.json'), 'utf8'),
      ) as unknown;
      expect(parts.modelJson).toEqual(modelJson);
      const { model } = await loadBundle(parts);
      const total = checkActivationBudget(layerActivations(model));
      expect(total * 10).toBeLessThan(MAX_EXAMPLE_ACTIVATION);
      expect(predictBatchSize(total)).toBe(256);
      model.dispose();
    }
  });

  it('predicts a cnn2d-sized model in budget-sized batches with the same numbers as one batch', () => {
    const input = tf.input({ shape: [64, 64, 1] });
    const conv = tf.layers.conv2d({ filters: 256, kernelSize: 3, padding: 'same' }).apply(input);
    const flat = tf.layers.globalAveragePooling2d({}).apply(conv);
    const out = tf.layers.dense({ units: 3, name: 'logits' }).apply(flat) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: out });
    const classifier = new ClassifierModel(model, { family: 'cnn2d' } as never);
    expect(classifier.predictBatch).toBe(predictBatchSize(64 * 64 * 257 + 256 + 3));
    expect(classifier.predictBatch).toBeLessThan(256);
    const rows = classifier.predictBatch + 3;
    const x = Float32Array.from({ length: rows * 64 * 64 }, (_, i) => Math.sin(i));
    const before = tf.memory().numTensors;
    const probs = classifier.predictProbs(x);
    expect(tf.memory().numTensors).toBe(before);
    const whole = tf.tidy(() =>
      (model.predict(tf.tensor(x, [rows, 64, 64, 1])) as tf.Tensor).softmax().dataSync(),
    );
    for (let i = 0; i < probs.length; i++) expect(probs[i]).toBeCloseTo(whole[i], 5);
    classifier.dispose();
  });
});

/**
 * The work half of the model budget (models/budget): multiply-adds per example and per second of audio,
 * estimated from the shapes before any weight is loaded, and a bundle refused when a few kilobytes of topology
 * would make a song take hours.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readBundleDir } from '../../node/bundleFiles';
import { initNodeTf, tf } from '../../node/tf';
import { audioFeatureSet, rowsPerSecondOf } from '../features/audioSets';
import {
  checkOperationBudget,
  exampleOperations,
  MAX_EXAMPLE_OPERATIONS,
  MAX_OPERATIONS_PER_AUDIO_SECOND,
} from '../models/budget';
import { buildClassifier } from '../models/build';
import { ClassifierModel } from '../models/classifierModel';
import { defaultModelConfig, type NetworkConfig } from '../models/config';
import { PREDICTIONS_PER_SECOND } from '../live/liveAnalysis';
import { loadBundle, openBundle, type BundleParts } from './bundle';
import type { BundleMeta } from './meta';
import { saveVotingBundle } from './votingBundle';
import { checkModelJson, type LayersModelJson } from './modelJson';

type TopologyLayer = {
  name: string;
  class_name: string;
  config: Record<string, unknown>;
  inbound_nodes: unknown[][][];
};

const bundleDir = (name: string) => path.resolve(process.cwd(), 'public/models', name);

function layersOf(json: LayersModelJson): TopologyLayer[] {
  return (json.modelTopology.config as { layers: TopologyLayer[] }).layers;
}

/** Inserts a weightless layer after the one named `after`, rewiring whoever read `after` to read it. */
function insertAfter(
  json: LayersModelJson,
  after: string,
  className: string,
  config: Record<string, unknown>,
) {
  const layers = layersOf(json);
  const name = String(config.name);
  for (const l of layers) {
    for (const node of l.inbound_nodes) for (const input of node) if (input[0] === after) input[0] = name;
  }
  const at = layers.findIndex((l) => l.name === after);
  layers.splice(at + 1, 0, { name, class_name: className, config, inbound_nodes: [[[after, 0, 0, {}]]] });
}

/**
 * The shipped instruments network (a `frames` model, read about eleven times a second in Live) run over `n`
 * copies of its input: a RepeatVector after the input, a GlobalAveragePooling1D before its last Dense. Same
 * weights, same manifest, `n` times the work.
 */
async function repeatedInstruments(n: number): Promise<BundleParts> {
  const parts = await readBundleDir(bundleDir('instruments'));
  const json = structuredClone(parts.modelJson) as LayersModelJson;
  const layers = layersOf(json);
  insertAfter(json, layers[0].name, 'RepeatVector', { name: 'repeat', n });
  const lastDense = layers.filter((l) => l.class_name === 'Dense').pop()!;
  const beforeLast = lastDense.inbound_nodes[0][0][0] as string;
  insertAfter(json, beforeLast, 'GlobalAveragePooling1D', { name: 'squash' });
  return { ...parts, modelJson: json };
}

beforeAll(async () => {
  await initNodeTf();
});

describe('the operation budget', () => {
  it('charges each weight once per position of its input, and weightless layers their output', () => {
    const ops = exampleOperations([
      { name: 'dense', inputShape: [7], outputSize: 10, weightValues: 80, window: 1 },
      {
        name: 'conv',
        inputShape: [4, 5, 3],
        outputSize: 4 * 5 * 2,
        weightValues: 3 * 3 * 3 * 2 + 2,
        window: 1,
      },
      { name: 'pool', inputShape: [4, 5, 2], outputSize: 2 * 2 * 2, weightValues: 0, window: 4 },
      { name: 'relu', inputShape: [10], outputSize: 10, weightValues: 0, window: 1 },
    ]);
    expect(ops).toBe(80 + 20 * 56 + 8 * 4 + 10);
  });

  it('names per-example and per-second figures when over the caps', () => {
    expect(() => checkOperationBudget(5e9, null)).toThrow(
      'The model costs 5.00 G multiply-adds per example, more than the budget of 4.00 G',
    );
    expect(() => checkOperationBudget(1e9, 3)).toThrow(
      'The model costs 3.00 G multiply-adds per second of audio (1.00 G per example, 3.00 examples a second), more than the budget of 2.00 G',
    );
    expect(() => checkOperationBudget(1e9, 1)).not.toThrow();
    expect(() => checkOperationBudget(Number.NaN, null)).toThrow(/per example/);
  });

  it('gives the shipped models the same estimate dry as loaded, with 100 times the room', async () => {
    for (const name of ['genre', 'instruments', 'reggaeton']) {
      const parts = await readBundleDir(bundleDir(name));
      const dry = checkModelJson(parts.modelJson, (parts.weights as ArrayBuffer).byteLength);
      const { model, meta } = await loadBundle(parts);
      const loaded = new ClassifierModel(model, { family: 'mlp' } as never);
      expect(loaded.operationsPerExample).toBe(dry.operationsPerExample);
      // At least the weights once: a Dense stack costs its weights and its activations.
      expect(dry.operationsPerExample).toBeGreaterThanOrEqual(model.countParams());
      const perSecond = dry.operationsPerExample * (rowsPerSecondOf(meta.featureSpec) ?? 1);
      expect(perSecond * 100).toBeLessThan(MAX_OPERATIONS_PER_AUDIO_SECOND);
      loaded.dispose();
    }
  });

  it('leaves every network family the Train view builds on its feature sets ten times the room', () => {
    const cases: Array<[NetworkConfig['family'], 'frames' | 'logmel' | 'meyda' | 'gtzan-librosa']> = [
      ['logistic', 'frames'],
      ['mlp', 'frames'],
      ['mlp', 'gtzan-librosa'],
      ['mlp', 'meyda'],
      ['cnn1d', 'frames'],
      ['autoencoder', 'frames'],
      ['cnn2d', 'logmel'],
      ['rnn', 'logmel'],
    ];
    for (const [family, set] of cases) {
      const entry = audioFeatureSet(set);
      const net = buildClassifier(defaultModelConfig(family) as NetworkConfig, entry.inputShape, 20, 1);
      expect(net.operationsPerExample * entry.rowsPerSecond * 10, `${family} on ${set}`).toBeLessThan(
        MAX_OPERATIONS_PER_AUDIO_SECOND,
      );
      net.dispose();
    }
    // The largest: cnn2d's three conv blocks over a 130 × 128 patch, about 43 M multiply-adds.
    const cnn = buildClassifier(defaultModelConfig('cnn2d') as NetworkConfig, [130, 128], 10, 1);
    expect(cnn.operationsPerExample).toBeGreaterThan(30e6);
    expect(cnn.operationsPerExample).toBeLessThan(60e6);
    cnn.dispose();
  });

  it('refuses a bundle that repeats its input 2,000 times, naming its cost per second of audio', async () => {
    const before = tf.memory().numTensors;
    // 2,000 × the network's 275 k weights ≈ 0.55 G per example, × ~10.8 rows a second in Live ≈ 5.9 G.
    await expect(loadBundle(await repeatedInstruments(2000))).rejects.toThrow(
      /^The model costs 5\.\d\d G multiply-adds per second of audio \(0\.5\d\d G per example, 10\.8 examples a second\), more than the budget of 2\.00 G$/,
    );
    expect(tf.memory().numTensors).toBe(before);
    expect(PREDICTIONS_PER_SECOND).toBeCloseTo(10.77, 2);
    // The same trick 20 times over stays within budget: the cap is the work, not the layer.
    const { model } = await loadBundle(await repeatedInstruments(20));
    model.dispose();
  });

  it('charges a vote for all of its networks together: two within budget alone are refused as one vote', async () => {
    // 400 × 275 k ≈ 0.11 G per example, ≈ 1.17 G a second in Live: within budget alone, twice that is not.
    const one = await repeatedInstruments(400);
    const { model } = await loadBundle(one);
    model.dispose();
    const meta = one.meta as BundleMeta;
    const weights = new Uint8Array(one.weights as ArrayBuffer).slice().buffer;
    const member = { modelJson: one.modelJson, weights, meta };
    const vote = saveVotingBundle([member, member], {
      ...meta,
      kind: 'voting',
      modelConfig: { family: 'voting', models: [meta.modelConfig, meta.modelConfig] },
    });
    await expect(openBundle(vote)).rejects.toThrow(
      /^The model costs 2\.3\d G multiply-adds per second of audio \(0\.21\d G per example/,
    );
  });

  it('refuses a topology whose convolutions cost more per example than the cap, before loading any weight', async () => {
    const input = tf.input({ shape: [64, 64, 64] });
    let x = tf.layers
      .conv2d({ filters: 256, kernelSize: 5, padding: 'same' })
      .apply(input) as tf.SymbolicTensor;
    x = tf.layers.conv2d({ filters: 256, kernelSize: 5, padding: 'same' }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.globalAveragePooling2d({}).apply(x) as tf.SymbolicTensor;
    const out = tf.layers.dense({ units: 2, name: 'logits' }).apply(x) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: out });
    let artifacts: tf.io.ModelArtifacts | null = null;
    await model.save(
      tf.io.withSaveHandler(async (a) => {
        artifacts = a;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    model.dispose();
    const a = artifacts as unknown as tf.io.ModelArtifacts;
    const json = {
      format: 'layers-model',
      modelTopology: a.modelTopology,
      weightsManifest: [{ paths: ['weights.bin'], weights: a.weightSpecs }],
    };
    const bytes = (a.weightData as ArrayBuffer).byteLength;
    // 4,096 positions × (64·256·25 + 256·256·25) weights ≈ 8.4 G.
    expect(() => checkModelJson(json, bytes)).toThrow(
      /^The model costs 8\.\d\d G multiply-adds per example, more than the budget of 4\.00 G$/,
    );
    expect(MAX_EXAMPLE_OPERATIONS).toBe(4e9);
  });
});

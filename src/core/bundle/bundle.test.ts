import { beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../../node/tf';
import '../models/layers';
import {
  loadBundle,
  loadKnnBundle,
  openBundle,
  saveBundle,
  saveKnnBundle,
  type BundleParts,
  type SavedBundle,
} from './bundle';
import type { LayersModelJson } from './modelJson';
import type { NetworkConfig } from '../models/config';
import { BUILTIN_LAYER_CLASSES, CUSTOM_LAYER_CLASSES } from './allowList';
import { gtzanMeta, predictRows, type GtzanFixture } from './testing';
import { savedGtzanBundle } from '../../node/gtzanBundle';

let fx: GtzanFixture;
let mlp: tf.LayersModel;
let saved: SavedBundle;

beforeAll(async () => {
  ({ fx, model: mlp, saved } = await savedGtzanBundle());
});

/** A deep copy of the saved bundle's model.json, to damage in one place. */
function modelJsonCopy(): LayersModelJson {
  return structuredClone(saved.modelJson) as LayersModelJson;
}

function layersOf(json: LayersModelJson): Array<{ class_name: string; config: Record<string, unknown> }> {
  return (
    json.modelTopology.config as { layers: Array<{ class_name: string; config: Record<string, unknown> }> }
  ).layers;
}

async function rejection(parts: Partial<BundleParts>): Promise<string> {
  const before = tf.memory().numTensors;
  const result = await loadBundle({ ...saved, ...parts }).then(
    (r) => {
      r.model.dispose();
      return 'loaded';
    },
    (err: Error) => `${err.name}: ${err.message}`,
  );
  expect(tf.memory().numTensors).toBe(before);
  return result;
}

describe('saveBundle / loadBundle', () => {
  it('round-trips a model trained on GTZAN rows with identical predictions', async () => {
    const { model, meta } = await loadBundle(saved);
    expect(meta).toEqual(gtzanMeta(fx));
    const original = predictRows(mlp, fx, 200);
    const restored = predictRows(model, fx, 200);
    expect(restored).toEqual(original);
    // The model learnt something from the real rows: better than the 10 % of chance on them.
    let hits = 0;
    for (let r = 0; r < 200; r++) {
      const row = Array.from(original.subarray(r * 10, r * 10 + 10));
      if (row.indexOf(Math.max(...row)) === fx.dataset.labels[r]) hits++;
    }
    expect(hits / 200).toBeGreaterThan(0.3);
    model.dispose();
  });

  it('writes TF.js layers-model JSON whose manifest matches the weight bytes', () => {
    const json = saved.modelJson as LayersModelJson;
    expect(json.format).toBe('layers-model');
    expect(json.weightsManifest[0].paths).toEqual(['weights.bin']);
    const bytes = json.weightsManifest[0].weights.reduce(
      (s, w) => s + w.shape.reduce((a, b) => a * b, 1) * 4,
      0,
    );
    expect(bytes).toBe(saved.weights.byteLength);
    // 57 → 24 dense, batch norm (4 × 24), 24 → 10 dense.
    expect(bytes).toBe((57 * 24 + 24 + 4 * 24 + 24 * 10 + 10) * 4);
  });

  it('leaves no tensors behind across repeated loads and predictions', async () => {
    const first = await loadBundle(saved);
    predictRows(first.model, fx, 10);
    first.model.dispose();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) {
      const { model } = await loadBundle(saved);
      predictRows(model, fx, 10);
      model.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('round-trips convolutional, recurrent and functional models', async () => {
    const seq = tf.sequential();
    seq.add(tf.layers.reshape({ inputShape: [57], targetShape: [57, 1] }));
    seq.add(
      tf.layers.conv1d({
        filters: 4,
        kernelSize: 5,
        activation: 'relu',
        kernelInitializer: tf.initializers.heNormal({ seed: 4 }),
      }),
    );
    seq.add(tf.layers.maxPooling1d({ poolSize: 2 }));
    seq.add(
      tf.layers.bidirectional({ layer: tf.layers.lstm({ units: 3, returnSequences: true }) as tf.RNN }),
    );
    seq.add(
      tf.layers.gru({ units: 4, recurrentInitializer: tf.initializers.orthogonal({ seed: 5, gain: 1 }) }),
    );
    seq.add(tf.layers.dense({ units: 10, activation: 'softmax' }));
    const input = tf.input({ shape: [57] });
    const a = tf.layers.dense({ units: 8, activation: 'elu' }).apply(input) as tf.SymbolicTensor;
    const b = tf.layers.dense({ units: 8, activation: 'tanh' }).apply(input) as tf.SymbolicTensor;
    const joined = tf.layers.concatenate().apply([a, b]) as tf.SymbolicTensor;
    const out = tf.layers.dense({ units: 10 }).apply(joined) as tf.SymbolicTensor;
    const functional = tf.model({ inputs: input, outputs: out });
    for (const model of [seq, functional]) {
      const bundle = await saveBundle(model, gtzanMeta(fx));
      const loaded = await loadBundle(bundle);
      expect(predictRows(loaded.model, fx, 50)).toEqual(predictRows(model, fx, 50));
      loaded.model.dispose();
      model.dispose();
    }
  });

  it('round-trips our custom layers (Maxout, ShiftedReLU, SeededDropout) by their registered names', async () => {
    const { Maxout, ShiftedReLU, SeededDropout } = await import('../models/layers');
    const model = tf.sequential();
    model.add(new Maxout({ inputShape: [57], units: 6, pieces: 3, seed: 7 }));
    model.add(new ShiftedReLU());
    model.add(new SeededDropout({ rate: 0.1, seed: 8 }));
    model.add(tf.layers.dense({ units: 10 }));
    const bundle = await saveBundle(model, gtzanMeta(fx));
    const names = layersOf(bundle.modelJson as LayersModelJson).map((l) => l.class_name);
    expect(names).toEqual(['Maxout', 'ShiftedReLU', 'SeededDropout', 'Dense']);
    const loaded = await loadBundle(bundle);
    expect(predictRows(loaded.model, fx, 50)).toEqual(predictRows(model, fx, 50));
    loaded.model.dispose();
    // Without being allowed, the same class names are refused.
    await expect(loadBundle(bundle, { customLayerClasses: [] })).rejects.toThrow(
      'layers[0] has layer class "Maxout", which is not on the allow-list',
    );
    model.dispose();
  });

  it('round-trips a two-member ensemble (raw + periodic members) and its averaged predictions', async () => {
    const { buildClassifier } = await import('../models/build');
    const { ClassifierModel } = await import('../models/classifierModel');
    const { parseModelConfig } = await import('../models/config');
    const config = parseModelConfig({
      family: 'mlp',
      hidden: [16, 8],
      members: 2,
      inputEncoding: 'mixed' as const,
      periodicFrequencies: 4,
      periodicSigma: 0.1,
    }) as NetworkConfig;
    const built = buildClassifier(config, [57], 10, 3);
    const names = new Set(
      layersOf((await saveBundle(built.model, gtzanMeta(fx))).modelJson as LayersModelJson).map(
        (l) => l.class_name,
      ),
    );
    expect(names).toContain('ParallelDense');
    expect(names).toContain('PeriodicEncoding');
    const loaded = await loadBundle(await saveBundle(built.model, gtzanMeta(fx)));
    const again = new ClassifierModel(loaded.model, built.config);
    expect(again.members).toBe(2);
    const x = fx.x.subarray(0, 20 * 57);
    expect(again.predictProbs(x)).toEqual(built.predictProbs(x));
    again.dispose();
    built.dispose();
  });

  it('refuses an output of more than [members, classes] per example', async () => {
    const input = tf.input({ shape: [57] });
    const out = tf.layers
      .reshape({ targetShape: [2, 1, 5] })
      .apply(tf.layers.dense({ units: 10 }).apply(input) as tf.SymbolicTensor) as tf.SymbolicTensor;
    const odd = tf.model({ inputs: input, outputs: out });
    await expect(saveBundle(odd, gtzanMeta(fx))).rejects.toThrow(
      'Expected the model to output one vector per example',
    );
    odd.dispose();
  });

  it('allow-lists only classes TF.js has registered', () => {
    const map = tf.serialization.SerializationMap.getMap().classNameMap;
    for (const name of [...BUILTIN_LAYER_CLASSES, ...CUSTOM_LAYER_CLASSES])
      expect(map[name], name).toBeDefined();
  });
});

describe('loadBundle rejects malformed and hostile bundles', () => {
  it('truncated, padded or wrongly typed weights', async () => {
    const n = saved.weights.byteLength;
    expect(await rejection({ weights: saved.weights.slice(0, n - 4) })).toBe(
      `BundleError: The weights are ${n - 4} bytes but model.json's manifest describes ${n} bytes (truncated or mismatched weight file)`,
    );
    expect(await rejection({ weights: new Uint8Array(n + 8).buffer })).toMatch(/weights are \d+ bytes but/);
    expect(await rejection({ weights: 'AAAA' as never })).toMatch(/Expected the weights to be bytes/);
  });

  it('NaN inside the weights', async () => {
    const weights = saved.weights.slice(0);
    new Float32Array(weights)[17] = NaN;
    expect(await rejection({ weights })).toBe('BundleError: weights.bin holds NaN at value 17');
  });

  it('weight shapes that disagree with the layers, or dtypes other than float32', async () => {
    const json = modelJsonCopy();
    json.weightsManifest[0].weights[0].shape = [24, 57]; // same bytes as [57, 24]
    expect(await rejection({ modelJson: json })).toBe(
      'BundleError: model.json\'s manifest gives weight "dense_Dense1/kernel" shape [24, 57] but its layers create [57, 24]',
    );
    const renamed = modelJsonCopy();
    renamed.weightsManifest[0].weights[0].name = 'dense_Dense1/kernel_other';
    expect(await rejection({ modelJson: renamed })).toBe(
      'BundleError: model.json\'s manifest lacks weight "dense_Dense1/kernel" [57, 24] that its layers create',
    );
    const int = modelJsonCopy();
    (int.weightsManifest[0].weights[1] as { dtype: string }).dtype = 'int32';
    expect(await rejection({ modelJson: int })).toMatch(/weights\[1\]\.dtype to be "float32", got "int32"/);
    const quantized = modelJsonCopy();
    Object.assign(quantized.weightsManifest[0].weights[0], {
      quantization: { dtype: 'uint8', min: 0, scale: 1 },
    });
    expect(await rejection({ modelJson: quantized })).toMatch(/quantized/);
  });

  it('giant declared sizes, without allocating them', async () => {
    const manifest = modelJsonCopy();
    manifest.weightsManifest[0].weights[0].shape = [1e9, 1e9];
    expect(await rejection({ modelJson: manifest })).toMatch(
      /weights\[0\].shape\[0\] to be an integer in \[0, 13107200\]/,
    );
    const wide = modelJsonCopy();
    wide.weightsManifest[0].weights[0].shape = [57, 1_000_000];
    expect(await rejection({ modelJson: wide })).toMatch(/declares more than 52428800 bytes/);
    // A layer of 10^9 units with a small manifest: the dry build records the shape, nothing is allocated.
    const units = modelJsonCopy();
    layersOf(units)[0].config.units = 1e9;
    expect(await rejection({ modelJson: units })).toMatch(
      /weight "dense_Dense1\/kernel" shape \[57, 24\] but its layers create \[57, 1000000000\]/,
    );
    const input = modelJsonCopy();
    layersOf(input)[0].config.batch_input_shape = [null, 1e8];
    expect(await rejection({ modelJson: input })).toBe(
      "BundleError: The model's input [100000000] has more than 4194304 values",
    );
  });

  it('unknown layer classes, Lambda and other custom code', async () => {
    const unknown = modelJsonCopy();
    layersOf(unknown)[1].class_name = 'Embedding';
    expect(await rejection({ modelJson: unknown })).toBe(
      'BundleError: model.json layers[1] has layer class "Embedding", which is not on the allow-list',
    );
    const lambda = modelJsonCopy();
    layersOf(lambda)[2] = { class_name: 'Lambda', config: { name: 'l', function: 'x => fetch(x)' } };
    expect(await rejection({ modelJson: lambda })).toMatch(/Lambda layer \(custom code\)/);
    // TF.js resolves activations in the same registry as layers: a class name there must not get through.
    const activation = modelJsonCopy();
    layersOf(activation)[2].config.activation = 'Dense';
    expect(await rejection({ modelJson: activation })).toMatch(
      /names activation "Dense", which is not on the allow-list/,
    );
    const initializer = modelJsonCopy();
    layersOf(initializer)[0].config.kernel_initializer = { class_name: 'Sequential', config: {} };
    expect(await rejection({ modelJson: initializer })).toMatch(
      /kernel_initializer names class "Sequential"/,
    );
    const nested = modelJsonCopy();
    layersOf(nested)[0].config.extra = { class_name: 'Dense', config: {} };
    expect(await rejection({ modelJson: nested })).toMatch(/config.extra names a class/);
    const model = modelJsonCopy();
    model.modelTopology.class_name = 'Graph';
    expect(await rejection({ modelJson: model })).toMatch(
      /Expected model class Sequential or Model, got "Graph"/,
    );
    expect(await rejection({ modelJson: { ...modelJsonCopy(), format: 'graph-model' } })).toMatch(
      /format "layers-model"/,
    );
  });

  it('prototype-pollution keys anywhere in the JSON', async () => {
    const text = JSON.stringify(saved.modelJson).replace('"trainable":true', '"__proto__":{"polluted":true}');
    expect(await rejection({ modelJson: JSON.parse(text) as unknown })).toMatch(/forbidden key "__proto__"/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const meta = JSON.parse(
      JSON.stringify(saved.meta).replace('"metrics":{', '"metrics":{"constructor":{"a":1},'),
    ) as unknown;
    expect(await rejection({ meta })).toMatch(/meta has a forbidden key "constructor" at meta.metrics/);
    const named = modelJsonCopy();
    layersOf(named)[1].config.name = 'constructor';
    expect(await rejection({ modelJson: named })).toMatch(/config.name to be a plain name/);
  });

  it('stateful layers and functional graphs that would loop or refer forward', async () => {
    const seq = tf.sequential();
    seq.add(tf.layers.gru({ units: 2, inputShape: [57, 1] }));
    seq.add(tf.layers.dense({ units: 10 }));
    const meta = gtzanMeta(fx, { inputShape: [57, 1] });
    const rnn = await saveBundle(seq, meta);
    const stateful = structuredClone(rnn.modelJson) as LayersModelJson;
    layersOf(stateful)[0].config.stateful = true;
    expect(await rejection({ ...rnn, modelJson: stateful })).toMatch(
      /stateful recurrent layers are not supported/,
    );
    seq.dispose();

    const input = tf.input({ shape: [57] });
    const out = tf.layers
      .dense({ units: 10 })
      .apply(tf.layers.dense({ units: 4 }).apply(input)) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: out });
    const bundle = await saveBundle(model, gtzanMeta(fx));
    const cyclic = structuredClone(bundle.modelJson) as LayersModelJson;
    const layers = (cyclic.modelTopology.config as { layers: Array<{ inbound_nodes: unknown[][][] }> })
      .layers;
    layers[1].inbound_nodes[0][0][0] = (
      cyclic.modelTopology.config as { layers: Array<{ name: string }> }
    ).layers[2].name;
    expect(await rejection({ ...bundle, modelJson: cyclic })).toMatch(
      /refers to layer ".*", which is not defined before it/,
    );
    model.dispose();
  });

  it('metadata that disagrees with the model', async () => {
    const three = gtzanMeta(fx, {
      classNames: ['blues', 'jazz', 'rock'],
      data: { source: 's', rows: 3, classCounts: {} },
    });
    expect(await rejection({ meta: three })).toBe(
      'BundleError: meta.classNames has 3 names but the model outputs 10 units',
    );
    expect(await rejection({ meta: gtzanMeta(fx, { inputShape: [57, 1] }) })).toMatch(
      /meta.inputShape \[57, 1\] does not match the model's input \[57\]/,
    );
  });

  it('NaN or zero in the normalization, wrong format version', async () => {
    const mean = [...fx.mean];
    mean[3] = NaN;
    expect(await rejection({ meta: gtzanMeta(fx, { normalization: { mean, std: fx.std } }) })).toBe(
      'BundleError: Expected meta.normalization.mean[3] to be a finite number, got NaN',
    );
    const std = [...fx.std];
    std[5] = 0;
    expect(await rejection({ meta: gtzanMeta(fx, { normalization: { mean: fx.mean, std } }) })).toBe(
      'BundleError: Expected meta.normalization.std[5] to be > 0, got 0',
    );
    expect(await rejection({ meta: { ...saved.meta, version: 2 } })).toBe(
      'BundleError: Bundle meta version 2 is not supported (this app reads version 1)',
    );
  });

  it('a feature set the app cannot compute', async () => {
    const supported = [{ ...fx.spec, version: 2 }];
    await expect(loadBundle(saved, { supportedSpecs: supported })).rejects.toThrow(
      'This model needs features the app cannot compute: Feature set "gtzan-librosa" version 1 is not supported (this app has version 2)',
    );
    const loaded = await loadBundle(saved, { supportedSpecs: [fx.spec] });
    loaded.model.dispose();
  });
});

describe('k-NN bundles', () => {
  const knnMeta = () => gtzanMeta(fx, { kind: 'knn', modelConfig: { family: 'knn', version: 1, k: 5 } });

  it('round-trip the reference points and labels', async () => {
    const count = 100;
    const ref = {
      count,
      dim: 57,
      points: fx.x.slice(0, count * 57),
      labels: fx.dataset.labels.slice(0, count),
    };
    const bundle = saveKnnBundle(ref, knnMeta());
    expect(bundle.weights.byteLength).toBe(count * 57 * 4);
    const { knn, meta } = loadKnnBundle(bundle);
    expect(knn).toEqual(ref);
    expect(meta.kind).toBe('knn');
    const opened = await openBundle(bundle);
    expect(opened.kind).toBe('knn');
    await expect(loadBundle(bundle)).rejects.toThrow(/is a knn bundle, not a TF.js model/);
    const layers = await openBundle(saved);
    expect(layers.kind).toBe('tf-layers');
    if (layers.kind === 'tf-layers') layers.model.dispose();
  });

  it('reject labels out of range and points that do not fill the weights', () => {
    const ref = { count: 2, dim: 57, points: fx.x.slice(0, 114), labels: Int32Array.from([0, 10]) };
    expect(() => saveKnnBundle(ref, knnMeta())).toThrow(
      'Expected model.json labels[1] to be an integer in [0, 9], got 10',
    );
    const good = saveKnnBundle({ ...ref, labels: Int32Array.from([0, 9]) }, knnMeta());
    expect(() => loadKnnBundle({ ...good, weights: good.weights.slice(0, 200) })).toThrow(
      'The weights are 200 bytes but 2 points × 57 float32 values need 456',
    );
  });
});

/**
 * For tests of bundles (here, in src/node and src/browser): a small network trained on real GTZAN feature rows
 * and the metadata that goes with it. Callers read the CSV (the core does no file I/O).
 */
import * as tf from '@tensorflow/tfjs';
import { applyStandardizer, fitStandardizer } from '../data/normalize';
import { tabularFromCsv, type TabularDataset } from '../data/tabular';
import { gtzanLibrosaSpec } from '../features/gtzanLibrosa';
import type { FeatureSpec } from '../features/spec';
import { createRng } from '../random';
import type { BundleMeta } from './meta';

export const GTZAN_CSV = 'tabular/gtzan/features_30_sec.csv';

export interface GtzanFixture {
  dataset: TabularDataset;
  /** Standardised features (rows × columns). */
  x: Float32Array;
  mean: number[];
  std: number[];
  spec: FeatureSpec;
}

/** Loads the 1,000 GTZAN rows (57 features, 10 genres) and standardises them. */
export function gtzanFixture(csvText: string): GtzanFixture {
  const dataset = tabularFromCsv(csvText, { drop: ['length'], source: 'features_30_sec.csv' });
  const { rows, columns, features } = dataset;
  const standardizer = fitStandardizer(features, rows, columns.length);
  const x = applyStandardizer(standardizer, features, rows, columns.length);
  if (columns.join() !== gtzanLibrosaSpec.columns.join()) throw new Error('The GTZAN CSV columns changed');
  const spec: FeatureSpec = structuredClone(gtzanLibrosaSpec);
  return { dataset, x, mean: standardizer.mean, std: standardizer.std, spec };
}

/** A dense network (batch norm, dropout) trained for a few epochs with seeded initialisers. */
export async function trainedGtzanMlp(fx: GtzanFixture): Promise<tf.LayersModel> {
  const { rows, columns, labels, classNames } = fx.dataset;
  const model = tf.sequential();
  model.add(
    tf.layers.dense({
      inputShape: [columns.length],
      units: 24,
      kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }),
    }),
  );
  model.add(tf.layers.batchNormalization());
  model.add(tf.layers.activation({ activation: 'relu' }));
  model.add(tf.layers.dropout({ rate: 0.2, seed: 2 }));
  model.add(
    tf.layers.dense({
      units: classNames.length,
      kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }),
    }),
  );
  model.compile({ optimizer: tf.train.adam(0.01), loss: tf.losses.softmaxCrossEntropy });
  // The CSV is sorted by genre: train on a seeded permutation so batches mix the classes.
  const order = createRng(11).shuffle(Int32Array.from({ length: rows }, (_, i) => i));
  const cols = columns.length;
  const x = new Float32Array(rows * cols);
  order.forEach((r, i) => x.set(fx.x.subarray(r * cols, (r + 1) * cols), i * cols));
  const xs = tf.tensor2d(x, [rows, cols]);
  const ys = tf.oneHot(
    tf.tensor1d(
      Int32Array.from(order, (r) => labels[r]),
      'int32',
    ),
    classNames.length,
  );
  await model.fit(xs, ys, { epochs: 3, batchSize: 64, shuffle: false, verbose: 0 });
  tf.dispose([xs, ys]);
  return model;
}

/** Metadata consistent with `gtzanFixture`'s data and a model outputting one logit per genre. */
export function gtzanMeta(fx: GtzanFixture, overrides: Partial<BundleMeta> = {}): BundleMeta {
  const { classNames, rows, labels, columns } = fx.dataset;
  const classCounts: Record<string, number> = {};
  for (const l of labels) classCounts[classNames[l]] = (classCounts[classNames[l]] ?? 0) + 1;
  return {
    format: 'oido-model',
    version: 1,
    name: 'GTZAN genres (test)',
    createdAt: '2024-05-01T12:00:00.000Z',
    task: 'genre',
    classNames: [...classNames],
    featureSpec: fx.spec,
    inputShape: [columns.length],
    normalization: { mean: fx.mean, std: fx.std },
    modelConfig: { family: 'mlp', version: 1, hidden: [24] },
    trainingConfig: { epochs: 3, batchSize: 64, seed: 1 },
    metrics: { accuracy: 0.5, macroF1: 0.5 },
    data: { source: 'features_30_sec.csv', rows, classCounts },
    kind: 'tf-layers',
    ...overrides,
  };
}

/** Runs the model on the first `n` rows and returns the outputs (tensors disposed). */
export function predictRows(
  model: tf.LayersModel,
  fx: GtzanFixture,
  n: number,
  shape?: number[],
): Float32Array {
  const cols = fx.dataset.columns.length;
  return tf.tidy(() => {
    const x = tf.tensor(fx.x.subarray(0, n * cols), [n, ...(shape ?? [cols])]);
    return (model.predict(x) as tf.Tensor).dataSync() as Float32Array;
  });
}

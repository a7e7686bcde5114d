import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeTf, tf } from '../../node/tf';
import { buildClassifier } from '../models/build';
import { defaultModelConfig, type ModelConfigInput, type NetworkConfig } from '../models/config';
import { loadBundle, saveBundle } from './bundle';
import { GTZAN_CSV, gtzanFixture, gtzanMeta, type GtzanFixture } from './testing';

const csv = readFileSync(path.resolve(process.cwd(), '../shared/data', GTZAN_CSV), 'utf8');
let fx: GtzanFixture;

beforeAll(async () => {
  await initNodeTf();
  fx = gtzanFixture(csv);
});

// Every layer class the models module builds must pass the bundle allow-list and reload exactly.
const cases: Array<[string, ModelConfigInput, number[]]> = [
  ['logistic', { family: 'logistic' }, [57]],
  [
    'mlp, maxout + batch norm',
    { family: 'mlp', activation: 'maxout', batchNorm: true, inputDropout: 0.1 },
    [57],
  ],
  ['mlp, leaky relu', { family: 'mlp', activation: 'leaky-relu' }, [57]],
  ['mlp, shifted relu', { family: 'mlp', activation: 'shifted-relu' }, [57]],
  ['cnn2d', { family: 'cnn2d' }, [19, 30, 1]],
  ['cnn1d', { family: 'cnn1d' }, [1140, 1]],
  ['rnn, bidirectional lstm', { family: 'rnn', cell: 'lstm', bidirectional: true, units: [8] }, [19, 3]],
  ['autoencoder', { family: 'autoencoder' }, [57]],
];

describe('bundles of every model family', () => {
  it.each(cases)('%s round-trips with identical predictions', async (_name, input, inputShape) => {
    const config = { ...defaultModelConfig(input.family), ...input } as NetworkConfig;
    const classifier = buildClassifier(config, inputShape, 10, 1);
    const size = inputShape.reduce((a, b) => a * b, 1);
    const rows = 4;
    const x = fx.x.subarray(0, rows * size); // real standardised GTZAN values, laid out as the input shape
    const meta = gtzanMeta(fx, {
      inputShape,
      normalization: null,
      modelConfig: config,
      // Columns along one axis of the input (as a log-mel spec names its bands).
      featureSpec: {
        ...fx.spec,
        columns: fx.spec.columns.slice(
          0,
          inputShape.find((d) => d <= 57),
        ),
      },
    });
    const saved = await saveBundle(classifier.model, meta);
    const { model } = await loadBundle(saved);
    const predict = (m: tf.LayersModel) =>
      tf.tidy(() => Array.from((m.predict(tf.tensor(x, [rows, ...inputShape])) as tf.Tensor).dataSync()));
    expect(predict(model)).toEqual(predict(classifier.model));
    model.dispose();
    classifier.dispose();
  });
});

import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { saveBundle } from '../bundle/bundle';
import type { BundleMeta } from '../bundle/meta';
import { initNodeTf } from '../../node/tf';
import {
  describeModel,
  openRunnableModel,
  positiveClassOf,
  predictProbabilities,
  standardizeExamples,
} from './modelRunner';

beforeAll(async () => {
  await initNodeTf();
});

describe('standardizeExamples', () => {
  it('standardises along the whole example, one axis (bands) or a single value, as meta allows', () => {
    const shape = [2, 3, 1];
    const x = Float32Array.from([1, 2, 3, 4, 5, 6]);
    const whole = standardizeExamples(x, shape, { mean: [1, 2, 3, 4, 5, 6], std: [1, 1, 1, 1, 1, 2] });
    expect(Array.from(whole)).toEqual([0, 0, 0, 0, 0, 0]);
    // Three entries: the band axis (size 3), the same for both frames.
    const bands = standardizeExamples(x, shape, { mean: [1, 2, 3], std: [1, 2, 4] });
    expect(Array.from(bands)).toEqual([0, 0, 0, 3, 1.5, 0.75]);
    const single = standardizeExamples(x, shape, { mean: [1], std: [2] });
    expect(Array.from(single)).toEqual([0, 0.5, 1, 1.5, 2, 2.5]);
    expect(Array.from(standardizeExamples(x, shape, null))).toEqual(Array.from(x));
  });

  it('names a non-finite input and a normalisation that fits no axis', () => {
    expect(() =>
      standardizeExamples(Float32Array.from([1, NaN]), [2], { mean: [0, 0], std: [1, 1] }),
    ).toThrow('Expected finite model inputs, got NaN at example 0, value 1');
    expect(() =>
      standardizeExamples(new Float32Array(6), [2, 3], { mean: [0, 0, 0, 0], std: [1, 1, 1, 1] }),
    ).toThrow('The normalisation has 4 entries');
    expect(() => standardizeExamples(new Float32Array(5), [2], null)).toThrow(
      'Expected a multiple of 2 values',
    );
  });
});

function binaryMeta(overrides: Partial<BundleMeta> = {}): BundleMeta {
  return {
    format: 'oido-model',
    version: 1,
    name: 'Reggaeton (test)',
    createdAt: '2024-05-01T12:00:00.000Z',
    task: 'reggaeton',
    classNames: ['reggaeton', 'other'],
    featureSpec: { name: 'frames', version: 1, sampleRate: 1, frameLength: 1, hop: 1, columns: ['a', 'b'] },
    inputShape: [2],
    normalization: null,
    modelConfig: { family: 'logistic', version: 1, l2: 0 },
    trainingConfig: {},
    metrics: { threshold: 0.3 },
    data: { source: 'test', rows: 2, classCounts: {} },
    kind: 'tf-layers',
    ...overrides,
  };
}

describe('two-class models', () => {
  it('reads one sigmoid unit as the probability of the second class, one linear unit as its logit', async () => {
    for (const activation of ['sigmoid', 'linear'] as const) {
      const model = tf.sequential();
      model.add(
        tf.layers.dense({ inputShape: [2], units: 1, activation, useBias: false, kernelInitializer: 'ones' }),
      );
      const runnable = await openRunnableModel(await saveBundle(model, binaryMeta()));
      const probs = predictProbabilities(runnable, Float32Array.from([0, 0, 1, 1]));
      const p = 1 / (1 + Math.exp(-2));
      expect(Array.from(probs)).toEqual([0.5, 0.5, expect.closeTo(1 - p, 6), expect.closeTo(p, 6)]);
      runnable.classifier.dispose();
    }
  });

  it('takes the class named like the task as positive, else the second, and reports the tuned threshold', async () => {
    expect(positiveClassOf(binaryMeta())).toBe(0);
    expect(positiveClassOf(binaryMeta({ classNames: ['no', 'yes'] }))).toBe(1);
    expect(positiveClassOf(binaryMeta({ classNames: ['a', 'b', 'c'] }))).toBeNull();
    const model = tf.sequential();
    model.add(tf.layers.dense({ inputShape: [2], units: 2 }));
    const runnable = await openRunnableModel(await saveBundle(model, binaryMeta()));
    const info = describeModel('shipped:reggaeton', runnable, 'wasm');
    expect(info).toMatchObject({ positiveClass: 0, threshold: 0.3, columns: ['a', 'b'], backend: 'wasm' });
    runnable.classifier.dispose();
  });
});

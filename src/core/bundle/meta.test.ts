import { describe, expect, it } from 'vitest';
import type { FeatureSpec } from '../features/spec';
import { parseBundleMeta, type BundleMeta } from './meta';

const spec: FeatureSpec = {
  name: 'logmel',
  version: 1,
  sampleRate: 22050,
  frameLength: 2048,
  hop: 512,
  columns: ['mel0', 'mel1', 'mel2', 'mel3'],
  params: { bands: 4, seconds: 3, log: true },
};

function meta(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const m: BundleMeta = {
    format: 'oido-model',
    version: 1,
    name: 'Instruments',
    createdAt: '2024-05-01T12:00:00Z',
    task: 'instruments',
    classNames: ['flute', 'oboe', 'cello'],
    featureSpec: spec,
    inputShape: [4, 130, 1],
    normalization: { mean: [0, 1, 2, 3], std: [1, 1, 2, 2], version: 1 },
    modelConfig: { family: 'cnn2d', version: 1 },
    trainingConfig: { epochs: 10 },
    metrics: {
      accuracy: 0.9,
      macroF1: 0.88,
      confusion: [
        [9, 1, 0],
        [0, 10, 0],
        [1, 0, 9],
      ],
      perClassRecall: [0.9, 1, 0.9],
    },
    data: { source: 'instruments/', rows: 30, classCounts: { flute: 10, oboe: 10, cello: 10 } },
    projection: {
      space: 'embedding',
      mean: [0, 0, 0],
      components: [
        [1, 0, 0],
        [0, 1, 0],
      ],
      points: [
        [0.5, 1],
        [2, -1],
      ],
      labels: [0, 2],
      explainedVariance: [0.6, 0.3],
    },
    kind: 'tf-layers',
  };
  return { ...m, ...overrides };
}

describe('parseBundleMeta', () => {
  it('accepts a complete meta and returns an equal, independent copy', () => {
    const input = meta();
    const parsed = parseBundleMeta(input);
    expect(parsed).toEqual(input);
    (input.classNames as string[]).push('x');
    expect(parsed.classNames).toHaveLength(3);
    const { projection: _p, ...withoutProjection } = meta({ normalization: null });
    expect(parseBundleMeta(withoutProjection).normalization).toBeNull();
  });

  it.each([
    [{ format: 'keras' }, 'Expected meta.format to be "oido-model", got "keras"'],
    [{ version: 2 }, 'Bundle meta version 2 is not supported (this app reads version 1)'],
    [{ version: '1' }, 'Bundle meta version "1" is not supported'],
    [{ kind: 'onnx' }, 'Expected meta.kind to be "tf-layers", "knn", "classic" or "voting", got "onnx"'],
    [{ extra: 1 }, 'Unknown field meta.extra'],
    [{ name: '' }, 'Expected meta.name to be a string of 1 to 200 characters, got ""'],
    [{ createdAt: 'yesterday' }, 'Expected meta.createdAt to be an ISO date, got "yesterday"'],
    [{ classNames: [] }, 'Expected meta.classNames to name at least one class, got none'],
    [{ classNames: ['a', 'b', 'a'] }, 'meta.classNames names "a" twice'],
    [{ classNames: ['a', 3, 'c'] }, 'Expected meta.classNames[1] to be a string'],
    [{ inputShape: [4, 0, 1] }, 'Expected meta.inputShape[1] to be an integer in [1, 4194304], got 0'],
    [{ inputShape: [4, 2.5] }, 'Expected meta.inputShape[1] to be an integer'],
    [{ inputShape: [2048, 2048, 2] }, 'meta.inputShape [2048, 2048, 2] has more than 4194304 values'],
    [
      { normalization: { mean: [0, 1, 2], std: [1, 1, 1] } },
      'meta.normalization.mean has 3 entries, which fits neither',
    ],
    [
      { normalization: { mean: [0, 1, 2, 3], std: [1, 1, 1] } },
      'Expected meta.normalization.std to have 4 entries, got 3',
    ],
    [
      { normalization: { mean: [0, 1, 2, 3], std: [1, 1, -1, 1] } },
      'Expected meta.normalization.std[2] to be > 0, got -1',
    ],
    [
      { normalization: { mean: [0, 1, 2, Infinity], std: [1, 1, 1, 1] } },
      'Expected meta.normalization.mean[3] to be a finite number, got Infinity',
    ],
    [{ metrics: { accuracy: 1.5 } }, 'Expected meta.metrics.accuracy to be a number in [0, 1], got 1.5'],
    [{ metrics: { confusion: [[1, 2, 3]] } }, 'Expected meta.metrics.confusion to have 3 entries, got 1'],
    [
      {
        metrics: {
          confusion: [
            [1, 2],
            [1, 2, 3],
            [1, 2, 3],
          ],
        },
      },
      'Expected meta.metrics.confusion[0] to have 3 entries, got 2',
    ],
    [
      {
        metrics: {
          confusion: [
            [1, 2, -3],
            [1, 2, 3],
            [1, 2, 3],
          ],
        },
      },
      'Expected meta.metrics.confusion[0][2] to be an integer',
    ],
    [{ metrics: { loss: NaN } }, 'Expected meta.metrics.loss to be a finite number, got NaN'],
    [
      { data: { source: 'x', rows: 3, classCounts: { violin: 3 } } },
      'meta.data.classCounts names "violin", which is not one of meta.classNames',
    ],
    [{ data: { source: 'x', rows: -1, classCounts: {} } }, 'Expected meta.data.rows to be an integer'],
    [{ modelConfig: undefined }, 'Expected meta.modelConfig to be JSON data, got undefined'],
    [{ modelConfig: { run: () => 1 } }, 'Expected meta.modelConfig.run to be JSON data, got a function'],
  ])('rejects %j', (override, message) => {
    expect(() => parseBundleMeta(meta(override))).toThrow(message);
  });

  it('checks the feature spec and its columns against the input shape', () => {
    expect(() => parseBundleMeta(meta({ featureSpec: { ...spec, hop: 0 } }))).toThrow(
      'Expected meta.featureSpec.hop to be an integer in [1, 1048576], got 0',
    );
    expect(() => parseBundleMeta(meta({ featureSpec: { ...spec, columns: ['a', 'b', 'c'] } }))).toThrow(
      'meta.featureSpec.columns has 3 entries, which fits neither the input shape [4, 130, 1] nor one of its axes',
    );
    expect(() => parseBundleMeta(meta({ featureSpec: { ...spec, params: { bands: [4] } } }))).toThrow(
      'Expected meta.featureSpec.params.bands to be a number, string or boolean, got an array of 1',
    );
    expect(() => parseBundleMeta(meta({ featureSpec: { ...spec, window: 'hann' } }))).toThrow(
      'Unknown field meta.featureSpec.window',
    );
    expect(() => parseBundleMeta(meta(), { supportedSpecs: [{ ...spec, name: 'frames' }] })).toThrow(
      'This model needs features the app cannot compute: Unknown feature set "logmel": this app computes frames',
    );
    expect(parseBundleMeta(meta(), { supportedSpecs: [spec] }).featureSpec).toEqual(spec);
  });

  it('checks the projection: two axes as long as its mean, at most 2,000 labelled points', () => {
    const base = meta().projection as Record<string, unknown>;
    const withProjection = (p: Record<string, unknown>) => meta({ projection: { ...base, ...p } });
    expect(() => parseBundleMeta(withProjection({ components: [[1, 0, 0]] }))).toThrow(
      'Expected meta.projection.components to have 2 entries, got 1',
    );
    expect(() =>
      parseBundleMeta(
        withProjection({
          components: [
            [1, 0, 0],
            [0, 1],
          ],
        }),
      ),
    ).toThrow('Expected meta.projection.components[1] to have 3 entries, got 2');
    expect(() => parseBundleMeta(withProjection({ labels: [0, 3] }))).toThrow(
      'Expected meta.projection.labels[1] to be an integer in [0, 2], got 3',
    );
    expect(() => parseBundleMeta(withProjection({ labels: [0] }))).toThrow(
      'meta.projection.labels has 1 entries but meta.projection.points has 2',
    );
    expect(() =>
      parseBundleMeta(
        withProjection({
          points: [
            [0, 1, 2],
            [0, 1],
          ],
        }),
      ),
    ).toThrow('Expected meta.projection.points[0] to have 2 entries, got 3');
    const many = Array.from({ length: 2001 }, () => [0, 0]);
    expect(() => parseBundleMeta(withProjection({ points: many }))).toThrow(
      'Expected meta.projection.points to have at most 2000 entries, got 2001',
    );
    expect(() => parseBundleMeta(withProjection({ space: 'input' }))).toThrow(
      'meta.projection.mean has 3 entries but the input has 520 values',
    );
  });

  it('rejects prototype keys, deep nesting and non-JSON values', () => {
    const polluted = JSON.parse('{"a":{"__proto__":{"x":1}}}') as unknown;
    expect(() => parseBundleMeta(meta({ trainingConfig: polluted }))).toThrow(
      'meta has a forbidden key "__proto__" at meta.trainingConfig.a',
    );
    let deep: unknown = 1;
    for (let i = 0; i < 40; i++) deep = [deep];
    expect(() => parseBundleMeta(meta({ modelConfig: deep }))).toThrow(
      /meta is nested deeper than 32 levels/,
    );
    expect(() => parseBundleMeta(meta({ trainingConfig: new Date(0) }))).toThrow(
      'Expected meta.trainingConfig to be JSON data, got an object',
    );
    expect(() => parseBundleMeta('{"format":"oido-model"}')).toThrow('Expected meta to be an object, got "{');
  });
});

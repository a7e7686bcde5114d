import { describe, expect, it } from 'vitest';
import { buildModel } from '../models/build';
import { defaultModelConfig, type NetworkConfig } from '../models/config';
import { recommendedConfig, recommendedModelFor, type DataKind } from './recommended';

const INPUTS: Record<DataKind, number[]> = {
  tabular: [57],
  frames: [42, 41],
  logmel: [128, 130, 1],
  waveform: [22_050],
};

describe('recommendedConfig', () => {
  for (const kind of Object.keys(INPUTS) as DataKind[]) {
    it(`${kind}: a valid model and training config that builds for its input`, () => {
      const config = recommendedConfig(kind, { rows: 1000, classes: 10 });
      expect(config.ensemble).toBeGreaterThanOrEqual(1);
      expect(config.why.length).toBeGreaterThan(10);
      const model = buildModel(config.model as NetworkConfig, INPUTS[kind], 10, 1);
      expect(model.outputs[0].shape.at(-1)).toBe(10);
      model.dispose();
    });
  }

  it('gives two-class tabular data a raw + periodic two-member ensemble, and scales the batch with rows', () => {
    const binary = recommendedConfig('tabular', { rows: 2292, classes: 2 });
    expect(binary.model).toMatchObject({ family: 'mlp', members: 2, inputEncoding: 'mixed' });
    expect(binary.training.batchSize).toBe(128);
    const tenClasses = recommendedConfig('tabular', { rows: 3990, classes: 10 });
    expect(tenClasses.model).toMatchObject({ family: 'mlp', members: 1, inputEncoding: 'raw' });
    expect(tenClasses.training.batchSize).toBe(256);
    expect(recommendedConfig('tabular', { rows: 50, classes: 3 }).training.batchSize).toBe(16);
  });

  it('names bad input', () => {
    expect(() => recommendedConfig('images' as DataKind, { rows: 10, classes: 2 })).toThrow(
      'Expected kind to be tabular, frames, logmel or waveform, got "images"',
    );
    expect(() => recommendedConfig('tabular', { rows: 0, classes: 2 })).toThrow(
      'Expected rows to be an integer >= 1, got 0',
    );
    expect(() => recommendedConfig('tabular', { rows: 10, classes: 1 })).toThrow(
      'Expected classes to be an integer >= 2, got 1',
    );
  });
});

describe('recommendedModelFor', () => {
  it('is the recommendation for its own family, a vote of it and boosting for voting, defaults otherwise', () => {
    for (const classes of [2, 10]) {
      const shape = { rows: 1000, classes };
      const { model } = recommendedConfig('tabular', shape);
      expect(recommendedModelFor('tabular', shape, 'mlp')).toEqual(model);
      expect(recommendedModelFor('tabular', shape, 'voting')).toEqual({
        family: 'voting',
        version: 1,
        models: [model, defaultModelConfig('gradient-boosting')],
        weights: [1, 1],
      });
      expect(recommendedModelFor('tabular', shape, 'svm')).toEqual(defaultModelConfig('svm'));
    }
  });
});

import { describe, expect, it } from 'vitest';
import { buildModel } from '../models/build';
import type { NetworkConfig } from '../models/config';
import { recommendedConfig, type DataKind } from './recommended';

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

  it('weighs classes for two-class (typically imbalanced) data only', () => {
    expect(recommendedConfig('tabular', { rows: 2292, classes: 2 }).training.classWeights).toBe('balanced');
    expect(recommendedConfig('tabular', { rows: 1000, classes: 10 }).training.classWeights).toBe('none');
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

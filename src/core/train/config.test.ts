import { describe, expect, it } from 'vitest';
import { balancedClassWeights } from './classWeights';
import { DEFAULT_TRAIN_CONFIG, TRAIN_CONFIG_VERSION, parseTrainConfig } from './config';

describe('parseTrainConfig', () => {
  it('fills defaults, including those of a partly given optimizer and schedule', () => {
    expect(parseTrainConfig()).toEqual(DEFAULT_TRAIN_CONFIG);
    const config = parseTrainConfig({
      optimizer: { type: 'sgd', learningRate: 0.05 },
      schedule: { type: 'step' },
      earlyStopping: { patience: 3 },
    });
    expect(config.optimizer).toEqual({ type: 'sgd', learningRate: 0.05, momentum: 0.9, nesterov: false });
    expect(config.schedule).toEqual({ type: 'step', every: 10, factor: 0.5 });
    expect(config.earlyStopping).toEqual({ patience: 3, minDelta: 0 });
    expect(config.version).toBe(TRAIN_CONFIG_VERSION);
  });

  it('names the bad value', () => {
    expect(() => parseTrainConfig({ epochs: 0 })).toThrow(
      'Expected epochs to be an integer in [1, 100000], got 0',
    );
    expect(() => parseTrainConfig({ batchSize: 2.5 })).toThrow(
      'Expected batchSize to be an integer in [1, 65536], got 2.5',
    );
    expect(() => parseTrainConfig({ optimizer: { type: 'adam', learningRate: -1 } })).toThrow(
      'Expected optimizer.learningRate in (0, 10], got -1',
    );
    expect(() => parseTrainConfig({ optimizer: { type: 'sgd', momentum: 1 } })).toThrow(
      'Expected optimizer.momentum in [0, 1), got 1',
    );
    expect(() => parseTrainConfig({ optimizer: { type: 'lbfgs' as 'adam' } })).toThrow(
      'Expected optimizer type to be one of sgd, adam, rmsprop, adagrad, got "lbfgs"',
    );
    expect(() => parseTrainConfig({ optimizer: { type: 'adam', momentum: 0.9 } as never })).toThrow(
      'Unknown field "momentum" in optimizer: expected type, learningRate, beta1, beta2',
    );
    expect(() => parseTrainConfig({ schedule: { type: 'exponential', gamma: 1.5 } })).toThrow(
      'Expected schedule.gamma in (0, 1], got 1.5',
    );
    expect(() => parseTrainConfig({ classWeights: 'auto' as 'none' })).toThrow(
      'Expected classWeights to be "none" or "balanced", got "auto"',
    );
    expect(() => parseTrainConfig({ earlyStopping: { patience: 0 } })).toThrow(
      'Expected earlyStopping.patience to be an integer in [1, 100000], got 0',
    );
    expect(() => parseTrainConfig({ labelSmoothing: 1 })).toThrow('Expected labelSmoothing in [0, 1), got 1');
    expect(() => parseTrainConfig({ seed: 0.5 })).toThrow('Expected seed to be an integer, got 0.5');
    expect(() => parseTrainConfig({ version: 9 })).toThrow('Training config version 9 is not supported');
    expect(() => parseTrainConfig({ epoch: 3 } as never)).toThrow(
      'Unknown field "epoch" in a training config',
    );
  });
});

describe('balancedClassWeights', () => {
  it("matches scikit-learn's compute_class_weight('balanced')", () => {
    // compute_class_weight('balanced', classes=[0, 1, 2], y=[0,0,0,0,1,1,2]) = [0.58333, 1.16667, 2.33333]
    const w = balancedClassWeights(new Int32Array([0, 0, 0, 0, 1, 1, 2]), 3);
    expect(w[0]).toBeCloseTo(7 / 12, 6);
    expect(w[1]).toBeCloseTo(7 / 6, 6);
    expect(w[2]).toBeCloseTo(7 / 3, 6);
  });

  it('gives 1 to every class when balanced already, 0 to an absent class', () => {
    expect(Array.from(balancedClassWeights(new Int32Array([0, 1, 0, 1]), 2))).toEqual([1, 1]);
    expect(Array.from(balancedClassWeights(new Int32Array([0, 0, 2, 2]), 3))).toEqual([1, 0, 1]);
  });

  it('names a label out of range', () => {
    expect(() => balancedClassWeights(new Int32Array([0, 4]), 3)).toThrow(
      'Expected labels in [0, 2], got 4 at row 1',
    );
  });
});

import { describe, expect, it } from 'vitest';
import { parseTrainConfig, type TrainConfigInput } from './config';
import { learningRateAt } from './schedules';

const rates = (schedule: TrainConfigInput['schedule'], epochs: number, base = 0.1) => {
  const { schedule: s } = parseTrainConfig({ schedule });
  return Array.from({ length: epochs }, (_, e) => learningRateAt(s, base, e, epochs));
};

describe('learningRateAt', () => {
  it('constant keeps the base rate', () => {
    expect(rates({ type: 'constant' }, 4)).toEqual([0.1, 0.1, 0.1, 0.1]);
  });

  it('step multiplies by factor every `every` epochs', () => {
    const r = rates({ type: 'step', every: 2, factor: 0.5 }, 6);
    [0.1, 0.1, 0.05, 0.05, 0.025, 0.025].forEach((v, i) => expect(r[i]).toBeCloseTo(v, 12));
  });

  it('exponential multiplies by gamma each epoch', () => {
    const r = rates({ type: 'exponential', gamma: 0.9 }, 4);
    [0.1, 0.09, 0.081, 0.0729].forEach((v, i) => expect(r[i]).toBeCloseTo(v, 12));
  });

  it('cosine falls from the base rate along half a cosine (PyTorch CosineAnnealingLR values)', () => {
    // torch: CosineAnnealingLR(opt(lr=0.1), T_max=4, eta_min=0.01) gives 0.1, 0.08682, 0.055, 0.02318
    const r = rates({ type: 'cosine', minLearningRate: 0.01, warmupEpochs: 0 }, 4);
    [0.1, 0.0868198, 0.055, 0.0231802].forEach((v, i) => expect(r[i]).toBeCloseTo(v, 6));
  });

  it('cosine warms up linearly first', () => {
    const r = rates({ type: 'cosine', minLearningRate: 0, warmupEpochs: 2 }, 6);
    expect(r[0]).toBeCloseTo(0.05, 12);
    expect(r[1]).toBeCloseTo(0.1, 12);
    expect(r[2]).toBeCloseTo(0.1, 12);
    expect(r[4]).toBeCloseTo(0.05, 12);
  });

  it('names a bad epoch', () => {
    const { schedule } = parseTrainConfig({});
    expect(() => learningRateAt(schedule, 0.1, -1, 5)).toThrow(
      'Expected epoch to be an integer >= 0, got -1',
    );
    expect(() => learningRateAt(schedule, 0.1, 0, 0)).toThrow('Expected epochs to be an integer >= 1, got 0');
  });
});

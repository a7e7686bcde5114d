import type { ScheduleConfig } from './config';

/** The learning rate of epoch `epoch` (0-based) of `epochs`, from the base rate (formulas in `ScheduleConfig`). */
export function learningRateAt(
  schedule: ScheduleConfig,
  baseRate: number,
  epoch: number,
  epochs: number,
): number {
  if (!Number.isInteger(epoch) || epoch < 0)
    throw new Error(`Expected epoch to be an integer >= 0, got ${epoch}`);
  if (!Number.isInteger(epochs) || epochs < 1)
    throw new Error(`Expected epochs to be an integer >= 1, got ${epochs}`);
  switch (schedule.type) {
    case 'constant':
      return baseRate;
    case 'step':
      return baseRate * schedule.factor ** Math.floor(epoch / schedule.every);
    case 'exponential':
      return baseRate * schedule.gamma ** epoch;
    case 'cosine': {
      const warmup = Math.min(schedule.warmupEpochs, epochs);
      if (epoch < warmup) return (baseRate * (epoch + 1)) / warmup;
      const span = Math.max(1, epochs - warmup);
      const t = Math.min(epoch - warmup, span);
      const min = schedule.minLearningRate;
      return min + ((baseRate - min) * (1 + Math.cos((Math.PI * t) / span))) / 2;
    }
  }
}

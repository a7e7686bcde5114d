import { checkInt } from '../models/config';
import { describe } from '../models/describe';

export const TRAIN_CONFIG_VERSION = 1;

export type OptimizerConfig =
  | { type: 'sgd'; learningRate: number; momentum: number; nesterov: boolean }
  | { type: 'adam'; learningRate: number; beta1: number; beta2: number }
  | { type: 'rmsprop'; learningRate: number; decay: number; momentum: number }
  | { type: 'adagrad'; learningRate: number };
export type OptimizerType = OptimizerConfig['type'];
export const OPTIMIZER_TYPES: readonly OptimizerType[] = ['sgd', 'adam', 'rmsprop', 'adagrad'];

/**
 * Learning rate per epoch (0-based e, E epochs, base rate r):
 * constant r; step r·factor^⌊e/every⌋; exponential r·gamma^e;
 * cosine: linear warm-up to r over `warmupEpochs`, then min + (r − min)(1 + cos(π t/T))/2 with t the epochs
 * since warm-up and T = E − warmupEpochs (PyTorch's CosineAnnealingLR with T_max = T).
 */
export type ScheduleConfig =
  | { type: 'constant' }
  | { type: 'step'; every: number; factor: number }
  | { type: 'exponential'; gamma: number }
  | { type: 'cosine'; minLearningRate: number; warmupEpochs: number };
export type ScheduleType = ScheduleConfig['type'];
export const SCHEDULE_TYPES: readonly ScheduleType[] = ['constant', 'step', 'exponential', 'cosine'];

export interface EarlyStoppingConfig {
  /** Epochs without a validation-loss improvement before stopping. */
  patience: number;
  /** Smallest decrease that counts as an improvement. */
  minDelta: number;
}

export interface TrainConfig {
  version: number;
  optimizer: OptimizerConfig;
  schedule: ScheduleConfig;
  epochs: number;
  batchSize: number;
  /** Stop when validation loss stalls, then restore the best epoch's weights; null trains every epoch. */
  earlyStopping: EarlyStoppingConfig | null;
  /** `balanced` weighs each class by rows / (classes · rowsOfClass), as scikit-learn. */
  classWeights: 'none' | 'balanced';
  /** Training targets (1 − ε) on the true class and ε/K on each class (Szegedy et al. 2016); 0 = off. */
  labelSmoothing: number;
  /** Seeds the shuffles, dropout masks and augmentation (the model seed sets the initial weights). */
  seed: number;
}

/** Optional fields everywhere; nested objects may be partial too. */
export type TrainConfigInput = Partial<Omit<TrainConfig, 'optimizer' | 'schedule' | 'earlyStopping'>> & {
  optimizer?: Partial<OptimizerConfig> & { type?: OptimizerType };
  schedule?: Partial<ScheduleConfig> & { type?: ScheduleType };
  earlyStopping?: Partial<EarlyStoppingConfig> | null;
};

export function defaultOptimizer(type: OptimizerType): OptimizerConfig {
  switch (type) {
    case 'sgd':
      return { type, learningRate: 0.01, momentum: 0.9, nesterov: false };
    case 'adam':
      return { type, learningRate: 0.001, beta1: 0.9, beta2: 0.999 };
    case 'rmsprop':
      return { type, learningRate: 0.001, decay: 0.9, momentum: 0 };
    case 'adagrad':
      return { type, learningRate: 0.01 };
    default:
      throw new Error(
        `Expected optimizer type to be one of ${OPTIMIZER_TYPES.join(', ')}, got ${describe(type)}`,
      );
  }
}

export function defaultSchedule(type: ScheduleType): ScheduleConfig {
  switch (type) {
    case 'constant':
      return { type };
    case 'step':
      return { type, every: 10, factor: 0.5 };
    case 'exponential':
      return { type, gamma: 0.95 };
    case 'cosine':
      return { type, minLearningRate: 0, warmupEpochs: 0 };
    default:
      throw new Error(
        `Expected schedule type to be one of ${SCHEDULE_TYPES.join(', ')}, got ${describe(type)}`,
      );
  }
}

export const DEFAULT_TRAIN_CONFIG: TrainConfig = {
  version: TRAIN_CONFIG_VERSION,
  optimizer: defaultOptimizer('adam'),
  schedule: defaultSchedule('constant'),
  epochs: 50,
  batchSize: 32,
  earlyStopping: null,
  classWeights: 'none',
  labelSmoothing: 0,
  seed: 0,
};

/** Reads a training config, filling defaults and naming the first bad value. */
export function parseTrainConfig(input: TrainConfigInput = {}): TrainConfig {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new Error(`Expected a training config object, got ${describe(input)}`);
  }
  for (const key of Object.keys(input)) {
    if (!(key in DEFAULT_TRAIN_CONFIG)) {
      throw new Error(
        `Unknown field "${key}" in a training config: expected ${Object.keys(DEFAULT_TRAIN_CONFIG).join(', ')}`,
      );
    }
  }
  const version = input.version ?? TRAIN_CONFIG_VERSION;
  if (version !== TRAIN_CONFIG_VERSION) {
    throw new Error(
      `Training config version ${describe(version)} is not supported (this build reads version ${TRAIN_CONFIG_VERSION})`,
    );
  }
  const optimizer = {
    ...defaultOptimizer(input.optimizer?.type ?? 'adam'),
    ...input.optimizer,
  } as OptimizerConfig;
  const schedule = {
    ...defaultSchedule(input.schedule?.type ?? 'constant'),
    ...input.schedule,
  } as ScheduleConfig;
  const earlyStopping =
    input.earlyStopping === null || input.earlyStopping === undefined
      ? null
      : { patience: 10, minDelta: 0, ...input.earlyStopping };
  const config: TrainConfig = {
    version,
    optimizer,
    schedule,
    epochs: input.epochs ?? DEFAULT_TRAIN_CONFIG.epochs,
    batchSize: input.batchSize ?? DEFAULT_TRAIN_CONFIG.batchSize,
    earlyStopping,
    classWeights: input.classWeights ?? DEFAULT_TRAIN_CONFIG.classWeights,
    labelSmoothing: input.labelSmoothing ?? DEFAULT_TRAIN_CONFIG.labelSmoothing,
    seed: input.seed ?? DEFAULT_TRAIN_CONFIG.seed,
  };
  checkKeys('optimizer', optimizer, defaultOptimizer(optimizer.type));
  checkKeys('schedule', schedule, defaultSchedule(schedule.type));
  validateOptimizer(optimizer);
  validateSchedule(schedule);
  checkInt('epochs', config.epochs, 1, 100_000);
  checkInt('batchSize', config.batchSize, 1, 65_536);
  if (earlyStopping) {
    checkInt('earlyStopping.patience', earlyStopping.patience, 1, 100_000);
    checkNumber('earlyStopping.minDelta', earlyStopping.minDelta, 0, Infinity, true);
  }
  if (config.classWeights !== 'none' && config.classWeights !== 'balanced') {
    throw new Error(`Expected classWeights to be "none" or "balanced", got ${describe(config.classWeights)}`);
  }
  checkNumber('labelSmoothing', config.labelSmoothing, 0, 1, true, false);
  if (!Number.isSafeInteger(config.seed))
    throw new Error(`Expected seed to be an integer, got ${describe(config.seed)}`);
  return structuredClone(config);
}

function validateOptimizer(o: OptimizerConfig): void {
  defaultOptimizer(o.type); // names an unknown type
  checkNumber('optimizer.learningRate', o.learningRate, 0, 10, false);
  switch (o.type) {
    case 'sgd':
      checkNumber('optimizer.momentum', o.momentum, 0, 1, true, false);
      if (typeof o.nesterov !== 'boolean')
        throw new Error(`Expected optimizer.nesterov to be true or false, got ${describe(o.nesterov)}`);
      return;
    case 'adam':
      checkNumber('optimizer.beta1', o.beta1, 0, 1, true, false);
      checkNumber('optimizer.beta2', o.beta2, 0, 1, true, false);
      return;
    case 'rmsprop':
      checkNumber('optimizer.decay', o.decay, 0, 1, true, false);
      checkNumber('optimizer.momentum', o.momentum, 0, 1, true, false);
      return;
    case 'adagrad':
      return;
  }
}

function validateSchedule(s: ScheduleConfig): void {
  defaultSchedule(s.type);
  switch (s.type) {
    case 'constant':
      return;
    case 'step':
      checkInt('schedule.every', s.every, 1, 100_000);
      checkNumber('schedule.factor', s.factor, 0, 1, false, true);
      return;
    case 'exponential':
      checkNumber('schedule.gamma', s.gamma, 0, 1, false, true);
      return;
    case 'cosine':
      checkNumber('schedule.minLearningRate', s.minLearningRate, 0, 10, true);
      checkInt('schedule.warmupEpochs', s.warmupEpochs, 0, 100_000);
      return;
  }
}

function checkKeys(name: string, value: object, defaults: object): void {
  for (const key of Object.keys(value)) {
    if (!(key in defaults)) {
      throw new Error(`Unknown field "${key}" in ${name}: expected ${Object.keys(defaults).join(', ')}`);
    }
  }
}

/** Checks min < value < max, or min <= value / value <= max when the ends are included. */
function checkNumber(
  name: string,
  value: unknown,
  min: number,
  max: number,
  minIncluded: boolean,
  maxIncluded = true,
): void {
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (minIncluded ? value >= min : value > min) &&
    (maxIncluded ? value <= max : value < max);
  if (!ok) {
    const range = `${minIncluded ? '[' : '('}${min}, ${max}${maxIncluded ? ']' : ')'}`;
    throw new Error(`Expected ${name} in ${range}, got ${describe(value)}`);
  }
}

/**
 * Model configurations: plain JSON, versioned, validated where they enter with messages that name the bad
 * value. `parseModelConfig` fills every field a caller leaves out with the family's default.
 */

import {
  CLASSIC_FAMILIES,
  checkClassicConfig,
  defaultClassicConfig,
  isClassicFamily,
  type ClassicConfig,
  type ClassicFamily,
} from './classic/families';
import { describe } from './describe';

export const MODEL_CONFIG_VERSION = 1;

export type ModelFamily =
  'logistic' | 'mlp' | 'cnn2d' | 'cnn1d' | 'rnn' | 'knn' | 'autoencoder' | ClassicFamily | 'voting';
export const MODEL_FAMILIES: readonly ModelFamily[] = [
  'logistic',
  'mlp',
  'cnn2d',
  'cnn1d',
  'rnn',
  'knn',
  'autoencoder',
  ...CLASSIC_FAMILIES,
  'voting',
];

/** The families a soft-voting ensemble may average: those that read one flat row of features. */
export const VOTING_MEMBER_FAMILIES: readonly ModelFamily[] = ['logistic', 'mlp', 'knn', ...CLASSIC_FAMILIES];
/** Most models one vote averages. */
export const MAX_VOTING_MODELS = 5;
export type { ClassicConfig, ClassicFamily };

/**
 * Hidden-unit activations. `shifted-relu` is max(x, −1) = relu(x + 1) − 1, the "SReLU" of Clevert et al. (2015,
 * the ELU paper): like ReLU, but negative inputs pass down to −1, so mean activations sit nearer zero and units
 * cannot die at init. (relu(x − 1) was the other reading; with zero-initialised biases it silences most units
 * from the first step, so we do not use it.) `maxout` replaces each unit by the max of `maxoutPieces` linear
 * pieces (Goodfellow et al. 2013), a custom serialisable layer.
 */
export type Activation =
  'relu' | 'elu' | 'leaky-relu' | 'selu' | 'swish' | 'shifted-relu' | 'maxout' | 'tanh';
export const ACTIVATIONS: readonly Activation[] = [
  'relu',
  'elu',
  'leaky-relu',
  'selu',
  'swish',
  'shifted-relu',
  'maxout',
  'tanh',
];

/** Softmax regression: one dense layer from input to logits. */
export interface LogisticConfig {
  family: 'logistic';
  version: number;
  l2: number;
}

export interface MlpConfig {
  family: 'mlp';
  version: number;
  /** Widths of the hidden layers, input side first. */
  hidden: number[];
  activation: Activation;
  /** Pieces per maxout unit (used when activation is maxout). */
  maxoutPieces: number;
  /** Dropout after each hidden layer, in [0, 1). */
  dropout: number;
  /** Dropout on the input features, in [0, 1). */
  inputDropout: number;
  /** L2 penalty on every kernel (Keras convention: l2 · Σw²). */
  l2: number;
  /** Batch normalisation between each dense layer and its activation. */
  batchNorm: boolean;
  /**
   * Independent MLPs trained side by side in one model (each its own init and dropout, loss summed), their
   * probabilities averaged: an ensemble for little more than one net's step time. Not with maxout.
   */
  members: number;
  /**
   * What the first layer reads: the raw features, their periodic embeddings (`PeriodicEncoding`: the features
   * plus sin/cos of learned multiples, which let an MLP draw tree-like thresholds), or `mixed`: an ensemble
   * (members >= 2) whose first ⌈members/2⌉ members read raw features and the rest periodic ones. Different
   * inductive biases err on different rows, so their average ranks better than either.
   */
  inputEncoding: 'raw' | 'periodic' | 'mixed';
  /** Learned frequencies per feature for periodic inputs. */
  periodicFrequencies: number;
  /** Spread of the initial frequencies, in cycles per input unit (inputs standardised: ~0.1–1). */
  periodicSigma: number;
}

export interface Conv2dBlock {
  filters: number;
  /** Square kernel side, or [rows, cols]. */
  kernel: number | [number, number];
  /** Max-pool size after the block (1 = none). */
  pool: number | [number, number];
  dropout: number;
}

/** 2-D convolutions over log-mel patches (mel bands × frames × 1 channel). */
export interface Cnn2dConfig {
  family: 'cnn2d';
  version: number;
  blocks: Conv2dBlock[];
  /** How the last feature maps become a vector: global average or flatten. */
  head: 'global-average' | 'flatten';
  dense: number[];
  activation: Exclude<Activation, 'maxout'>;
  dropout: number;
  l2: number;
  batchNorm: boolean;
}

export interface Conv1dBlock {
  filters: number;
  kernel: number;
  stride: number;
  pool: number;
  dropout: number;
}

/** 1-D convolutions over the raw waveform (samples × 1). */
export interface Cnn1dConfig {
  family: 'cnn1d';
  version: number;
  blocks: Conv1dBlock[];
  dense: number[];
  activation: Exclude<Activation, 'maxout'>;
  dropout: number;
  l2: number;
  batchNorm: boolean;
}

/** A recurrent net over a sequence of frame-feature vectors (frames × features). */
export interface RnnConfig {
  family: 'rnn';
  version: number;
  cell: 'gru' | 'lstm';
  /** Units of each stacked recurrent layer. */
  units: number[];
  bidirectional: boolean;
  dense: number[];
  dropout: number;
  l2: number;
}

/** k nearest neighbours: pure TypeScript, no weights to train; same predict API as the networks. */
export interface KnnConfig {
  family: 'knn';
  version: number;
  k: number;
  weighting: 'uniform' | 'distance';
  metric: 'euclidean' | 'cosine';
}

/**
 * An autoencoder pretrained without labels (reconstruction loss); its encoder then feeds a classifier head
 * trained on the labelled rows.
 */
export interface AutoencoderConfig {
  family: 'autoencoder';
  version: number;
  /** Encoder widths; the decoder mirrors them. The last width is the code size. */
  encoder: number[];
  activation: Exclude<Activation, 'maxout'>;
  /** Denoising: dropout on the input while pretraining, in [0, 1). */
  inputNoise: number;
  pretrainEpochs: number;
  /** Keep the encoder fixed while the head trains. */
  freezeEncoder: boolean;
  head: number[];
  dropout: number;
  l2: number;
}

/**
 * Soft voting (scikit-learn's `VotingClassifier(voting="soft")`): several models of different families, each
 * fitted on the same rows, their class probabilities averaged with `weights`. Models of different families err
 * on different rows (a network's smooth boundary, boosted trees' thresholds), so the average ranks and
 * classifies better than either (Spike AUC, GTZAN accuracy: see recommended.ts).
 */
export interface VotingConfig {
  family: 'voting';
  version: number;
  /** Two to five models of the flat-row families (VOTING_MEMBER_FAMILIES), no vote inside a vote. */
  models: MemberConfig[];
  /** One positive weight per model (normalised when averaging). */
  weights: number[];
}

export type MemberConfig =
  | LogisticConfig
  | MlpConfig
  | Cnn2dConfig
  | Cnn1dConfig
  | RnnConfig
  | KnnConfig
  | AutoencoderConfig
  | ClassicConfig;

export type ModelConfig = MemberConfig | VotingConfig;

/** Families that are TensorFlow.js networks (everything but knn, the classic families and voting). */
export type NetworkConfig = Exclude<ModelConfig, KnnConfig | ClassicConfig | VotingConfig>;

/** What a caller may pass: any subset of a family's fields. */
export type ModelConfigInput = { family: ModelFamily } & Record<string, unknown>;

export function defaultModelConfig(family: ModelFamily): ModelConfig {
  const version = MODEL_CONFIG_VERSION;
  if (isClassicFamily(family)) return defaultClassicConfig(family, version);
  switch (family) {
    case 'logistic':
      return { family, version, l2: 1e-4 };
    case 'mlp':
      return {
        family,
        version,
        hidden: [256, 128],
        activation: 'relu',
        maxoutPieces: 2,
        dropout: 0.3,
        inputDropout: 0,
        l2: 1e-4,
        batchNorm: false,
        members: 1,
        inputEncoding: 'raw',
        periodicFrequencies: 8,
        periodicSigma: 0.1,
      };
    case 'cnn2d':
      return {
        family,
        version,
        blocks: [
          { filters: 16, kernel: 3, pool: 2, dropout: 0.1 },
          { filters: 32, kernel: 3, pool: 2, dropout: 0.1 },
          { filters: 64, kernel: 3, pool: 2, dropout: 0.2 },
        ],
        head: 'global-average',
        dense: [64],
        activation: 'relu',
        dropout: 0.3,
        l2: 1e-4,
        batchNorm: true,
      };
    case 'cnn1d':
      return {
        family,
        version,
        blocks: [
          { filters: 16, kernel: 64, stride: 4, pool: 4, dropout: 0 },
          { filters: 32, kernel: 16, stride: 1, pool: 4, dropout: 0.1 },
          { filters: 64, kernel: 8, stride: 1, pool: 4, dropout: 0.1 },
        ],
        dense: [64],
        activation: 'relu',
        dropout: 0.3,
        l2: 1e-4,
        batchNorm: true,
      };
    case 'rnn':
      return {
        family,
        version,
        cell: 'gru',
        units: [64],
        bidirectional: false,
        dense: [],
        dropout: 0.2,
        l2: 1e-4,
      };
    case 'knn':
      return { family, version, k: 5, weighting: 'distance', metric: 'euclidean' };
    case 'autoencoder':
      return {
        family,
        version,
        encoder: [64, 16],
        activation: 'elu',
        inputNoise: 0.1,
        pretrainEpochs: 30,
        freezeEncoder: false,
        head: [32],
        dropout: 0.2,
        l2: 1e-4,
      };
    case 'voting':
      return {
        family,
        version,
        models: [
          defaultModelConfig('mlp') as MlpConfig,
          defaultModelConfig('gradient-boosting') as ClassicConfig,
        ],
        weights: [1, 1],
      };
    default:
      throw new Error(
        `Unknown model family "${String(family)}": expected one of ${MODEL_FAMILIES.join(', ')}`,
      );
  }
}

/** Reads a model config from JSON-ish input, filling defaults and naming the first bad value. */
export function parseModelConfig(input: unknown): ModelConfig {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new Error(`Expected a model config object, got ${describe(input)}`);
  }
  const raw = input as Record<string, unknown>;
  const family = raw.family;
  if (typeof family !== 'string' || !MODEL_FAMILIES.includes(family as ModelFamily)) {
    throw new Error(`Expected family to be one of ${MODEL_FAMILIES.join(', ')}, got ${describe(family)}`);
  }
  const defaults = defaultModelConfig(family as ModelFamily) as unknown as Record<string, unknown>;
  for (const key of Object.keys(raw)) {
    if (!(key in defaults)) {
      throw new Error(
        `Unknown field "${key}" in a ${family} config: expected ${Object.keys(defaults).join(', ')}`,
      );
    }
  }
  const merged = { ...defaults, ...raw } as unknown as ModelConfig;
  if (merged.version !== MODEL_CONFIG_VERSION) {
    throw new Error(
      `Model config version ${describe(merged.version)} is not supported (this build reads version ${MODEL_CONFIG_VERSION})`,
    );
  }
  if (merged.family === 'voting') return parseVoting(merged, raw.weights === undefined);
  validate(merged);
  return structuredClone(merged);
}

/** A voting config with each model parsed (defaults filled) and its weights checked. */
function parseVoting(c: VotingConfig, equalWeights: boolean): VotingConfig {
  if (!Array.isArray(c.models) || c.models.length < 2 || c.models.length > MAX_VOTING_MODELS) {
    throw new Error(
      `Expected models to be a list of 2 to ${MAX_VOTING_MODELS} model configs to average, got ${describe(c.models)}`,
    );
  }
  const models = c.models.map((m, i) => {
    const family = (m as { family?: unknown } | null)?.family;
    if (!VOTING_MEMBER_FAMILIES.includes(family as ModelFamily)) {
      throw new Error(
        `Expected models[${i}].family to be one of ${VOTING_MEMBER_FAMILIES.join(', ')} (families that read one row of features), got ${describe(family)}`,
      );
    }
    try {
      return parseModelConfig(m) as MemberConfig;
    } catch (error) {
      throw new Error(`models[${i}]: ${(error as Error).message}`, { cause: error });
    }
  });
  // Left out, the weights are equal, however many models there are.
  const weights = equalWeights ? models.map(() => 1) : c.weights;
  if (!Array.isArray(weights) || weights.length !== models.length) {
    throw new Error(
      `Expected weights to hold one number per model (${models.length}), got ${describe(c.weights)}`,
    );
  }
  weights.forEach((w, i) => {
    if (typeof w !== 'number' || !Number.isFinite(w) || w <= 0 || w > 1000) {
      throw new Error(`Expected weights[${i}] to be a number in (0, 1000], got ${describe(w)}`);
    }
  });
  return { family: 'voting', version: c.version, models, weights: [...weights] };
}

function validate(c: ModelConfig): void {
  if (isClassicFamily(c.family)) {
    checkClassicConfig(c as ClassicConfig);
    return;
  }
  switch (c.family) {
    case 'logistic':
      checkL2(c.l2);
      return;
    case 'mlp':
      checkWidths('hidden', c.hidden, true);
      checkActivation('activation', c.activation, true);
      checkInt('maxoutPieces', c.maxoutPieces, 2, 16);
      checkRate('dropout', c.dropout);
      checkRate('inputDropout', c.inputDropout);
      checkL2(c.l2);
      checkBool('batchNorm', c.batchNorm);
      checkInt('members', c.members, 1, 16);
      if (!['raw', 'periodic', 'mixed'].includes(c.inputEncoding)) {
        throw new Error(
          `Expected inputEncoding to be "raw", "periodic" or "mixed", got ${describe(c.inputEncoding)}`,
        );
      }
      if (c.inputEncoding === 'mixed' && c.members < 2) {
        throw new Error(
          `Expected members >= 2 for mixed inputs (one raw, one periodic at least), got ${c.members}`,
        );
      }
      checkInt('periodicFrequencies', c.periodicFrequencies, 1, 64);
      if (typeof c.periodicSigma !== 'number' || !(c.periodicSigma > 0 && c.periodicSigma <= 100)) {
        throw new Error(`Expected periodicSigma in (0, 100], got ${describe(c.periodicSigma)}`);
      }
      if (c.members > 1 && c.hidden.length === 0) {
        throw new Error(
          `Expected at least one hidden layer for members = ${c.members} (an ensemble of logistic regressions is one)`,
        );
      }
      if (c.activation === 'maxout' && c.members > 1) {
        throw new Error(
          `Expected members to be 1 with maxout (ensembles of maxout nets are not built), got ${c.members}`,
        );
      }
      return;
    case 'cnn2d':
      if (!Array.isArray(c.blocks) || c.blocks.length === 0) {
        throw new Error(`Expected blocks to be a non-empty array of conv blocks, got ${describe(c.blocks)}`);
      }
      c.blocks.forEach((b, i) => {
        checkInt(`blocks[${i}].filters`, b.filters, 1, 1024);
        checkSize(`blocks[${i}].kernel`, b.kernel, 1, 64);
        checkSize(`blocks[${i}].pool`, b.pool, 1, 16);
        checkRate(`blocks[${i}].dropout`, b.dropout);
      });
      if (c.head !== 'global-average' && c.head !== 'flatten') {
        throw new Error(`Expected head to be "global-average" or "flatten", got ${describe(c.head)}`);
      }
      checkConvCommon(c);
      return;
    case 'cnn1d':
      if (!Array.isArray(c.blocks) || c.blocks.length === 0) {
        throw new Error(`Expected blocks to be a non-empty array of conv blocks, got ${describe(c.blocks)}`);
      }
      c.blocks.forEach((b, i) => {
        checkInt(`blocks[${i}].filters`, b.filters, 1, 1024);
        checkInt(`blocks[${i}].kernel`, b.kernel, 1, 4096);
        checkInt(`blocks[${i}].stride`, b.stride, 1, 1024);
        checkInt(`blocks[${i}].pool`, b.pool, 1, 64);
        checkRate(`blocks[${i}].dropout`, b.dropout);
      });
      checkConvCommon(c);
      return;
    case 'rnn':
      if (c.cell !== 'gru' && c.cell !== 'lstm')
        throw new Error(`Expected cell to be "gru" or "lstm", got ${describe(c.cell)}`);
      checkWidths('units', c.units, false);
      checkBool('bidirectional', c.bidirectional);
      checkWidths('dense', c.dense, true);
      checkRate('dropout', c.dropout);
      checkL2(c.l2);
      return;
    case 'knn':
      checkInt('k', c.k, 1, 1000);
      if (c.weighting !== 'uniform' && c.weighting !== 'distance') {
        throw new Error(`Expected weighting to be "uniform" or "distance", got ${describe(c.weighting)}`);
      }
      if (c.metric !== 'euclidean' && c.metric !== 'cosine') {
        throw new Error(`Expected metric to be "euclidean" or "cosine", got ${describe(c.metric)}`);
      }
      return;
    case 'autoencoder':
      checkWidths('encoder', c.encoder, false);
      checkActivation('activation', c.activation, false);
      checkRate('inputNoise', c.inputNoise);
      checkInt('pretrainEpochs', c.pretrainEpochs, 0, 10_000);
      checkBool('freezeEncoder', c.freezeEncoder);
      checkWidths('head', c.head, true);
      checkRate('dropout', c.dropout);
      checkL2(c.l2);
      return;
  }
}

function checkConvCommon(c: Cnn2dConfig | Cnn1dConfig): void {
  checkWidths('dense', c.dense, true);
  checkActivation('activation', c.activation, false);
  checkRate('dropout', c.dropout);
  checkL2(c.l2);
  checkBool('batchNorm', c.batchNorm);
}

function checkRate(name: string, value: unknown): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value >= 1) {
    throw new Error(`Expected ${name} in [0, 1), got ${describe(value)}`);
  }
}

function checkL2(value: unknown): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1) {
    throw new Error(`Expected l2 in [0, 1], got ${describe(value)}`);
  }
}

function checkBool(name: string, value: unknown): void {
  if (typeof value !== 'boolean')
    throw new Error(`Expected ${name} to be true or false, got ${describe(value)}`);
}

export function checkInt(name: string, value: unknown, min: number, max: number): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new Error(`Expected ${name} to be an integer in [${min}, ${max}], got ${describe(value)}`);
  }
}

function checkSize(name: string, value: unknown, min: number, max: number): void {
  if (Array.isArray(value) && value.length === 2) {
    checkInt(`${name}[0]`, value[0], min, max);
    checkInt(`${name}[1]`, value[1], min, max);
  } else {
    checkInt(name, value, min, max);
  }
}

function checkWidths(name: string, value: unknown, allowEmpty: boolean): void {
  if (!Array.isArray(value) || (!allowEmpty && value.length === 0)) {
    throw new Error(
      `Expected ${name} to be ${allowEmpty ? 'an' : 'a non-empty'} array of layer widths, got ${describe(value)}`,
    );
  }
  value.forEach((w, i) => checkInt(`${name}[${i}]`, w, 1, 8192));
}

function checkActivation(name: string, value: unknown, allowMaxout: boolean): void {
  const allowed = ACTIVATIONS.filter((a) => allowMaxout || a !== 'maxout');
  if (typeof value !== 'string' || !allowed.includes(value as Activation)) {
    throw new Error(`Expected ${name} to be one of ${allowed.join(', ')}, got ${describe(value)}`);
  }
}

import { isClassicFamily } from './classic/families';
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../random';
import { ClassifierModel, LOGITS_LAYER } from './classifierModel';
import {
  parseModelConfig,
  type Activation,
  type AutoencoderConfig,
  type Cnn1dConfig,
  type Cnn2dConfig,
  type MlpConfig,
  type NetworkConfig,
  type RnnConfig,
} from './config';
import { orthogonalRows } from './init';
import { Maxout, ParallelDense, PeriodicEncoding, SeededDropout, ShiftedReLU } from './layers';

// The wrapper moved to its own file; importers of build.ts keep working.
export { ClassifierModel, combineMembers, LOGITS_LAYER } from './classifierModel';

type Sym = tf.SymbolicTensor;

function checkBuildArgs(inputShape: readonly number[], nClasses: number, seed: number): void {
  if (
    !Array.isArray(inputShape) ||
    inputShape.length === 0 ||
    inputShape.some((d) => !Number.isInteger(d) || d < 1)
  ) {
    throw new Error(`Expected inputShape to be positive integers, got ${JSON.stringify(inputShape)}`);
  }
  if (!Number.isInteger(nClasses) || nClasses < 2)
    throw new Error(`Expected nClasses to be an integer >= 2, got ${nClasses}`);
  if (!Number.isSafeInteger(seed)) throw new Error(`Expected seed to be an integer, got ${seed}`);
}

interface Ctx {
  /** Distinct, repeatable per-layer seeds drawn from the model seed. */
  seeds: { next(): number };
  l2: number;
}

function kernelInit(ctx: Ctx, activation: Activation | 'linear') {
  const seed = ctx.seeds.next();
  return activation === 'selu'
    ? tf.initializers.leCunNormal({ seed })
    : tf.initializers.glorotUniform({ seed });
}

function regularizer(ctx: Ctx) {
  return ctx.l2 > 0 ? tf.regularizers.l2({ l2: ctx.l2 }) : undefined;
}

function activationLayer(activation: Exclude<Activation, 'maxout'>): tf.layers.Layer {
  switch (activation) {
    case 'leaky-relu':
      return tf.layers.leakyReLU({ alpha: 0.1 });
    case 'shifted-relu':
      return new ShiftedReLU();
    default:
      return tf.layers.activation({ activation });
  }
}

function dropout(x: Sym, rate: number, ctx: Ctx): Sym {
  return rate > 0 ? (new SeededDropout({ rate, seed: ctx.seeds.next() }).apply(x) as Sym) : x;
}

/** Dense → [batch norm] → activation → dropout, or a maxout unit in place of dense + activation. */
function denseBlock(
  x: Sym,
  units: number,
  activation: Activation,
  opts: { batchNorm: boolean; dropout: number; maxoutPieces?: number },
  ctx: Ctx,
): Sym {
  if (activation === 'maxout') {
    x = new Maxout({ units, pieces: opts.maxoutPieces ?? 2, l2: ctx.l2, seed: ctx.seeds.next() }).apply(
      x,
    ) as Sym;
    if (opts.batchNorm) x = tf.layers.batchNormalization().apply(x) as Sym;
  } else {
    x = tf.layers
      .dense({
        units,
        useBias: !opts.batchNorm,
        kernelInitializer: kernelInit(ctx, activation),
        kernelRegularizer: regularizer(ctx),
      })
      .apply(x) as Sym;
    if (opts.batchNorm) x = tf.layers.batchNormalization().apply(x) as Sym;
    x = activationLayer(activation).apply(x) as Sym;
  }
  return dropout(x, opts.dropout, ctx);
}

function logits(x: Sym, nClasses: number, ctx: Ctx): Sym {
  const shape = x.shape;
  if (shape.length === 3) {
    // Ensemble members: [batch, members, classes] logits, one set per member.
    return new ParallelDense({
      members: shape[1] as number,
      units: nClasses,
      l2: ctx.l2,
      seed: ctx.seeds.next(),
      name: LOGITS_LAYER,
    }).apply(x) as Sym;
  }
  return tf.layers
    .dense({
      units: nClasses,
      name: LOGITS_LAYER,
      kernelInitializer: kernelInit(ctx, 'linear'),
      kernelRegularizer: regularizer(ctx),
    })
    .apply(x) as Sym;
}

function mlpBody(x: Sym, c: MlpConfig, ctx: Ctx): Sym {
  x = dropout(x, c.inputDropout, ctx);
  const periodic = (input: Sym): Sym =>
    new PeriodicEncoding({
      frequencies: c.periodicFrequencies,
      sigma: c.periodicSigma,
      seed: ctx.seeds.next(),
    }).apply(input) as Sym;
  if (c.members === 1) {
    if (c.inputEncoding === 'periodic') x = periodic(x);
    for (const units of c.hidden) {
      x = denseBlock(
        x,
        units,
        c.activation,
        { batchNorm: c.batchNorm, dropout: c.dropout, maxoutPieces: c.maxoutPieces },
        ctx,
      );
    }
    return x;
  }
  // An ensemble: the first layer is one wide dense layer over the shared input, split into members; later
  // layers are ParallelDense, so member m only ever reads member m's units. With `mixed` inputs the first
  // ⌈members/2⌉ members read the raw features and the rest their periodic encoding.
  const activation = c.activation as Exclude<Activation, 'maxout'>;
  const firstLayer = (input: Sym, members: number, units: number): Sym =>
    tf.layers
      .dense({
        units: members * units,
        useBias: !c.batchNorm,
        kernelInitializer: kernelInit(ctx, activation),
        kernelRegularizer: regularizer(ctx),
      })
      .apply(input) as Sym;
  c.hidden.forEach((units, i) => {
    const width = c.members * units;
    if (i === 0) {
      if (c.inputEncoding === 'mixed') {
        const rawMembers = Math.ceil(c.members / 2);
        const raw = firstLayer(x, rawMembers, units);
        const encoded = firstLayer(periodic(x), c.members - rawMembers, units);
        x = tf.layers.concatenate({ axis: -1 }).apply([raw, encoded]) as Sym;
      } else {
        x = firstLayer(c.inputEncoding === 'periodic' ? periodic(x) : x, c.members, units);
      }
    } else {
      x = new ParallelDense({
        members: c.members,
        units,
        l2: ctx.l2,
        seed: ctx.seeds.next(),
        useBias: !c.batchNorm,
      }).apply(x) as Sym;
      if (c.batchNorm) x = tf.layers.reshape({ targetShape: [width] }).apply(x) as Sym;
    }
    // Batch norm per (member, unit) on the flat [batch, members·units] view.
    if (c.batchNorm) x = tf.layers.batchNormalization().apply(x) as Sym;
    if (i === 0 || c.batchNorm) x = tf.layers.reshape({ targetShape: [c.members, units] }).apply(x) as Sym;
    x = activationLayer(activation).apply(x) as Sym;
    x = dropout(x, c.dropout, ctx);
  });
  return x;
}

function pair(v: number | [number, number]): [number, number] {
  return Array.isArray(v) ? v : [v, v];
}

function cnn2dBody(x: Sym, inputShape: readonly number[], c: Cnn2dConfig, ctx: Ctx): Sym {
  if (inputShape.length === 2) x = tf.layers.reshape({ targetShape: [...inputShape, 1] }).apply(x) as Sym;
  else if (inputShape.length !== 3) {
    throw new Error(
      `Expected cnn2d inputShape [rows, cols] or [rows, cols, channels], got ${JSON.stringify(inputShape)}`,
    );
  }
  let [h, w] = inputShape;
  c.blocks.forEach((b, i) => {
    const pool = pair(b.pool);
    x = tf.layers
      .conv2d({
        filters: b.filters,
        kernelSize: pair(b.kernel),
        padding: 'same',
        useBias: !c.batchNorm,
        kernelInitializer: kernelInit(ctx, c.activation),
        kernelRegularizer: regularizer(ctx),
      })
      .apply(x) as Sym;
    if (c.batchNorm) x = tf.layers.batchNormalization().apply(x) as Sym;
    x = activationLayer(c.activation).apply(x) as Sym;
    if (pool[0] > 1 || pool[1] > 1) {
      h = Math.floor(h / pool[0]);
      w = Math.floor(w / pool[1]);
      if (h < 1 || w < 1) {
        throw new Error(
          `Input ${inputShape[0]}×${inputShape[1]} is too small for the pooling of blocks[${i}] (${pool.join('×')})`,
        );
      }
      x = tf.layers.maxPooling2d({ poolSize: pool }).apply(x) as Sym;
    }
    x = dropout(x, b.dropout, ctx);
  });
  x = (c.head === 'flatten' ? tf.layers.flatten() : tf.layers.globalAveragePooling2d({})).apply(x) as Sym;
  for (const units of c.dense)
    x = denseBlock(x, units, c.activation, { batchNorm: false, dropout: c.dropout }, ctx);
  return x;
}

function cnn1dBody(x: Sym, inputShape: readonly number[], c: Cnn1dConfig, ctx: Ctx): Sym {
  if (inputShape.length === 1) x = tf.layers.reshape({ targetShape: [inputShape[0], 1] }).apply(x) as Sym;
  else if (inputShape.length !== 2) {
    throw new Error(
      `Expected cnn1d inputShape [samples] or [samples, channels], got ${JSON.stringify(inputShape)}`,
    );
  }
  let length = inputShape[0];
  c.blocks.forEach((b, i) => {
    x = tf.layers
      .conv1d({
        filters: b.filters,
        kernelSize: b.kernel,
        strides: b.stride,
        padding: 'same',
        useBias: !c.batchNorm,
        kernelInitializer: kernelInit(ctx, c.activation),
        kernelRegularizer: regularizer(ctx),
      })
      .apply(x) as Sym;
    length = Math.ceil(length / b.stride);
    if (c.batchNorm) x = tf.layers.batchNormalization().apply(x) as Sym;
    x = activationLayer(c.activation).apply(x) as Sym;
    if (b.pool > 1) {
      length = Math.floor(length / b.pool);
      if (length < 1)
        throw new Error(
          `Input of ${inputShape[0]} samples is too short for the striding and pooling of blocks[${i}]`,
        );
      x = tf.layers.maxPooling1d({ poolSize: b.pool }).apply(x) as Sym;
    }
    x = dropout(x, b.dropout, ctx);
  });
  x = tf.layers.globalAveragePooling1d({}).apply(x) as Sym;
  for (const units of c.dense)
    x = denseBlock(x, units, c.activation, { batchNorm: false, dropout: c.dropout }, ctx);
  return x;
}

function rnnBody(x: Sym, inputShape: readonly number[], c: RnnConfig, ctx: Ctx): Sym {
  if (inputShape.length !== 2) {
    throw new Error(`Expected rnn inputShape [frames, featuresPerFrame], got ${JSON.stringify(inputShape)}`);
  }
  c.units.forEach((units, i) => {
    const args = {
      units,
      returnSequences: i < c.units.length - 1,
      kernelInitializer: kernelInit(ctx, 'tanh'),
      // Replaced by an orthogonal matrix below (tfjs's Orthogonal initializer runs a QR that takes seconds).
      recurrentInitializer: kernelInit(ctx, 'tanh'),
      kernelRegularizer: regularizer(ctx),
    };
    const layer = c.cell === 'gru' ? tf.layers.gru(args) : tf.layers.lstm(args);
    const wrapped = c.bidirectional ? tf.layers.bidirectional({ layer, mergeMode: 'concat' }) : layer;
    x = wrapped.apply(x) as Sym;
    for (const weight of wrapped.weights) {
      if (!weight.name.includes('recurrent_kernel')) continue;
      const [rows, cols] = weight.shape as [number, number];
      const value = tf.tensor2d(orthogonalRows(rows, cols, ctx.seeds.next()), [rows, cols]);
      weight.write(value);
      value.dispose();
    }
    x = dropout(x, c.dropout, ctx);
  });
  for (const units of c.dense)
    x = denseBlock(x, units, 'relu', { batchNorm: false, dropout: c.dropout }, ctx);
  return x;
}

/**
 * Builds the network of a config as a `tf.LayersModel` whose output is logits (no softmax), from one seed:
 * same seed, same initial weights. For `autoencoder` this is the classifier (encoder + head); use
 * `buildAutoencoder` to get the reconstruction model that shares its encoder.
 */
export function buildModel(
  config: NetworkConfig,
  inputShape: readonly number[],
  nClasses: number,
  seed: number,
): tf.LayersModel {
  return buildNetwork(config, inputShape, nClasses, seed).classifier;
}

/** The classifier and, sharing the encoder layers, the reconstruction model to pretrain without labels. */
export function buildAutoencoder(
  config: AutoencoderConfig,
  inputShape: readonly number[],
  nClasses: number,
  seed: number,
): { classifier: tf.LayersModel; autoencoder: tf.LayersModel } {
  const { classifier, autoencoder } = buildNetwork(config, inputShape, nClasses, seed);
  return { classifier, autoencoder: autoencoder! };
}

function buildNetwork(
  rawConfig: NetworkConfig,
  inputShape: readonly number[],
  nClasses: number,
  seed: number,
): { classifier: tf.LayersModel; autoencoder?: tf.LayersModel } {
  checkBuildArgs(inputShape, nClasses, seed);
  const config = parseModelConfig(rawConfig);
  if (config.family === 'knn' || config.family === 'voting' || isClassicFamily(config.family))
    throw new Error(`${config.family} is not a TensorFlow.js network: use createClassifier or its own class`);
  const rng = createRng(seed);
  const ctx: Ctx = { seeds: { next: () => rng.int(2 ** 31) }, l2: 'l2' in config ? config.l2 : 0 };
  const flatFamilies =
    config.family === 'logistic' || config.family === 'mlp' || config.family === 'autoencoder';
  if (flatFamilies && inputShape.length !== 1) {
    throw new Error(`Expected ${config.family} inputShape [features], got ${JSON.stringify(inputShape)}`);
  }
  const input = tf.input({ shape: [...inputShape] });
  let body: Sym;
  let autoencoder: tf.LayersModel | undefined;
  switch (config.family) {
    case 'logistic':
      body = input;
      break;
    case 'mlp':
      body = mlpBody(input, config, ctx);
      break;
    case 'cnn2d':
      body = cnn2dBody(input, inputShape, config, ctx);
      break;
    case 'cnn1d':
      body = cnn1dBody(input, inputShape, config, ctx);
      break;
    case 'rnn':
      body = rnnBody(input, inputShape, config, ctx);
      break;
    case 'autoencoder': {
      // The same encoder layers read the clean input (classifier) and the noisy one (pretraining), so the two
      // models share weights.
      const encoderLayers = config.encoder.flatMap((units) => [
        tf.layers.dense({
          units,
          kernelInitializer: kernelInit(ctx, config.activation),
          kernelRegularizer: regularizer(ctx),
        }),
        activationLayer(config.activation),
      ]);
      const applyEncoder = (x: Sym): Sym => encoderLayers.reduce((h, layer) => layer.apply(h) as Sym, x);
      const code = applyEncoder(input);
      let recon = applyEncoder(dropout(input, config.inputNoise, ctx));
      const decoderWidths = [...config.encoder.slice(0, -1)].reverse();
      for (const units of decoderWidths)
        recon = denseBlock(recon, units, config.activation, { batchNorm: false, dropout: 0 }, ctx);
      recon = tf.layers
        .dense({
          units: inputShape.reduce((a, b) => a * b, 1),
          kernelInitializer: kernelInit(ctx, 'linear'),
          name: 'reconstruction',
        })
        .apply(recon) as Sym;
      autoencoder = tf.model({ inputs: input, outputs: recon, name: 'autoencoder' });
      body = code;
      for (const units of config.head)
        body = denseBlock(body, units, 'relu', { batchNorm: false, dropout: config.dropout }, ctx);
      break;
    }
  }
  const classifier = tf.model({ inputs: input, outputs: logits(body, nClasses, ctx), name: config.family });
  return { classifier, autoencoder };
}

/** Builds a network config into a ready `ClassifierModel` (untrained). */
export function buildClassifier(
  config: NetworkConfig,
  inputShape: readonly number[],
  nClasses: number,
  seed: number,
): ClassifierModel {
  const parsed = parseModelConfig(config) as NetworkConfig;
  const { classifier, autoencoder } = buildNetwork(parsed, inputShape, nClasses, seed);
  return new ClassifierModel(classifier, parsed, autoencoder ?? null);
}

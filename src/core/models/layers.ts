/**
 * Custom layers, registered with TensorFlow.js serialisation so that a saved model bundle reloads them by
 * `className`. Importing this module registers them (build.ts does).
 */
import * as tf from '@tensorflow/tfjs';

type Kwargs = Record<string, unknown>;

export interface MaxoutArgs {
  units: number;
  pieces: number;
  l2?: number;
  seed?: number;
  name?: string;
  inputShape?: number[];
}

/**
 * Maxout (Goodfellow et al. 2013): a dense layer to units × pieces, then the max over each unit's pieces.
 * A learned piecewise-linear convex activation; with 2 pieces it can represent ReLU and leaky ReLU.
 */
export class Maxout extends tf.layers.Layer {
  static className = 'Maxout';
  readonly units: number;
  readonly pieces: number;
  readonly l2: number;
  readonly seed: number | undefined;
  private kernel: tf.LayerVariable | null = null;
  private bias: tf.LayerVariable | null = null;

  constructor(args: MaxoutArgs) {
    super(args as unknown as ConstructorParameters<typeof tf.layers.Layer>[0]);
    if (!Number.isInteger(args.units) || args.units < 1)
      throw new Error(`Expected maxout units >= 1, got ${args.units}`);
    if (!Number.isInteger(args.pieces) || args.pieces < 2)
      throw new Error(`Expected maxout pieces >= 2, got ${args.pieces}`);
    this.units = args.units;
    this.pieces = args.pieces;
    this.l2 = args.l2 ?? 0;
    this.seed = args.seed;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const inDim = shape[shape.length - 1];
    if (inDim == null) throw new Error('Maxout needs a known input width');
    const width = this.units * this.pieces;
    const regularizer = this.l2 > 0 ? tf.regularizers.l2({ l2: this.l2 }) : undefined;
    this.kernel = this.addWeight(
      'kernel',
      [inDim, width],
      'float32',
      tf.initializers.glorotUniform({ seed: this.seed }),
      regularizer,
      true,
    );
    this.bias = this.addWeight('bias', [width], 'float32', tf.initializers.zeros(), undefined, true);
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return [...shape.slice(0, -1), this.units];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor2D;
      const z = tf.add(tf.matMul(x, this.kernel!.read() as tf.Tensor2D), this.bias!.read());
      return tf.max(tf.reshape(z, [-1, this.units, this.pieces]), -1);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      units: this.units,
      pieces: this.pieces,
      l2: this.l2,
      seed: this.seed ?? null,
    };
  }
}

/** max(x, −1): ReLU whose negative side reaches −1 (see `Activation` in config.ts for why this reading). */
export class ShiftedReLU extends tf.layers.Layer {
  static className = 'ShiftedReLU';

  constructor(args: { name?: string } = {}) {
    super(args);
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => tf.maximum(Array.isArray(inputs) ? inputs[0] : inputs, -1));
  }
}

export interface SeededDropoutArgs {
  rate: number;
  seed: number;
  name?: string;
}

/**
 * Dropout whose masks repeat from run to run yet differ between steps: the stock layer with a `seed` draws the
 * same mask on every call, and without one it uses Math.random. Each training call uses seed + step.
 */
export class SeededDropout extends tf.layers.Layer {
  static className = 'SeededDropout';
  readonly rate: number;
  readonly seed: number;
  private step = 0;

  constructor(args: SeededDropoutArgs) {
    super(args);
    if (!(args.rate >= 0 && args.rate < 1))
      throw new Error(`Expected dropout rate in [0, 1), got ${args.rate}`);
    this.rate = args.rate;
    this.seed = args.seed;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    if (kwargs['training'] !== true || this.rate === 0) return tf.clone(x);
    const seed = this.seed * 7919 + this.step++;
    return tf.tidy(() => tf.dropout(x, this.rate, undefined, seed));
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), rate: this.rate, seed: this.seed };
  }
}

export interface ParallelDenseArgs {
  members: number;
  units: number;
  l2?: number;
  seed?: number;
  useBias?: boolean;
  name?: string;
}

/**
 * `members` independent dense layers applied side by side: input [batch, members, in] → [batch, members, units],
 * member m using only its own kernel [in, units]. Lets one model hold an ensemble of MLPs whose step costs about
 * one MLP's kernel launches (the per-op overhead dominates small nets). Each member's kernel is Glorot-uniform
 * for its own fan-in and fan-out.
 */
export class ParallelDense extends tf.layers.Layer {
  static className = 'ParallelDense';
  readonly members: number;
  readonly units: number;
  readonly l2: number;
  readonly seed: number | undefined;
  readonly useBias: boolean;
  private kernel: tf.LayerVariable | null = null;
  private bias: tf.LayerVariable | null = null;

  constructor(args: ParallelDenseArgs) {
    super(args);
    if (!Number.isInteger(args.members) || args.members < 1)
      throw new Error(`Expected members >= 1, got ${args.members}`);
    if (!Number.isInteger(args.units) || args.units < 1)
      throw new Error(`Expected units >= 1, got ${args.units}`);
    this.members = args.members;
    this.units = args.units;
    this.l2 = args.l2 ?? 0;
    this.seed = args.seed;
    this.useBias = args.useBias ?? true;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    if (shape.length !== 3 || shape[1] !== this.members || shape[2] == null) {
      throw new Error(
        `ParallelDense expects input [batch, ${this.members}, features], got ${JSON.stringify(shape)}`,
      );
    }
    const inDim = shape[2];
    const limit = Math.sqrt(6 / (inDim + this.units));
    const regularizer = this.l2 > 0 ? tf.regularizers.l2({ l2: this.l2 }) : undefined;
    this.kernel = this.addWeight(
      'kernel',
      [this.members, inDim, this.units],
      'float32',
      tf.initializers.randomUniform({ minval: -limit, maxval: limit, seed: this.seed }),
      regularizer,
      true,
    );
    if (this.useBias) {
      this.bias = this.addWeight(
        'bias',
        [this.members, 1, this.units],
        'float32',
        tf.initializers.zeros(),
        undefined,
        true,
      );
    }
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return [shape[0], this.members, this.units];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor3D;
      let y = tf.matMul(tf.transpose(x, [1, 0, 2]), this.kernel!.read() as tf.Tensor3D);
      if (this.bias) y = tf.add(y, this.bias.read());
      return tf.transpose(y, [1, 0, 2]);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      members: this.members,
      units: this.units,
      l2: this.l2,
      seed: this.seed ?? null,
      useBias: this.useBias,
    };
  }
}

export interface PeriodicEncodingArgs {
  frequencies: number;
  sigma: number;
  seed?: number;
  name?: string;
}

/**
 * Periodic embeddings of numeric features (Gorishniy et al. 2022, "On Embeddings for Numerical Features in
 * Tabular Deep Learning"): each feature x becomes [x, sin(2π c x), cos(2π c x)] for k learned frequencies c
 * (initially N(0, sigma²)), so the MLP after it can draw sharp, tree-like thresholds on single features.
 * Input [batch, features] → [batch, features · (2k + 1)].
 */
export class PeriodicEncoding extends tf.layers.Layer {
  static className = 'PeriodicEncoding';
  readonly frequencies: number;
  readonly sigma: number;
  readonly seed: number | undefined;
  private coefficients: tf.LayerVariable | null = null;

  constructor(args: PeriodicEncodingArgs) {
    super(args);
    if (!Number.isInteger(args.frequencies) || args.frequencies < 1) {
      throw new Error(`Expected frequencies >= 1, got ${args.frequencies}`);
    }
    if (!(args.sigma > 0)) throw new Error(`Expected sigma > 0, got ${args.sigma}`);
    this.frequencies = args.frequencies;
    this.sigma = args.sigma;
    this.seed = args.seed;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    if (shape.length !== 2 || shape[1] == null) {
      throw new Error(`PeriodicEncoding expects input [batch, features], got ${JSON.stringify(shape)}`);
    }
    this.coefficients = this.addWeight(
      'coefficients',
      [shape[1], this.frequencies],
      'float32',
      tf.initializers.randomNormal({ mean: 0, stddev: this.sigma, seed: this.seed }),
      undefined,
      true,
    );
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return [shape[0], (shape[1] as number) * (2 * this.frequencies + 1)];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor2D;
      const [rows, features] = x.shape;
      const angle = tf.mul(tf.mul(tf.expandDims(x, 2), this.coefficients!.read()), 2 * Math.PI);
      const width = features * this.frequencies;
      return tf.concat(
        [x, tf.reshape(tf.sin(angle), [rows, width]), tf.reshape(tf.cos(angle), [rows, width])],
        1,
      );
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      frequencies: this.frequencies,
      sigma: this.sigma,
      seed: this.seed ?? null,
    };
  }
}

tf.serialization.registerClass(Maxout);
tf.serialization.registerClass(PeriodicEncoding);
tf.serialization.registerClass(ParallelDense);
tf.serialization.registerClass(ShiftedReLU);
tf.serialization.registerClass(SeededDropout);

/**
 * The memory budget every network meets, whoever made it: the activations one example creates (every layer's
 * output, all alive until a prediction's tidy ends) and the examples run together so that a batch stays
 * within a fixed amount. The caps leave the shipped models and every family the Train view builds on log-mel
 * patches (cnn2d, the largest, about 1.7 M values per example) ten times and more of room.
 *
 * And the work it asks for: multiply-adds per example, and per second of audio (examples per second × per
 * example), so that a bundle of a few kilobytes cannot make a song take hours. Every weight is used once at
 * each position the layer is applied at (a Dense on a vector: once; on a sequence, a convolution, a recurrent
 * layer: once per step or pixel of its input); layers without weights cost their output (pooling: times its
 * window). An estimate from above, from the shapes alone, computed before any weight is loaded.
 */
import type * as tf from '@tensorflow/tfjs';

/** Values one layer may output per example. */
export const MAX_LAYER_ACTIVATION = 1 << 24;
/** Values all layers together may output per example (32 MB of float32). */
export const MAX_EXAMPLE_ACTIVATION = 1 << 23;
/** Values a batch's activations may hold together (256 MB of float32): prediction batches are sized to it. */
export const BATCH_ACTIVATION_BUDGET = 1 << 26;
/** Examples per prediction batch at most, for small models. */
export const MAX_PREDICT_BATCH = 256;

/** Multiply-adds one example may cost (the shipped and Train-built networks cost at most ~0.3 G). */
export const MAX_EXAMPLE_OPERATIONS = 4e9;
/**
 * Multiply-adds one second of audio may cost, at the most examples per second any view computes (Live: about
 * eleven a second): 2 G is about a second of one CPU core in WebAssembly, so even a slow machine keeps up
 * with a song; the shipped and Train-built networks need at most ~0.2 G.
 */
export const MAX_OPERATIONS_PER_AUDIO_SECOND = 2e9;

export interface LayerActivation {
  name: string;
  /** Values the layer outputs per example (its largest output, when it has several). */
  size: number;
}

/** Each layer's output size per example, from TF.js's own shape inference (unknown axes count as 1). */
export function layerActivations(model: Pick<tf.LayersModel, 'layers'>): LayerActivation[] {
  return model.layers.map((l) => {
    const out = l.outputShape;
    const shapes = (Array.isArray(out[0]) ? out : [out]) as Array<Array<number | null>>;
    const sizes = shapes.map((s) => s.slice(1).reduce<number>((a, d) => a * (d ?? 1), 1));
    return { name: l.name, size: Math.max(...sizes) };
  });
}

/** Throws, naming the layer or the total, when a network's activations exceed the per-example caps. */
export function checkActivationBudget(layers: readonly LayerActivation[]): number {
  let total = 0;
  for (const { name, size } of layers) {
    if (!(size <= MAX_LAYER_ACTIVATION)) {
      throw new Error(
        `Layer ${name} outputs ${size} values per example, more than the ${MAX_LAYER_ACTIVATION} a layer may`,
      );
    }
    total += size;
  }
  if (!(total <= MAX_EXAMPLE_ACTIVATION)) {
    const largest = layers.reduce((a, b) => (b.size > a.size ? b : a));
    throw new Error(
      `The model's layers output ${total} values per example (layer ${largest.name} alone ${largest.size}), more than the budget of ${MAX_EXAMPLE_ACTIVATION}`,
    );
  }
  return total;
}

/** Examples to predict at once so that their activations stay within BATCH_ACTIVATION_BUDGET. */
export function predictBatchSize(activationPerExample: number): number {
  const fits = Math.floor(BATCH_ACTIVATION_BUDGET / Math.max(1, activationPerExample));
  return Math.max(1, Math.min(MAX_PREDICT_BATCH, fits));
}

/** What one layer's cost is estimated from: its shapes per example and the weights it (and any layer it wraps) holds. */
export interface LayerCost {
  name: string;
  /** Per-example input shape (the largest input, when it has several). */
  inputShape: readonly number[];
  outputSize: number;
  /** Weight values the layer holds, its wrapped layers' included. */
  weightValues: number;
  /** Values each output reads without weights (a pooling window), 1 otherwise. */
  window: number;
}

const product = (dims: readonly number[]) => dims.reduce((a, d) => a * d, 1);

/** Multiply-adds of one example through the layers (see the module comment for the rule). */
export function exampleOperations(layers: readonly LayerCost[]): number {
  let total = 0;
  for (const l of layers) {
    // Positions: every axis but the last (features / channels) of the input; 1 for a vector.
    const positions = l.inputShape.length > 1 ? product(l.inputShape.slice(0, -1)) : 1;
    total += l.weightValues > 0 ? positions * l.weightValues : l.outputSize * Math.max(1, l.window);
  }
  return total;
}

/** Each layer's cost inputs from a built model and the weight values each layer holds. */
export function layerCosts(
  model: Pick<tf.LayersModel, 'layers'>,
  weightValuesOf: (layer: tf.layers.Layer) => number,
): LayerCost[] {
  const activations = layerActivations(model);
  return model.layers.map((layer, i) => {
    // Every call's inputs (a layer shared by two models, as the autoencoder's encoder, has several).
    const shapes = layer.inboundNodes.flatMap((node) => {
      const s = node.inputShapes;
      return (Array.isArray(s[0]) ? s : [s]) as Array<Array<number | null>>;
    });
    const perExample = shapes
      .map((s) => s.slice(1).map((d) => d ?? 1))
      .reduce((a, b) => (product(b) > product(a) ? b : a));
    const config = layer.getConfig() as { poolSize?: number | number[] };
    const pool = config.poolSize;
    const window = pool === undefined ? 1 : Array.isArray(pool) ? product(pool) : pool;
    return {
      name: layer.name,
      inputShape: perExample,
      outputSize: activations[i].size,
      weightValues: weightValuesOf(layer),
      window,
    };
  });
}

/**
 * Throws, naming the figures, when an example or a second of audio would cost more than the caps.
 * `examplesPerSecond` is null for models fed from a table (no audio).
 */
export function checkOperationBudget(operations: number, examplesPerSecond: number | null): void {
  const g = (n: number) => `${(n / 1e9).toPrecision(3)} G`;
  if (!(operations <= MAX_EXAMPLE_OPERATIONS)) {
    throw new Error(
      `The model costs ${g(operations)} multiply-adds per example, more than the budget of ${g(MAX_EXAMPLE_OPERATIONS)}`,
    );
  }
  if (examplesPerSecond !== null && !(operations * examplesPerSecond <= MAX_OPERATIONS_PER_AUDIO_SECOND)) {
    throw new Error(
      `The model costs ${g(operations * examplesPerSecond)} multiply-adds per second of audio (${g(operations)} per example, ${examplesPerSecond.toPrecision(3)} examples a second), more than the budget of ${g(MAX_OPERATIONS_PER_AUDIO_SECOND)}`,
    );
  }
}

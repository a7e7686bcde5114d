/**
 * The memory budget every network meets, whoever made it: the activations one example creates (every layer's
 * output, all alive until a prediction's tidy ends) and the examples run together so that a batch stays
 * within a fixed amount. The caps leave the shipped models and every family the Train view builds on log-mel
 * patches (cnn2d, the largest, about 1.7 M values per example) ten times and more of room.
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

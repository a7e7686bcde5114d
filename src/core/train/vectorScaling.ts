/**
 * Vector scaling (Guo et al. 2017): one scale and one bias per class on the logits, softmax(a ⊙ z + b). Unlike a
 * temperature it can move the answer from one class to another: it corrects a model that over-answers some
 * classes on new data (a genre model on new artists), which one T cannot. It has 2k parameters, so it wants many
 * more validation rows than classes; the genre build fits it on the valid tracks' 30-s and 10-s rows and reports
 * its ECE cross-fitted by track (scripts/models/genreCalibration.ts). Folded into the logits layer like the
 * temperature (calibrate.ts), so every consumer of the bundle gets the scaled probabilities from the graph.
 */
import * as tf from '@tensorflow/tfjs';
import { LOGITS_LAYER } from '../models/classifierModel';
import { ensembleProbs } from './calibrate';

export interface VectorScaling {
  scale: number[];
  bias: number[];
}

/** Probabilities (rows × classes) of softmax(scale ⊙ logits + bias). */
export function applyVectorScaling(
  logits: ArrayLike<number>,
  classes: number,
  v: VectorScaling,
): Float32Array {
  if (v.scale.length !== classes || v.bias.length !== classes)
    throw new Error(
      `Expected a scale and a bias for each of ${classes} classes, got ${v.scale.length} and ${v.bias.length}`,
    );
  const z = Float32Array.from(logits, (value, i) => v.scale[i % classes] * value + v.bias[i % classes]);
  return ensembleProbs(z, 1, classes, 1);
}

/** Default pull of the fit toward the identity (scale 1, bias 0), per parameter, on the mean NLL. */
export const VECTOR_RIDGE = 1e-3;

/**
 * The scale and bias minimising the mean validation NLL (plus a small pull toward the identity), by gradient
 * descent with a backtracking line search: the loss is convex in (scale, bias), so this finds its minimum.
 */
export function fitVectorScaling(
  logits: ArrayLike<number>,
  labels: ArrayLike<number>,
  classes: number,
  ridge = VECTOR_RIDGE,
): VectorScaling {
  if (!(ridge >= 0 && Number.isFinite(ridge))) throw new Error(`Expected a ridge >= 0, got ${ridge}`);
  const rows = labels.length;
  if (rows === 0) throw new Error('Expected validation rows to fit a vector scaling on, got none');
  if (logits.length !== rows * classes)
    throw new Error(`Expected ${rows} × ${classes} logits, got ${logits.length}`);
  for (let r = 0; r < rows; r++) {
    if (!(Number.isInteger(labels[r]) && labels[r] >= 0 && labels[r] < classes))
      throw new Error(`Expected class indices within 0 … ${classes - 1}, got ${labels[r]} at row ${r}`);
  }
  const lossAndGradient = (params: Float64Array): { loss: number; gradient: Float64Array } => {
    const gradient = new Float64Array(2 * classes);
    let loss = 0;
    const z = new Float64Array(classes);
    for (let r = 0; r < rows; r++) {
      let max = -Infinity;
      for (let c = 0; c < classes; c++) {
        z[c] = params[c] * logits[r * classes + c] + params[classes + c];
        max = Math.max(max, z[c]);
      }
      let sum = 0;
      for (let c = 0; c < classes; c++) sum += Math.exp(z[c] - max);
      loss += max + Math.log(sum) - z[labels[r]];
      for (let c = 0; c < classes; c++) {
        const g = Math.exp(z[c] - max) / sum - (c === labels[r] ? 1 : 0);
        gradient[c] += (g * logits[r * classes + c]) / rows;
        gradient[classes + c] += g / rows;
      }
    }
    loss /= rows;
    for (let c = 0; c < classes; c++) {
      loss += (ridge / 2) * ((params[c] - 1) ** 2 + params[classes + c] ** 2);
      gradient[c] += ridge * (params[c] - 1);
      gradient[classes + c] += ridge * params[classes + c];
    }
    return { loss, gradient };
  };
  let params = new Float64Array(2 * classes);
  params.fill(1, 0, classes);
  let current = lossAndGradient(params);
  let step = 1;
  for (let iteration = 0; iteration < 2000; iteration++) {
    const norm2 = current.gradient.reduce((a, g) => a + g * g, 0);
    if (norm2 < 1e-14) break;
    let accepted = false;
    for (let tries = 0; tries < 40; tries++) {
      const next = params.map((p, i) => p - step * current.gradient[i]);
      const trial = lossAndGradient(next);
      // Armijo: a sufficient decrease for this step, else halve it.
      if (trial.loss <= current.loss - 0.5 * step * norm2) {
        params = next;
        current = trial;
        accepted = true;
        step *= 2;
        break;
      }
      step /= 2;
    }
    if (!accepted) break;
  }
  return { scale: Array.from(params.subarray(0, classes)), bias: Array.from(params.subarray(classes)) };
}

/**
 * Folds a vector scaling into the model's `logits` Dense layer: column c of the kernel times scale[c], the bias
 * scale[c] · bias[c] + bias'[c]. Then the graph's own logits are the scaled ones, as with foldTemperature.
 */
export function foldVectorScaling(model: tf.LayersModel, v: VectorScaling): void {
  const layer = model.layers.find((l) => l.name === LOGITS_LAYER);
  if (!layer || layer.getClassName() !== 'Dense')
    throw new Error(`Expected a Dense layer named "${LOGITS_LAYER}" to fold a vector scaling into`);
  const [kernel, bias] = layer.getWeights();
  const classes = kernel.shape[1] ?? 0;
  if (!bias || v.scale.length !== classes || v.bias.length !== classes)
    throw new Error(`Expected a scale and a bias for each of the layer's ${classes} outputs`);
  const scaled = tf.tidy(() => {
    const a = tf.tensor1d(v.scale);
    return [tf.mul(kernel, a), tf.add(tf.mul(bias, a), tf.tensor1d(v.bias))];
  });
  layer.setWeights(scaled);
  scaled.forEach((w) => w.dispose());
}

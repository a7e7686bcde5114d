import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { createRng } from '../random';
import { LOGITS_LAYER } from '../models/classifierModel';
import { ensembleProbs } from './calibrate';
import { applyVectorScaling, fitVectorScaling, foldVectorScaling } from './vectorScaling';

const CLASSES = 4;

/** Logits, and labels drawn from softmax(scale ⊙ logits + bias): what a fit should recover. */
function draw(rows: number, scale: number[], bias: number[], seed: number) {
  const rng = createRng(seed);
  const logits = Float32Array.from({ length: rows * CLASSES }, () => 2 * rng.normal());
  const probs = applyVectorScaling(logits, CLASSES, { scale, bias });
  const labels = Int32Array.from({ length: rows }, (_, r) => {
    let u = rng.next();
    for (let c = 0; c < CLASSES; c++) {
      u -= probs[r * CLASSES + c];
      if (u <= 0) return c;
    }
    return CLASSES - 1;
  });
  return { logits, labels };
}

function nll(probs: Float32Array, labels: Int32Array): number {
  let total = 0;
  labels.forEach((y, r) => (total -= Math.log(probs[r * CLASSES + y])));
  return total / labels.length;
}

describe('vector scaling', () => {
  it('is the plain softmax at scale 1, bias 0', () => {
    const logits = Float32Array.from([1, 2, 3, 0, -1, 0.5, 2, 2]);
    const identity = { scale: [1, 1, 1, 1], bias: [0, 0, 0, 0] };
    const got = applyVectorScaling(logits, CLASSES, identity);
    const want = ensembleProbs(logits, 1, CLASSES, 1);
    got.forEach((p, i) => expect(p).toBeCloseTo(want[i], 6));
    expect(() => applyVectorScaling(logits, CLASSES, { scale: [1], bias: [0] })).toThrow(
      /each of 4 classes, got 1 and 1/,
    );
  });

  it('recovers a per-class scale and bias from labels drawn with them, and lowers the held-out NLL', () => {
    const scale = [0.5, 0.8, 0.6, 1.2];
    const bias = [1, -0.5, 0, -0.5];
    const { logits, labels } = draw(6000, scale, bias, 1);
    const fitted = fitVectorScaling(logits, labels, CLASSES);
    fitted.scale.forEach((a, c) => expect(a).toBeCloseTo(scale[c], 1));
    // Biases are known only up to a shared constant (softmax ignores it).
    const shift = fitted.bias[2] - bias[2];
    fitted.bias.forEach((b, c) => expect(b - shift).toBeCloseTo(bias[c], 0));
    const heldOut = draw(3000, scale, bias, 2);
    const before = nll(ensembleProbs(heldOut.logits, 1, CLASSES, 1), heldOut.labels);
    const after = nll(applyVectorScaling(heldOut.logits, CLASSES, fitted), heldOut.labels);
    expect(after).toBeLessThan(before - 0.05);
    expect(() => fitVectorScaling(logits, Int32Array.from([9]), CLASSES)).toThrow(/Expected 1 × 4 logits/);
  });

  it('folds into the logits layer: the graph then gives the scaled answer itself', () => {
    const input = tf.input({ shape: [3] });
    const out = tf.layers.dense({ units: CLASSES, name: LOGITS_LAYER }).apply(input) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: out });
    const x = tf.tensor2d([
      [0.3, -1, 2],
      [1, 0.5, -0.2],
    ]);
    const before = (model.predict(x) as tf.Tensor).dataSync() as Float32Array;
    const v = { scale: [0.5, 2, 1, 0.1], bias: [0.3, 0, -1, 2] };
    foldVectorScaling(model, v);
    const after = (model.predict(x) as tf.Tensor).dataSync();
    const want = applyVectorScaling(before, CLASSES, v);
    const got = ensembleProbs(after, 1, CLASSES, 1);
    got.forEach((p, i) => expect(p).toBeCloseTo(want[i], 5));
    x.dispose();
    model.dispose();
  });
});

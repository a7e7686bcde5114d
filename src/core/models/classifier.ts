import type { ModelFamily } from './config';

/**
 * What every trained model offers the app, whether a TensorFlow.js network or k-NN. Inputs are batches of rows
 * flattened into one Float32Array (rows × inputSize, row-major); outputs likewise (rows × nClasses, or
 * rows × embeddingSize). Calls are synchronous: run them in a worker to keep the page responsive.
 */
export interface Classifier {
  readonly family: ModelFamily;
  readonly nClasses: number;
  /** Shape of one example, e.g. [57] or [128, 130, 1]. */
  readonly inputShape: readonly number[];
  /** Length of one example (product of inputShape). */
  readonly inputSize: number;
  readonly embeddingSize: number;
  predictLogits(x: Float32Array): Float32Array;
  /** Softmax of the logits: each row sums to 1. */
  predictProbs(x: Float32Array): Float32Array;
  /** The penultimate representation (the classifier head's input). */
  embed(x: Float32Array): Float32Array;
  dispose(): void;
}

/** Number of rows in a flat batch, naming the bad length when it is not whole rows. */
/**
 * The class count and input shape a non-network classifier is made for, checked: at least two classes, an
 * input of positive whole dimensions. Returns them with the input's size.
 */
export function checkedShape(options: { nClasses: number; inputShape: readonly number[] }): {
  nClasses: number;
  inputShape: number[];
  inputSize: number;
} {
  if (!Number.isInteger(options.nClasses) || options.nClasses < 2) {
    throw new Error(`Expected nClasses to be an integer >= 2, got ${options.nClasses}`);
  }
  const inputShape = [...options.inputShape];
  const inputSize = inputShape.reduce((a, b) => a * b, 1);
  if (!Number.isInteger(inputSize) || inputSize < 1) {
    throw new Error(`Expected inputShape to be positive integers, got ${JSON.stringify(options.inputShape)}`);
  }
  return { nClasses: options.nClasses, inputShape, inputSize };
}

export function rowsOf(x: Float32Array, inputSize: number): number {
  if (x.length % inputSize !== 0) {
    throw new Error(`Expected input length to be a multiple of ${inputSize} (one example), got ${x.length}`);
  }
  return x.length / inputSize;
}

/** Probability floor before the log, so that the logits of a class given no chance stay finite. */
const LOG_FLOOR = 1e-6;

/**
 * Logits for a model that predicts probabilities (k-NN votes, trees, a soft vote): their logs, floored, in
 * place. Their softmax gives the probabilities back.
 */
export function logitsOfProbabilities(probs: Float32Array): Float32Array {
  for (let i = 0; i < probs.length; i++) probs[i] = Math.log(Math.max(probs[i], LOG_FLOOR));
  return probs;
}

/** Row-wise softmax of a rows × cols matrix, stable for large logits. */
export function softmaxRows(logits: Float32Array, cols: number): Float32Array {
  const out = new Float32Array(logits.length);
  for (let r = 0; r < logits.length; r += cols) {
    let max = -Infinity;
    for (let c = 0; c < cols; c++) max = Math.max(max, logits[r + c]);
    let sum = 0;
    for (let c = 0; c < cols; c++) {
      const e = Math.exp(logits[r + c] - max);
      out[r + c] = e;
      sum += e;
    }
    for (let c = 0; c < cols; c++) out[r + c] /= sum;
  }
  return out;
}

/** Index of the largest value in each row. */
export function argmaxRows(values: Float32Array, cols: number): Int32Array {
  const rows = values.length / cols;
  const out = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    let best = 0;
    for (let c = 1; c < cols; c++) if (values[r * cols + c] > values[r * cols + best]) best = c;
    out[r] = best;
  }
  return out;
}

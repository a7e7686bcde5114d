import * as tf from '@tensorflow/tfjs';
import type { Classifier } from './classifier';
import { rowsOf, softmaxRows } from './classifier';
import type { NetworkConfig } from './config';
import { exampleOperations, layerActivations, layerCosts, predictBatchSize } from './budget';

type Sym = tf.SymbolicTensor;

/** Name of the final dense layer; its input is the embedding. */
export const LOGITS_LAYER = 'logits';

function flatSize(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/**
 * Logits of the whole model from its raw output: unchanged for [batch, classes]; for ensemble members
 * [batch, members, classes], the log of the members' mean probability (softmax of it = the average).
 */
export function combineMembers(output: tf.Tensor): tf.Tensor2D {
  if (output.rank === 2) return output as tf.Tensor2D;
  const members = output.shape[1]!;
  return tf.tidy(() => tf.sub(tf.logSumExp(tf.logSoftmax(output), 1), Math.log(members)) as tf.Tensor2D);
}

/**
 * A TensorFlow.js network with the app's predict API. Wraps a freshly built model or one a bundle loaded
 * (it finds the embedding as the input of the layer named `logits`, else of the last layer).
 */
export class ClassifierModel implements Classifier {
  readonly family: NetworkConfig['family'];
  readonly nClasses: number;
  readonly inputShape: readonly number[];
  readonly inputSize: number;
  readonly embeddingSize: number;
  /** Ensemble members inside the model (1 for a single net). */
  readonly members: number;
  private readonly embedder: tf.LayersModel | null;
  /** Rows per predict call: as many as keep the activations within the batch budget. */
  readonly predictBatch: number;
  /** Multiply-adds one example costs (models/budget's estimate, the same as a bundle's dry build gives). */
  readonly operationsPerExample: number;

  constructor(
    readonly model: tf.LayersModel,
    readonly config: NetworkConfig,
    /** The reconstruction model sharing the encoder (autoencoder family), for unsupervised pretraining. */
    readonly pretrainModel: tf.LayersModel | null = null,
  ) {
    this.family = config.family;
    const inShape = model.inputs[0].shape;
    this.inputShape = inShape.slice(1) as number[];
    this.inputSize = flatSize(this.inputShape);
    const outShape = model.outputs[0].shape;
    this.nClasses = outShape[outShape.length - 1] as number;
    this.members = outShape.length === 3 ? (outShape[1] as number) : 1;
    const last = model.layers.find((l) => l.name === LOGITS_LAYER) ?? model.layers[model.layers.length - 1];
    let embedding = last.input as Sym;
    // Members' embeddings side by side: [batch, members · units].
    if (embedding.shape.length === 3) embedding = tf.layers.flatten().apply(embedding) as Sym;
    const embShape = embedding.shape;
    this.embeddingSize = embShape[embShape.length - 1] as number;
    this.embedder =
      embedding === model.inputs[0] ? null : tf.model({ inputs: model.inputs, outputs: embedding });
    this.predictBatch = predictBatchSize(layerActivations(model).reduce((sum, l) => sum + l.size, 0));
    const weightValues = (layer: tf.layers.Layer) =>
      layer.weights.reduce((n, w) => n + flatSize(w.shape as number[]), 0);
    this.operationsPerExample = exampleOperations(layerCosts(model, weightValues));
  }

  predictLogits(x: Float32Array): Float32Array {
    return this.run(this.model, x, this.nClasses, true);
  }

  predictProbs(x: Float32Array): Float32Array {
    return softmaxRows(this.predictLogits(x), this.nClasses);
  }

  embed(x: Float32Array): Float32Array {
    if (this.embedder === null) {
      rowsOf(x, this.inputSize);
      return x.slice();
    }
    return this.run(this.embedder, x, this.embeddingSize);
  }

  dispose(): void {
    this.model.dispose();
    // Shared layers are already disposed with the classifier; the pretraining model owns only its decoder.
    if (this.pretrainModel) {
      for (const layer of this.pretrainModel.layers) {
        if (!this.model.layers.includes(layer)) layer.dispose();
      }
    }
  }

  private run(model: tf.LayersModel, x: Float32Array, width: number, combine = false): Float32Array {
    const rows = rowsOf(x, this.inputSize);
    const out = new Float32Array(rows * width);
    for (let start = 0; start < rows; start += this.predictBatch) {
      const n = Math.min(this.predictBatch, rows - start);
      const y = tf.tidy(() => {
        const batch = tf.tensor(x.subarray(start * this.inputSize, (start + n) * this.inputSize), [
          n,
          ...this.inputShape,
        ]);
        const y = model.predict(batch) as tf.Tensor;
        return combine ? combineMembers(y) : y;
      });
      out.set(y.dataSync(), start * width);
      y.dispose();
    }
    return out;
  }
}

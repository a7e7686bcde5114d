/**
 * One pass of a classifier that returns both its logits and its embedding (the input of the layer named
 * LOGITS_LAYER, else of the last layer), found from the network itself so that a rebuilt model with another
 * architecture still works. Live needs both for every window: the logits for the open-set score, the
 * embedding for a taught few-shot head.
 */
import * as tf from '@tensorflow/tfjs';
import type { Classifier } from './classifier';
import { ClassifierModel, combineMembers, LOGITS_LAYER } from './classifierModel';

export interface EmbeddingRunner {
  readonly embeddingSize: number;
  readonly nClasses: number;
  /** Logits (nClasses) and embedding (embeddingSize) of one standardised example. */
  run(x: Float32Array): { logits: Float32Array; embedding: Float32Array };
  dispose(): void;
}

export function createEmbeddingRunner(classifier: Classifier): EmbeddingRunner {
  if (!(classifier instanceof ClassifierModel)) {
    // k-NN and other plain-TypeScript classifiers: two calls, no tensors.
    return {
      embeddingSize: classifier.embeddingSize,
      nClasses: classifier.nClasses,
      run: (x) => ({ logits: classifier.predictLogits(x), embedding: classifier.embed(x) }),
      dispose: () => {},
    };
  }
  const model = classifier.model;
  const last = model.layers.find((l) => l.name === LOGITS_LAYER) ?? model.layers[model.layers.length - 1];
  let embedding = last.input as tf.SymbolicTensor;
  if (Array.isArray(embedding))
    throw new Error(`The layer "${last.name}" has several inputs: no single embedding`);
  if (embedding.shape.length === 3) embedding = tf.layers.flatten().apply(embedding) as tf.SymbolicTensor;
  const both = tf.model({ inputs: model.inputs, outputs: [embedding, model.outputs[0]] });
  const embeddingSize = embedding.shape[embedding.shape.length - 1] as number;
  const nClasses = classifier.nClasses;
  const inputShape = classifier.inputShape;
  return {
    embeddingSize,
    nClasses,
    run(x) {
      if (x.length !== classifier.inputSize) {
        throw new Error(`Expected one example of ${classifier.inputSize} values, got ${x.length}`);
      }
      // One download for both outputs: [embedding | logits].
      const joined = tf.tidy(() => {
        const [emb, out] = both.predict(tf.tensor(x, [1, ...inputShape])) as tf.Tensor[];
        return tf.concat([emb.reshape([1, embeddingSize]), combineMembers(out)], 1);
      });
      const values = joined.dataSync() as Float32Array;
      joined.dispose();
      return { embedding: values.slice(0, embeddingSize), logits: values.slice(embeddingSize) };
    },
    // The two-output view shares the classifier's layers and weights: the classifier disposes of them.
    dispose: () => {},
  };
}

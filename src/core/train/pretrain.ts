import * as tf from '@tensorflow/tfjs';
import type { ClassifierModel } from '../models/build';
import type { Rng } from '../random';
import type { TrainConfig } from './config';
import { gatherRows, maybeYield } from './loop';
import { createOptimizer } from './optimizers';
import type { EpochEvent, TrainOptions } from './train';

/** Unsupervised epochs on the autoencoder: reconstruction MSE, same optimizer type at its base rate. */
export async function pretrain(
  model: ClassifierModel,
  x: Float32Array,
  validationX: Float32Array | null,
  config: TrainConfig,
  rng: Rng,
  clock: { lastYield: number },
  options: TrainOptions,
  history: EpochEvent[],
): Promise<void> {
  const autoencoder = model.pretrainModel!;
  const epochs = model.config.family === 'autoencoder' ? model.config.pretrainEpochs : 0;
  const rows = x.length / model.inputSize;
  const optimizer = createOptimizer(config.optimizer);
  const variables = autoencoder.trainableWeights.map((w) => w.read() as tf.Variable);
  try {
    for (let epoch = 0; epoch < epochs; epoch++) {
      const epochStart = performance.now();
      const order = rng.shuffle(Int32Array.from({ length: rows }, (_, i) => i));
      let lossSum = 0;
      for (let start = 0; start < rows; start += config.batchSize) {
        await maybeYield(clock, options.signal);
        const end = Math.min(rows, start + config.batchSize);
        const xb = gatherRows(x, model.inputSize, order, start, end, undefined, rng);
        const cost = tf.tidy(() => {
          const inputs = tf.tensor(xb, [end - start, ...model.inputShape]);
          const target = tf.reshape(inputs, [end - start, model.inputSize]);
          return optimizer.minimize(
            () =>
              tf.losses.meanSquaredError(
                target,
                autoencoder.apply(inputs, { training: true }) as tf.Tensor,
              ) as tf.Scalar,
            true,
            variables,
          )!;
        });
        lossSum += cost.dataSync()[0] * (end - start);
        cost.dispose();
      }
      let valLoss: number | null = null;
      if (validationX && validationX.length > 0) {
        valLoss = tf.tidy(() => {
          const n = validationX.length / model.inputSize;
          const inputs = tf.tensor(validationX, [n, ...model.inputShape]);
          const recon = autoencoder.predict(inputs) as tf.Tensor;
          return tf.losses.meanSquaredError(tf.reshape(inputs, [n, model.inputSize]), recon).dataSync()[0];
        });
      }
      const event: EpochEvent = {
        phase: 'pretrain',
        epoch: epoch + 1,
        epochs,
        loss: lossSum / rows,
        acc: null,
        valLoss,
        valAcc: null,
        lr: config.optimizer.learningRate,
        seconds: (performance.now() - epochStart) / 1000,
      };
      history.push(event);
      options.onEpoch?.(event);
    }
  } finally {
    optimizer.dispose();
  }
}

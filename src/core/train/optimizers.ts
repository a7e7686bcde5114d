import * as tf from '@tensorflow/tfjs';
import type { OptimizerConfig } from './config';

/** A fresh TensorFlow.js optimizer for a config (SGD with momentum, Adam, RMSprop, Adagrad). */
export function createOptimizer(config: OptimizerConfig): tf.Optimizer {
  switch (config.type) {
    case 'sgd':
      return config.momentum > 0
        ? tf.train.momentum(config.learningRate, config.momentum, config.nesterov)
        : tf.train.sgd(config.learningRate);
    case 'adam':
      return tf.train.adam(config.learningRate, config.beta1, config.beta2);
    case 'rmsprop':
      return tf.train.rmsprop(config.learningRate, config.decay, config.momentum);
    case 'adagrad':
      return tf.train.adagrad(config.learningRate);
  }
}

/**
 * Sets the rate the next steps use. SGD and momentum keep it in a scalar that `setLearningRate` rebuilds; Adam,
 * RMSprop and Adagrad read the `learningRate` field at every step.
 */
export function setLearningRate(optimizer: tf.Optimizer, rate: number): void {
  if (!(rate > 0) || !Number.isFinite(rate)) throw new Error(`Expected a learning rate > 0, got ${rate}`);
  // Not `instanceof SGDOptimizer`: tfjs optimizers override Symbol.hasInstance by duck typing (Adam passes).
  const sgd = optimizer as unknown as { setLearningRate?: (rate: number) => void };
  if (typeof sgd.setLearningRate === 'function') {
    sgd.setLearningRate(rate);
  } else {
    (optimizer as unknown as { learningRate: number }).learningRate = rate;
  }
}

import * as tf from '@tensorflow/tfjs';
import { combineMembers, type ClassifierModel } from '../models/build';
import { rowsOf } from '../models/classifier';
import { createRng, type Rng } from '../random';
import { balancedClassWeights } from './classWeights';
import { parseTrainConfig, type TrainConfig, type TrainConfigInput } from './config';
import { createOptimizer, setLearningRate } from './optimizers';
import { Cancelled, gatherRows, maybeYield } from './loop';
import { pretrain } from './pretrain';
import { learningRateAt } from './schedules';

export interface LabelledSet {
  /** rows × inputSize, row-major. */
  x: Float32Array;
  /** Class index per row. */
  y: Int32Array;
}

export interface TrainData {
  train: LabelledSet;
  /** Watched for early stopping and reported per epoch. */
  validation?: LabelledSet;
  /** Extra unlabelled examples for autoencoder pretraining (the training rows are always used). */
  unlabelled?: Float32Array;
  /**
   * On-the-fly augmentation of each training example (waveforms, see augment.ts): must return an example of
   * the same length, drawing randomness only from `rng` so that runs repeat.
   */
  augment?: (example: Float32Array, rng: Rng) => Float32Array;
}

export interface EpochEvent {
  /** `pretrain`: the autoencoder's unsupervised epochs (loss is reconstruction MSE; acc null). */
  phase: 'pretrain' | 'train';
  /** 1-based. */
  epoch: number;
  epochs: number;
  /** Mean training loss over the epoch (class-weighted, label-smoothed cross-entropy, without the L2 penalty). */
  loss: number;
  acc: number | null;
  /** Mean cross-entropy on the validation set (unweighted); null without one. */
  valLoss: number | null;
  valAcc: number | null;
  lr: number;
  seconds: number;
}

export interface TrainOptions {
  config?: TrainConfigInput;
  onEpoch?: (event: EpochEvent) => void;
  /** Aborting stops at the next batch; the best weights so far (or the last) stay in the model. */
  signal?: AbortSignal;
}

export interface TrainResult {
  config: TrainConfig;
  history: EpochEvent[];
  pretrainHistory: EpochEvent[];
  /** 1-based epoch whose weights the model holds after early stopping; null without early stopping. */
  bestEpoch: number | null;
  stopReason: 'completed' | 'early-stopped' | 'cancelled';
  seconds: number;
}

const EVAL_BATCH = 256;

/**
 * Trains a network with its own loop (not `model.fit`): the learning rate is set per epoch from the schedule,
 * shuffles come from a seeded generator, balanced class weights scale the loss, and early stopping restores the
 * best validation-loss weights. Same model seed and config seed → identical weights and losses.
 */
export async function train(
  model: ClassifierModel,
  data: TrainData,
  options: TrainOptions = {},
): Promise<TrainResult> {
  const config = parseTrainConfig(options.config);
  const started = performance.now();
  const nTrain = checkSet('train', data.train, model);
  if (nTrain === 0) throw new Error('Expected at least one training row, got 0');
  const nVal = data.validation ? checkSet('validation', data.validation, model) : 0;
  if (config.earlyStopping && nVal === 0) throw new Error('Early stopping needs a non-empty validation set');
  const rng = createRng(config.seed);
  const clock = { lastYield: performance.now() };
  const history: EpochEvent[] = [];
  const pretrainHistory: EpochEvent[] = [];
  const result = (stopReason: TrainResult['stopReason'], bestEpoch: number | null): TrainResult => ({
    config,
    history,
    pretrainHistory,
    bestEpoch,
    stopReason,
    seconds: (performance.now() - started) / 1000,
  });

  if (model.pretrainModel && model.config.family === 'autoencoder' && model.config.pretrainEpochs > 0) {
    const unlabelled = data.unlabelled ? concat(data.train.x, data.unlabelled) : data.train.x;
    rowsOf(unlabelled, model.inputSize);
    try {
      await pretrain(
        model,
        unlabelled,
        data.validation?.x ?? null,
        config,
        rng,
        clock,
        options,
        pretrainHistory,
      );
    } catch (error) {
      if (error instanceof Cancelled) return result('cancelled', null);
      throw error;
    }
  }

  const frozen: tf.layers.Layer[] = [];
  if (model.pretrainModel && model.config.family === 'autoencoder' && model.config.freezeEncoder) {
    for (const layer of model.pretrainModel.layers) {
      if (model.model.layers.includes(layer) && layer.trainable && layer.getClassName() !== 'InputLayer') {
        layer.trainable = false;
        frozen.push(layer);
      }
    }
  }

  const optimizer = createOptimizer(config.optimizer);
  const classWeights = tf.tensor1d(
    config.classWeights === 'balanced'
      ? balancedClassWeights(data.train.y, model.nClasses)
      : new Float32Array(model.nClasses).fill(1),
  );
  let best: { loss: number; epoch: number; weights: tf.Tensor[] } | null = null;
  let stopReason: TrainResult['stopReason'] = 'completed';
  try {
    let sinceBest = 0;
    for (let epoch = 0; epoch < config.epochs; epoch++) {
      const epochStart = performance.now();
      const lr = learningRateAt(config.schedule, config.optimizer.learningRate, epoch, config.epochs);
      setLearningRate(optimizer, lr);
      const { loss, acc } = await trainEpoch(
        model,
        data,
        config,
        optimizer,
        classWeights,
        rng,
        clock,
        options.signal,
      );
      const val = data.validation && nVal > 0 ? evaluateLoss(model, data.validation) : null;
      const event: EpochEvent = {
        phase: 'train',
        epoch: epoch + 1,
        epochs: config.epochs,
        loss,
        acc,
        valLoss: val?.loss ?? null,
        valAcc: val?.acc ?? null,
        lr,
        seconds: (performance.now() - epochStart) / 1000,
      };
      history.push(event);
      options.onEpoch?.(event);
      if (config.earlyStopping && val) {
        if (best === null || val.loss < best.loss - config.earlyStopping.minDelta) {
          if (best) tf.dispose(best.weights);
          best = {
            loss: val.loss,
            epoch: epoch + 1,
            weights: model.model.getWeights().map((w) => tf.clone(w)),
          };
          sinceBest = 0;
        } else if (++sinceBest >= config.earlyStopping.patience) {
          stopReason = 'early-stopped';
          break;
        }
      }
    }
  } catch (error) {
    if (!(error instanceof Cancelled)) throw error;
    stopReason = 'cancelled';
  } finally {
    for (const layer of frozen) layer.trainable = true;
    optimizer.dispose();
    classWeights.dispose();
  }
  let bestEpoch: number | null = null;
  if (best) {
    model.model.setWeights(best.weights);
    tf.dispose(best.weights);
    bestEpoch = best.epoch;
  }
  return result(stopReason, bestEpoch);
}

function checkSet(name: string, set: LabelledSet, model: ClassifierModel): number {
  const rows = rowsOf(set.x, model.inputSize);
  if (set.y.length !== rows)
    throw new Error(`Expected ${rows} ${name} labels (one per row), got ${set.y.length}`);
  for (let i = 0; i < rows; i++) {
    if (!Number.isInteger(set.y[i]) || set.y[i] < 0 || set.y[i] >= model.nClasses) {
      throw new Error(`Expected ${name} labels in [0, ${model.nClasses - 1}], got ${set.y[i]} at row ${i}`);
    }
  }
  for (let i = 0; i < set.x.length; i++) {
    if (!Number.isFinite(set.x[i])) {
      throw new Error(
        `Expected finite ${name} inputs, got ${set.x[i]} at row ${Math.floor(i / model.inputSize)}`,
      );
    }
  }
  return rows;
}

async function trainEpoch(
  model: ClassifierModel,
  data: TrainData,
  config: TrainConfig,
  optimizer: tf.Optimizer,
  classWeights: tf.Tensor1D,
  rng: Rng,
  clock: { lastYield: number },
  signal: AbortSignal | undefined,
): Promise<{ loss: number; acc: number }> {
  const { x, y } = data.train;
  const rows = y.length;
  const order = rng.shuffle(Int32Array.from({ length: rows }, (_, i) => i));
  const variables = model.model.trainableWeights.map((w) => w.read() as tf.Variable);
  let lossSum: tf.Scalar = tf.scalar(0);
  let correctSum: tf.Scalar = tf.scalar(0);
  try {
    for (let start = 0; start < rows; start += config.batchSize) {
      await maybeYield(clock, signal);
      const end = Math.min(rows, start + config.batchSize);
      const xb = gatherRows(x, model.inputSize, order, start, end, data.augment, rng);
      const yb = new Int32Array(end - start);
      for (let i = start; i < end; i++) yb[i - start] = y[order[i]];
      const [nextLoss, nextCorrect] = tf.tidy(() => {
        const inputs = tf.tensor(xb, [end - start, ...model.inputShape]);
        const labels = tf.tensor1d(yb, 'int32');
        const weights = tf.gather(classWeights, labels);
        // Kept past the gradient tape's own tidy, disposed below.
        const kept: { loss?: tf.Scalar; correct?: tf.Scalar } = {};
        optimizer.minimize(
          () => {
            const output = model.model.apply(inputs, { training: true }) as tf.Tensor;
            // Ensemble members each learn from their own loss, summed (not averaged) so that each member's
            // gradient, and its balance against its own L2 penalty, is what it would be alone.
            const ce = crossEntropy(output, labels, model.nClasses, config.labelSmoothing, 'sum');
            const dataLoss = tf.mean(tf.mul(ce, weights)) as tf.Scalar;
            kept.loss = tf.keep(tf.div(dataLoss, model.members) as tf.Scalar);
            const predicted = tf.argMax(combineMembers(output), -1);
            kept.correct = tf.keep(tf.sum(tf.cast(tf.equal(predicted, labels), 'float32')) as tf.Scalar);
            // A new tensor even without penalties: minimize disposes what this returns.
            return tf.addN([dataLoss, ...model.model.calculateLosses()]) as tf.Scalar;
          },
          false,
          variables,
        );
        const out = [
          tf.add(lossSum, tf.mul(kept.loss!, end - start)),
          tf.add(correctSum, kept.correct!),
        ] as tf.Scalar[];
        tf.dispose([kept.loss!, kept.correct!]);
        return out;
      });
      lossSum.dispose();
      correctSum.dispose();
      lossSum = nextLoss;
      correctSum = nextCorrect;
    }
    const loss = lossSum.dataSync()[0] / rows;
    const acc = correctSum.dataSync()[0] / rows;
    return { loss, acc };
  } finally {
    lossSum.dispose();
    correctSum.dispose();
  }
}

/**
 * Per-row softmax cross-entropy from logits [rows, classes] and integer labels; for ensemble members' logits
 * [rows, members, classes], the mean (or sum) over members of each member's cross-entropy.
 */
function crossEntropy(
  logits: tf.Tensor,
  labels: tf.Tensor1D,
  nClasses: number,
  smoothing = 0,
  overMembers: 'mean' | 'sum' = 'mean',
): tf.Tensor1D {
  let target: tf.Tensor = tf.oneHot(labels, nClasses);
  if (smoothing > 0) target = tf.add(tf.mul(target, 1 - smoothing), smoothing / nClasses);
  if (logits.rank === 3) target = tf.expandDims(target, 1);
  const perRow = tf.neg(tf.sum(tf.mul(target, tf.logSoftmax(logits)), -1));
  if (logits.rank !== 3) return perRow as tf.Tensor1D;
  return (overMembers === 'sum' ? tf.sum(perRow, 1) : tf.mean(perRow, 1)) as tf.Tensor1D;
}

/** Mean cross-entropy and accuracy on a labelled set, in inference mode. */
export function evaluateLoss(model: ClassifierModel, set: LabelledSet): { loss: number; acc: number } {
  const rows = set.y.length;
  let lossSum = 0;
  let correct = 0;
  for (let start = 0; start < rows; start += EVAL_BATCH) {
    const end = Math.min(rows, start + EVAL_BATCH);
    const sums = tf.tidy(() => {
      const inputs = tf.tensor(set.x.subarray(start * model.inputSize, end * model.inputSize), [
        end - start,
        ...model.inputShape,
      ]);
      const labels = tf.tensor1d(set.y.subarray(start, end), 'int32');
      const logits = combineMembers(model.model.predict(inputs) as tf.Tensor);
      return tf.stack([
        tf.sum(crossEntropy(logits, labels, model.nClasses)),
        tf.sum(tf.cast(tf.equal(tf.argMax(logits, -1), labels), 'float32')),
      ]);
    });
    const [l, c] = sums.dataSync();
    sums.dispose();
    lossSum += l;
    correct += c;
  }
  return { loss: lossSum / rows, acc: correct / rows };
}

function concat(a: Float32Array, b: Float32Array): Float32Array {
  const out = new Float32Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

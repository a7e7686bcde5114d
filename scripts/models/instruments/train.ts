/**
 * Training the instruments MLP on one fold's rows: the studio training part (as recorded, rough and in
 * phrases) with every real recording outside the fold, standardised on those rows alone. The shipped graph
 * folds the fitted temperature into its logits layer, so the app's softmax gives calibrated probabilities.
 */
import * as tf from '@tensorflow/tfjs';
import { applyStandardizer, fitStandardizer, type Standardizer } from '../../../src/core/data/normalize';
import { buildClassifier, ClassifierModel, LOGITS_LAYER } from '../../../src/core/models/build';
import { parseModelConfig, type MlpConfig } from '../../../src/core/models/config';
import type { TrainConfigInput } from '../../../src/core/train/config';
import { train, type TrainResult } from '../../../src/core/train/train';
import type { Args } from './args';
import { COLS, log, REAL_REPEAT, REAL_ROUGH_REPEAT, RECORDED_REPEAT, SAMPLED_REPEAT } from './config';
import { featureAugment, NO_IDEAS, type Ideas } from './ideas';
import { concatRows, repeatRows, subset, type RowGroup, type RowSet } from './rows';

export function modelConfigOf(args: Args): MlpConfig {
  return parseModelConfig({
    family: 'mlp',
    hidden: [512, 256],
    dropout: 0.3,
    inputDropout: 0.1,
    l2: 1e-4,
    members: 1,
    ...args.model,
  }) as MlpConfig;
}

export function trainingConfigOf(args: Args): TrainConfigInput {
  return {
    optimizer: { type: 'adam', learningRate: 1e-3 },
    schedule: { type: 'cosine', minLearningRate: 1e-5, warmupEpochs: 2 },
    epochs: args.epochs,
    batchSize: 128,
    // A fixed cosine schedule: validation loss on held-out files is noisy enough that early stopping cut members
    // off anywhere between epoch 9 and 28; it is reported per epoch instead.
    earlyStopping: null,
    classWeights: 'balanced',
    seed: args.seed,
    ...args.training,
  };
}

/** The training rows of the model that holds out real fold `fold` (trainingRowsWithout). */
export function foldTrainingRows(
  rows: Record<RowGroup, RowSet>,
  realFoldOf: ReadonlyMap<string, number>,
  fold: number,
  ideas: Ideas = NO_IDEAS,
): RowSet {
  return trainingRowsWithout(rows, (i) => realFoldOf.get(rows.real.origin[i]) === fold, ideas);
}

/**
 * The training rows without the real rows `heldOut` names (by index in `rows.real`): studio training windows
 * (recorded ones RECORDED_REPEAT times), their rough copies and phrases, the sampled phrases (SAMPLED_REPEAT
 * times), and the other real rows (as recorded REAL_REPEAT times, each rough copy REAL_ROUGH_REPEAT times).
 */
export function trainingRowsWithout(
  rows: Record<RowGroup, RowSet>,
  heldOut: (realRow: number) => boolean,
  ideas: Ideas = NO_IDEAS,
): RowSet {
  const studio = repeatRows(rows.train, (i) =>
    rows.train.kind[i] === 'recorded' ? (ideas.recordedRepeat ?? RECORDED_REPEAT) : 1,
  );
  const realTrain = subset(rows.real, (i) => !heldOut(i));
  const real = repeatRows(realTrain, (i) =>
    realTrain.kind[i] === 'recorded'
      ? (ideas.realRepeat ?? REAL_REPEAT)
      : (ideas.realRoughRepeat ?? REAL_ROUGH_REPEAT),
  );
  const sampled = repeatRows(rows.sampled, () => SAMPLED_REPEAT);
  return concatRows([studio, sampled, real]);
}

export interface FittedModel {
  model: ClassifierModel;
  standardizer: Standardizer;
  runs: TrainResult[];
  normalize(x: Float32Array): Float32Array;
}

/** Trains `args.members` MLPs on the rows (seeds args.seed + seedOffset + m) and averages their logits. */
export async function fitModel(
  trainSet: RowSet,
  validation: RowSet,
  classes: number,
  args: Args,
  seedOffset: number,
  label: string,
  ideas: Ideas = NO_IDEAS,
): Promise<FittedModel> {
  const n = trainSet.y.length;
  // Fitted on the training rows only.
  const standardizer = fitStandardizer(trainSet.x, n, COLS);
  const normalize = (x: Float32Array) => applyStandardizer(standardizer, x, x.length / COLS, COLS);
  const modelConfig = modelConfigOf(args);
  const trainingConfig = trainingConfigOf(args);
  const data = {
    train: { x: normalize(trainSet.x), y: trainSet.y },
    augment: featureAugment(ideas, standardizer) ?? undefined,
    validation: { x: normalize(validation.x), y: validation.y },
  };
  const members: ClassifierModel[] = [];
  const runs: TrainResult[] = [];
  for (let m = 0; m < args.members; m++) {
    const seed = args.seed + seedOffset + m;
    const member = buildClassifier(modelConfig, [COLS], classes, seed);
    const run = await train(member, data, {
      config: { ...trainingConfig, seed },
      onEpoch: (e) => {
        if (e.epoch % 5 === 0 || e.epoch === e.epochs)
          log(
            `${label} member ${m + 1}/${args.members} epoch ${e.epoch}/${e.epochs} loss ${e.loss.toFixed(3)} acc ${e.acc?.toFixed(3)} val ${e.valLoss?.toFixed(3)} / ${e.valAcc?.toFixed(3)}`,
          );
      },
    });
    members.push(member);
    runs.push(run);
  }
  const model = new ClassifierModel(averageLogits(members, COLS, 1), modelConfig);
  for (const member of members) member.dispose();
  return { model, standardizer, runs, normalize };
}

/**
 * Separately trained MLPs as one TF.js graph of allow-listed layers (Dense, Average): each member's dense
 * layers rebuilt with its weights (dropout is inference-time identity), their logits averaged, which is the
 * normalised product of their probabilities. Each member's last dense layer is divided by `temperature`
 * (softmax(z / T) is then what the graph's softmax gives). The last layer is named `logits` as the app expects.
 */
export function averageLogits(
  members: ClassifierModel[],
  inputSize: number,
  temperature: number,
): tf.LayersModel {
  if (!(temperature > 0 && Number.isFinite(temperature)))
    throw new Error(`Expected a temperature > 0, got ${temperature}`);
  const input = tf.input({ shape: [inputSize] });
  const outputs = members.map((member) => {
    let x: tf.SymbolicTensor = input;
    const layers = member.model.layers.filter((l) => l.getClassName() !== 'InputLayer');
    const lastDense = layers.filter((l) => l.getClassName() === 'Dense').at(-1);
    for (const layer of layers) {
      const kind = layer.getClassName();
      const config = layer.getConfig() as { activation?: string };
      if (kind === 'Dense') {
        if (layer === lastDense && config.activation !== 'linear')
          throw new Error(`Expected a member's last dense layer to be linear, got ${config.activation}`);
        const weights = layer.getWeights();
        const scaled = layer === lastDense ? weights.map((w) => tf.div(w, temperature)) : weights;
        const dense = tf.layers.dense({
          units: weights[0].shape[1]!,
          activation: config.activation as 'linear',
          weights: scaled,
        });
        x = dense.apply(x) as tf.SymbolicTensor;
        if (layer === lastDense) scaled.forEach((w) => w.dispose());
      } else if (kind === 'Activation' && config.activation === 'relu') {
        x = tf.layers.activation({ activation: 'relu' }).apply(x) as tf.SymbolicTensor;
      } else if (kind === 'Activation' && config.activation === 'linear') {
        // The identity `logits` layer of a graph this function made: nothing to rebuild.
      } else if (!['Dropout', 'SeededDropout'].includes(kind)) {
        throw new Error(`Cannot merge a member with a ${kind} layer into the ensemble`);
      }
    }
    return x;
  });
  const mean = outputs.length === 1 ? outputs[0] : (tf.layers.average().apply(outputs) as tf.SymbolicTensor);
  const logits = tf.layers
    .activation({ activation: 'linear', name: LOGITS_LAYER })
    .apply(mean) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: logits, name: 'instruments' });
}

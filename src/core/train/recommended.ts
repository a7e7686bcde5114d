import {
  defaultModelConfig,
  parseModelConfig,
  type MemberConfig,
  type ModelConfig,
  type ModelFamily,
} from '../models/config';
import { parseTrainConfig, type TrainConfig } from './config';

export type DataKind = 'tabular' | 'frames' | 'logmel' | 'waveform';

export interface DataShape {
  /** Training rows available (for GTZAN with its 10-s segments, count those too). */
  rows: number;
  classes: number;
}

export interface RecommendedConfig {
  model: ModelConfig;
  training: TrainConfig;
  /** Nets to average (different seeds); 1 = a single net. */
  ensemble: number;
  /** How the choice was made, for the UI and reports. */
  why: string;
}

function checkShape(kind: DataKind, shape: DataShape): void {
  if (!['tabular', 'frames', 'logmel', 'waveform'].includes(kind)) {
    throw new Error(`Expected kind to be tabular, frames, logmel or waveform, got "${String(kind)}"`);
  }
  if (!Number.isInteger(shape.rows) || shape.rows < 1)
    throw new Error(`Expected rows to be an integer >= 1, got ${shape.rows}`);
  if (!Number.isInteger(shape.classes) || shape.classes < 2) {
    throw new Error(`Expected classes to be an integer >= 2, got ${shape.classes}`);
  }
}

/** Batch size that keeps roughly `steps` optimizer steps per epoch, within [16, 512]. */
function batchFor(rows: number, steps: number): number {
  const target = Math.max(16, Math.min(512, rows / steps));
  return 2 ** Math.round(Math.log2(target));
}

/**
 * The audio kinds' training: Adam with a cosine schedule for 30 epochs, early stopping after 6 without
 * progress, and balanced class weights for two classes.
 */
function audioTraining(learningRate: number, warmupEpochs: number, batchSize: number, balanced: boolean) {
  return parseTrainConfig({
    optimizer: { type: 'adam', learningRate },
    schedule: { type: 'cosine', minLearningRate: 0, warmupEpochs },
    epochs: 30,
    batchSize,
    earlyStopping: { patience: 6, minDelta: 0 },
    classWeights: balanced ? 'balanced' : 'none',
  });
}

/**
 * The engine's default model and training for a kind of data. The tabular choice was tuned by 10-fold CV on
 * GTZAN's 30-s features and 5-fold CV on Spike reggaeton (scripts/bench-train.ts); the audio kinds are
 * conventional starting points sized for in-browser training, not tuned by experiment.
 */
export function recommendedConfig(kind: DataKind, shape: DataShape): RecommendedConfig {
  checkShape(kind, shape);
  const imbalancedBinary = shape.classes === 2;
  switch (kind) {
    case 'tabular': {
      // Two classes (detection, judged by ranking/AUC): two members in one model, one on raw features and one
      // on periodic embeddings; their errors differ, so the average ranks better (Spike AUC 0.9769 against
      // 0.9742 for the raw MLP alone, seed 0; 0.9758 against 0.9703 over CV seeds 0–2). With ten classes the
      // periodic member cost 4× the time on GTZAN's 57 features for +0.3 points, so one raw MLP.
      const binary = shape.classes === 2;
      return {
        model: parseModelConfig({
          family: 'mlp',
          hidden: [256, 128],
          activation: 'relu',
          dropout: 0.3,
          // Many classes: dropping a fifth of the inputs keeps the net from leaning on a few columns that
          // identify an artist more than a genre (artist-filtered GTZAN, trained on train and scored on valid,
          // mean of seeds 2–7: 0.436 against 0.420 without; wider nets, L2 1e-2 and 5-net ensembles did not help).
          inputDropout: binary ? 0 : 0.2,
          l2: 1e-3,
          members: binary ? 2 : 1,
          inputEncoding: binary ? 'mixed' : 'raw',
          periodicFrequencies: 8,
          periodicSigma: 0.1,
        }),
        training: parseTrainConfig({
          optimizer: { type: 'adam', learningRate: 0.004 },
          schedule: { type: 'cosine', minLearningRate: 0, warmupEpochs: 0 },
          epochs: 25,
          batchSize: batchFor(shape.rows, 14),
          labelSmoothing: 0.1,
          // Balanced weights lowered Spike's AUC (0.9738 against 0.9769) and accuracy; pick an operating
          // threshold afterwards instead (eval/threshold.ts).
          classWeights: 'none',
        }),
        ensemble: 1,
        why: binary
          ? 'Two-member MLP ensemble (raw + periodic inputs), 256-128 ReLU, dropout 0.3, L2 1e-3, Adam 0.004 cosine, label smoothing 0.1'
          : 'MLP 256-128 ReLU, input dropout 0.2, dropout 0.3, L2 1e-3, Adam 0.004 with a cosine schedule, label smoothing 0.1',
      };
    }
    case 'frames':
      return {
        model: parseModelConfig({
          family: 'rnn',
          cell: 'gru',
          units: [64],
          dense: [],
          dropout: 0.2,
          l2: 1e-4,
        }),
        training: audioTraining(0.002, 0, batchFor(shape.rows, 30), imbalancedBinary),
        ensemble: 1,
        why: 'One GRU layer over the frame features: small enough to train in a browser tab',
      };
    case 'logmel':
      return {
        model: parseModelConfig({ family: 'cnn2d' }),
        training: audioTraining(0.001, 1, 32, imbalancedBinary),
        ensemble: 1,
        why: 'Three conv blocks (16-32-64 filters, batch norm) and global average pooling over 128×130 log-mel patches',
      };
    case 'waveform':
      return {
        model: parseModelConfig({ family: 'cnn1d' }),
        training: audioTraining(0.001, 1, 16, imbalancedBinary),
        ensemble: 1,
        why: 'Strided 1-D convolutions over the raw waveform; pair with waveform augmentation (augment.ts)',
      };
  }
}

/**
 * The recommended training for another model family on the same data. The tabular recommendation is tuned
 * for its MLP; a logistic regression (one linear layer, no hidden units) needs a larger step to converge in
 * the same epochs: with Adam at 0.004 it stopped short (5-fold Spike AUC 0.815 on seven Spotify columns),
 * at 0.03 it reaches the converged 0.923 (`npm run -s evaluate -- --config` sweep, 25 and 100 epochs).
 */
export function recommendedTrainingFor(
  kind: DataKind,
  shape: DataShape,
  family: ModelConfig['family'],
): TrainConfig {
  const { training } = recommendedConfig(kind, shape);
  if (family !== 'logistic') return training;
  return parseTrainConfig({ ...training, optimizer: { ...training.optimizer, learningRate: 0.03 } });
}

/**
 * The model a family starts from on this data: the recommendation itself when it is of that family; for a vote
 * on flat rows, the recommended network beside gradient boosting with equal weights (soft voting of the two,
 * 5-fold Spike AUC 0.9826 / 0.9789 / 0.9820 / 0.9832 for fold seeds 0–3 against the network's 0.9794 / 0.9760 /
 * 0.9792 / 0.9819 and boosting's 0.9791 / 0.9736 / 0.9789 / 0.9785: the vote beats both on every seed);
 * otherwise the family's defaults.
 */
export function recommendedModelFor(kind: DataKind, shape: DataShape, family: ModelFamily): ModelConfig {
  const { model } = recommendedConfig(kind, shape);
  if (model.family === family) return model;
  if (family === 'voting' && model.family === 'mlp') {
    return parseModelConfig({
      family: 'voting',
      models: [model as MemberConfig, defaultModelConfig('gradient-boosting')],
      weights: [1, 1],
    });
  }
  return defaultModelConfig(family);
}

/**
 * Options the engine has that the form does not lay out by hand (it grows): found by comparing the keys of a
 * family's defaults (or the training defaults) with the keys the form shows, so that every option gets a field.
 */
import { defaultModelConfig, type ModelFamily } from '../../../core/models/config';
import { DEFAULT_TRAIN_CONFIG } from '../../../core/train/config';
import { CLASSIC_KEYS_SHOWN } from './classicLabels';

/** The model keys each family's hand-made fields cover. */
export const MODEL_KEYS_SHOWN: Record<ModelFamily, readonly string[]> = {
  logistic: ['l2'],
  mlp: ['hidden', 'activation', 'maxoutPieces', 'dropout', 'inputDropout', 'l2', 'batchNorm', 'members'],
  cnn2d: ['blocks', 'head', 'dense', 'activation', 'dropout', 'l2', 'batchNorm'],
  cnn1d: ['blocks', 'dense', 'activation', 'dropout', 'l2', 'batchNorm'],
  rnn: ['cell', 'units', 'bidirectional', 'dense', 'dropout', 'l2'],
  knn: ['k', 'weighting', 'metric'],
  ...CLASSIC_KEYS_SHOWN,
  voting: ['models', 'weights'],
  autoencoder: [
    'encoder',
    'activation',
    'inputNoise',
    'pretrainEpochs',
    'freezeEncoder',
    'head',
    'dropout',
    'l2',
  ],
};

export const TRAINING_KEYS_SHOWN: readonly string[] = [
  'optimizer',
  'schedule',
  'epochs',
  'batchSize',
  'earlyStopping',
  'classWeights',
  'labelSmoothing',
  'seed',
];

export type ExtraKind = 'number' | 'boolean' | 'list' | 'text';

export interface ExtraField {
  key: string;
  kind: ExtraKind;
  /** The key in words: `periodicSigma` → `Periodic sigma`. */
  label: string;
}

function kindOf(value: unknown): ExtraKind | null {
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'string') return 'text';
  if (Array.isArray(value) && value.every((v) => typeof v === 'number')) return 'list';
  return null;
}

export function labelOf(key: string): string {
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function extras(defaults: Record<string, unknown>, shown: readonly string[]): ExtraField[] {
  return Object.entries(defaults)
    .filter(([key]) => key !== 'family' && key !== 'version' && !shown.includes(key))
    .flatMap(([key, value]) => {
      const kind = kindOf(value);
      return kind ? [{ key, kind, label: labelOf(key) }] : [];
    });
}

/** Model options of a family with no hand-made field. */
export function extraModelFields(family: ModelFamily): ExtraField[] {
  return extras(defaultModelConfig(family) as unknown as Record<string, unknown>, MODEL_KEYS_SHOWN[family]);
}

/** Training options with no hand-made field. */
export function extraTrainingFields(): ExtraField[] {
  return extras(DEFAULT_TRAIN_CONFIG as unknown as Record<string, unknown>, TRAINING_KEYS_SHOWN);
}

/**
 * The Configure form's draft: recommended defaults per kind of data, reading and writing a field by its path,
 * and validation by the engine's own parsers, each message placed beside the field it names.
 */
import { checkSplit } from '../../../core/data/split';
import { CLASSIC_FAMILIES } from '../../../core/models/classic/families';
import { CLASSIC_FAMILY_LABELS } from './classicLabels';
import {
  defaultModelConfig,
  parseModelConfig,
  type ModelConfig,
  type ModelFamily,
} from '../../../core/models/config';
import { parseTrainConfig, type TrainConfig, type TrainConfigInput } from '../../../core/train/config';
import {
  recommendedConfig,
  recommendedModelFor,
  recommendedTrainingFor,
} from '../../../core/train/recommended';
import type { AugmentOptions } from '../../../core/train/augment';
import type { ConfigDraft, SplitFractions } from '../../../state/training';
import { checkAugmentOptions } from '../../../core/dataset/datasetRows';

/** Flat feature rows, or log-mel patches (frames × bands). */
export type DataKind = 'tabular' | 'logmel';

/** The families that read each kind of row. */
export const FAMILIES_FOR: Record<DataKind, readonly ModelFamily[]> = {
  tabular: ['mlp', 'logistic', 'knn', 'autoencoder', ...CLASSIC_FAMILIES, 'voting'],
  logmel: ['cnn2d', 'cnn1d', 'rnn'],
};

export const FAMILY_LABELS: Record<ModelFamily, string> = {
  logistic: 'Logistic regression (softmax)',
  mlp: 'Multilayer perceptron',
  cnn2d: '2-D CNN over the log-mel image',
  cnn1d: '1-D CNN over the frames',
  rnn: 'Recurrent net (GRU / LSTM) over the frames',
  knn: 'k nearest neighbours',
  autoencoder: 'Autoencoder, then a classifier head',
  ...CLASSIC_FAMILY_LABELS,
  voting: 'Soft vote of several models',
};

export const DEFAULT_AUGMENT: AugmentOptions = {
  copies: 2,
  maxShiftSeconds: 0.2,
  gainDb: 6,
  noiseSnrDb: [20, 40],
  noiseProbability: 0.5,
  speed: null,
  speedProbability: 0.5,
};

/** 1-D CNN blocks sized for 130 log-mel frames (the engine's default reads raw waveforms, far longer). */
const CNN1D_ON_FRAMES = {
  blocks: [
    { filters: 32, kernel: 5, stride: 1, pool: 2, dropout: 0.1 },
    { filters: 64, kernel: 3, stride: 1, pool: 2, dropout: 0.1 },
  ],
};

/**
 * What the recommendation depends on: the kind of rows, two classes or more, and whether there is data yet
 * (batch size and class weights follow the rows). A draft is made afresh when this changes.
 */
export function draftBasis(kind: DataKind, classes: number, hasData: boolean): string {
  return `${kind}/${classes === 2 ? 'binary' : 'multiclass'}/${hasData ? 'data' : 'none'}`;
}

/** A fresh draft with the engine's recommended model and training for this data. */
export function recommendedDraft(
  kind: DataKind,
  rows: number,
  classes: number,
  basis = draftBasis(kind, classes, rows > 0),
): ConfigDraft {
  const rec = recommendedConfig(kind === 'logmel' ? 'logmel' : 'tabular', {
    rows: Math.max(1, rows),
    classes: Math.max(2, classes),
  });
  return {
    family: rec.model.family,
    models: { [rec.model.family]: structuredClone(rec.model) as unknown as Record<string, unknown> },
    training: structuredClone(rec.training) as unknown as Record<string, unknown>,
    split: { train: 0.7, val: 0.15, test: 0.15, seed: 0 },
    modelSeed: 0,
    augment: null,
    basis,
  };
}

/** The data a draft's recommendation was made for. */
export interface DraftData {
  kind: DataKind;
  rows: number;
  classes: number;
}

const shapeOf = (data: DraftData) => ({ rows: Math.max(1, data.rows), classes: Math.max(2, data.classes) });

/**
 * The model a family starts from: with the data known, the engine's recommendation for it (the tuned MLP; a
 * vote of that MLP and boosted trees), otherwise the family's defaults.
 */
export function startingModel(family: ModelFamily, data?: DraftData): Record<string, unknown> {
  const model = data ? recommendedModelFor(data.kind, shapeOf(data), family) : defaultModelConfig(family);
  const fields = structuredClone(model) as unknown as Record<string, unknown>;
  return family === 'cnn1d' ? { ...fields, ...structuredClone(CNN1D_ON_FRAMES) } : fields;
}

/** The draft's fields of the chosen family (its defaults when never edited). */
export function modelFields(draft: ConfigDraft): Record<string, unknown> {
  return draft.models[draft.family] ?? startingModel(draft.family);
}

function recommendedTraining(data: DraftData, family: ModelFamily): Record<string, unknown> {
  const training = recommendedTrainingFor(data.kind, shapeOf(data), family);
  return structuredClone(training) as unknown as Record<string, unknown>;
}

/**
 * Switches the model family; a family never edited starts from its recommendation for the data. Training
 * options the user has not edited follow the engine's recommendation for the new family (a logistic
 * regression needs a larger learning rate than the MLP); edited ones stay.
 */
export function withFamily(draft: ConfigDraft, family: ModelFamily, data?: DraftData): ConfigDraft {
  const models = { ...draft.models, [family]: draft.models[family] ?? startingModel(family, data) };
  const untouched =
    data !== undefined &&
    JSON.stringify(draft.training) === JSON.stringify(recommendedTraining(data, draft.family));
  const training = untouched ? recommendedTraining(data, family) : draft.training;
  return { ...draft, family, models, training };
}

type Path = (string | number)[];

function parsePath(path: string): Path {
  return path.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

function getIn(value: unknown, path: Path): unknown {
  let at = value;
  for (const key of path) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<string | number, unknown>)[key];
  }
  return at;
}

function setIn(value: unknown, path: Path, next: unknown): unknown {
  if (path.length === 0) return next;
  const [key, ...rest] = path;
  const base = value !== null && typeof value === 'object' ? value : typeof key === 'number' ? [] : {};
  const copy = (Array.isArray(base) ? [...base] : { ...base }) as Record<string | number, unknown>;
  copy[key] = setIn(copy[key], rest, next);
  return copy;
}

/**
 * A field's value by path: `model.hidden`, `model.blocks.0.filters`, `training.optimizer.learningRate`,
 * `split.val`, `modelSeed`, `augment.copies`.
 */
export function draftValue(draft: ConfigDraft, path: string): unknown {
  const [head, ...rest] = parsePath(path);
  switch (head) {
    case 'model':
      return getIn(modelFields(draft), rest);
    case 'training':
      return getIn(draft.training, rest);
    case 'split':
      return getIn(draft.split, rest);
    case 'augment':
      return getIn(draft.augment, rest);
    case 'modelSeed':
      return draft.modelSeed;
    default:
      throw new Error(`Unknown draft field "${path}"`);
  }
}

export function withDraftValue(draft: ConfigDraft, path: string, value: unknown): ConfigDraft {
  const [head, ...rest] = parsePath(path);
  switch (head) {
    case 'model':
      return {
        ...draft,
        models: {
          ...draft.models,
          [draft.family]: setIn(modelFields(draft), rest, value) as Record<string, unknown>,
        },
      };
    case 'training':
      return { ...draft, training: setIn(draft.training, rest, value) as Record<string, unknown> };
    case 'split':
      return { ...draft, split: setIn(draft.split, rest, value) as ConfigDraft['split'] };
    case 'augment':
      return {
        ...draft,
        augment:
          rest.length === 0
            ? (value as ConfigDraft['augment'])
            : (setIn(draft.augment, rest, value) as Record<string, unknown>),
      };
    case 'modelSeed':
      return { ...draft, modelSeed: value };
    default:
      throw new Error(`Unknown draft field "${path}"`);
  }
}

export interface FieldError {
  /** The field's path (`training.optimizer.learningRate`), or '' for the form as a whole. */
  path: string;
  message: string;
}

/**
 * Where an engine message belongs: `Expected blocks[0].filters …` → `model.blocks.0.filters`; a vote's message
 * about one of its models, `models[1]: Expected nEstimators …` → `model.models.1.nEstimators` (or
 * `model.models.1` when it names no field). Other messages that name no field go to the form ('').
 */
export function errorPath(scope: string, message: string): string {
  const member = /^([A-Za-z]\w*)\[(\d+)\]: ([\s\S]*)$/.exec(message);
  if (member) {
    const at = `${scope}.${member[1]}.${member[2]}`;
    return errorPath(at, member[3]) || at;
  }
  const match = /^Expected ([A-Za-z]\w*(?:\[\d+\])?(?:\.[A-Za-z]\w*(?:\[\d+\])?)*) (?:to |in |[<>])/.exec(
    message,
  );
  if (!match) return '';
  return `${scope}.${match[1].replace(/\[(\d+)\]/g, '.$1')}`;
}

export interface ValidDraft {
  model: ModelConfig;
  training: TrainConfig;
  split: SplitFractions;
  modelSeed: number;
  augment: AugmentOptions | null;
}

/** Labels and groups of the table the split will cut, so that its own checks run on the real rows. */
export interface SplitContext {
  labels: ArrayLike<number>;
  groups: readonly string[];
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Runs every validator; all messages come back, each with the field it names. */
export function validateDraft(
  draft: ConfigDraft,
  data: SplitContext | null,
  audio: boolean,
): { valid: ValidDraft | null; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const attempt = <T>(scope: string, run: () => T): T | null => {
    try {
      return run();
    } catch (error) {
      const message = messageOf(error);
      errors.push({ path: errorPath(scope, message), message });
      return null;
    }
  };
  const model = attempt('model', () => parseModelConfig({ ...modelFields(draft), family: draft.family }));
  const training = attempt('training', () => parseTrainConfig(draft.training as TrainConfigInput));
  const split = draft.split as Record<keyof SplitFractions, number>;
  attempt('split', () => {
    if (!Number.isSafeInteger(split.seed)) {
      throw new Error(`Expected seed to be an integer, got ${JSON.stringify(split.seed)}`);
    }
    // The engine's own split checks, on the real labels and groups: they name bad fractions and too few
    // files (without cutting the split: that takes tens of ms on a 50,000-row table, at every keystroke).
    if (data) checkSplit(data.labels, data.groups, split);
    else checkSplit([0, 1, 0], null, split);
    if (!(split.test > 0)) throw new Error('Expected test to be > 0: the run is scored on the test split');
  });
  if (training?.earlyStopping && !(split.val > 0)) {
    errors.push({
      path: 'training.earlyStopping',
      message: 'Early stopping watches the validation loss: give the validation split a fraction above 0',
    });
  }
  const modelSeed = draft.modelSeed;
  if (!Number.isSafeInteger(modelSeed)) {
    errors.push({
      path: 'modelSeed',
      message: `Expected the model seed to be an integer, got ${JSON.stringify(modelSeed)}`,
    });
  }
  let augment: AugmentOptions | null = null;
  if (draft.augment && audio) {
    augment = draft.augment as unknown as AugmentOptions;
    try {
      checkAugmentOptions(augment);
    } catch (error) {
      errors.push({ path: 'augment', message: messageOf(error) });
    }
  }
  const valid =
    errors.length === 0 && model && training
      ? { model, training, split: { ...split }, modelSeed: modelSeed as number, augment }
      : null;
  return { valid, errors };
}

/**
 * The `--config FILE` of train and evaluate: which model, how to train it, and (for audio folders) which
 * features. Every part is optional; what is left out comes from the engine's recommended config for the kind of
 * data (`src/core/train/recommended.ts`), so `--config` itself is optional.
 *
 *   { "model": { "family": "mlp", "hidden": [128] }, "training": { "epochs": 30 }, "ensemble": 1,
 *     "features": "frames", "split": { "train": 0.8, "val": 0.1, "test": 0.1 } }
 *
 * A bare model config (an object with `family`) is read as `{ "model": … }`.
 */
import { readFile } from 'node:fs/promises';
import { parseModelConfig, type ModelConfig, type ModelFamily } from '../core/models/config';
import { parseTrainConfig, type TrainConfig, type TrainConfigInput } from '../core/train/config';
import {
  recommendedConfig,
  recommendedModelFor,
  recommendedTrainingFor,
  type DataKind,
  type DataShape,
} from '../core/train/recommended';
import { parsePcaOption, type PcaOption } from '../core/train/pcaReduce';
import { AUDIO_FEATURE_SETS, isAudioFeatureSet, type AudioFeatureSet } from '../core/features/audioSets';

export interface SplitFractions {
  train: number;
  val: number;
  test: number;
}

export interface RecipeFile {
  model?: ModelConfig;
  /** `--family NAME` without a model in the config: that family with its recommended options for the data. */
  family?: ModelFamily;
  training?: TrainConfigInput;
  ensemble?: number;
  features?: AudioFeatureSet;
  split?: SplitFractions;
  /** PCA before the model: a number of components, or a share of variance in (0, 1). */
  pca?: PcaOption;
}

export interface Recipe {
  model: ModelConfig;
  training: TrainConfig;
  /** Nets averaged per fold by `evaluate` (a bundle holds one). */
  ensemble: number;
  split: SplitFractions;
  /** Where the model and training came from, for the summary. */
  why: string;
}

export const DEFAULT_SPLIT: SplitFractions = { train: 0.8, val: 0.1, test: 0.1 };
/** What an audio folder is turned into when the config names no feature set. */
export const DEFAULT_AUDIO_FEATURES: AudioFeatureSet = 'frames';
const KEYS = ['model', 'training', 'ensemble', 'features', 'split', 'pca'];

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks a config object (parsed JSON), naming the first bad field. */
export function parseRecipe(json: unknown, where = 'the config'): RecipeFile {
  if (!isObject(json)) throw new Error(`Expected ${where} to be a JSON object, got ${JSON.stringify(json)}`);
  const raw = 'family' in json ? { model: json } : json;
  for (const key of Object.keys(raw)) {
    if (!KEYS.includes(key)) {
      throw new Error(
        `Unknown field "${key}" in ${where}: expected ${KEYS.join(', ')} (or a bare model config)`,
      );
    }
  }
  const recipe: RecipeFile = {};
  if (raw.model !== undefined) recipe.model = parseModelConfig(raw.model);
  if (raw.training !== undefined) {
    if (!isObject(raw.training)) throw new Error(`Expected "training" in ${where} to be an object`);
    parseTrainConfig(raw.training as TrainConfigInput);
    recipe.training = raw.training as TrainConfigInput;
  }
  if (raw.ensemble !== undefined) {
    const e = raw.ensemble;
    if (typeof e !== 'number' || !Number.isInteger(e) || e < 1 || e > 20) {
      throw new Error(
        `Expected "ensemble" in ${where} to be an integer in [1, 20], got ${JSON.stringify(e)}`,
      );
    }
    recipe.ensemble = e;
  }
  if (raw.features !== undefined) {
    if (!isAudioFeatureSet(raw.features)) {
      throw new Error(
        `Expected "features" in ${where} to be one of ${AUDIO_FEATURE_SETS.join(', ')}, got ${JSON.stringify(raw.features)}`,
      );
    }
    recipe.features = raw.features;
  }
  if (raw.split !== undefined) recipe.split = parseSplit(raw.split, `"split" in ${where}`);
  if (raw.pca !== undefined && raw.pca !== null) recipe.pca = parsePcaOption(raw.pca, `"pca" in ${where}`);
  return recipe;
}

/** Train / validation / test fractions, each in [0, 1) and summing to 1, with some training and test rows. */
export function parseSplit(value: unknown, where: string): SplitFractions {
  if (!isObject(value)) throw new Error(`Expected ${where} to be { train, val, test }`);
  const parts = ['train', 'val', 'test'] as const;
  for (const key of Object.keys(value)) {
    if (!(parts as readonly string[]).includes(key)) throw new Error(`Unknown field "${key}" in ${where}`);
  }
  const out = { ...DEFAULT_SPLIT, ...value } as Record<string, unknown>;
  for (const part of parts) {
    const f = out[part];
    if (typeof f !== 'number' || !(f >= 0 && f < 1)) {
      throw new Error(`Expected ${part} in ${where} to be a fraction in [0, 1), got ${JSON.stringify(f)}`);
    }
  }
  const split = out as unknown as SplitFractions;
  if (!(split.train > 0 && split.test > 0)) {
    throw new Error(`Expected ${where} to keep some training and test rows, got ${JSON.stringify(split)}`);
  }
  if (Math.abs(split.train + split.val + split.test - 1) > 1e-6) {
    throw new Error(`Expected ${where} to sum to 1, got ${split.train} + ${split.val} + ${split.test}`);
  }
  return split;
}

/** Reads `--config FILE` (absent: an empty recipe, all recommended). */
export async function readRecipeFile(file: string | undefined): Promise<RecipeFile> {
  if (file === undefined) return {};
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new Error(`Cannot read the config ${file}: ${(error as Error).message}`, { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`The config ${file} is not valid JSON: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return parseRecipe(json, file);
}

/** Fills what the file leaves out from the engine's recommendation for this data; `seed` seeds the training. */
/**
 * The CLI trains on TF.js's WASM backend, which has no gradient for 2-D convolutions: log-mel patches, whose
 * recommended model is a cnn2d, train there as sequences (a GRU over the patch's frames) instead.
 */
function nodeTrainable(
  recommended: ReturnType<typeof recommendedConfig>,
): ReturnType<typeof recommendedConfig> {
  if (recommended.model.family !== 'cnn2d') return recommended;
  return {
    ...recommended,
    model: parseModelConfig({ family: 'rnn' }),
    why: 'a GRU over the frames of each log-mel patch (the cnn2d the app trains cannot train on the WASM backend)',
  };
}

export function resolveRecipe(file: RecipeFile, kind: DataKind, shape: DataShape, seed: number): Recipe {
  const recommended = nodeTrainable(recommendedConfig(kind, shape));
  const family = file.model ? undefined : file.family;
  const model =
    file.model ?? (family === undefined ? recommended.model : recommendedModelFor(kind, shape, family));
  // A recommended training schedule belongs to the recommended model (or family); with a model from a config,
  // plain defaults.
  const training = parseTrainConfig({
    ...(file.training ??
      (file.model
        ? {}
        : family === undefined
          ? recommended.training
          : recommendedTrainingFor(kind, shape, family))),
    seed,
  });
  const fromConfig = file.training ? ' (training from the config)' : '';
  const why = file.model
    ? `model from the config${file.training ? ', training from the config' : ', default training'}`
    : family === undefined || family === recommended.model.family
      ? `recommended for ${kind} data: ${recommended.why}${fromConfig}`
      : `${family} with its recommended options for ${kind} data${fromConfig}`;
  return {
    model,
    training,
    ensemble: file.ensemble ?? (file.model ? 1 : recommended.ensemble),
    split: file.split ?? DEFAULT_SPLIT,
    why,
  };
}

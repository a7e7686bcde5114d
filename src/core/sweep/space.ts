/**
 * Search spaces: for each model family, the settings a hyper-parameter search varies (ranges, log scales,
 * choices) and where each one lands in a model or training config. Everything not named keeps the base
 * config's value (the engine's recommendation for the data), so a trial differs from the default only in its
 * sampled settings.
 */
import { CLASSIC_FAMILIES, isClassicFamily, searchSpace as classicOptions } from '../models/classic/families';
import type { ModelFamily } from '../models/config';
import { describe } from '../models/describe';

/** A value a setting can take: a number, a word, a flag, or a list of layer widths. */
export type ParamValue = number | string | boolean | number[];

export type ParamSpec =
  /** Uniform in [min, max], or log-uniform when `log` (min > 0). Grids take `gridPoints` (default 3). */
  | { kind: 'float'; min: number; max: number; log?: boolean; gridPoints?: number }
  /** As `float`, rounded to an integer. */
  | { kind: 'int'; min: number; max: number; log?: boolean; gridPoints?: number }
  | { kind: 'choice'; values: readonly ParamValue[] };

export interface SearchParam {
  /** Short name for tables and plots (`learningRate`, `hidden`). */
  name: string;
  /**
   * Where the value goes: `model.FIELD` or `training.FIELD` (`training.optimizer.learningRate` and
   * `training.optimizer.type` reach into the optimizer).
   */
  path: string;
  spec: ParamSpec;
}

export interface SearchSpace {
  family: ModelFamily;
  params: SearchParam[];
  /**
   * The config path of the count successive halving scales (`training.epochs` for the networks; a boosted
   * ensemble's rounds could be one): a poor trial stops after a fraction of it. Null for a family fitted in one
   * go (k-NN): every trial scores once, in full.
   */
  budget: string | null;
}

/** One trial's sampled settings, by parameter name. */
export type TrialSettings = Record<string, ParamValue>;

const EPOCHS = 'training.epochs';
/** A vote's models, named by family and joined by "+" (`mlp+svm`): configs.ts builds the models from the names. */
export const VOTE_MODELS = 'model.models';
/** The first model's weight, the others weighing 1: configs.ts writes the weights from it. */
export const VOTE_FIRST_WEIGHT = 'model.weights';
/** The votes a search tries: the recommended network or an SVM beside trees, or all three. */
const VOTES = [
  'mlp+gradient-boosting',
  'mlp+svm',
  'svm+gradient-boosting',
  'mlp+svm+gradient-boosting',
  'mlp+random-forest',
];
const HIDDEN_ACTIVATIONS = ['relu', 'elu', 'swish', 'selu', 'tanh', 'leaky-relu'] as const;

/** The optimiser, its learning rate (log), batch size and epochs: shared by every network family. */
function trainingParams(
  lr: [number, number],
  optimizers: readonly string[] = ['adam', 'rmsprop', 'sgd'],
  batchSizes: readonly number[] = [16, 32, 64, 128],
  epochs: readonly number[] = [15, 25, 40],
): SearchParam[] {
  return [
    { name: 'optimizer', path: 'training.optimizer.type', spec: { kind: 'choice', values: optimizers } },
    {
      name: 'learningRate',
      path: 'training.optimizer.learningRate',
      spec: { kind: 'float', min: lr[0], max: lr[1], log: true },
    },
    { name: 'batchSize', path: 'training.batchSize', spec: { kind: 'choice', values: batchSizes } },
    { name: 'epochs', path: 'training.epochs', spec: { kind: 'choice', values: epochs } },
  ];
}

const dropout = (max = 0.5): SearchParam => ({
  name: 'dropout',
  path: 'model.dropout',
  spec: { kind: 'float', min: 0, max },
});
const l2: SearchParam = {
  name: 'l2',
  path: 'model.l2',
  spec: { kind: 'float', min: 1e-5, max: 1e-2, log: true },
};
const activation: SearchParam = {
  name: 'activation',
  path: 'model.activation',
  spec: { kind: 'choice', values: HIDDEN_ACTIVATIONS },
};

/**
 * Narrower than the classic options' valid ranges, so that every trial stays affordable: 20-300 trees; and
 * libsvm's solver at C up to 30 and a tolerance of 1e-4 or looser (5-fold trials on Spike's 2,292 rows did not
 * finish in five minutes for linear SVMs at C 11.7 with tolerance 3e-6, or at C ~150 with 1e-3; the
 * tolerance is a solver setting, scikit-learn's default 1e-3, not something a model is better for).
 */
const CLASSIC_SEARCH_RANGES: Readonly<Record<string, readonly [number, number]>> = {
  nEstimators: [20, 300],
  C: [0.01, 30],
  tolerance: [1e-4, 1e-2],
};

/** The default search space of a family. */
export function searchSpaceFor(family: ModelFamily): SearchSpace {
  // The classic families publish their options as data; their ensembles are searched at 20-300 members so
  // that a trial stays affordable. They fit in one go (no epochs to halve on).
  if (isClassicFamily(family)) {
    return spaceFromOptions(family, classicOptions(family), { ranges: CLASSIC_SEARCH_RANGES });
  }
  switch (family) {
    case 'logistic':
      return { family, budget: EPOCHS, params: [l2, ...trainingParams([1e-3, 1e-1])] };
    case 'mlp':
      return {
        family,
        budget: EPOCHS,
        params: [
          {
            name: 'hidden',
            path: 'model.hidden',
            spec: { kind: 'choice', values: [[128], [256], [512], [256, 128], [512, 256]] },
          },
          // Narrower than the other families' ranges, from a first 20-trial search on GTZAN's 30-s features (5-fold):
          // SGD at these rates, tanh and rates below 1e-3 all ranked last after their first epochs, and batches
          // of 16 cost the most time for no better score. The default MLP (relu, Adam 0.004, batch 64) sits inside.
          {
            name: 'activation',
            path: 'model.activation',
            spec: { kind: 'choice', values: ['relu', 'elu', 'swish', 'selu', 'leaky-relu'] },
          },
          dropout(),
          l2,
          ...trainingParams([1e-3, 1e-2], ['adam', 'rmsprop'], [32, 64, 128], [20, 30, 40]),
        ],
      };
    case 'autoencoder':
      return {
        family,
        budget: EPOCHS,
        params: [
          {
            name: 'encoder',
            path: 'model.encoder',
            spec: {
              kind: 'choice',
              values: [
                [64, 16],
                [64, 32],
                [128, 32],
                [128, 64, 16],
              ],
            },
          },
          activation,
          dropout(),
          l2,
          ...trainingParams([3e-4, 3e-2]),
        ],
      };
    case 'rnn':
      return {
        family,
        budget: EPOCHS,
        params: [
          { name: 'cell', path: 'model.cell', spec: { kind: 'choice', values: ['gru', 'lstm'] } },
          {
            name: 'units',
            path: 'model.units',
            spec: { kind: 'choice', values: [[32], [64], [128], [64, 64]] },
          },
          dropout(),
          l2,
          ...trainingParams([3e-4, 1e-2]),
        ],
      };
    case 'cnn2d':
    case 'cnn1d':
      return {
        family,
        budget: EPOCHS,
        params: [
          { name: 'dense', path: 'model.dense', spec: { kind: 'choice', values: [[], [64], [128]] } },
          activation,
          dropout(),
          l2,
          ...trainingParams([1e-4, 3e-3]),
        ],
      };
    case 'knn':
      return {
        family,
        budget: null,
        params: [
          { name: 'k', path: 'model.k', spec: { kind: 'int', min: 1, max: 50, log: true, gridPoints: 6 } },
          {
            name: 'weighting',
            path: 'model.weighting',
            spec: { kind: 'choice', values: ['uniform', 'distance'] },
          },
          { name: 'metric', path: 'model.metric', spec: { kind: 'choice', values: ['euclidean', 'cosine'] } },
        ],
      };
    case 'voting':
      // Which families vote (by name: each takes the base's options for it, else its defaults), how much the
      // first counts against the others (1 each), and the network's step and length. The classic models fit
      // in full at every rung.
      return {
        family,
        budget: EPOCHS,
        params: [
          { name: 'models', path: VOTE_MODELS, spec: { kind: 'choice', values: VOTES } },
          { name: 'firstWeight', path: VOTE_FIRST_WEIGHT, spec: { kind: 'choice', values: [0.5, 1, 2, 3] } },
          ...trainingParams([1e-3, 1e-2], ['adam'], [64, 128], [15, 25, 40]),
        ],
      };
    default:
      throw new Error(`No search space for model family ${describe(family)}`);
  }
}

/**
 * A family's option as that family publishes it (kind, default, range with a log flag, or choices): the shape
 * of the classic families' `CLASSIC_OPTIONS` (src/core/models/classic/families.ts), so that their spaces come
 * from their own data through `spaceFromOptions`.
 */
export type PublishedOption =
  | { kind: 'int' | 'float'; default: number; min: number; max: number; log: boolean }
  | { kind: 'choice'; default: string; choices: readonly string[] };

export interface PublishedSpaceOptions {
  /** Options not to search (a seed, say). */
  omit?: readonly string[];
  /** Narrower ranges than the published ones, to keep a search affordable (e.g. trees in [20, 300]). */
  ranges?: Readonly<Record<string, readonly [number, number]>>;
  /** As `SearchSpace.budget` (default null: fitted in one go). */
  budget?: string | null;
}

/** A search space over a family's published options, each at `model.NAME`. */
export function spaceFromOptions(
  family: ModelFamily,
  options: Readonly<Record<string, PublishedOption>>,
  settings: PublishedSpaceOptions = {},
): SearchSpace {
  const params = Object.entries(options)
    .filter(([name]) => !(settings.omit ?? []).includes(name))
    .map(([name, o]): SearchParam => {
      const path = `model.${name}`;
      if (o.kind === 'choice') return { name, path, spec: { kind: 'choice', values: [...o.choices] } };
      if (o.kind !== 'int' && o.kind !== 'float') {
        throw new Error(
          `Unknown option kind ${describe((o as { kind: unknown }).kind)} for ${name} of ${family}`,
        );
      }
      const [min, max] = settings.ranges?.[name] ?? [o.min, o.max];
      if (min < o.min || max > o.max) {
        throw new Error(`Expected the range of ${name} within [${o.min}, ${o.max}], got [${min}, ${max}]`);
      }
      return { name, path, spec: { kind: o.kind, min, max, log: o.log } };
    });
  const space: SearchSpace = { family, params, budget: settings.budget ?? null };
  checkSpace(space);
  return space;
}

/** Names the first bad parameter of a space. */
export function checkSpace(space: SearchSpace): void {
  if (space.params.length === 0)
    throw new Error(`Expected the ${space.family} search space to vary at least one setting`);
  const names = new Set<string>();
  for (const p of space.params) {
    if (names.has(p.name))
      throw new Error(`Parameter ${p.name} appears twice in the ${space.family} search space`);
    names.add(p.name);
    if (!/^(model|training)\.[A-Za-z][A-Za-z0-9]*(\.[A-Za-z][A-Za-z0-9]*)?$/.test(p.path)) {
      throw new Error(
        `Expected parameter ${p.name}'s path to be model.FIELD or training.FIELD, got ${describe(p.path)}`,
      );
    }
    const s = p.spec;
    if (s.kind === 'choice') {
      if (s.values.length === 0) throw new Error(`Expected parameter ${p.name} to offer at least one value`);
      continue;
    }
    if (!(Number.isFinite(s.min) && Number.isFinite(s.max) && s.min <= s.max)) {
      throw new Error(`Expected parameter ${p.name} to have finite min <= max, got [${s.min}, ${s.max}]`);
    }
    if (s.log && !(s.min > 0))
      throw new Error(`Expected parameter ${p.name} on a log scale to have min > 0, got ${s.min}`);
    if (s.gridPoints !== undefined && !(Number.isInteger(s.gridPoints) && s.gridPoints >= 1)) {
      throw new Error(`Expected gridPoints of ${p.name} to be an integer >= 1, got ${s.gridPoints}`);
    }
  }
}

/**
 * Families a search can score: those that read a flat row of features, as the search's cross-validation does.
 * (The CNN and RNN spaces above describe their settings for when patches and sequences are cross-validated.)
 */
export const SWEEPABLE_FAMILIES: readonly ModelFamily[] = [
  'mlp',
  'logistic',
  'knn',
  'autoencoder',
  ...CLASSIC_FAMILIES,
  'voting',
];

/**
 * The classic (non-network) model families and their options, as data: every option's kind, default and a
 * sensible range (with a log-scale flag), so that the config parser validates from it and a hyper-parameter
 * search can sample from it. Pure data and checks: no model code here.
 */
import { describe } from '../describe';

export type ClassicFamily = 'random-forest' | 'gradient-boosting' | 'svm' | 'naive-bayes' | 'decision-tree';
export const CLASSIC_FAMILIES: readonly ClassicFamily[] = [
  'random-forest',
  'gradient-boosting',
  'svm',
  'naive-bayes',
  'decision-tree',
];

export function isClassicFamily(family: unknown): family is ClassicFamily {
  return typeof family === 'string' && (CLASSIC_FAMILIES as readonly string[]).includes(family);
}

/**
 * One option: an integer or float in [min, max] (sampled on a log scale when `log`), or one of `choices`.
 * `search` narrows the range a search samples when the valid range holds a special value (gamma 0 = "scale").
 */
export type OptionSpec =
  | { kind: 'int'; default: number; min: number; max: number; log: boolean; help: string }
  | {
      kind: 'float';
      default: number;
      min: number;
      max: number;
      log: boolean;
      help: string;
      search?: { min: number; max: number; log: boolean };
    }
  | { kind: 'choice'; default: string; choices: readonly string[]; help: string };

/** Share of the columns each split considers: √d, log₂d, or all of them. */
export type MaxFeatures = 'sqrt' | 'log2' | 'all';
export type ClassWeight = 'none' | 'balanced';

export interface RandomForestConfig {
  family: 'random-forest';
  version: number;
  nEstimators: number;
  /** 0: grow until the leaves are pure (or too small to split). */
  maxDepth: number;
  minSamplesSplit: number;
  minSamplesLeaf: number;
  maxFeatures: MaxFeatures;
  /** Each tree on a bootstrap sample of the training rows (else on all of them). */
  bootstrap: 'yes' | 'no';
  /** "balanced": each class weighs as much in the splits and leaves as any other, however few its rows. */
  classWeight: ClassWeight;
  seed: number;
}

export interface GradientBoostingConfig {
  family: 'gradient-boosting';
  version: number;
  /** Boosting rounds: one regression tree per class per round. */
  nEstimators: number;
  learningRate: number;
  maxDepth: number;
  minSamplesLeaf: number;
  /** Fraction of the training rows each round sees (stochastic gradient boosting below 1). */
  subsample: number;
  maxFeatures: MaxFeatures;
  seed: number;
}

export interface SvmConfig {
  family: 'svm';
  version: number;
  kernel: 'rbf' | 'linear';
  /** Penalty on margin violations. */
  C: number;
  /** RBF width; 0 means 1 / (columns × variance), scikit-learn's "scale" (variance is 1 after standardising). */
  gamma: number;
  /** Stopping tolerance of the solver. */
  tolerance: number;
}

export interface NaiveBayesConfig {
  family: 'naive-bayes';
  version: number;
  /** Added to every variance, as a share of the largest (scikit-learn's var_smoothing). */
  varSmoothing: number;
}

export interface DecisionTreeConfig {
  family: 'decision-tree';
  version: number;
  maxDepth: number;
  minSamplesSplit: number;
  minSamplesLeaf: number;
  maxFeatures: MaxFeatures;
  classWeight: ClassWeight;
  seed: number;
}

export type ClassicConfig =
  RandomForestConfig | GradientBoostingConfig | SvmConfig | NaiveBayesConfig | DecisionTreeConfig;

/** How far a random forest's or a decision tree's trees grow (gradient boosting keeps shallow trees of its own). */
const TREE_GROWTH: Record<'maxDepth' | 'minSamplesSplit' | 'minSamplesLeaf', OptionSpec> = {
  maxDepth: { kind: 'int', default: 0, min: 0, max: 64, log: false, help: 'Deepest split; 0 = no limit' },
  minSamplesSplit: {
    kind: 'int',
    default: 2,
    min: 2,
    max: 100,
    log: true,
    help: 'Rows a node needs to split',
  },
  minSamplesLeaf: {
    kind: 'int',
    default: 1,
    min: 1,
    max: 100,
    log: true,
    help: 'Rows a leaf keeps at least',
  },
};

const MAX_FEATURES: OptionSpec = {
  kind: 'choice',
  default: 'sqrt',
  choices: ['sqrt', 'log2', 'all'],
  help: 'Columns each split considers: √d, log₂d or all',
};
const CLASS_WEIGHT: OptionSpec = {
  kind: 'choice',
  default: 'none',
  choices: ['none', 'balanced'],
  help: 'balanced: rare classes weigh as much as common ones',
};
const SEED: OptionSpec = {
  kind: 'int',
  default: 42,
  min: 0,
  max: 2 ** 31 - 1,
  log: false,
  help: 'Seeds the sampling of rows and columns',
};

/** Every classic family's options, in the order a form shows them. */
export const CLASSIC_OPTIONS: Record<ClassicFamily, Record<string, OptionSpec>> = {
  'random-forest': {
    nEstimators: { kind: 'int', default: 200, min: 1, max: 2000, log: true, help: 'Trees in the forest' },
    ...TREE_GROWTH,
    maxFeatures: MAX_FEATURES,
    bootstrap: {
      kind: 'choice',
      default: 'yes',
      choices: ['yes', 'no'],
      help: 'Each tree on a bootstrap sample',
    },
    classWeight: CLASS_WEIGHT,
    seed: SEED,
  },
  'gradient-boosting': {
    nEstimators: { kind: 'int', default: 150, min: 1, max: 2000, log: true, help: 'Boosting rounds' },
    learningRate: {
      kind: 'float',
      default: 0.1,
      min: 0.001,
      max: 1,
      log: true,
      help: 'Shrinkage of each tree',
    },
    maxDepth: { kind: 'int', default: 3, min: 1, max: 16, log: false, help: 'Depth of each tree' },
    minSamplesLeaf: TREE_GROWTH.minSamplesLeaf,
    subsample: { kind: 'float', default: 0.8, min: 0.1, max: 1, log: false, help: 'Rows each round sees' },
    maxFeatures: { ...MAX_FEATURES, default: 'sqrt' } as OptionSpec,
    seed: SEED,
  },
  svm: {
    kernel: { kind: 'choice', default: 'rbf', choices: ['rbf', 'linear'], help: 'Kernel function' },
    C: {
      kind: 'float',
      default: 10,
      min: 0.001,
      max: 10_000,
      log: true,
      help: 'Penalty on margin violations',
    },
    gamma: {
      kind: 'float',
      default: 0,
      min: 0,
      max: 100,
      log: false,
      help: 'RBF width; 0 = 1 / columns (scikit-learn "scale")',
      search: { min: 1e-4, max: 1, log: true },
    },
    tolerance: { kind: 'float', default: 0.001, min: 1e-6, max: 0.1, log: true, help: 'Solver tolerance' },
  },
  'naive-bayes': {
    varSmoothing: {
      kind: 'float',
      default: 1e-9,
      min: 1e-12,
      max: 1,
      log: true,
      help: 'Added to each variance, as a share of the largest',
    },
  },
  'decision-tree': {
    ...TREE_GROWTH,
    maxFeatures: { ...MAX_FEATURES, default: 'all' } as OptionSpec,
    classWeight: CLASS_WEIGHT,
    seed: SEED,
  },
};

/**
 * The options a hyper-parameter search samples, with the ranges it should sample: every option but the seed,
 * each float at its `search` range when it has one (SVM gamma: log scale in [1e-4, 1] rather than 0 = "scale").
 */
export function searchSpace(family: ClassicFamily): Record<string, OptionSpec> {
  return Object.fromEntries(
    Object.entries(CLASSIC_OPTIONS[family])
      .filter(([key]) => key !== 'seed')
      .map(([key, spec]): [string, OptionSpec] =>
        spec.kind === 'float' && spec.search
          ? [key, { ...spec, ...spec.search, search: undefined }]
          : [key, spec],
      ),
  );
}

/** A family's recommended options (every option at its default). */
export function defaultClassicConfig(family: ClassicFamily, version: number): ClassicConfig {
  const options = Object.fromEntries(
    Object.entries(CLASSIC_OPTIONS[family]).map(([key, spec]) => [key, spec.default]),
  );
  return { family, version, ...options } as unknown as ClassicConfig;
}

/** Throws, naming the key and the bad value, when an option is outside its spec. */
export function checkClassicConfig(config: ClassicConfig): void {
  const values = config as unknown as Record<string, unknown>;
  for (const [key, spec] of Object.entries(CLASSIC_OPTIONS[config.family])) {
    const value = values[key];
    if (spec.kind === 'choice') {
      if (typeof value !== 'string' || !spec.choices.includes(value)) {
        throw new Error(
          `Expected ${key} to be one of ${spec.choices.map((c) => `"${c}"`).join(', ')}, got ${describe(value)}`,
        );
      }
    } else if (spec.kind === 'int') {
      if (typeof value !== 'number' || !Number.isInteger(value) || value < spec.min || value > spec.max) {
        throw new Error(
          `Expected ${key} to be an integer in [${spec.min}, ${spec.max}], got ${describe(value)}`,
        );
      }
    } else if (typeof value !== 'number' || !Number.isFinite(value) || value < spec.min || value > spec.max) {
      throw new Error(`Expected ${key} to be a number in [${spec.min}, ${spec.max}], got ${describe(value)}`);
    }
  }
}

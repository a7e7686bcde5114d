/**
 * A hyper-parameter search: settings drawn from a family's space (random or grid, seeded), each trial scored by
 * k-fold cross-validation, poor trials of the iterative families stopped early by successive halving on their
 * epochs. Where the trials run is the caller's: `runTrial` sends a job to a pool of workers (worker_threads in
 * the CLI, Web Workers in the page).
 */
import type { ModelConfig } from '../models/config';
import type { TrainConfig } from '../train/config';
import { configForTrial, settingsOfBase, type TrialConfig } from './configs';
import { halvingRungs, rungEpochs, successiveHalving, type TrialScore, type TrialStatus } from './halving';
import { sampleTrials, type SamplerKind } from './sampler';
import type { SearchSpace, TrialSettings } from './space';
import type { TrialJob } from './trialJob';

export const SWEEP_REPORT_VERSION = 1;

/**
 * What ranks the trials: mean fold accuracy, or mean fold ROC AUC for two classes (where accuracy says little
 * on imbalanced data: 70 positives in 2,300 rows are 97 % accuracy by saying "no" to everything).
 */
export type SweepObjective = 'accuracy' | 'auc';
export const SWEEP_OBJECTIVES: readonly SweepObjective[] = ['accuracy', 'auc'];

export interface SearchOptions {
  space: SearchSpace;
  /** The config every trial starts from (the recommended one for the data). */
  base: TrialConfig;
  sampler: SamplerKind;
  trials: number;
  folds: number;
  seed: number;
  /** Rungs of successive halving for iterative families (1 = none). Default 3. */
  rungs?: number;
  eta?: number;
  concurrency: number;
  runTrial(job: TrialJob): Promise<TrialScore>;
  /** Default accuracy. `auc` needs two-class data: a trial scored without an AUC fails, saying so. */
  objective?: SweepObjective;
  onUpdate?(report: SweepReport): void;
  signal?: AbortSignal;
}

export interface SweepTrial {
  /** 1-based, in sampling order. */
  trial: number;
  /** The config the search started from (trial 1 when its settings can stand for it). */
  base?: true;
  settings: TrialSettings;
  config: { model: ModelConfig; training: TrainConfig };
  status: TrialStatus;
  /** Mean fold accuracy at the last rung run (null before the first). */
  accuracy: number | null;
  macroF1: number | null;
  accuracyStd: number | null;
  /** Two classes: mean fold ROC AUC at the last rung run; else null or absent. */
  auc?: number | null;
  /** The budget at that rung: epochs trained (or rounds), null for families fitted in one go. */
  budget: number | null;
  /** Rungs finished. */
  rungs: number;
  /** Seconds over every rung. */
  seconds: number;
  error?: string;
}

export interface SweepReport {
  version: number;
  family: string;
  sampler: SamplerKind;
  folds: number;
  seed: number;
  /** Budget fractions of the rungs. */
  rungs: number[];
  /** The config path successive halving scales (`training.epochs`), or null. */
  budget: string | null;
  /** What ranked the trials (absent: accuracy, as before there was a choice). */
  objective?: SweepObjective;
  trials: SweepTrial[];
  best: {
    trial: number;
    settings: TrialSettings;
    config: SweepTrial['config'];
    accuracy: number;
    /** Two classes: the best trial's mean fold ROC AUC. */
    auc: number | null;
  } | null;
  cancelled: boolean;
}

export async function runSearch(options: SearchOptions): Promise<SweepReport> {
  const { space, base, folds, seed } = options;
  const objective = options.objective ?? 'accuracy';
  if (!SWEEP_OBJECTIVES.includes(objective)) {
    throw new Error(`Expected the objective to be accuracy or auc, got ${String(objective)}`);
  }
  if (!Number.isInteger(folds) || folds < 2 || folds > 100) {
    throw new Error(`Expected folds to be an integer in [2, 100], got ${folds}`);
  }
  // A random search's first trial is the config it starts from (the engine's recommendation), as Ray Tune's
  // points_to_evaluate or Optuna's enqueued trials, scored in full: the best found is then never worse than it
  // on these folds.
  // A grid visits its own points only.
  const baseSettings =
    options.sampler === 'random' && options.trials > 1 ? settingsOfBase(space, base) : null;
  const settings = baseSettings
    ? [baseSettings, ...sampleTrials(space, options.sampler, options.trials - 1, seed)]
    : sampleTrials(space, options.sampler, options.trials, seed);
  // Checked up front: a bad combination fails the search before any work, naming the setting.
  const configs = settings.map((s) => configForTrial(space, s, base));
  const rungs = space.budget ? halvingRungs(options.rungs ?? 3, options.eta ?? 3) : [1];
  const budgetOf = (i: number, share: number) => rungEpochs(budgetValue(configs[i], space.budget!), share);

  const report = (
    progress: Array<{ status: TrialStatus; scores: TrialScore[]; rung: number; error?: string }>,
    best: number | null,
    cancelled: boolean,
  ): SweepReport => {
    const trials = progress.map((p, i): SweepTrial => {
      const last = p.scores[p.scores.length - 1];
      return {
        trial: i + 1,
        ...(baseSettings && i === 0 ? { base: true as const } : {}),
        settings: settings[i],
        config: configs[i],
        status: p.status,
        accuracy: last?.accuracy ?? null,
        macroF1: last?.macroF1 ?? null,
        accuracyStd: last?.accuracyStd ?? null,
        auc: last?.auc ?? null,
        budget: space.budget && p.scores.length > 0 ? budgetOf(i, rungs[p.scores.length - 1]) : null,
        rungs: p.scores.length,
        seconds: p.scores.reduce((s, x) => s + x.seconds, 0),
        ...(p.error ? { error: p.error } : {}),
      };
    });
    return {
      version: SWEEP_REPORT_VERSION,
      family: space.family,
      sampler: options.sampler,
      folds,
      seed,
      rungs,
      budget: space.budget,
      objective,
      trials,
      best:
        best === null
          ? null
          : {
              trial: best + 1,
              settings: settings[best],
              config: configs[best],
              accuracy: trials[best].accuracy!,
              auc: trials[best].auc ?? null,
            },
      cancelled,
    };
  };

  const result = await successiveHalving({
    trials: settings.length,
    rungs,
    eta: options.eta,
    // The recommended config is the reference: scored in full, never stopped early.
    ...(baseSettings ? { alwaysPromoted: new Set([0]) } : {}),
    concurrency: options.concurrency,
    signal: options.signal,
    scoreTrial: async (index, _rung, share) => {
      const config = space.budget
        ? withBudget(configs[index], space.budget, budgetOf(index, share))
        : configs[index];
      const score = await options.runTrial({ model: config.model, training: config.training, folds, seed });
      if (objective === 'auc' && !(typeof score.auc === 'number' && Number.isFinite(score.auc))) {
        throw new Error('The AUC objective needs two-class data: this trial was scored without an ROC AUC');
      }
      return score;
    },
    rank: objective === 'auc' ? (score) => score.auc! : (score) => score.accuracy,
    onUpdate: (progress) => options.onUpdate?.(report(progress, null, false)),
  });
  return report(result.trials, result.best, result.cancelled);
}

/** The count at `path` (`training.epochs`, `model.nEstimators`) of a config. */
function budgetValue(config: TrialConfig, path: string): number {
  const [scope, field] = path.split('.');
  const value = (config[scope as keyof TrialConfig] as unknown as Record<string, unknown>)[field];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new Error(`Expected ${path} to be a whole count to scale, got ${String(value)}`);
  }
  return value;
}

/** The config with the count at `path` cut to `count`. */
function withBudget(config: TrialConfig, path: string, count: number): TrialConfig {
  const [scope, field] = path.split('.');
  return scope === 'model'
    ? { ...config, model: { ...config.model, [field]: count } as TrialConfig['model'] }
    : { ...config, training: { ...config.training, [field]: count } };
}

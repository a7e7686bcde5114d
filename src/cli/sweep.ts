/**
 * `npm run -s sweep -- --data FILE --family F --trials N --cv K [--sampler random|grid] [--seed S] [--workers W]
 * [--json]`: a hyper-parameter search (`src/core/sweep`). Trials are scored by grouped k-fold cross-validation on
 * a pool of worker threads; poor trials of the network families are stopped early by successive halving.
 * Progress goes to stderr; the report (every trial's config and accuracy, and the best) to stdout.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { TabularDataset } from '../core/data/tabular';
import { MODEL_FAMILIES, type ModelFamily } from '../core/models/config';
import { baseConfigFor, describeSettings } from '../core/sweep/configs';
import type { TrialScore } from '../core/sweep/halving';
import { createTrialPool, type TrialWorker } from '../core/sweep/pool';
import { SAMPLERS, type SamplerKind } from '../core/sweep/sampler';
import { runSearch, SWEEP_OBJECTIVES, type SweepObjective, type SweepReport } from '../core/sweep/search';
import { SWEEPABLE_FAMILIES, searchSpaceFor } from '../core/sweep/space';
import type { TrialJob } from '../core/sweep/trialJob';
import { flagValue, numberFlag, parseArgs, runCli, UsageError } from './args';
import { isEntry, processIo, round6, type CliIo } from './io';
import type { SweepWorkerReply, SweepWorkerRequest } from './sweepWorker';
import { dataOptions, featuresFlag, seedFlag } from './train';
import { loadTrainingData } from './trainingData';

export const SWEEP_USAGE = `usage: npm run -s sweep -- --data PATH [--data ...] --family F --trials N --cv K [--json] [options]
  --data PATH          a CSV with a label column, a folder of audio with one sub-folder per class,
                       or LABEL=FILE.csv (repeat: every row of FILE is LABEL)
  --family F           ${SWEEPABLE_FAMILIES.join(', ')} (default mlp)
  --trials N           configurations to try (default 20)
  --cv K               folds each trial is scored on, stratified and grouped by track / file (default 5)
  --sampler S          random (default; its first trial is the recommended config, so the best found is never
                       worse than it) or grid (distinct grid points; all of them when N allows)
  --objective O        what ranks the trials: accuracy (default) or auc (mean fold ROC AUC; two classes
                       only, with --positive naming the class it scores)
  --rungs R            successive-halving rungs for the network families (default 3: 1/9, 1/3 and all of a
                       trial's epochs; 1 scores every trial in full)
  --workers W          worker threads (default: one per core, 1 when CI=true)
  --seed S             seeds the sampler and the folds (default 0)
  --json               one JSON object on stdout (else a table)
  --label COL, --drop COL,..., --keep COL,..., --features SET, --positive LABEL: as for train`;

const VALUE_FLAGS = [
  'data',
  'family',
  'trials',
  'cv',
  'sampler',
  'objective',
  'rungs',
  'workers',
  'seed',
  'label',
  'drop',
  'keep',
  'features',
  'positive',
];

/** What `sweep --json` prints: the core's report, rounded, with the data and timing around it. */
export interface SweepSummary extends SweepReport {
  rows: number;
  classNames: string[];
  source: string;
  workers: number;
  /** Wall-clock seconds of the search (data loading excluded). */
  seconds: number;
}

const WORKER_FILE = new URL('./sweepWorker.ts', import.meta.url).href;
/**
 * Run from source (tsx), a worker thread needs tsx's loader too: the main thread's is not inherited. The boot
 * script registers it in the thread, then loads the worker module.
 */
const WORKER_BOOT = `const { workerData } = require('node:worker_threads');
import('tsx/esm/api').then((tsx) => { tsx.register(); return import(workerData.file); });`;

/** One per core (at most the trials), one under CI, or `--workers`. */
export function defaultWorkers(env: NodeJS.ProcessEnv = process.env): number {
  return env.CI === 'true' ? 1 : Math.max(1, availableParallelism());
}

/** Worker threads that each hold a copy of the dataset and score one trial at a time. */
function startWorkers(
  dataset: TabularDataset,
  count: number,
): { workers: TrialWorker[]; stop(): Promise<void> } {
  const threads: Worker[] = [];
  const workers = Array.from({ length: count }, (): TrialWorker => {
    const thread = new Worker(WORKER_BOOT, { eval: true, workerData: { dataset, file: WORKER_FILE } });
    threads.push(thread);
    let nextId = 1;
    const pending = new Map<number, { resolve: (s: TrialScore) => void; reject: (e: Error) => void }>();
    thread.on('message', (reply: SweepWorkerReply) => {
      const p = pending.get(reply.id);
      pending.delete(reply.id);
      if ('error' in reply) p?.reject(new Error(reply.error));
      else p?.resolve(reply.score);
    });
    /** Once a thread has failed or stopped, every job sent to it fails at once (never waits forever). */
    let dead: Error | null = null;
    const failAll = (error: Error) => {
      dead ??= error;
      for (const p of pending.values()) p.reject(error);
      pending.clear();
    };
    thread.on('error', (error) => failAll(new Error(`A sweep worker failed: ${error.message}`)));
    thread.on('exit', (code) => failAll(new Error(`A sweep worker stopped (exit code ${code})`)));
    return {
      score: (job: TrialJob) =>
        new Promise<TrialScore>((resolve, reject) => {
          if (dead) return reject(dead);
          const id = nextId++;
          pending.set(id, { resolve, reject });
          thread.postMessage({ id, job } satisfies SweepWorkerRequest);
        }),
    };
  });
  return { workers, stop: async () => void (await Promise.all(threads.map((t) => t.terminate()))) };
}

function familyFlag(raw: string | undefined): ModelFamily {
  const family = (raw ?? 'mlp') as ModelFamily;
  if (!MODEL_FAMILIES.includes(family)) {
    throw new UsageError(`Expected --family to be one of ${SWEEPABLE_FAMILIES.join(', ')}, got ${raw}`);
  }
  if (!SWEEPABLE_FAMILIES.includes(family)) {
    throw new UsageError(
      `--family ${family} reads audio patches or sequences; a search scores flat feature rows: ${SWEEPABLE_FAMILIES.join(', ')}`,
    );
  }
  return family;
}

/** Runs `sweep` with these arguments and returns the summary (also printed on `io.out`). */
export async function sweepCommand(
  argv: string[],
  io: CliIo,
  env: NodeJS.ProcessEnv = process.env,
): Promise<SweepSummary> {
  const args = parseArgs(argv, VALUE_FLAGS, ['json']);
  if (args.positional.length > 0) throw new UsageError(`Unexpected argument ${args.positional[0]}`);
  const family = familyFlag(flagValue(args, 'family'));
  const trials = numberFlag(args, 'trials', 20, (n) => Number.isInteger(n) && n >= 1 && n <= 1000);
  const folds = numberFlag(args, 'cv', 5, (n) => Number.isInteger(n) && n >= 2 && n <= 100);
  const rungs = numberFlag(args, 'rungs', 3, (n) => Number.isInteger(n) && n >= 1 && n <= 6);
  const workersWanted = numberFlag(
    args,
    'workers',
    defaultWorkers(env),
    (n) => Number.isInteger(n) && n >= 1 && n <= 64,
  );
  const sampler = (flagValue(args, 'sampler') ?? 'random') as SamplerKind;
  if (!SAMPLERS.includes(sampler))
    throw new UsageError(`Expected --sampler to be random or grid, got ${sampler}`);
  const objective = (flagValue(args, 'objective') ?? 'accuracy') as SweepObjective;
  if (!SWEEP_OBJECTIVES.includes(objective))
    throw new UsageError(`Expected --objective to be accuracy or auc, got ${objective}`);
  const seed = seedFlag(args);
  const data = await loadTrainingData(dataOptions(args, featuresFlag(args, undefined)), io);
  const ds = data.dataset;
  if (data.featureSpec.name === 'logmel') {
    throw new UsageError('A search scores flat feature rows; log-mel patches are not: use --features frames');
  }
  if (objective === 'auc' && ds.classNames.length !== 2) {
    throw new UsageError(
      `--objective auc scores two classes, and this data has ${ds.classNames.length}: ${ds.classNames.join(', ')}`,
    );
  }
  const space = searchSpaceFor(family);
  const base = baseConfigFor(family, 'tabular', { rows: ds.rows, classes: ds.classNames.length });
  const workerCount = Math.min(workersWanted, trials);
  io.err(
    `data: ${ds.rows} rows, ${ds.columns.length} features, ${ds.classNames.length} classes; ` +
      `${trials} ${family} trials (${sampler}), ${folds}-fold CV ranked by ${objective === 'auc' ? `ROC AUC of ${ds.classNames[1]}` : 'accuracy'}, ${workerCount} worker${workerCount === 1 ? '' : 's'}`,
  );
  const started = performance.now();
  const { workers, stop } = startWorkers(ds, workerCount);
  const pool = createTrialPool(workers);
  const seen = new Map<number, string>();
  let report: SweepReport;
  try {
    report = await runSearch({
      space,
      base,
      sampler,
      trials,
      folds,
      seed,
      rungs,
      objective,
      concurrency: pool.size,
      runTrial: pool.runTrial,
      onUpdate: (r) => {
        for (const t of r.trials) {
          const key = `${t.status}:${t.rungs}`;
          if (seen.get(t.trial) === key || t.status === 'running' || t.status === 'pending') continue;
          seen.set(t.trial, key);
          const at = t.budget === null ? '' : ` at ${t.budget} ${r.budget?.split('.').pop()}`;
          const score =
            t.accuracy === null
              ? (t.error ?? '')
              : `accuracy ${t.accuracy.toFixed(3)}${typeof t.auc === 'number' ? ` AUC ${t.auc.toFixed(4)}` : ''}`;
          io.err(
            `trial ${t.trial}/${r.trials.length} ${t.status}${at}: ${score} (${describeSettings(t.settings)})`,
          );
        }
      },
    });
  } finally {
    await stop();
  }
  const seconds = (performance.now() - started) / 1000;
  const summary: SweepSummary = {
    ...report,
    trials: report.trials.map((t) => ({
      ...t,
      accuracy: t.accuracy === null ? null : round6(t.accuracy),
      macroF1: t.macroF1 === null ? null : round6(t.macroF1),
      accuracyStd: t.accuracyStd === null ? null : round6(t.accuracyStd),
      auc: typeof t.auc === 'number' ? round6(t.auc) : null,
      seconds: Math.round(t.seconds * 10) / 10,
    })),
    best: report.best && {
      ...report.best,
      accuracy: round6(report.best.accuracy),
      auc: report.best.auc === null ? null : round6(report.best.auc),
    },
    rows: ds.rows,
    classNames: [...ds.classNames],
    source: data.source,
    workers: workerCount,
    seconds: Math.round(seconds * 10) / 10,
  };
  if (!summary.best) throw new Error('No trial finished: see the errors above');
  if (args.booleans.has('json')) {
    io.out(JSON.stringify(summary));
  } else {
    const figure = (t: { accuracy: number | null; auc?: number | null }) =>
      (objective === 'auc' ? t.auc : t.accuracy) ?? -1;
    const ranked = [...summary.trials].sort((a, b) => figure(b) - figure(a));
    for (const t of ranked) {
      io.out(
        `#${String(t.trial).padStart(3)} ${(t.accuracy ?? NaN).toFixed(4)}${objective === 'auc' ? ` AUC ${(t.auc ?? NaN).toFixed(4)}` : ''} ${t.status.padEnd(8)} ${describeSettings(t.settings)}${t.base ? ' (the recommended config)' : ''}`,
      );
    }
    io.out(
      `best: trial ${summary.best.trial}, accuracy ${summary.best.accuracy.toFixed(4)}` +
        `${summary.best.auc === null ? '' : `, ROC AUC ${summary.best.auc.toFixed(4)}`} (${folds}-fold, ranked by ${objective})`,
    );
    io.out(`seconds ${summary.seconds}`);
  }
  return summary;
}

if (isEntry(import.meta.url)) {
  const argv = process.argv.slice(2);
  if (argv.includes('--help')) processIo.out(SWEEP_USAGE);
  else runCli(() => sweepCommand(argv, processIo).then(() => undefined), SWEEP_USAGE);
}

/**
 * Training benchmark (a report, not a test): cross-validates the engine's recommended tabular configs on the
 * shared GTZAN and Spike data in Node (WASM backend) and prints one JSON object with each figure beside its
 * target and wall-clock seconds.
 *
 *   npx tsx scripts/bench-train.ts            # both tasks
 *   npx tsx scripts/bench-train.ts gtzan      # one task (gtzan | spike)
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mergeDatasets, tabularFromCsv } from '../src/core/data/tabular';
import { crossValidate } from '../src/core/train/crossValidate';
import { recommendedConfig } from '../src/core/train/recommended';
import { initNodeTf } from '../src/node/tf';

const DATA = path.resolve(process.cwd(), '../shared/data/tabular');
const read = (file: string) => readFileSync(path.join(DATA, file), 'utf8');

interface TaskReport {
  task: string;
  metric: 'accuracy' | 'auc';
  value: number;
  target: number;
  pass: boolean;
  seconds: number;
  withinSeconds: number;
  folds: number;
  rows: number;
  macroF1: number;
  accuracyStd: number;
  config: unknown;
}

async function gtzan(): Promise<TaskReport> {
  const started = performance.now();
  const ds = tabularFromCsv(read('gtzan/features_30_sec.csv'), { drop: ['length'] });
  const segments = tabularFromCsv(read('gtzan/features_10_sec.csv'), { drop: ['length'] });
  const config = recommendedConfig('tabular', {
    rows: ds.rows + segments.rows,
    classes: ds.classNames.length,
  });
  const result = await crossValidate(ds, {
    model: config.model,
    training: config.training,
    ensemble: config.ensemble,
    extraTraining: segments,
    k: 10,
    seed: 0,
  });
  return report(
    'gtzan-30s (10-fold, + 10-s rows of training tracks)',
    'accuracy',
    result.accuracy,
    0.78,
    started,
    {
      folds: 10,
      rows: ds.rows,
      macroF1: result.macroF1,
      accuracyStd: result.accuracyStd,
      config,
    },
  );
}

async function spike(): Promise<TaskReport> {
  const started = performance.now();
  const drop = ['id_new', 'popularity', 'time_signature'];
  const ds = mergeDatasets(
    tabularFromCsv(read('spike-reggaeton/data_reggaeton.csv'), { labelFor: 'reggaeton', drop }),
    tabularFromCsv(read('spike-reggaeton/data_todotipo.csv'), { labelFor: 'other', drop }),
  );
  const config = recommendedConfig('tabular', { rows: ds.rows, classes: ds.classNames.length });
  const result = await crossValidate(ds, {
    model: config.model,
    training: config.training,
    ensemble: config.ensemble,
    k: 5,
    seed: 0,
  });
  return report('spike-reggaeton (5-fold)', 'auc', result.auc ?? NaN, 0.975, started, {
    folds: 5,
    rows: ds.rows,
    macroF1: result.macroF1,
    accuracyStd: result.accuracyStd,
    config,
  });
}

function report(
  task: string,
  metric: TaskReport['metric'],
  value: number,
  target: number,
  started: number,
  rest: Pick<TaskReport, 'folds' | 'rows' | 'macroF1' | 'accuracyStd' | 'config'>,
): TaskReport {
  const seconds = (performance.now() - started) / 1000;
  return {
    task,
    metric,
    value: round(value),
    target,
    pass: value >= target,
    seconds: round(seconds, 1),
    withinSeconds: 60,
    ...rest,
    macroF1: round(rest.macroF1),
    accuracyStd: round(rest.accuracyStd),
  };
}

function round(x: number, digits = 4): number {
  return Math.round(x * 10 ** digits) / 10 ** digits;
}

const tasks: Record<string, () => Promise<TaskReport>> = { gtzan, spike };
const wanted = process.argv.slice(2);
for (const name of wanted) {
  if (!(name in tasks)) throw new Error(`Unknown task "${name}": expected ${Object.keys(tasks).join(', ')}`);
}
const backend = await initNodeTf();
const reports: TaskReport[] = [];
for (const name of wanted.length > 0 ? wanted : Object.keys(tasks)) reports.push(await tasks[name]());
console.log(
  JSON.stringify(
    { backend, cpus: os.cpus().length, loadAverage: os.loadavg().map((l) => round(l, 2)), tasks: reports },
    null,
    2,
  ),
);

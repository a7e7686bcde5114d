/**
 * The Spike reggaeton CSVs as the training-job tests read them (the id and the two columns that give the
 * answer away left out), and a job over them split 70 / 15 / 15 by a fixed seed.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { mergeDatasets, tabularFromCsv, type TabularDataset } from '../data/tabular';
import { trainValTestSplit } from '../data/split';
import { tabularSpec } from '../features/spec';
import { parseModelConfig } from '../models/config';
import { parseTrainConfig, type TrainConfigInput } from './config';
import type { TrainJobInput } from './trainJob';

const SPIKE = path.resolve(process.cwd(), '../shared/data/tabular/spike-reggaeton');

export function loadSpike(): TabularDataset {
  const drop = ['id_new', 'popularity', 'time_signature'];
  return mergeDatasets(
    tabularFromCsv(readFileSync(path.join(SPIKE, 'data_reggaeton.csv'), 'utf8'), {
      labelFor: 'reggaeton',
      drop,
    }),
    tabularFromCsv(readFileSync(path.join(SPIKE, 'data_todotipo.csv'), 'utf8'), { labelFor: 'other', drop }),
  );
}

/** A training job on `ds` with this model and training; `more` names the run or adds PCA. */
export function spikeJob(
  ds: TabularDataset,
  model: unknown,
  training: TrainConfigInput,
  more: Partial<TrainJobInput> = {},
): TrainJobInput {
  return {
    runId: 'r1',
    name: 'Spike test',
    createdAt: '2024-05-01T12:00:00.000Z',
    task: 'reggaeton-test',
    x: ds.features.slice(),
    inputShape: [ds.columns.length],
    labels: ds.labels.slice(),
    ids: ds.ids,
    split: trainValTestSplit(ds.labels, ds.groups, { train: 0.7, val: 0.15, test: 0.15, seed: 3 }),
    classNames: ds.classNames,
    featureSpec: tabularSpec(ds.columns),
    source: 'data_reggaeton.csv + data_todotipo.csv',
    model: parseModelConfig(model),
    training: parseTrainConfig(training),
    modelSeed: 1,
    ...more,
  };
}

/** Raw feature rows of a job's test split, as Classify would read them from a CSV. */
export function testRowsOf(ds: TabularDataset, job: TrainJobInput): Float32Array {
  const cols = ds.columns.length;
  const raw = new Float32Array(job.split.test.length * cols);
  job.split.test.forEach((r, i) => raw.set(ds.features.subarray(r * cols, (r + 1) * cols), i * cols));
  return raw;
}

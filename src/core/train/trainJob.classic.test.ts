import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { mergeDatasets, tabularFromCsv, type TabularDataset } from '../data/tabular';
import { trainValTestSplit } from '../data/split';
import { tabularSpec } from '../features/spec';
import { parseModelConfig } from '../models/config';
import { openRunnableModel, predictRows, projectExamples, standardizeExamples } from '../predict/modelRunner';
import { parseTrainConfig } from './config';
import { runTrainJob, type TrainJobInput } from './trainJob';

const spike = path.resolve(process.cwd(), '../shared/data/tabular/spike-reggaeton');
let ds: TabularDataset;

beforeAll(() => {
  const drop = ['id_new', 'popularity', 'time_signature'];
  ds = mergeDatasets(
    tabularFromCsv(readFileSync(path.join(spike, 'data_reggaeton.csv'), 'utf8'), {
      labelFor: 'reggaeton',
      drop,
    }),
    tabularFromCsv(readFileSync(path.join(spike, 'data_todotipo.csv'), 'utf8'), { labelFor: 'other', drop }),
  );
});

function job(model: unknown): TrainJobInput {
  const split = trainValTestSplit(ds.labels, ds.groups, { train: 0.7, val: 0.15, test: 0.15, seed: 3 });
  return {
    runId: 'r1',
    name: 'Spike classic test',
    createdAt: '2024-05-01T12:00:00.000Z',
    task: 'reggaeton',
    x: ds.features.slice(),
    inputShape: [ds.columns.length],
    labels: ds.labels.slice(),
    ids: ds.ids,
    split,
    classNames: ds.classNames,
    featureSpec: tabularSpec(ds.columns),
    source: 'data_reggaeton.csv + data_todotipo.csv',
    model: parseModelConfig(model),
    training: parseTrainConfig({}),
    modelSeed: 1,
  };
}

describe('runTrainJob with classic families on the Spike reggaeton data', () => {
  it('fits gradient boosting with progress per round, scores the test rows and saves a classic bundle that predicts the same', async () => {
    const input = job({ family: 'gradient-boosting', nEstimators: 30 });
    const stages: string[] = [];
    const rounds: number[] = [];
    const outcome = await runTrainJob(input, {
      onStage: (s) => stages.push(s),
      onEpoch: (e) => rounds.push(e.epoch),
    });
    expect(outcome.status).toBe('done');
    if (outcome.status !== 'done') return;
    expect(stages).toEqual(['building', 'training', 'evaluating', 'saving']);
    expect(rounds).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    const { result, artifacts } = outcome;
    expect(result.evaluation.confusion.flat().reduce((a, b) => a + b, 0)).toBe(input.split.test.length);
    expect(result.rocCurve!.auc).toBeGreaterThan(0.9);
    expect(artifacts.bundle.meta.kind).toBe('classic');
    expect(artifacts.bundle.meta.metrics.confusion).toEqual(result.evaluation.confusion);
    // The scatter is a PCA of the class probabilities.
    expect(artifacts.projection!.space).toBe('embedding');
    expect(artifacts.bundle.meta.projection!.mean).toHaveLength(2);

    // Classify's door: the bundle opens and scores raw rows exactly as the job scored its test split.
    const runnable = await openRunnableModel(artifacts.bundle);
    const cols = ds.columns.length;
    const raw = new Float32Array(input.split.test.length * cols);
    input.split.test.forEach((r, i) => raw.set(ds.features.subarray(r * cols, (r + 1) * cols), i * cols));
    const probs = predictRows(runnable, raw);
    for (let i = 0; i < probs.length; i++) expect(probs[i]).toBeCloseTo(artifacts.test.probs[i], 5);
    const rows = input.split.test.length;
    const standardized = standardizeExamples(raw, runnable.meta.inputShape, runnable.meta.normalization);
    const placed = projectExamples(runnable, standardized, rows)!;
    expect(placed).toHaveLength(rows * 2);
    expect(placed.every((v) => Number.isFinite(v))).toBe(true);
    runnable.classifier.dispose();
  });

  it('reports a cancelled forest as cancelled', async () => {
    const controller = new AbortController();
    const outcome = await runTrainJob(job({ family: 'random-forest', nEstimators: 400 }), {
      signal: controller.signal,
      onEpoch: (e) => {
        if (e.epoch === 2) controller.abort();
      },
    });
    expect(outcome.status).toBe('cancelled');
  });
});

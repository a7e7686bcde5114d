import { beforeAll, describe, expect, it } from 'vitest';
import { type TabularDataset } from '../data/tabular';
import { openRunnableModel, predictRows, projectExamples, standardizeExamples } from '../predict/modelRunner';
import { runTrainJob, type TrainJobInput } from './trainJob';
import { loadSpike, spikeJob, testRowsOf } from './spikeJob.testing';

let ds: TabularDataset;

beforeAll(() => {
  ds = loadSpike();
});

const job = (model: unknown): TrainJobInput =>
  spikeJob(ds, model, {}, { name: 'Spike classic test', task: 'reggaeton' });

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
    const raw = testRowsOf(ds, input);
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

import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../core/eval/metrics';
import { rocCurve } from '../../../core/eval/roc';
import { defaultModelConfig } from '../../../core/models/config';
import { parseTrainConfig } from '../../../core/train/config';
import type { EpochLog, RunRecord } from '../../../state/training';
import { hasCurve, runCurves, runRow, sortRunRows } from './runRows';

function epoch(n: number, valLoss: number | null, phase: EpochLog['phase'] = 'train'): EpochLog {
  return {
    phase,
    epoch: n,
    epochs: 3,
    loss: 1 / n,
    acc: phase === 'train' ? 0.5 : null,
    valLoss,
    valAcc: valLoss === null ? null : 1 - valLoss,
    lr: 0.01,
    seconds: 1,
  };
}

function run(id: string, family: 'mlp' | 'knn', createdAt: string, probs?: number[]): RunRecord {
  const record: RunRecord = {
    id,
    name: `Run ${id}`,
    createdAt,
    config: {
      model: defaultModelConfig(family),
      training: parseTrainConfig({ optimizer: { type: 'sgd', learningRate: 0.05 }, epochs: 3 }),
      split: { train: 0.7, val: 0.15, test: 0.15, seed: 0 },
      modelSeed: 0,
      features: ['a'],
      augment: null,
    },
    datasetSummary: {
      kind: 'csv',
      featureSet: 'csv',
      source: 'x.csv',
      classNames: ['no', 'yes'],
      classCounts: [2, 2],
      rows: 4,
      inputShape: [1],
    },
    epochs: family === 'knn' ? [] : [epoch(1, null, 'pretrain'), epoch(1, 0.6), epoch(2, 0.4)],
    phase: probs ? 'done' : 'training',
    backend: 'wasm',
  };
  if (probs) {
    // Four test rows, two per class, scored with P(yes) = probs.
    const y = [0, 0, 1, 1];
    const p = probs.flatMap((q) => [1 - q, q]);
    record.result = {
      evaluation: evaluate(y, p, ['no', 'yes']),
      testRows: 4,
      rocCurve: rocCurve(y, probs),
      stopReason: 'completed',
      bestEpoch: null,
      trainSeconds: 1,
      totalSeconds: 2,
    };
  }
  return record;
}

describe('run rows', () => {
  const a = run('a', 'mlp', '2024-05-01T10:00:00Z', [0.1, 0.6, 0.4, 0.9]); // acc 0.5, AUC 0.75
  const b = run('b', 'mlp', '2024-05-01T11:00:00Z', [0.1, 0.2, 0.8, 0.9]); // acc 1, AUC 1
  const c = run('c', 'knn', '2024-05-01T12:00:00Z'); // still running: no scores, no optimiser

  it('reads settings and final scores; k-NN has no optimiser', () => {
    expect(runRow(a)).toMatchObject({
      family: 'mlp',
      optimizer: 'sgd',
      learningRate: 0.05,
      epochs: 2,
      plannedEpochs: 3,
      accuracy: 0.5,
      auc: 0.75,
      classes: 2,
    });
    expect(runRow(b)).toMatchObject({ accuracy: 1, macroF1: 1, auc: 1 });
    expect(runRow(c)).toMatchObject({ family: 'knn', optimizer: null, learningRate: null, accuracy: null });
  });

  it('sorts either way, with missing values last', () => {
    const rows = [a, b, c].map(runRow);
    const ids = (key: Parameters<typeof sortRunRows>[1]) => sortRunRows(rows, key).map((r) => r.id);
    expect(ids({ key: 'accuracy', direction: 'desc' })).toEqual(['b', 'a', 'c']);
    expect(ids({ key: 'accuracy', direction: 'asc' })).toEqual(['a', 'b', 'c']);
    expect(ids({ key: 'family', direction: 'asc' })).toEqual(['c', 'a', 'b']);
    expect(ids({ key: 'optimizer', direction: 'desc' })).toEqual(['a', 'b', 'c']);
    expect(ids({ key: 'createdAt', direction: 'desc' })).toEqual(['c', 'b', 'a']);
  });

  it('gives each run its training-phase curve, and knows when no run has one', () => {
    const curves = runCurves([a, c], 'valLoss');
    expect(curves[0]).toEqual({
      id: 'a',
      name: 'Run a',
      points: [
        { epoch: 1, value: 0.6 },
        { epoch: 2, value: 0.4 },
      ],
    });
    expect(curves[1].points).toEqual([]);
    expect(hasCurve([a], 'valAcc')).toBe(true);
    expect(hasCurve([c], 'valAcc')).toBe(false);
  });
});

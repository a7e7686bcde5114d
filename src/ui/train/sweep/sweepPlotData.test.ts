import { describe, expect, it } from 'vitest';
import { baseConfigFor } from '../../../core/sweep/configs';
import type { SweepReport } from '../../../core/sweep/search';
import type { SearchParam } from '../../../core/sweep/space';
import { sweepWorkerCount } from '../../../workers/sweepClient';
import { settingPlots } from './sweepPlotData';

const params: SearchParam[] = [
  { name: 'hidden', path: 'model.hidden', spec: { kind: 'choice', values: [[64], [256, 128]] } },
  { name: 'l2', path: 'model.l2', spec: { kind: 'float', min: 1e-5, max: 1e-2, log: true } },
  { name: 'dropout', path: 'model.dropout', spec: { kind: 'float', min: 0, max: 0.5 } },
];

function report(): SweepReport {
  const config = baseConfigFor('mlp', 'tabular', { rows: 100, classes: 3 });
  const trial = (
    n: number,
    hidden: number[],
    l2: number,
    accuracy: number | null,
    status: 'done' | 'stopped' | 'running',
  ) => ({
    trial: n,
    settings: { hidden, l2, dropout: 0.1 * n },
    config,
    status,
    accuracy,
    macroF1: accuracy,
    accuracyStd: 0,
    budget: 10,
    rungs: 1,
    seconds: 1,
  });
  return {
    version: 1,
    family: 'mlp',
    sampler: 'random',
    folds: 3,
    seed: 0,
    rungs: [1 / 3, 1],
    budget: 'training.epochs',
    trials: [
      trial(1, [256, 128], 1e-3, 0.8, 'done'),
      trial(2, [64], 1e-4, 0.6, 'stopped'),
      trial(3, [64], 1e-5, null, 'running'),
    ],
    best: null,
    cancelled: false,
  };
}

describe('settingPlots', () => {
  it('one plot per setting, a point per scored trial, choices by index and log axes on powers of ten', () => {
    const [hidden, l2, dropout] = settingPlots(report(), params);
    expect(hidden).toMatchObject({
      axis: 'category',
      categories: ['64', '256-128'],
      domain: [-0.5, 1.5],
      ticks: [0, 1],
    });
    expect(hidden.scoreName).toBe('accuracy');
    expect(hidden.points.map((p) => [p.x, p.score, p.status])).toEqual([
      [1, 0.8, 'done'],
      [0, 0.6, 'stopped'],
    ]);
    expect(l2).toMatchObject({ axis: 'log', domain: [1e-5, 1e-2], ticks: [1e-5, 1e-4, 1e-3, 1e-2] });
    expect(dropout).toMatchObject({ axis: 'linear', domain: [0, 0.5], ticks: [0, 0.25, 0.5] });
  });
});

describe('settingPlots of a search ranked by ROC AUC', () => {
  it('puts each trial at its AUC, not its accuracy, and leaves out trials without one', () => {
    const r = report();
    const ranked: SweepReport = {
      ...r,
      objective: 'auc',
      trials: r.trials.map((t, i) => ({ ...t, auc: i === 0 ? 0.97 : null })),
    };
    const [hidden] = settingPlots(ranked, params);
    expect(hidden.scoreName).toBe('ROC AUC');
    expect(hidden.points.map((p) => [p.trial, p.score])).toEqual([[1, 0.97]]);
  });
});

describe('sweepWorkerCount', () => {
  it('one per core, at most four and at most the trials', () => {
    expect(sweepWorkerCount(20, 2)).toBe(2);
    expect(sweepWorkerCount(20, 16)).toBe(4);
    expect(sweepWorkerCount(3, 16)).toBe(3);
    expect(sweepWorkerCount(5, undefined)).toBe(2);
  });
});

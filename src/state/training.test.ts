import { describe, expect, it } from 'vitest';
import { defaultModelConfig } from '../core/models/config';
import { DEFAULT_TRAIN_CONFIG } from '../core/train/config';
import { useAppStore } from './store';
import type { RunRecord } from './training';

function run(id: string): RunRecord {
  return {
    id,
    name: `Run ${id}`,
    createdAt: '2024-05-01T12:00:00.000Z',
    config: {
      model: defaultModelConfig('mlp'),
      training: DEFAULT_TRAIN_CONFIG,
      split: { train: 0.7, val: 0.15, test: 0.15, seed: 0 },
      modelSeed: 0,
      features: ['a', 'b'],
      augment: null,
    },
    datasetSummary: {
      kind: 'csv',
      featureSet: 'csv',
      source: 'x.csv',
      classNames: ['no', 'yes'],
      classCounts: [3, 4],
      rows: 7,
      inputShape: [2],
    },
    epochs: [],
    phase: 'starting',
    backend: null,
  };
}

const epoch = (n: number) => ({
  phase: 'train' as const,
  epoch: n,
  epochs: 3,
  loss: 1 / n,
  acc: 0.5,
  valLoss: null,
  valAcc: null,
  lr: 0.001,
  seconds: 0.1,
});

describe('training slice', () => {
  it('adds runs (the newest becomes active), appends epochs and updates only the run named', () => {
    const s = useAppStore.getState();
    s.addRun(run('a'));
    s.addRun(run('b'));
    expect(useAppStore.getState().activeRunId).toBe('b');
    s.appendEpoch('a', epoch(1));
    s.appendEpoch('a', epoch(2));
    s.updateRun('a', { phase: 'training', backend: 'wasm' });
    s.updateRun('missing', { phase: 'error' });
    const [a, b] = useAppStore.getState().runs;
    expect(a.epochs.map((e) => e.epoch)).toEqual([1, 2]);
    expect(a.phase).toBe('training');
    expect(a.backend).toBe('wasm');
    expect(b.epochs).toEqual([]);
    expect(b.phase).toBe('starting');
  });

  it('renames (refusing an empty name) and removes, clearing the active run when it goes', () => {
    const s = useAppStore.getState();
    s.renameRun('a', '  MLP, 2 layers ');
    expect(useAppStore.getState().runs[0].name).toBe('MLP, 2 layers');
    expect(() => s.renameRun('a', '   ')).toThrow('Expected a run name, got an empty one');
    s.removeRun('b');
    expect(useAppStore.getState().runs.map((r) => r.id)).toEqual(['a']);
    expect(useAppStore.getState().activeRunId).toBeNull();
  });
});

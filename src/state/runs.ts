import type { StateCreator } from 'zustand';
import type { AppState } from './store';

/**
 * What the Judge, Compare and Keep panels remember about training runs (kept by id in `training.ts`): which
 * runs are overlaid, how the run table is sorted, which run is judged, and the threshold the user chose.
 */

export type RunSortKey =
  | 'name'
  | 'createdAt'
  | 'family'
  | 'optimizer'
  | 'learningRate'
  | 'epochs'
  | 'batchSize'
  | 'accuracy'
  | 'macroF1'
  | 'auc';

export const RUN_SORT_KEYS: readonly RunSortKey[] = [
  'name',
  'createdAt',
  'family',
  'optimizer',
  'learningRate',
  'epochs',
  'batchSize',
  'accuracy',
  'macroF1',
  'auc',
];

export interface RunsSort {
  key: RunSortKey;
  direction: 'asc' | 'desc';
}

export interface RunsSlice {
  /** Runs whose curves Compare overlays, in the order they were picked. */
  comparedRunIds: string[];
  runsSort: RunsSort;
  /** The run Judge shows; null: the latest finished one. */
  judgedRunId: string | null;
  /** Cut-off on the positive class's probability the user chose per run (two-class runs). */
  chosenThresholds: Record<string, number>;
  toggleComparedRun(id: string): void;
  setComparedRuns(ids: string[]): void;
  /** Sorts by `key`; the same key again flips the direction. Metrics start best-first. */
  sortRunsBy(key: RunSortKey): void;
  judgeRun(id: string | null): void;
  chooseThreshold(runId: string, threshold: number): void;
}

/** Higher is better for these: a first click sorts them descending. */
const DESCENDING_FIRST: ReadonlySet<RunSortKey> = new Set(['accuracy', 'macroF1', 'auc', 'createdAt']);

export const createRunsSlice: StateCreator<AppState, [], [], RunsSlice> = (set) => ({
  comparedRunIds: [],
  runsSort: { key: 'createdAt', direction: 'desc' },
  judgedRunId: null,
  chosenThresholds: {},
  toggleComparedRun: (id) =>
    set((s) => ({
      comparedRunIds: s.comparedRunIds.includes(id)
        ? s.comparedRunIds.filter((x) => x !== id)
        : [...s.comparedRunIds, id],
    })),
  setComparedRuns: (ids) => set({ comparedRunIds: [...new Set(ids)] }),
  sortRunsBy: (key) => {
    if (!RUN_SORT_KEYS.includes(key)) {
      throw new Error(`Expected a run sort key (${RUN_SORT_KEYS.join(', ')}), got ${String(key)}`);
    }
    set((s) => ({
      runsSort:
        s.runsSort.key === key
          ? { key, direction: s.runsSort.direction === 'asc' ? 'desc' : 'asc' }
          : { key, direction: DESCENDING_FIRST.has(key) ? 'desc' : 'asc' },
    }));
  },
  judgeRun: (id) => set({ judgedRunId: id }),
  chooseThreshold: (runId, threshold) => {
    if (!(Number.isFinite(threshold) && threshold >= 0 && threshold <= 1)) {
      throw new Error(`Expected a threshold in [0, 1], got ${threshold}`);
    }
    set((s) => ({ chosenThresholds: { ...s.chosenThresholds, [runId]: threshold } }));
  },
});

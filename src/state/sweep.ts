import type { StateCreator } from 'zustand';
import type { ModelFamily } from '../core/models/config';
import type { SamplerKind } from '../core/sweep/sampler';
import type { SweepObjective, SweepReport } from '../core/sweep/search';
import type { AppState } from './store';

/** The hyper-parameter search of the Train view: its settings, and the live report of its trials. */
export type SweepPhase = 'idle' | 'running' | 'done' | 'cancelled' | 'error';

export interface SweepSettings {
  family: ModelFamily;
  trials: number;
  folds: number;
  sampler: SamplerKind;
  seed: number;
  /** What ranks the trials: accuracy, or ROC AUC (two classes). */
  objective: SweepObjective;
}

export interface SweepSlice {
  sweepSettings: SweepSettings;
  sweepPhase: SweepPhase;
  /** The latest report (every trial so far); kept after the search ends. */
  sweepReport: SweepReport | null;
  sweepError: string | null;
  /** Workers the search runs on. */
  sweepWorkers: number;
  setSweepSettings(patch: Partial<SweepSettings>): void;
  patchSweep(
    patch: Partial<Pick<SweepSlice, 'sweepPhase' | 'sweepReport' | 'sweepError' | 'sweepWorkers'>>,
  ): void;
}

export const DEFAULT_SWEEP_SETTINGS: SweepSettings = {
  family: 'mlp',
  trials: 12,
  folds: 3,
  sampler: 'random',
  seed: 0,
  objective: 'accuracy',
};

export const createSweepSlice: StateCreator<AppState, [], [], SweepSlice> = (set) => ({
  sweepSettings: DEFAULT_SWEEP_SETTINGS,
  sweepPhase: 'idle',
  sweepReport: null,
  sweepError: null,
  sweepWorkers: 0,
  setSweepSettings: (patch) => set((s) => ({ sweepSettings: { ...s.sweepSettings, ...patch } })),
  patchSweep: (patch) => set(patch),
});

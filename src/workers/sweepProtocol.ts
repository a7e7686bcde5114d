/** Messages between the search's pool (`src/workers/sweepClient.ts`) and each `sweep.worker.ts`. */
import type { TabularDataset } from '../core/data/tabular';
import type { TrialScore } from '../core/sweep/halving';
import type { TrialJob } from '../core/sweep/trialJob';

export type SweepRequest =
  /** The rows every trial of this worker is scored on (a copy per worker). */
  { id: number; type: 'load'; dataset: TabularDataset } | { id: number; type: 'score'; job: TrialJob };

export type SweepReply =
  | { id: number; type: 'loaded' }
  | { id: number; type: 'score'; score: TrialScore; backend: string }
  | { id: number; type: 'error'; message: string };

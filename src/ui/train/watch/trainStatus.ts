import type { DatasetPhase } from '../../../state/dataset';
import type { RunPhase } from '../../../state/training';

/** What `train.status` says: the data step's work first, then the followed run's lifecycle. */
export type TrainStatus = 'idle' | 'extracting' | 'training' | 'done' | 'cancelled' | 'error';

export function trainStatus(datasetPhase: DatasetPhase, runPhase: RunPhase | null): TrainStatus {
  if (datasetPhase === 'decoding' || datasetPhase === 'extracting' || datasetPhase === 'reading') {
    return 'extracting';
  }
  switch (runPhase) {
    case null:
      return 'idle';
    case 'starting':
    case 'training':
    case 'evaluating':
      return 'training';
    default:
      return runPhase;
  }
}

export const isRunActive = (phase: RunPhase | null | undefined): boolean =>
  phase === 'starting' || phase === 'training' || phase === 'evaluating';

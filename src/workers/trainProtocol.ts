/** Messages between the Train view (`src/workers/trainClient.ts`) and `train.worker.ts`. */
import type { BackendPreference } from '../core/backend';
import type { EpochEvent } from '../core/train/train';
import type { TrainJobInput, TrainJobOutcome, TrainStage } from '../core/train/trainJob';

export type TrainRequest =
  /** `backend`: the user's choice of TF.js backend (default automatic). */
  | { id: number; type: 'train'; job: TrainJobInput; backend?: BackendPreference }
  | { id: number; type: 'cancel' };

export type TrainReply =
  | { id: number; type: 'backend'; backend: string; reason: string; label: string }
  | { id: number; type: 'stage'; stage: TrainStage }
  | { id: number; type: 'epoch'; event: EpochEvent }
  | { id: number; type: 'result'; outcome: TrainJobOutcome }
  | { id: number; type: 'error'; message: string };

/** The buffers of a job's input, to transfer rather than copy. */
export function jobTransferables(job: TrainJobInput): ArrayBuffer[] {
  const buffers = [
    job.x.buffer,
    job.labels.buffer,
    job.split.train.buffer,
    job.split.val.buffer,
    job.split.test.buffer,
  ];
  if (job.extraTrain) buffers.push(job.extraTrain.x.buffer, job.extraTrain.labels.buffer);
  return unique(buffers);
}

/** The buffers of a finished job (the weights above all), to transfer rather than copy. */
export function outcomeTransferables(outcome: TrainJobOutcome): ArrayBuffer[] {
  if (outcome.status !== 'done') return [];
  const { bundle, test, validation, projection } = outcome.artifacts;
  const buffers: ArrayBufferLike[] = [bundle.weights, test.probs.buffer, test.labels.buffer];
  if (validation) buffers.push(validation.probs.buffer, validation.labels.buffer);
  if (projection) {
    buffers.push(projection.train.points.buffer, projection.train.labels.buffer);
    buffers.push(projection.test.points.buffer, projection.test.labels.buffer);
    if (projection.vectors) buffers.push(projection.vectors.train.buffer, projection.vectors.test.buffer);
  }
  return unique(buffers);
}

function unique(buffers: ArrayBufferLike[]): ArrayBuffer[] {
  return [...new Set(buffers)].filter((b): b is ArrayBuffer => b instanceof ArrayBuffer && b.byteLength > 0);
}

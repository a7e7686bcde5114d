/** Messages between the Train view (`src/workers/trainClient.ts`) and `train.worker.ts`. */
import type { BackendPreference } from '../core/backend';
import type { FeatureSpec } from '../core/features/spec';
import type { ModelConfig } from '../core/models/config';
import type { TrainConfig } from '../core/train/config';
import type { EpochEvent } from '../core/train/train';
import type { RunArtifacts } from '../core/train/runResults';
import type { RunResult } from '../state/training';

/** Row indices (into the job's rows) of each part of a grouped, stratified split. */
export interface SplitIndices {
  train: Int32Array;
  val: Int32Array;
  test: Int32Array;
}

/** What one training job needs: raw (unnormalised) rows, their split, and the configs. */
export interface TrainJobInput {
  runId: string;
  /** Names the saved model (meta.name). */
  name: string;
  createdAt: string;
  /** meta.task: a free name for a user's own model. */
  task: string;
  /** rows × inputSize, row-major, before standardisation (the job fits it on the training rows). */
  x: Float32Array;
  inputShape: number[];
  labels: Int32Array;
  ids: string[];
  split: SplitIndices;
  /** Augmented copies of training clips: training rows only, never validated or tested on. */
  extraTrain?: { x: Float32Array; labels: Int32Array };
  classNames: string[];
  featureSpec: FeatureSpec;
  /** Where the rows came from, in a few words (meta.data.source). */
  source: string;
  model: ModelConfig;
  training: TrainConfig;
  modelSeed: number;
}

export type TrainStage = 'building' | 'training' | 'evaluating' | 'saving';

/** A finished job: the store's summary and, for the run-results service, the bulky parts. */
export interface TrainJobDone {
  status: 'done';
  result: RunResult;
  artifacts: Omit<RunArtifacts, 'runId'>;
}

export type TrainJobOutcome = TrainJobDone | { status: 'cancelled' };

export type TrainRequest =
  /** `backend`: the user's choice of TF.js backend (default automatic). */
  | { id: number; type: 'train'; job: TrainJobInput; backend?: BackendPreference }
  | { id: number; type: 'cancel' };

export type TrainReply =
  | { id: number; type: 'backend'; backend: string; reason: string }
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
  }
  return unique(buffers);
}

function unique(buffers: ArrayBufferLike[]): ArrayBuffer[] {
  return [...new Set(buffers)].filter((b): b is ArrayBuffer => b instanceof ArrayBuffer && b.byteLength > 0);
}

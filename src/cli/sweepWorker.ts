/**
 * A worker thread of `sweep`: holds the dataset (sent once, in workerData) and scores one trial job at a time by
 * cross-validation. Messages: `{ id, job }` in; `{ id, score }` or `{ id, error }` out.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { TabularDataset } from '../core/data/tabular';
import type { TrialScore } from '../core/sweep/halving';
import { scoreTrialJob, type TrialJob } from '../core/sweep/trialJob';
import { initNodeTf } from '../node/tf';

export type SweepWorkerRequest = { id: number; job: TrialJob };
export type SweepWorkerReply = { id: number; score: TrialScore } | { id: number; error: string };

const port = parentPort;
if (!port) throw new Error('sweepWorker.ts runs as a worker thread of the sweep command');
const dataset = (workerData as { dataset: TabularDataset }).dataset;
const ready = initNodeTf();

port.on('message', (request: SweepWorkerRequest) => {
  void ready
    .then(() => scoreTrialJob(dataset, request.job))
    .then(
      (score) => port.postMessage({ id: request.id, score } satisfies SweepWorkerReply),
      (error: unknown) =>
        port.postMessage({
          id: request.id,
          error: error instanceof Error ? error.message : String(error),
        } satisfies SweepWorkerReply),
    );
});

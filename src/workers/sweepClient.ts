import type { TabularDataset } from '../core/data/tabular';
import type { TrialScore } from '../core/sweep/halving';
import type { TrialWorker } from '../core/sweep/pool';
import type { TrialJob } from '../core/sweep/trialJob';
import type { SweepReply, SweepRequest } from './sweepProtocol';

/** At most this many search workers, whatever the machine reports: each holds the rows and a TF.js runtime. */
export const MAX_SWEEP_WORKERS = 4;

/** One worker per core the browser reports, at most `MAX_SWEEP_WORKERS` and at most the trials. */
export function sweepWorkerCount(trials: number, cores = globalThis.navigator?.hardwareConcurrency): number {
  return Math.max(1, Math.min(cores || 2, MAX_SWEEP_WORKERS, trials));
}

export interface SweepWorkers {
  workers: TrialWorker[];
  /** Terminates every worker; jobs in flight fail with `reason`. */
  dispose(reason?: string): void;
}

/** Starts `count` search workers, each with its own copy of `dataset`. */
export function createSweepWorkers(dataset: TabularDataset, count: number): SweepWorkers {
  const stops: Array<(reason: string) => void> = [];
  const workers = Array.from({ length: count }, (): TrialWorker => {
    const worker = new Worker(new URL('./sweep.worker.ts', import.meta.url), { type: 'module' });
    let nextId = 1;
    const pending = new Map<number, { resolve: (s: TrialScore) => void; reject: (e: Error) => void }>();
    let dead: Error | null = null;
    const failAll = (error: Error) => {
      dead ??= error;
      for (const p of pending.values()) p.reject(error);
      pending.clear();
    };
    worker.addEventListener('message', (event: MessageEvent<SweepReply>) => {
      const message = event.data;
      const p = pending.get(message.id);
      if (!p || message.type === 'loaded') return;
      pending.delete(message.id);
      if (message.type === 'score') p.resolve(message.score);
      else p.reject(new Error(message.message));
    });
    worker.addEventListener('error', (event: ErrorEvent) =>
      failAll(new Error(`A search worker failed: ${event.message || 'could not start'}`)),
    );
    worker.postMessage({ id: 0, type: 'load', dataset } satisfies SweepRequest);
    stops.push((reason) => {
      worker.terminate();
      failAll(new Error(reason));
    });
    return {
      score: (job: TrialJob) =>
        new Promise<TrialScore>((resolve, reject) => {
          if (dead) return reject(dead);
          const id = nextId++;
          pending.set(id, { resolve, reject });
          worker.postMessage({ id, type: 'score', job } satisfies SweepRequest);
        }),
    };
  });
  return {
    workers,
    dispose: (reason = 'The search was stopped') => stops.forEach((stop) => stop(reason)),
  };
}

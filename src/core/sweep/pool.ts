/**
 * A pool of trial workers: each takes one job at a time; a job waits for the first free worker. The workers
 * themselves (worker_threads in Node, Web Workers in the page) are the caller's; this only hands jobs out.
 */
import type { TrialScore } from './halving';
import type { TrialJob } from './trialJob';

export interface TrialWorker {
  score(job: TrialJob): Promise<TrialScore>;
}

export interface TrialPool {
  readonly size: number;
  runTrial(job: TrialJob): Promise<TrialScore>;
}

export function createTrialPool(workers: readonly TrialWorker[]): TrialPool {
  if (workers.length === 0) throw new Error('Expected at least one trial worker');
  const idle = [...workers];
  const waiting: Array<(worker: TrialWorker) => void> = [];
  const release = (worker: TrialWorker) => {
    const next = waiting.shift();
    if (next) next(worker);
    else idle.push(worker);
  };
  return {
    size: workers.length,
    async runTrial(job) {
      const worker = idle.pop() ?? (await new Promise<TrialWorker>((resolve) => waiting.push(resolve)));
      try {
        return await worker.score(job);
      } finally {
        release(worker);
      }
    },
  };
}

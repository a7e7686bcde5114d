/**
 * A small pool of worker threads for the row jobs: each worker loads `workerModule` through tsx, and that module
 * answers every job message with its result. Results come back in job order, whatever worker ran them.
 */
import { Worker } from 'node:worker_threads';
import { log } from './config';

export async function runPool<Job extends { id: number }, Result extends { id: number; x: Float32Array }>(
  workerModule: string,
  jobs: readonly Job[],
  workerData: Record<string, unknown>,
  count: number,
): Promise<Result[]> {
  if (jobs.length === 0) return [];
  const boot = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(workerModule)}); })`;
  const results = new Array<Result>(jobs.length);
  let next = 0;
  let done = 0;
  const workers = Array.from(
    { length: Math.min(count, jobs.length) },
    () => new Worker(boot, { eval: true, workerData }),
  );
  try {
    await new Promise<void>((resolve, reject) => {
      for (const w of workers) {
        w.on('error', reject);
        w.on('message', (r: Result) => {
          results[r.id] = r;
          done++;
          if (done % 50 === 0 || done === jobs.length) log(`  rows: ${done}/${jobs.length} jobs`);
          if (done === jobs.length) resolve();
          else if (next < jobs.length) w.postMessage(jobs[next++]);
        });
        if (next < jobs.length) w.postMessage(jobs[next++]);
      }
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}

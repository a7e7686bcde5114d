import type { ProjectionReply, UmapRequest } from './projectionProtocol';

export interface UmapLayout {
  /** picked.length × 2, row-major. */
  points: Float32Array;
  /** Which of the given rows each point is. */
  picked: Int32Array;
}

/** Talks to the projection worker: one UMAP layout per call, vectors copied in, points transferred back. */
export interface ProjectionClient {
  umap(
    vectors: Float32Array,
    rows: number,
    dim: number,
    options: { seed: number; maxPoints: number },
  ): Promise<UmapLayout>;
  dispose(): void;
}

export function createProjectionClient(): ProjectionClient {
  const worker = new Worker(new URL('./projection.worker.ts', import.meta.url), { type: 'module' });
  const pending = new Map<number, { resolve: (r: UmapLayout) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  const onMessage = (event: MessageEvent<ProjectionReply>) => {
    const reply = event.data;
    const waiter = pending.get(reply.id);
    if (!waiter) return;
    pending.delete(reply.id);
    if (reply.type === 'error') waiter.reject(new Error(reply.message));
    else waiter.resolve({ points: reply.points, picked: reply.picked });
  };
  const onError = (event: ErrorEvent) => {
    const error = new Error(`The projection worker failed: ${event.message || 'could not start'}`);
    for (const waiter of pending.values()) waiter.reject(error);
    pending.clear();
  };
  worker.addEventListener('message', onMessage);
  worker.addEventListener('error', onError);
  return {
    umap(vectors, rows, dim, options) {
      const request: UmapRequest = {
        id: nextId++,
        type: 'umap',
        vectors: vectors.slice(),
        rows,
        dim,
        ...options,
      };
      return new Promise((resolve, reject) => {
        pending.set(request.id, { resolve, reject });
        worker.postMessage(request, [request.vectors.buffer]);
      });
    },
    dispose() {
      worker.removeEventListener('message', onMessage);
      worker.removeEventListener('error', onError);
      worker.terminate();
      const error = new Error('The projection worker was closed');
      for (const waiter of pending.values()) waiter.reject(error);
      pending.clear();
    },
  };
}

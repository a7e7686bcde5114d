import type { ProjectionReply, UmapRequest } from './projectionProtocol';
import { workerRequests } from './workerRequests';

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
  const requests = workerRequests<UmapRequest, ProjectionReply>(worker, 'projection worker');
  return {
    async umap(vectors, rows, dim, options) {
      const copy = vectors.slice();
      const reply = await requests.send({ type: 'umap', vectors: copy, rows, dim, ...options }, [
        copy.buffer,
      ]);
      return { points: reply.points, picked: reply.picked };
    },
    dispose: () => requests.dispose(),
  };
}

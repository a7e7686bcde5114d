/** Messages between the scatter plots and `projection.worker.ts`. Buffers travel as transferables. */
export interface UmapRequest {
  id: number;
  type: 'umap';
  /** rows × dim, row-major. */
  vectors: Float32Array;
  rows: number;
  dim: number;
  seed: number;
  maxPoints: number;
}

export type ProjectionReply =
  | { id: number; type: 'umap'; points: Float32Array; picked: Int32Array }
  | { id: number; type: 'error'; message: string };

/// <reference lib="webworker" />
/** Lays out vectors with UMAP off the main thread, for the scatters' "PCA / UMAP" toggle. */
import { umap2d } from '../core/eval/umap';
import type { ProjectionReply, UmapRequest } from './projectionProtocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.addEventListener('message', (event: MessageEvent<UmapRequest>) => {
  const request = event.data;
  let reply: ProjectionReply;
  try {
    if (request.type !== 'umap') throw new Error(`Unknown request type ${String(request.type)}`);
    const { points, picked } = umap2d(request.vectors, request.rows, request.dim, {
      seed: request.seed,
      maxPoints: request.maxPoints,
    });
    reply = { id: request.id, type: 'umap', points, picked };
    scope.postMessage(reply, [points.buffer, picked.buffer]);
  } catch (error) {
    reply = {
      id: request.id,
      type: 'error',
      message: error instanceof Error ? error.message : String(error),
    };
    scope.postMessage(reply);
  }
});

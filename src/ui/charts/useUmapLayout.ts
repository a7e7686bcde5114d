import { useEffect, useState } from 'react';
import { DEFAULT_UMAP_MAX_POINTS, UMAP_MIN_POINTS } from '../../core/eval/umap';
import {
  createProjectionClient,
  type ProjectionClient,
  type UmapLayout,
} from '../../workers/projectionClient';

/** Most points a scatter lays out with UMAP (evenly sampled beyond): a second or two in the worker. */
export const UMAP_MAX_POINTS = DEFAULT_UMAP_MAX_POINTS;
/** One seed for every scatter, so that the same data always gives the same picture. */
export const UMAP_SEED = 42;
export { UMAP_MIN_POINTS };

let client: ProjectionClient | null = null;
/** Layouts already made, by the vectors they were made of (a run's arrays live as long as the run). */
const layouts = new WeakMap<Float32Array, UmapLayout>();

export type UmapState =
  | { status: 'off' }
  | { status: 'computing'; points: number }
  /** Fewer rows than UMAP_MIN_POINTS: nothing is laid out (the scatter keeps PCA and says so). */
  | { status: 'too-few'; points: number; min: number }
  | { status: 'ready'; layout: UmapLayout }
  | { status: 'error'; message: string };

/**
 * The UMAP layout of `rows` × `dim` vectors, computed in the projection worker when `enabled` (at most
 * UMAP_MAX_POINTS rows, so that even a long song's layout takes a second or two, off the main thread).
 */
export function useUmapLayout(vectors: Float32Array | null, dim: number, enabled: boolean): UmapState {
  const [state, setState] = useState<{ of: Float32Array | null; value: UmapState }>({
    of: null,
    value: { status: 'off' },
  });
  const cached = vectors ? layouts.get(vectors) : undefined;
  const rows = vectors && dim >= 1 ? Math.floor(vectors.length / dim) : 0;
  const tooFew = rows < UMAP_MIN_POINTS;
  useEffect(() => {
    if (!enabled || !vectors || cached || dim < 1 || tooFew) return;
    let live = true;
    client ??= createProjectionClient();
    client
      .umap(vectors, rows, dim, { seed: UMAP_SEED, maxPoints: UMAP_MAX_POINTS })
      .then((layout) => {
        layouts.set(vectors, layout);
        if (live) setState({ of: vectors, value: { status: 'ready', layout } });
      })
      .catch((error: unknown) => {
        if (live) setState({ of: vectors, value: { status: 'error', message: (error as Error).message } });
      });
    return () => {
      live = false;
    };
  }, [vectors, dim, rows, enabled, cached, tooFew]);
  if (!enabled || !vectors) return { status: 'off' };
  if (cached) return { status: 'ready', layout: cached };
  if (tooFew) return { status: 'too-few', points: rows, min: UMAP_MIN_POINTS };
  // Not yet answered for these vectors: the effect has asked the worker.
  if (state.of !== vectors) return { status: 'computing', points: Math.min(rows, UMAP_MAX_POINTS) };
  return state.value;
}

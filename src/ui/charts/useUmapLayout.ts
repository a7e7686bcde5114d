import { useEffect, useState } from 'react';
import {
  createProjectionClient,
  type ProjectionClient,
  type UmapLayout,
} from '../../workers/projectionClient';

/** Most points a scatter lays out with UMAP (evenly sampled beyond): a second or two in the worker. */
export const UMAP_MAX_POINTS = 500;
/** One seed for every scatter, so that the same data always gives the same picture. */
export const UMAP_SEED = 42;

let client: ProjectionClient | null = null;
/** Layouts already made, by the vectors they were made of (a run's arrays live as long as the run). */
const layouts = new WeakMap<Float32Array, UmapLayout>();

export type UmapState =
  | { status: 'off' }
  | { status: 'computing'; points: number }
  | { status: 'ready'; layout: UmapLayout }
  | { status: 'error'; message: string };

/** The UMAP layout of `rows` × `dim` vectors, computed in the projection worker when `enabled`. */
export function useUmapLayout(vectors: Float32Array | null, dim: number, enabled: boolean): UmapState {
  const [state, setState] = useState<{ of: Float32Array | null; value: UmapState }>({
    of: null,
    value: { status: 'off' },
  });
  const cached = vectors ? layouts.get(vectors) : undefined;
  useEffect(() => {
    if (!enabled || !vectors || cached || dim < 1) return;
    let live = true;
    const rows = vectors.length / dim;
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
  }, [vectors, dim, enabled, cached]);
  if (!enabled || !vectors) return { status: 'off' };
  if (cached) return { status: 'ready', layout: cached };
  // Not yet answered for these vectors: the effect has asked the worker.
  if (state.of !== vectors)
    return { status: 'computing', points: Math.min(vectors.length / dim, UMAP_MAX_POINTS) };
  return state.value;
}

/**
 * A 2-D UMAP of feature or embedding vectors, for the scatter plots' "PCA / UMAP" toggle. umap-js (the PAIR
 * team's port of McInnes' UMAP) does the work: nearest-neighbour graph, fuzzy union, layout by SGD. It is
 * seeded through `random` (our mulberry32), so the same vectors and seed give the same picture, and it sees at
 * most `maxPoints` rows (evenly spaced) so that the layout stays a second or two, off the main thread.
 */
import { UMAP } from 'umap-js';
import { createRng } from '../random';

export const DEFAULT_UMAP_MAX_POINTS = 500;
/**
 * Fewest points a scatter lays out with UMAP: with fewer, the neighbour graph is a handful of edges and the
 * picture says nothing that PCA does not (the scatters then keep PCA and say why).
 */
export const UMAP_MIN_POINTS = 10;

export interface UmapOptions {
  seed?: number;
  /** Rows laid out at most; more are sampled evenly (the result says which). */
  maxPoints?: number;
  nNeighbors?: number;
  minDist?: number;
  nEpochs?: number;
}

export interface Umap2d {
  /** picked.length × 2, row-major. */
  points: Float32Array;
  /** Which input rows the points are, in order. */
  picked: Int32Array;
}

/** Evenly spaced row indices, at most `max` of them. */
function evenRows(rows: number, max: number): Int32Array {
  if (rows <= max) return Int32Array.from({ length: rows }, (_, i) => i);
  return Int32Array.from({ length: max }, (_, i) => Math.floor((i * rows) / max));
}

/** Lays out `rows` × `dim` vectors in 2-D. Throws, naming the value, for bad sizes or non-finite values. */
export function umap2d(vectors: Float32Array, rows: number, dim: number, options: UmapOptions = {}): Umap2d {
  if (!Number.isInteger(rows) || rows < 0)
    throw new Error(`Expected rows to be an integer >= 0, got ${rows}`);
  if (!Number.isInteger(dim) || dim < 1) throw new Error(`Expected dim to be an integer >= 1, got ${dim}`);
  if (vectors.length !== rows * dim) {
    throw new Error(`Expected ${rows} × ${dim} = ${rows * dim} values, got ${vectors.length}`);
  }
  const maxPoints = options.maxPoints ?? DEFAULT_UMAP_MAX_POINTS;
  if (!Number.isInteger(maxPoints) || maxPoints < 1 || maxPoints > 5000) {
    throw new Error(`Expected maxPoints to be an integer in [1, 5000], got ${maxPoints}`);
  }
  const picked = evenRows(rows, maxPoints);
  const n = picked.length;
  const data: number[][] = Array.from(picked, (r) => {
    const row = Array.from(vectors.subarray(r * dim, (r + 1) * dim));
    const bad = row.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) throw new Error(`Expected finite values, got ${row[bad]} at row ${r}, column ${bad}`);
    return row;
  });
  const points = new Float32Array(n * 2);
  // UMAP needs neighbours: with fewer than 4 rows there is no graph to lay out; spread them on a line.
  if (n < 4) {
    for (let i = 0; i < n; i++) points[2 * i] = i;
    return { points, picked };
  }
  const rng = createRng(options.seed ?? 0);
  const umap = new UMAP({
    nComponents: 2,
    nNeighbors: Math.min(options.nNeighbors ?? 15, n - 1),
    minDist: options.minDist ?? 0.1,
    nEpochs: options.nEpochs ?? (n > 300 ? 200 : 400),
    random: () => rng.next(),
  });
  const layout = umap.fit(data);
  layout.forEach(([x, y], i) => {
    points[2 * i] = x;
    points[2 * i + 1] = y;
  });
  return { points, picked };
}

/** Added to each probability before its log, so that a class given exactly 0 stays finite. */
const LOGIT_FLOOR = 1e-6;

/**
 * Rows of class probabilities → their centred log-ratios, log p − mean(log p): a softmax model's logits up to
 * the constant softmax forgets, so that UMAP sees the model's confidence on an open scale rather than squeezed
 * into the corners of the simplex. Throws, naming the row, for a row of another length or a non-finite value.
 */
export function centredLogits(probs: readonly (readonly number[])[], classes: number): Float32Array {
  if (!Number.isInteger(classes) || classes < 1)
    throw new Error(`Expected classes to be an integer >= 1, got ${classes}`);
  const out = new Float32Array(probs.length * classes);
  probs.forEach((row, r) => {
    if (row.length !== classes)
      throw new Error(`Expected ${classes} probabilities in row ${r}, got ${row.length}`);
    let mean = 0;
    for (let c = 0; c < classes; c++) {
      const p = row[c];
      if (!Number.isFinite(p) || p < 0) throw new Error(`Expected a probability >= 0 at row ${r}, got ${p}`);
      out[r * classes + c] = Math.log(p + LOGIT_FLOOR);
      mean += out[r * classes + c] / classes;
    }
    for (let c = 0; c < classes; c++) out[r * classes + c] -= mean;
  });
  return out;
}

import type { Classifier } from './classifier';
import { checkedShape, logitsOfProbabilities, rowsOf } from './classifier';
import { parseModelConfig, type KnnConfig } from './config';

export interface KnnOptions {
  nClasses: number;
  /** Shape of one raw example; with an embedder this is the embedder's input shape. */
  inputShape: readonly number[];
  /** Measure distances in this model's embedding (its penultimate layer) instead of on the raw features. */
  embedder?: Classifier;
}

/**
 * k nearest neighbours in pure TypeScript, with the same predict API as the networks. Give it standardised
 * features (distances are scale-sensitive) or a trained network's embedding. Works few-shot: with fewer stored
 * examples than k it votes with all of them.
 */
export class KnnClassifier implements Classifier {
  readonly family = 'knn' as const;
  readonly config: KnnConfig;
  readonly nClasses: number;
  readonly inputShape: readonly number[];
  readonly inputSize: number;
  readonly embeddingSize: number;
  private readonly embedder: Classifier | null;
  private points: Float32Array = new Float32Array(0);
  private labels: Int32Array = new Int32Array(0);

  constructor(config: Partial<KnnConfig>, options: KnnOptions) {
    this.config = parseModelConfig({ ...config, family: 'knn' }) as KnnConfig;
    ({
      nClasses: this.nClasses,
      inputShape: this.inputShape,
      inputSize: this.inputSize,
    } = checkedShape(options));
    this.embedder = options.embedder ?? null;
    if (this.embedder && this.embedder.inputSize !== this.inputSize) {
      throw new Error(
        `The embedder takes ${this.embedder.inputSize} values per example, but inputShape gives ${this.inputSize}`,
      );
    }
    this.embeddingSize = this.embedder ? this.embedder.embeddingSize : this.inputSize;
  }

  /** Number of stored examples. */
  get size(): number {
    return this.labels.length;
  }

  /** Stores the labelled examples (replacing any earlier ones). */
  fit(x: Float32Array, y: Int32Array): this {
    const rows = rowsOf(x, this.inputSize);
    if (y.length !== rows) throw new Error(`Expected ${rows} labels (one per example), got ${y.length}`);
    if (rows === 0) throw new Error('Expected at least one labelled example, got 0');
    for (let i = 0; i < rows; i++) {
      if (!Number.isInteger(y[i]) || y[i] < 0 || y[i] >= this.nClasses) {
        throw new Error(`Expected labels in [0, ${this.nClasses - 1}], got ${y[i]} at row ${i}`);
      }
    }
    this.points = this.embed(x);
    this.labels = y.slice();
    return this;
  }

  embed(x: Float32Array): Float32Array {
    rowsOf(x, this.inputSize);
    const out = this.embedder ? this.embedder.embed(x) : x.slice();
    for (let i = 0; i < out.length; i++) {
      if (!Number.isFinite(out[i])) {
        throw new Error(
          `Expected finite features, got ${out[i]} at row ${Math.floor(i / this.embeddingSize)}`,
        );
      }
    }
    return out;
  }

  /** Vote shares of the k nearest stored examples (weighted by 1/distance with `distance` weighting). */
  predictProbs(x: Float32Array): Float32Array {
    if (this.labels.length === 0) throw new Error('KnnClassifier has no examples: call fit first');
    const queries = this.embed(x);
    const d = this.embeddingSize;
    const rows = queries.length / d;
    const n = this.labels.length;
    const k = Math.min(this.config.k, n);
    const probs = new Float32Array(rows * this.nClasses);
    const bestDist = new Float64Array(k);
    const bestIndex = new Int32Array(k);
    const norms = this.config.metric === 'cosine' ? rowNorms(this.points, d) : null;
    for (let q = 0; q < rows; q++) {
      const query = queries.subarray(q * d, (q + 1) * d);
      const queryNorm = norms ? rowNorms(query, d)[0] : 0;
      let filled = 0;
      for (let i = 0; i < n; i++) {
        const dist = norms
          ? cosineDistance(query, queryNorm, this.points, i, d, norms[i])
          : euclidean(query, this.points, i, d);
        if (filled === k && dist >= bestDist[k - 1]) continue;
        // Insertion into the sorted shortlist; ties keep the earlier example.
        let j = filled < k ? filled++ : k - 1;
        while (j > 0 && bestDist[j - 1] > dist) {
          bestDist[j] = bestDist[j - 1];
          bestIndex[j] = bestIndex[j - 1];
          j--;
        }
        bestDist[j] = dist;
        bestIndex[j] = i;
      }
      const row = probs.subarray(q * this.nClasses, (q + 1) * this.nClasses);
      if (this.config.weighting === 'distance' && bestDist[0] === 0) {
        // As scikit-learn: exact matches outvote everything else.
        for (let j = 0; j < k && bestDist[j] === 0; j++) row[this.labels[bestIndex[j]]] += 1;
      } else {
        for (let j = 0; j < k; j++) {
          row[this.labels[bestIndex[j]]] += this.config.weighting === 'distance' ? 1 / bestDist[j] : 1;
        }
      }
      let total = 0;
      for (let c = 0; c < this.nClasses; c++) total += row[c];
      for (let c = 0; c < this.nClasses; c++) row[c] /= total;
    }
    return probs;
  }

  /** log of the vote shares (floored at 1e-6): softmax of these gives back the shares, renormalised. */
  predictLogits(x: Float32Array): Float32Array {
    return logitsOfProbabilities(this.predictProbs(x));
  }

  dispose(): void {
    this.points = new Float32Array(0);
    this.labels = new Int32Array(0);
  }
}

function euclidean(query: Float32Array, points: Float32Array, i: number, d: number): number {
  let sum = 0;
  const base = i * d;
  for (let j = 0; j < d; j++) {
    const diff = query[j] - points[base + j];
    sum += diff * diff;
  }
  return Math.sqrt(sum);
}

function rowNorms(points: Float32Array, d: number): Float64Array {
  const n = points.length / d;
  const norms = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let j = 0; j < d; j++) sum += points[i * d + j] ** 2;
    norms[i] = Math.sqrt(sum);
  }
  return norms;
}

/** 1 − cosine similarity; a zero vector is at distance 1 from everything. */
function cosineDistance(
  query: Float32Array,
  queryNorm: number,
  points: Float32Array,
  i: number,
  d: number,
  norm: number,
): number {
  if (queryNorm === 0 || norm === 0) return 1;
  let dot = 0;
  const base = i * d;
  for (let j = 0; j < d; j++) dot += query[j] * points[base + j];
  return Math.max(0, 1 - dot / (queryNorm * norm));
}

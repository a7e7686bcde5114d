/**
 * Tree ensembles on the CART learner in tree.ts: a random forest (bagged trees, a random subset of columns per
 * split, probabilities = the mean of the trees' leaf class shares, as scikit-learn), a single decision tree,
 * and multi-class gradient boosting (Friedman's: one regression tree per class per round on the softmax
 * residuals, Newton-step leaf values, shrinkage and row subsampling).
 */
import { createRng } from '../../random';
import { featuresPerSplit, growTree, leafOffset, presort, type FlatTree } from './tree';
import type { DecisionTreeConfig, GradientBoostingConfig, RandomForestConfig } from './families';

/** Called after each tree (forest) or round (boosting): done out of total. */
export type ProgressHook = (done: number, total: number) => void;

export interface FitHooks {
  onProgress?: ProgressHook;
  /** Checked between trees; an aborted fit throws `FitCancelled`. */
  signal?: AbortSignal;
}

/** Thrown when a fit's signal aborts between two trees. */
export class FitCancelled extends Error {
  constructor() {
    super('The fit was cancelled');
    this.name = 'FitCancelled';
  }
}

/** Yields to the event loop every ~50 ms, so that a worker hears a cancel between trees. */
function pacer(signal: AbortSignal | undefined): () => Promise<void> {
  let last = performance.now();
  return async () => {
    if (performance.now() - last >= 50) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      last = performance.now();
    }
    if (signal?.aborted) throw new FitCancelled();
  };
}

export async function fitForest(
  config: RandomForestConfig | DecisionTreeConfig,
  x: Float32Array,
  y: Int32Array,
  nClasses: number,
  cols: number,
  hooks: FitHooks = {},
): Promise<FlatTree[]> {
  const pace = pacer(hooks.signal);
  const rows = y.length;
  const data = presort(x, rows, cols);
  const rng = createRng(config.seed);
  const forest = config.family === 'random-forest';
  const count = forest ? config.nEstimators : 1;
  const bootstrap = forest && config.bootstrap === 'yes';
  const classWeight = config.classWeight === 'balanced' ? balancedWeights(y, nClasses) : undefined;
  const trees: FlatTree[] = [];
  for (let t = 0; t < count; t++) {
    const weights = new Float64Array(rows);
    if (bootstrap) for (let i = 0; i < rows; i++) weights[rng.int(rows)] += 1;
    else weights.fill(1);
    trees.push(
      growTree(data, { kind: 'classes', y, nClasses, classWeight }, weights, {
        maxDepth: config.maxDepth,
        minSamplesSplit: config.minSamplesSplit,
        minSamplesLeaf: config.minSamplesLeaf,
        featuresPerSplit: featuresPerSplit(config.maxFeatures, cols),
        rng,
      }),
    );
    hooks.onProgress?.(t + 1, count);
    await pace();
  }
  return trees;
}

/** Mean of the trees' leaf class shares for each row (rows × nClasses). */
export function forestProbs(
  trees: readonly FlatTree[],
  x: Float32Array,
  cols: number,
  nClasses: number,
): Float32Array {
  const rows = x.length / cols;
  const out = new Float32Array(rows * nClasses);
  const sums = new Float64Array(nClasses);
  for (let r = 0; r < rows; r++) {
    sums.fill(0);
    for (const tree of trees) {
      const at = leafOffset(tree, x, r, cols);
      for (let c = 0; c < nClasses; c++) sums[c] += tree.values[at + c];
    }
    for (let c = 0; c < nClasses; c++) out[r * nClasses + c] = sums[c] / trees.length;
  }
  return out;
}

/** A boosted model: per-class initial scores, then `rounds` × nClasses regression trees (round-major). */
export interface BoostedTrees {
  initial: Float64Array;
  learningRate: number;
  trees: FlatTree[];
}

export async function fitBoosting(
  config: GradientBoostingConfig,
  x: Float32Array,
  y: Int32Array,
  nClasses: number,
  cols: number,
  hooks: FitHooks = {},
): Promise<BoostedTrees> {
  const pace = pacer(hooks.signal);
  const rows = y.length;
  const data = presort(x, rows, cols);
  const rng = createRng(config.seed);
  // Start from the log class priors (scikit-learn's "prior" init); an absent class starts very unlikely.
  const initial = new Float64Array(nClasses);
  for (const c of y) initial[c] += 1;
  for (let c = 0; c < nClasses; c++) initial[c] = Math.log(Math.max(initial[c], 1e-3) / rows);
  const scores = new Float64Array(rows * nClasses);
  for (let r = 0; r < rows; r++) scores.set(initial, r * nClasses);
  const probs = new Float64Array(rows * nClasses);
  const residual = new Float64Array(rows);
  const weights = new Float64Array(rows);
  const trees: FlatTree[] = [];
  const factor = (nClasses - 1) / nClasses;
  const sampled = Math.max(1, Math.round(config.subsample * rows));
  const order = Int32Array.from({ length: rows }, (_, i) => i);
  for (let round = 0; round < config.nEstimators; round++) {
    softmaxInto(scores, probs, rows, nClasses);
    weights.fill(0);
    if (sampled < rows) {
      rng.shuffle(order);
      for (let i = 0; i < sampled; i++) weights[order[i]] = 1;
    } else weights.fill(1);
    for (let c = 0; c < nClasses; c++) {
      for (let r = 0; r < rows; r++) residual[r] = (y[r] === c ? 1 : 0) - probs[r * nClasses + c];
      // Newton step for the multinomial deviance (Friedman 2001, algorithm 6).
      const leafValue = (members: Int32Array) => {
        let num = 0;
        let den = 0;
        for (const i of members) {
          const g = residual[i];
          num += g;
          den += Math.abs(g) * (1 - Math.abs(g));
        }
        return den < 1e-12 ? 0 : (factor * num) / den;
      };
      const tree = growTree(data, { kind: 'values', y: residual, leafValue }, weights, {
        maxDepth: config.maxDepth,
        minSamplesSplit: 2 * config.minSamplesLeaf,
        minSamplesLeaf: config.minSamplesLeaf,
        featuresPerSplit: featuresPerSplit(config.maxFeatures, cols),
        rng,
      });
      trees.push(tree);
      for (let r = 0; r < rows; r++) {
        scores[r * nClasses + c] += config.learningRate * tree.values[leafOffset(tree, x, r, cols)];
      }
    }
    hooks.onProgress?.(round + 1, config.nEstimators);
    await pace();
  }
  return { initial, learningRate: config.learningRate, trees };
}

export function boostedProbs(
  model: BoostedTrees,
  x: Float32Array,
  cols: number,
  nClasses: number,
): Float32Array {
  const rows = x.length / cols;
  const scores = new Float64Array(rows * nClasses);
  for (let r = 0; r < rows; r++) scores.set(model.initial, r * nClasses);
  model.trees.forEach((tree, t) => {
    const c = t % nClasses;
    for (let r = 0; r < rows; r++) {
      scores[r * nClasses + c] += model.learningRate * tree.values[leafOffset(tree, x, r, cols)];
    }
  });
  const probs = new Float64Array(rows * nClasses);
  softmaxInto(scores, probs, rows, nClasses);
  return Float32Array.from(probs);
}

function softmaxInto(scores: Float64Array, out: Float64Array, rows: number, k: number): void {
  for (let r = 0; r < rows; r++) {
    let max = -Infinity;
    for (let c = 0; c < k; c++) max = Math.max(max, scores[r * k + c]);
    let sum = 0;
    for (let c = 0; c < k; c++) {
      const e = Math.exp(scores[r * k + c] - max);
      out[r * k + c] = e;
      sum += e;
    }
    for (let c = 0; c < k; c++) out[r * k + c] /= sum;
  }
}

/** scikit-learn's "balanced" class weights: rows / (classes present × rows of the class). */
function balancedWeights(y: Int32Array, nClasses: number): Float64Array {
  const counts = new Float64Array(nClasses);
  for (const c of y) counts[c]++;
  const present = counts.filter((n) => n > 0).length;
  return counts.map((n) => (n > 0 ? y.length / (present * n) : 0));
}

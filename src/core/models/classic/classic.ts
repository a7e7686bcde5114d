/**
 * The classic families behind the same `Classifier` API as the networks and k-NN: fit on standardised rows,
 * predict class probabilities. They have no embedding: `embed` gives the class probabilities, so the scatter
 * shows how the model separates the classes. `toParts` / `fromParts` turn a fitted model into named numeric
 * arrays and back (checked), for the bundle.
 */
import type { Classifier } from '../classifier';
import { checkedShape, logitsOfProbabilities, rowsOf } from '../classifier';
import {
  boostedProbs,
  fitBoosting,
  fitForest,
  forestProbs,
  type BoostedTrees,
  type FitHooks,
} from './forest';
import { CLASSIC_OPTIONS, checkClassicConfig, type ClassicConfig, type ClassicFamily } from './families';
import { fitGaussianNb, gaussianNbProbs, type GaussianModel } from './naiveBayes';
import { fitSvm, SvmPredictor, type SvmModel } from './svm';
import type { FlatTree } from './tree';

export type ArrayDtype = 'float32' | 'float64' | 'int32';
export type NumericArray = Float32Array | Float64Array | Int32Array;

/** A fitted model as data: a few scalars and named arrays. */
export interface ClassicParts {
  params: Record<string, number | string>;
  arrays: Record<string, NumericArray>;
}

type Fitted =
  | { kind: 'trees'; trees: FlatTree[] }
  | { kind: 'boosted'; model: BoostedTrees }
  | { kind: 'svm'; model: SvmModel; predictor: SvmPredictor }
  | { kind: 'gaussian'; model: GaussianModel };

export interface ClassicOptions {
  nClasses: number;
  inputShape: readonly number[];
}

export class ClassicClassifier implements Classifier {
  readonly family: ClassicFamily;
  readonly nClasses: number;
  readonly inputShape: readonly number[];
  readonly inputSize: number;
  /** No hidden layer: the "embedding" is the class probabilities. */
  readonly embeddingSize: number;
  private fitted: Fitted | null = null;

  constructor(
    readonly config: ClassicConfig,
    options: ClassicOptions,
  ) {
    checkClassicConfig(config);
    this.family = config.family;
    ({
      nClasses: this.nClasses,
      inputShape: this.inputShape,
      inputSize: this.inputSize,
    } = checkedShape(options));
    this.embeddingSize = this.nClasses;
  }

  /**
   * Fits on standardised rows (replacing any earlier fit). `hooks.onProgress` hears trees or rounds done; an
   * aborted `hooks.signal` stops a tree ensemble between two trees (throwing `FitCancelled`). An SVM or naive
   * Bayes fit is one uninterrupted step.
   */
  async fit(x: Float32Array, y: Int32Array, hooks: FitHooks = {}): Promise<this> {
    const { onProgress } = hooks;
    const rows = rowsOf(x, this.inputSize);
    if (y.length !== rows) throw new Error(`Expected ${rows} labels (one per example), got ${y.length}`);
    if (rows < 2) throw new Error(`Expected at least 2 labelled examples, got ${rows}`);
    for (let i = 0; i < rows; i++) {
      if (!Number.isInteger(y[i]) || y[i] < 0 || y[i] >= this.nClasses) {
        throw new Error(`Expected labels in [0, ${this.nClasses - 1}], got ${y[i]} at row ${i}`);
      }
    }
    checkFinite(x, this.inputSize);
    this.dispose();
    const c = this.config;
    const cols = this.inputSize;
    switch (c.family) {
      case 'random-forest':
      case 'decision-tree':
        this.fitted = { kind: 'trees', trees: await fitForest(c, x, y, this.nClasses, cols, hooks) };
        break;
      case 'gradient-boosting':
        this.fitted = { kind: 'boosted', model: await fitBoosting(c, x, y, this.nClasses, cols, hooks) };
        break;
      case 'svm': {
        const model = fitSvm(c, x, y, cols);
        this.fitted = { kind: 'svm', model, predictor: new SvmPredictor(model) };
        onProgress?.(1, 1);
        break;
      }
      case 'naive-bayes':
        this.fitted = { kind: 'gaussian', model: fitGaussianNb(c, x, y, this.nClasses, cols) };
        onProgress?.(1, 1);
        break;
    }
    return this;
  }

  predictProbs(x: Float32Array): Float32Array {
    rowsOf(x, this.inputSize);
    checkFinite(x, this.inputSize);
    const f = this.fitted;
    if (!f) throw new Error(`This ${this.family} model has not been fitted: call fit first`);
    const cols = this.inputSize;
    switch (f.kind) {
      case 'trees':
        return forestProbs(f.trees, x, cols, this.nClasses);
      case 'boosted':
        return boostedProbs(f.model, x, cols, this.nClasses);
      case 'svm':
        return f.predictor.predictProbs(x, this.nClasses);
      case 'gaussian':
        return gaussianNbProbs(f.model, x, cols);
    }
  }

  /** log of the probabilities (floored at 1e-6): their softmax gives the probabilities back, renormalised. */
  predictLogits(x: Float32Array): Float32Array {
    return logitsOfProbabilities(this.predictProbs(x));
  }

  embed(x: Float32Array): Float32Array {
    return this.predictProbs(x);
  }

  dispose(): void {
    if (this.fitted?.kind === 'svm') this.fitted.predictor.free();
    this.fitted = null;
  }

  /** The fitted model as scalars and arrays (for a bundle). */
  toParts(): ClassicParts {
    const f = this.fitted;
    if (!f) throw new Error(`This ${this.family} model has not been fitted: nothing to save`);
    switch (f.kind) {
      case 'trees':
        return { params: { trees: f.trees.length }, arrays: packTrees(f.trees) };
      case 'boosted':
        return {
          params: { trees: f.model.trees.length, learningRate: f.model.learningRate },
          arrays: { initial: f.model.initial, ...packTrees(f.model.trees) },
        };
      case 'svm': {
        const m = f.model;
        return {
          params: { kernel: m.kernel, gamma: m.gamma },
          arrays: {
            labels: m.labels,
            rho: m.rho,
            probA: m.probA,
            probB: m.probB,
            nrSv: m.nrSv,
            coef: m.coef,
            vectors: m.vectors,
          },
        };
      }
      case 'gaussian':
        return {
          params: {},
          arrays: { logPrior: f.model.logPrior, means: f.model.means, variances: f.model.variances },
        };
    }
  }

  /** Rebuilds a fitted model from `toParts` output, checking every size, index and value first. */
  static fromParts(config: ClassicConfig, options: ClassicOptions, parts: ClassicParts): ClassicClassifier {
    const model = new ClassicClassifier(config, options);
    const { nClasses, inputSize: cols } = model;
    const a = parts.arrays;
    const need = (name: string, dtype: ArrayDtype, length?: number): NumericArray => {
      const v = a[name];
      const ok =
        dtype === 'int32'
          ? v instanceof Int32Array
          : dtype === 'float32'
            ? v instanceof Float32Array
            : v instanceof Float64Array;
      if (!ok) throw new Error(`Expected a ${dtype} array "${name}" in the ${config.family} model`);
      if (length !== undefined && v.length !== length) {
        throw new Error(`Expected "${name}" to hold ${length} values, got ${v.length}`);
      }
      return v;
    };
    const expectedArrays = (names: string[]) => {
      const extra = Object.keys(a).filter((n) => !names.includes(n));
      if (extra.length > 0)
        throw new Error(`Unexpected arrays in the ${config.family} model: ${extra.join(', ')}`);
    };
    switch (config.family) {
      case 'random-forest':
      case 'decision-tree': {
        expectedArrays(TREE_ARRAYS);
        const trees = unpackTrees(a, need, cols, nClasses, true);
        if (config.family === 'decision-tree' && trees.length !== 1) {
          throw new Error(`Expected one tree in a decision-tree model, got ${trees.length}`);
        }
        model.fitted = { kind: 'trees', trees };
        break;
      }
      case 'gradient-boosting': {
        expectedArrays(['initial', ...TREE_ARRAYS]);
        const initial = need('initial', 'float64', nClasses) as Float64Array;
        checkFiniteArray(initial, 'initial');
        const learningRate = parts.params.learningRate;
        const spec = CLASSIC_OPTIONS['gradient-boosting'].learningRate;
        if (
          typeof learningRate !== 'number' ||
          spec.kind === 'choice' ||
          !(learningRate >= spec.min && learningRate <= spec.max)
        ) {
          throw new Error(
            `Expected a learningRate in the gradient-boosting model, got ${String(learningRate)}`,
          );
        }
        const trees = unpackTrees(a, need, cols, 1, false);
        if (trees.length % nClasses !== 0) {
          throw new Error(
            `Expected a multiple of ${nClasses} trees (one per class per round), got ${trees.length}`,
          );
        }
        model.fitted = { kind: 'boosted', model: { initial, learningRate, trees } };
        break;
      }
      case 'svm': {
        expectedArrays(['labels', 'rho', 'probA', 'probB', 'nrSv', 'coef', 'vectors']);
        const svm = readSvm(parts, need, cols, nClasses);
        model.fitted = { kind: 'svm', model: svm, predictor: new SvmPredictor(svm) };
        break;
      }
      case 'naive-bayes': {
        expectedArrays(['logPrior', 'means', 'variances']);
        const logPrior = need('logPrior', 'float64', nClasses) as Float64Array;
        if (logPrior.some((v) => !(v <= 0) && v !== -Infinity) || logPrior.every((v) => v === -Infinity)) {
          throw new Error('Expected logPrior to hold log probabilities (<= 0), at least one finite');
        }
        const means = need('means', 'float64', nClasses * cols) as Float64Array;
        checkFiniteArray(means, 'means');
        const variances = need('variances', 'float64', nClasses * cols) as Float64Array;
        if (variances.some((v) => !(v > 0 && Number.isFinite(v)))) {
          throw new Error('Expected every variance to be finite and > 0');
        }
        model.fitted = { kind: 'gaussian', model: { logPrior, means, variances } };
        break;
      }
    }
    return model;
  }
}

const TREE_ARRAYS = ['treeNodes', 'treeLeaves', 'feature', 'threshold', 'left', 'right', 'values'];

function packTrees(trees: readonly FlatTree[]): Record<string, NumericArray> {
  const join = <T extends NumericArray>(parts: T[], make: (n: number) => T): T => {
    const out = make(parts.reduce((s, p) => s + p.length, 0));
    let at = 0;
    for (const p of parts) {
      out.set(p as never, at);
      at += p.length;
    }
    return out;
  };
  return {
    treeNodes: Int32Array.from(trees, (t) => t.feature.length),
    treeLeaves: Int32Array.from(trees, (t) => t.values.length / t.outputs),
    feature: join(
      trees.map((t) => t.feature),
      (n) => new Int32Array(n),
    ),
    threshold: join(
      trees.map((t) => t.threshold),
      (n) => new Float32Array(n),
    ),
    left: join(
      trees.map((t) => t.left),
      (n) => new Int32Array(n),
    ),
    right: join(
      trees.map((t) => t.right),
      (n) => new Int32Array(n),
    ),
    values: join(
      trees.map((t) => t.values),
      (n) => new Float32Array(n),
    ),
  };
}

type Need = (name: string, dtype: ArrayDtype, length?: number) => NumericArray;

function unpackTrees(
  a: Record<string, NumericArray>,
  need: Need,
  cols: number,
  outputs: number,
  shares: boolean,
): FlatTree[] {
  void a;
  const treeNodes = need('treeNodes', 'int32') as Int32Array;
  const treeLeaves = need('treeLeaves', 'int32', treeNodes.length) as Int32Array;
  if (treeNodes.length === 0) throw new Error('Expected at least one tree, got 0');
  let nodes = 0;
  let leaves = 0;
  for (let t = 0; t < treeNodes.length; t++) {
    if (!(treeNodes[t] >= 1 && treeLeaves[t] >= 1 && treeLeaves[t] <= treeNodes[t])) {
      throw new Error(`Tree ${t} declares ${treeNodes[t]} nodes and ${treeLeaves[t]} leaves`);
    }
    nodes += treeNodes[t];
    leaves += treeLeaves[t];
  }
  const feature = need('feature', 'int32', nodes) as Int32Array;
  const threshold = need('threshold', 'float32', nodes) as Float32Array;
  const left = need('left', 'int32', nodes) as Int32Array;
  const right = need('right', 'int32', nodes) as Int32Array;
  const values = need('values', 'float32', leaves * outputs) as Float32Array;
  for (const v of values) {
    if (!Number.isFinite(v) || (shares && (v < 0 || v > 1))) {
      throw new Error(`Expected leaf values ${shares ? 'in [0, 1]' : 'finite'}, got ${v}`);
    }
  }
  const trees: FlatTree[] = [];
  let n0 = 0;
  let l0 = 0;
  for (let t = 0; t < treeNodes.length; t++) {
    const n = treeNodes[t];
    const l = treeLeaves[t];
    const tree: FlatTree = {
      feature: feature.subarray(n0, n0 + n),
      threshold: threshold.subarray(n0, n0 + n),
      left: left.subarray(n0, n0 + n),
      right: right.subarray(n0, n0 + n),
      values: values.subarray(l0 * outputs, (l0 + l) * outputs),
      outputs,
    };
    for (let i = 0; i < n; i++) {
      const f = tree.feature[i];
      if (f === -1) {
        if (!(tree.left[i] >= 0 && tree.left[i] < l))
          throw new Error(`Tree ${t} node ${i} names leaf ${tree.left[i]} of ${l}`);
      } else {
        // Children after their parent: every path ends, no cycles.
        const ok =
          f >= 0 &&
          f < cols &&
          tree.left[i] > i &&
          tree.left[i] < n &&
          tree.right[i] > i &&
          tree.right[i] < n;
        if (!ok || !Number.isFinite(tree.threshold[i])) {
          throw new Error(
            `Tree ${t} node ${i} is malformed (column ${f}, children ${tree.left[i]} and ${tree.right[i]})`,
          );
        }
      }
    }
    trees.push(tree);
    n0 += n;
    l0 += l;
  }
  return trees;
}

function readSvm(parts: ClassicParts, need: Need, cols: number, nClasses: number): SvmModel {
  const kernel = parts.params.kernel;
  if (kernel !== 'rbf' && kernel !== 'linear')
    throw new Error(`Expected kernel "rbf" or "linear", got ${String(kernel)}`);
  const gamma = parts.params.gamma;
  if (typeof gamma !== 'number' || !Number.isFinite(gamma) || (kernel === 'rbf' && !(gamma > 0))) {
    throw new Error(`Expected a positive gamma for the SVM, got ${String(gamma)}`);
  }
  const labels = need('labels', 'int32') as Int32Array;
  const k = labels.length;
  if (k < 2 || k > nClasses || new Set(labels).size !== k || labels.some((c) => c < 0 || c >= nClasses)) {
    throw new Error(
      `Expected 2 to ${nClasses} distinct SVM class labels in [0, ${nClasses - 1}], got [${Array.from(labels).join(', ')}]`,
    );
  }
  const pairs = (k * (k - 1)) / 2;
  const nrSv = need('nrSv', 'int32', k) as Int32Array;
  if (nrSv.some((v) => v < 0)) throw new Error('Expected support-vector counts >= 0');
  const total = nrSv.reduce((s, v) => s + v, 0);
  if (total < 1) throw new Error('Expected at least one support vector, got 0');
  const model: SvmModel = {
    kernel,
    gamma,
    labels,
    rho: need('rho', 'float64', pairs) as Float64Array,
    probA: need('probA', 'float64', pairs) as Float64Array,
    probB: need('probB', 'float64', pairs) as Float64Array,
    nrSv,
    coef: need('coef', 'float64', total * (k - 1)) as Float64Array,
    vectors: need('vectors', 'float64', total * cols) as Float64Array,
    cols,
  };
  for (const name of ['rho', 'probA', 'probB', 'coef', 'vectors'] as const)
    checkFiniteArray(model[name], name);
  return model;
}

function checkFiniteArray(values: ArrayLike<number>, name: string): void {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i]))
      throw new Error(`Expected finite values in "${name}", got ${values[i]} at ${i}`);
  }
}

function checkFinite(x: Float32Array, inputSize: number): void {
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i])) {
      throw new Error(`Expected finite features, got ${x[i]} at row ${Math.floor(i / inputSize)}`);
    }
  }
}

/**
 * Support vector classification by libsvm (libsvm-js, its asm.js build: synchronous, and it loads the same way
 * in Node and in a Vite worker, with no .wasm file to locate). Trained with probability estimates (Platt
 * scaling inside libsvm, pairwise coupling across classes). The model is kept as plain numbers (support
 * vectors, coefficients, rho, Platt's A and B) and rendered back to libsvm's model text only from those numbers,
 * so a bundle never hands libsvm text it did not pass through our checks.
 */
import SVM from 'libsvm-js/asm.js';
import type { SvmConfig } from './families';

export interface SvmModel {
  kernel: 'rbf' | 'linear';
  gamma: number;
  /** Our class index of each of libsvm's classes, in its order. */
  labels: Int32Array;
  /** One per pair of classes. */
  rho: Float64Array;
  probA: Float64Array;
  probB: Float64Array;
  /** Support vectors per class (libsvm order); they sum to the vector count. */
  nrSv: Int32Array;
  /** vectors × (classes − 1) dual coefficients. */
  coef: Float64Array;
  /** vectors × cols, dense. */
  vectors: Float64Array;
  cols: number;
}

export function fitSvm(config: SvmConfig, x: Float32Array, y: Int32Array, cols: number): SvmModel {
  const rows = y.length;
  const present = new Set(y);
  if (present.size < 2) {
    throw new Error(`An SVM needs rows of at least 2 classes to train on, got ${present.size}`);
  }
  const samples = Array.from({ length: rows }, (_, r) => Array.from(x.subarray(r * cols, (r + 1) * cols)));
  const svm = new SVM({
    type: SVM.SVM_TYPES.C_SVC,
    kernel: config.kernel === 'rbf' ? SVM.KERNEL_TYPES.RBF : SVM.KERNEL_TYPES.LINEAR,
    cost: config.C,
    gamma: config.gamma > 0 ? config.gamma : 1 / cols,
    tolerance: config.tolerance,
    probabilityEstimates: true,
    quiet: true,
  });
  try {
    svm.train(samples, Array.from(y));
    return parseSvmText(svm.serializeModel(), cols);
  } finally {
    svm.free();
  }
}

/** Reads libsvm's model text (as libsvm-js serialises it) into numbers; throws on anything unexpected. */
export function parseSvmText(text: string, cols: number): SvmModel {
  const lines = text.split('\n');
  const header = new Map<string, string[]>();
  let at = 0;
  for (; at < lines.length && lines[at].trim() !== 'SV'; at++) {
    const [key, ...rest] = lines[at].trim().split(/\s+/);
    header.set(key, rest);
  }
  const field = (key: string) => {
    const v = header.get(key);
    if (!v) throw new Error(`libsvm's model lacks "${key}"`);
    return v.map(Number);
  };
  const kernelName = header.get('kernel_type')?.[0];
  if (kernelName !== 'rbf' && kernelName !== 'linear')
    throw new Error(`Unexpected libsvm kernel ${kernelName}`);
  const nClass = field('nr_class')[0];
  const total = field('total_sv')[0];
  const coef = new Float64Array(total * (nClass - 1));
  const vectors = new Float64Array(total * cols);
  for (let v = 0; v < total; v++) {
    const tokens = (lines[at + 1 + v] ?? '').trim().split(/\s+/);
    for (let j = 0; j < nClass - 1; j++) coef[v * (nClass - 1) + j] = Number(tokens[j]);
    for (const pair of tokens.slice(nClass - 1)) {
      const [index, value] = pair.split(':').map(Number);
      if (!(index >= 1 && index <= cols)) throw new Error(`libsvm wrote feature index ${index}`);
      vectors[v * cols + index - 1] = value;
    }
  }
  return {
    kernel: kernelName,
    gamma: kernelName === 'rbf' ? field('gamma')[0] : 0,
    labels: Int32Array.from(field('label')),
    rho: Float64Array.from(field('rho')),
    probA: Float64Array.from(field('probA')),
    probB: Float64Array.from(field('probB')),
    nrSv: Int32Array.from(field('nr_sv')),
    coef,
    vectors,
    cols,
  };
}

/** libsvm's model text, written from checked numbers only. */
export function svmText(model: SvmModel): string {
  const nClass = model.labels.length;
  const total = model.coef.length / Math.max(1, nClass - 1);
  const list = (a: ArrayLike<number>) => Array.from(a, (v) => String(v)).join(' ');
  const lines = [
    'svm_type c_svc',
    `kernel_type ${model.kernel}`,
    ...(model.kernel === 'rbf' ? [`gamma ${model.gamma}`] : []),
    `nr_class ${nClass}`,
    `total_sv ${total}`,
    `rho ${list(model.rho)}`,
    `label ${list(model.labels)}`,
    `probA ${list(model.probA)}`,
    `probB ${list(model.probB)}`,
    `nr_sv ${list(model.nrSv)}`,
    'SV',
  ];
  for (let v = 0; v < total; v++) {
    const coefs = list(model.coef.subarray(v * (nClass - 1), (v + 1) * (nClass - 1)));
    const values = Array.from(
      model.vectors.subarray(v * model.cols, (v + 1) * model.cols),
      (x, j) => `${j + 1}:${x}`,
    );
    lines.push(`${coefs} ${values.join(' ')}`);
  }
  return `${lines.join('\n')}\n`;
}

/** A loaded libsvm model that predicts class probabilities; call `free` when done (emscripten heap). */
export class SvmPredictor {
  private svm: SVM | null;
  constructor(private readonly model: SvmModel) {
    this.svm = SVM.load(svmText(model));
  }

  predictProbs(x: Float32Array, nClasses: number): Float32Array {
    if (!this.svm) throw new Error('This SVM has been disposed');
    const cols = this.model.cols;
    const rows = x.length / cols;
    const out = new Float32Array(rows * nClasses);
    const row = new Float64Array(cols);
    for (let r = 0; r < rows; r++) {
      for (let j = 0; j < cols; j++) row[j] = x[r * cols + j];
      for (const { label, probability } of this.svm.predictOneProbability(row).estimates) {
        out[r * nClasses + label] = probability;
      }
    }
    return out;
  }

  free(): void {
    this.svm?.free();
    this.svm = null;
  }
}

/**
 * PCA as an optional step between the standardiser and any model family: fitted on the (standardised)
 * training rows only, kept in the bundle (`meta.pca`), and applied wherever the bundle is applied, by wrapping
 * the family's classifier (`withPca`) so that every caller still hands it standardised rows of the input.
 *
 * ml-pca does the fit (SVD of the centred rows): a well-kept mljs library, the same family as the classic
 * models, rather than a second hand-written eigensolver beside eval/pca.ts's 2-D Jacobi one.
 */
import { PCA } from 'ml-pca';
import type { BundlePca } from '../bundle/meta';
import type { Classifier } from '../models/classifier';
import { rowsOf } from '../models/classifier';

export const PCA_REDUCTION_VERSION = 1;

/** How far to reduce: a number of components, or the smallest number that keeps a share of the variance. */
export type PcaOption = { components: number } | { variance: number };

/** `--pca N` (an integer >= 1: components) or `--pca 0.95` (a share in (0, 1): variance kept). */
export function parsePcaOption(value: unknown, where = 'pca'): PcaOption {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 100_000) return { components: n };
  if (typeof n === 'number' && Number.isFinite(n) && n > 0 && n < 1) return { variance: n };
  throw new Error(
    `Expected ${where} to be a number of components (an integer >= 1) or a share of variance in (0, 1), got ${JSON.stringify(value)}`,
  );
}

export function describePcaOption(option: PcaOption): string {
  return 'components' in option
    ? `${option.components} components`
    : `${Math.round(option.variance * 1000) / 10} % of the variance`;
}

/**
 * Fits the reduction on `rows` × `cols` standardised training rows. At most min(cols, rows − 1) components
 * (rows beyond that carry no variance); at least one.
 */
export function fitPcaReduction(x: Float32Array, rows: number, cols: number, option: PcaOption): BundlePca {
  if (!Number.isInteger(rows) || rows < 2) throw new Error(`PCA needs at least 2 training rows, got ${rows}`);
  if (x.length !== rows * cols) throw new Error(`Expected ${rows} × ${cols} values for PCA, got ${x.length}`);
  const data: number[][] = Array.from({ length: rows }, (_, r) =>
    Array.from(x.subarray(r * cols, (r + 1) * cols)),
  );
  const pca = new PCA(data, { center: true, scale: false });
  const explained = pca.getExplainedVariance();
  const vectors = pca.getEigenvectors();
  const available = Math.max(1, Math.min(cols, rows - 1, vectors.columns));
  let k: number;
  if ('components' in option) {
    k = Math.min(option.components, available);
  } else {
    k = 1;
    let cumulative = explained[0] ?? 1;
    while (k < available && cumulative < option.variance - 1e-12) cumulative += explained[k++] ?? 0;
  }
  const mean = (pca.toJSON() as { means: number[] }).means;
  const components = Array.from({ length: k }, (_, j) => vectors.getColumn(j));
  return {
    version: PCA_REDUCTION_VERSION,
    mean: [...mean],
    components,
    explainedVariance: explained.slice(0, k).map((v) => (Number.isFinite(v) ? v : 0)),
  };
}

/** rows × k coordinates of standardised rows (rows × mean.length) on the reduction's components. */
export function applyPcaReduction(pca: BundlePca, x: Float32Array): Float32Array {
  const cols = pca.mean.length;
  const rows = rowsOf(x, cols);
  const k = pca.components.length;
  const out = new Float32Array(rows * k);
  const centred = new Float64Array(cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) centred[c] = x[r * cols + c] - pca.mean[c];
    for (let j = 0; j < k; j++) {
      const v = pca.components[j];
      let s = 0;
      for (let c = 0; c < cols; c++) s += centred[c] * v[c];
      out[r * k + j] = s;
    }
  }
  return out;
}

/**
 * The family's classifier (trained on the k PCA coordinates) seen from outside as one that takes standardised
 * input rows: it projects, then asks the family. Its embedding is the family's, or (a family whose embedding is
 * its input, like k-NN) the PCA coordinates.
 */
export function withPca(inner: Classifier, pca: BundlePca): Classifier {
  const k = pca.components.length;
  if (inner.inputSize !== k) {
    throw new Error(`The model takes ${inner.inputSize} values but the PCA step gives ${k} components`);
  }
  const cols = pca.mean.length;
  return {
    family: inner.family,
    nClasses: inner.nClasses,
    inputShape: [cols],
    inputSize: cols,
    embeddingSize: inner.embeddingSize,
    predictLogits: (x) => inner.predictLogits(applyPcaReduction(pca, x)),
    predictProbs: (x) => inner.predictProbs(applyPcaReduction(pca, x)),
    embed: (x) => inner.embed(applyPcaReduction(pca, x)),
    dispose: () => inner.dispose(),
  };
}

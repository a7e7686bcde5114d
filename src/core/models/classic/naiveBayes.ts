/**
 * Gaussian naive Bayes: ml-naivebayes fits each class's prior, means and spreads; the probabilities (which
 * that library does not give, it predicts labels only) come from those numbers here, in log space, with
 * scikit-learn's variance smoothing so that a column constant within a class cannot divide by zero.
 */
import { GaussianNB } from 'ml-naivebayes';
import type { NaiveBayesConfig } from './families';

export interface GaussianModel {
  /** Log prior of each class; −Infinity for a class with no training rows. */
  logPrior: Float64Array;
  /** classes × cols. */
  means: Float64Array;
  variances: Float64Array;
}

export function fitGaussianNb(
  config: NaiveBayesConfig,
  x: Float32Array,
  y: Int32Array,
  nClasses: number,
  cols: number,
): GaussianModel {
  // ml-naivebayes wants the classes numbered 0..n−1 with every one present: renumber the present ones.
  const present = [...new Set(y)].sort((a, b) => a - b);
  const local = new Map(present.map((c, i) => [c, i]));
  const rows = y.length;
  const samples = Array.from({ length: rows }, (_, r) => Array.from(x.subarray(r * cols, (r + 1) * cols)));
  const nb = new GaussianNB();
  nb.train(
    samples,
    Array.from(y, (c) => local.get(c)!),
  );
  const fitted = nb.toJSON();
  const logPrior = new Float64Array(nClasses).fill(-Infinity);
  const means = new Float64Array(nClasses * cols);
  const variances = new Float64Array(nClasses * cols).fill(1);
  let largest = 0;
  for (let j = 0; j < cols; j++) largest = Math.max(largest, columnVariance(x, rows, cols, j));
  const epsilon = config.varSmoothing * Math.max(largest, 1e-12);
  present.forEach((c, i) => {
    const [prior, ...terms] = fitted.calculateProbabilities[i];
    logPrior[c] = prior;
    for (let j = 0; j < cols; j++) {
      means[c * cols + j] = fitted.means[i][j];
      // The library keeps −2σ² per column; a class of one row has no spread (NaN): count it as 0.
      const variance = -terms[j][1] / 2;
      variances[c * cols + j] = (Number.isFinite(variance) ? variance : 0) + epsilon;
    }
  });
  return { logPrior, means, variances };
}

export function gaussianNbProbs(model: GaussianModel, x: Float32Array, cols: number): Float32Array {
  const nClasses = model.logPrior.length;
  const rows = x.length / cols;
  const out = new Float32Array(rows * nClasses);
  const joint = new Float64Array(nClasses);
  for (let r = 0; r < rows; r++) {
    let max = -Infinity;
    for (let c = 0; c < nClasses; c++) {
      let s = model.logPrior[c];
      if (s !== -Infinity) {
        for (let j = 0; j < cols; j++) {
          const v = model.variances[c * cols + j];
          const d = x[r * cols + j] - model.means[c * cols + j];
          s -= 0.5 * (Math.log(2 * Math.PI * v) + (d * d) / v);
        }
      }
      joint[c] = s;
      max = Math.max(max, s);
    }
    let sum = 0;
    for (let c = 0; c < nClasses; c++) sum += joint[c] === -Infinity ? 0 : Math.exp(joint[c] - max);
    for (let c = 0; c < nClasses; c++) {
      out[r * nClasses + c] = joint[c] === -Infinity ? 0 : Math.exp(joint[c] - max) / sum;
    }
  }
  return out;
}

function columnVariance(x: Float32Array, rows: number, cols: number, j: number): number {
  let mean = 0;
  for (let r = 0; r < rows; r++) mean += x[r * cols + j] / rows;
  let v = 0;
  for (let r = 0; r < rows; r++) v += (x[r * cols + j] - mean) ** 2 / rows;
  return v;
}

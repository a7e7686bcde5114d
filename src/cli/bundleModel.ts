/**
 * A bundle directory opened for prediction in Node: its classifier (TF.js network or k-NN), its standardisation
 * applied to raw feature rows, and the decision rule (a tuned threshold for two classes, else the most probable).
 */
import { openBundle } from '../core/bundle/bundle';
import type { BundleMeta } from '../core/bundle/meta';
import { ClassifierModel } from '../core/models/build';
import type { Classifier } from '../core/models/classifier';
import { parseModelConfig, type KnnConfig, type NetworkConfig } from '../core/models/config';
import { KnnClassifier } from '../core/models/knn';
import { readBundleDir } from '../node/bundleFiles';
import { initNodeTf } from '../node/tf';

export interface BundleModel {
  meta: BundleMeta;
  /** Values in one example. */
  inputSize: number;
  /** Class probabilities (rows × classes) of raw (unstandardised) rows, rows × inputSize. */
  predictProbs(raw: Float32Array): Float32Array;
  /** Two classes: the index the threshold is about (the class named like the task, else class 1). */
  positive: number | null;
  threshold: number | null;
  /** The predicted class of one row of probabilities. */
  decide(probs: ArrayLike<number>): number;
  dispose(): void;
}

/** (x − mean) / std per value of each example, or per entry of its last axis (the lengths meta.ts allows). */
function standardize(x: Float32Array, meta: BundleMeta, inputSize: number): Float32Array {
  const norm = meta.normalization;
  const out = new Float32Array(x.length);
  const n = norm?.mean.length ?? 1;
  for (let i = 0; i < x.length; i++) {
    const k = norm ? (n === inputSize ? i % inputSize : i % n) : 0;
    const z = norm ? (x[i] - norm.mean[k]) / norm.std[k] : x[i];
    if (!Number.isFinite(z)) {
      throw new Error(
        `Expected finite features, got ${x[i]} at row ${Math.floor(i / inputSize)}, value ${i % inputSize}`,
      );
    }
    out[i] = z;
  }
  return out;
}

/** Reads, validates and loads the bundle in `dir`; throws one message naming the directory and the problem. */
export async function loadBundleModel(dir: string): Promise<BundleModel> {
  await initNodeTf();
  let classifier: Classifier;
  let meta: BundleMeta;
  let sigmoid = false;
  try {
    const opened = await openBundle(await readBundleDir(dir));
    meta = opened.meta;
    if (opened.kind === 'knn') {
      const knn = new KnnClassifier(parseModelConfig(meta.modelConfig) as KnnConfig, {
        nClasses: meta.classNames.length,
        inputShape: meta.inputShape,
      });
      classifier = knn.fit(opened.knn.points, opened.knn.labels);
    } else {
      let config: NetworkConfig;
      try {
        config = parseModelConfig(meta.modelConfig) as NetworkConfig;
      } catch {
        // A network whose config this build cannot read still predicts; only its family name is unknown.
        config = parseModelConfig({ family: 'mlp' }) as NetworkConfig;
      }
      const model = new ClassifierModel(opened.model, config);
      const last = opened.model.layers[opened.model.layers.length - 1];
      sigmoid = (last.getConfig() as { activation?: unknown }).activation === 'sigmoid';
      classifier = model;
    }
  } catch (error) {
    const message = (error as Error).message;
    throw new Error(message.startsWith(dir) ? message : `${dir}: ${message}`, { cause: error });
  }
  const k = meta.classNames.length;
  const inputSize = meta.inputShape.reduce((a, b) => a * b, 1);
  const binaryUnit = classifier.nClasses === 1 && k === 2;
  const named = meta.classNames.findIndex((c) => c.toLowerCase() === meta.task.toLowerCase());
  const positive = k === 2 ? (named >= 0 ? named : 1) : null;
  const threshold = k === 2 && typeof meta.metrics.threshold === 'number' ? meta.metrics.threshold : null;
  return {
    meta,
    inputSize,
    positive,
    threshold,
    predictProbs(raw) {
      if (raw.length % inputSize !== 0) {
        throw new Error(`Expected rows of ${inputSize} values, got ${raw.length} values`);
      }
      const x = standardize(raw, meta, inputSize);
      if (!binaryUnit) return classifier.predictProbs(x);
      // One output unit for two classes: the probability of the second.
      const out = classifier.predictLogits(x);
      const probs = new Float32Array(out.length * 2);
      for (let r = 0; r < out.length; r++) {
        const p = sigmoid ? out[r] : 1 / (1 + Math.exp(-out[r]));
        probs[2 * r] = 1 - p;
        probs[2 * r + 1] = p;
      }
      return probs;
    },
    decide(probs) {
      if (positive !== null && threshold !== null)
        return probs[positive] >= threshold ? positive : 1 - positive;
      let best = 0;
      for (let c = 1; c < k; c++) if (probs[c] > probs[best]) best = c;
      return best;
    },
    dispose: () => classifier.dispose(),
  };
}

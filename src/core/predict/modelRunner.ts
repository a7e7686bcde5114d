/**
 * A validated bundle made ready to predict: its classifier (a TF.js network or k-NN), its standardisation and
 * its 2-D projection. Pure TF.js and core code: runs in the classify worker and in Vitest.
 */
import { disposeOpened, openBundle, type BundleParts, type OpenedBundle } from '../bundle/bundle';
import { usableStd } from '../data/normalize';
import type { BundleMeta, BundleNormalization, BundleProjection } from '../bundle/meta';
import { ClassifierModel } from '../models/build';
import type { Classifier } from '../models/classifier';
import { parseModelConfig, type KnnConfig, type NetworkConfig } from '../models/config';
import { KnnClassifier } from '../models/knn';
import { VotingClassifier } from '../models/voting';
import { modelInputShapeOf } from '../bundle/meta';
import { withPca } from '../train/pcaReduce';

/** What the view is told about a model once its worker has validated and loaded it. */
export interface LoadedModelInfo {
  id: string;
  /** `meta.name`. */
  name: string;
  task: string;
  classNames: string[];
  featureSet: string;
  /** Tabular models: the columns a CSV must have, in the model's order. */
  columns: string[];
  backend: string;
  /** Binary models: the class whose probability the cut-off applies to. */
  positiveClass: number | null;
  /** The tuned cut-off on the positive class's probability (`metrics.threshold`). */
  threshold: number | null;
  projection: {
    space: 'input' | 'embedding';
    points: Array<[number, number]>;
    labels: number[];
    explainedVariance?: number[];
  } | null;
}

export interface RunnableModel {
  meta: BundleMeta;
  classifier: Classifier;
  /** Units in the network's output: classNames.length, or 1 for a binary model with one output. */
  outputUnits: number;
  /** Whether a one-unit output is already a probability (sigmoid activation) rather than a logit. */
  sigmoidOutput: boolean;
  /** Values in one example. */
  inputSize: number;
}

/** Opens a bundle (validated by core/bundle) into something that predicts probabilities. */
export async function openRunnableModel(
  parts: BundleParts,
  options: Parameters<typeof openBundle>[1] = {},
): Promise<RunnableModel> {
  const opened = await openBundle(parts, options);
  const meta = opened.meta;
  const inputSize = meta.inputShape.reduce((a, b) => a * b, 1);
  let ready: ReadyClassifier;
  try {
    ready = classifierOf(opened);
  } catch (error) {
    disposeOpened(opened);
    throw error;
  }
  // Behind a PCA step the family reads the components; wrapped, it takes standardised input rows again.
  const classifier = meta.pca ? withPca(ready.classifier, meta.pca) : ready.classifier;
  return { meta, classifier, outputUnits: ready.outputUnits, sigmoidOutput: ready.sigmoidOutput, inputSize };
}

interface ReadyClassifier {
  classifier: Classifier;
  outputUnits: number;
  sigmoidOutput: boolean;
}

/** The classifier an opened bundle holds, reading the model's own inputs (the PCA components, if any). */
function classifierOf(opened: OpenedBundle): ReadyClassifier {
  const meta = opened.meta;
  const classes = meta.classNames.length;
  if (opened.kind === 'knn') {
    const knn = new KnnClassifier(parseModelConfig(meta.modelConfig) as KnnConfig, {
      nClasses: classes,
      inputShape: modelInputShapeOf(meta),
    });
    knn.fit(opened.knn.points, opened.knn.labels);
    return { classifier: knn, outputUnits: classes, sigmoidOutput: false };
  }
  if (opened.kind === 'classic')
    return { classifier: opened.classifier, outputUnits: classes, sigmoidOutput: false };
  if (opened.kind === 'voting') {
    const members = opened.members.map(classifierOf);
    const oneUnit = members.findIndex((m) => m.outputUnits !== classes);
    if (oneUnit >= 0) {
      members.forEach((m) => m.classifier.dispose());
      throw new Error(`Model ${oneUnit + 1} of the vote outputs one unit, not a probability per class`);
    }
    const vote = new VotingClassifier(
      members.map((m) => m.classifier),
      opened.weights,
    );
    return { classifier: vote, outputUnits: classes, sigmoidOutput: false };
  }
  const model = opened.model;
  let config: NetworkConfig;
  try {
    config = parseModelConfig(meta.modelConfig) as NetworkConfig;
  } catch {
    // A model from elsewhere whose config we cannot read still predicts; only the family name is lost.
    config = parseModelConfig({ family: 'mlp' }) as NetworkConfig;
  }
  const network = new ClassifierModel(model, config);
  const last = model.layers[model.layers.length - 1];
  const activation = (last.getConfig() as { activation?: unknown }).activation;
  return { classifier: network, outputUnits: network.nClasses, sigmoidOutput: activation === 'sigmoid' };
}

/**
 * Which axis a per-feature vector of `length` entries runs along: the whole example (-1) or the last axis
 * of that length (logmel bands, one channel), as meta.ts allows.
 */
function normalizationAxis(length: number, inputShape: readonly number[]): number {
  const size = inputShape.reduce((a, b) => a * b, 1);
  if (length === size) return -1;
  for (let a = inputShape.length - 1; a >= 0; a--) if (inputShape[a] === length) return a;
  throw new Error(
    `The normalisation has ${length} entries, which fits neither the input shape [${inputShape.join(', ')}] nor one of its axes`,
  );
}

/** (x − mean) / std for a batch of flat examples, along whichever axis the normalisation was fitted. */
export function standardizeExamples(
  x: Float32Array,
  inputShape: readonly number[],
  normalization: BundleNormalization | null,
): Float32Array {
  const size = inputShape.reduce((a, b) => a * b, 1);
  if (x.length % size !== 0) {
    throw new Error(`Expected a multiple of ${size} values (one example), got ${x.length}`);
  }
  const out = new Float32Array(x.length);
  if (!normalization) {
    for (let i = 0; i < x.length; i++) {
      if (!Number.isFinite(x[i])) throw new Error(`Expected finite model inputs, got ${x[i]} at value ${i}`);
      out[i] = x[i];
    }
    return out;
  }
  const { mean, std } = normalization;
  const axis = normalizationAxis(mean.length, inputShape);
  // Stride of the axis in a row-major example: how many values one step along it skips.
  const stride = axis < 0 ? 1 : inputShape.slice(axis + 1).reduce((a, b) => a * b, 1);
  for (let i = 0; i < x.length; i++) {
    const within = i % size;
    const k = axis < 0 ? within : Math.floor(within / stride) % mean.length;
    // Checked as the float32 the model reads: a tiny std is finite in float64 and Infinity there.
    const z = Math.fround((x[i] - mean[k]) / usableStd(std[k]));
    if (!Number.isFinite(z)) {
      throw new Error(
        `Expected finite model inputs, got ${x[i]} at example ${Math.floor(i / size)}, value ${within}`,
      );
    }
    out[i] = z;
  }
  return out;
}

/** Class probabilities (rows × classNames.length) of standardised examples. */
export function predictProbabilities(model: RunnableModel, standardized: Float32Array): Float32Array {
  const k = model.meta.classNames.length;
  if (model.outputUnits === k) return model.classifier.predictProbs(standardized);
  // One output for two classes: the probability of the second.
  const out = model.classifier.predictLogits(standardized);
  const probs = new Float32Array(out.length * 2);
  for (let r = 0; r < out.length; r++) {
    const p = model.sigmoidOutput ? out[r] : 1 / (1 + Math.exp(-out[r]));
    probs[2 * r] = 1 - p;
    probs[2 * r + 1] = p;
  }
  return probs;
}

/** Class probabilities of raw (unstandardised) rows: the bundle's standardisation, then the model. */
export function predictRows(model: RunnableModel, raw: Float32Array): Float32Array {
  if (raw.length === 0) return new Float32Array(0);
  return predictProbabilities(
    model,
    standardizeExamples(raw, model.meta.inputShape, model.meta.normalization),
  );
}

/** Coordinates of each example in the bundle's 2-D projection (rows × 2), or null without one. */
export function projectExamples(
  model: RunnableModel,
  standardized: Float32Array,
  rows: number,
): Float32Array | null {
  const projection: BundleProjection | undefined = model.meta.projection;
  if (!projection || rows === 0) return null;
  const space = projection.space === 'embedding' ? model.classifier.embed(standardized) : standardized;
  const cols = projection.mean.length;
  if (space.length !== rows * cols) return null; // a projection of another space: nothing to place
  const [a, b] = projection.components;
  const out = new Float32Array(rows * 2);
  for (let r = 0; r < rows; r++) {
    let x = 0;
    let y = 0;
    for (let c = 0; c < cols; c++) {
      const d = space[r * cols + c] - projection.mean[c];
      x += d * a[c];
      y += d * b[c];
    }
    out[2 * r] = x;
    out[2 * r + 1] = y;
  }
  return out;
}

/** The class a cut-off applies to in a two-class model: one named like the task, else the second. */
export function positiveClassOf(meta: BundleMeta): number | null {
  if (meta.classNames.length !== 2) return null;
  const named = meta.classNames.findIndex((c) => c.toLowerCase() === meta.task.toLowerCase());
  return named >= 0 ? named : 1;
}

/** The class one row of probabilities gets: a two-class model's tuned cut-off applies, else the most probable. */
export function decideClass(meta: BundleMeta, probs: ArrayLike<number>): number {
  const positive = positiveClassOf(meta);
  const threshold = meta.metrics.threshold;
  if (positive !== null && typeof threshold === 'number') {
    return probs[positive] >= threshold ? positive : 1 - positive;
  }
  let best = 0;
  for (let c = 1; c < meta.classNames.length; c++) if (probs[c] > probs[best]) best = c;
  return best;
}

export function describeModel(id: string, model: RunnableModel, backend: string): LoadedModelInfo {
  const { meta } = model;
  const threshold = meta.metrics.threshold;
  return {
    id,
    name: meta.name,
    task: meta.task,
    classNames: [...meta.classNames],
    featureSet: meta.featureSpec.name,
    columns: [...meta.featureSpec.columns],
    backend,
    positiveClass: positiveClassOf(meta),
    threshold: typeof threshold === 'number' ? threshold : null,
    projection: meta.projection
      ? {
          space: meta.projection.space,
          points: meta.projection.points.map(([x, y]) => [x, y] as [number, number]),
          labels: [...meta.projection.labels],
          ...(meta.projection.explainedVariance
            ? { explainedVariance: [...meta.projection.explainedVariance] }
            : {}),
        }
      : null,
  };
}

/** Frees the model's weights (TF.js) or reference points (k-NN). */
export function disposeRunnableModel(model: RunnableModel): void {
  model.classifier.dispose();
}

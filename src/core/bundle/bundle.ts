/**
 * A model bundle in memory: `model.json` (TF.js layers format, or our k-NN reference description),
 * the weight bytes, and `meta.json`. Saving goes through a custom `tf.io` handler (no files, no DOM); loading
 * validates all three parts before TF.js sees any of them.
 */
import * as tf from '@tensorflow/tfjs';
import { BundleError, describeValue, readInt, readIntArray, readRecord, readOwnModelJson } from './json';
import {
  inputSizeOf,
  modelInputShapeOf,
  parseBundleMeta,
  type BundleMeta,
  type ParseMetaOptions,
} from './meta';
import { checkModelJson, MAX_WEIGHT_BYTES, type LayersModelJson, type ModelJsonOptions } from './modelJson';
import { loadClassicBundle, type ClassicModelJson } from './classicBundle';
import { votingConfigOf, votingMemberParts, type VotingModelJson } from './votingBundle';
import type { ClassicClassifier } from '../models/classic/classic';
import { checkOperationBudget } from '../models/budget';
import { rowsPerSecondOf } from '../features/audioSets';

/** Most ensemble members a bundle's model may output (the engine builds at most 16). */
const MAX_MEMBERS = 64;

/** A bundle as read from somewhere untrusted: nothing checked yet. */
export interface BundleParts {
  modelJson: unknown;
  weights: ArrayBuffer | ArrayBufferView;
  meta: unknown;
}

/** A bundle this app made: what the writers (zip, directory, IndexedDB) store. */
export interface SavedBundle {
  modelJson: LayersModelJson | KnnModelJson | ClassicModelJson | VotingModelJson;
  weights: ArrayBuffer;
  meta: BundleMeta;
}

export type LoadBundleOptions = ParseMetaOptions & ModelJsonOptions;

/** k-NN "weights": the reference points (rows × dim, in the space the classifier compares) and their classes. */
export interface KnnReference {
  count: number;
  dim: number;
  points: Float32Array;
  labels: Int32Array;
}

/** `model.json` of a k-NN bundle; its weight file holds the points as float32, row-major. */
export interface KnnModelJson {
  format: 'oido-knn';
  version: 1;
  count: number;
  dim: number;
  labels: number[];
}

export const KNN_FORMAT = 'oido-knn';
export const MAX_KNN_POINTS = 500_000;

export type OpenedBundle =
  | { kind: 'tf-layers'; model: tf.LayersModel; meta: BundleMeta }
  | { kind: 'knn'; knn: KnnReference; meta: BundleMeta }
  | { kind: 'classic'; classifier: ClassicClassifier; meta: BundleMeta }
  /** A vote's models, opened each by its own kind, and their weights in the average (`meta.modelConfig`'s). */
  | { kind: 'voting'; members: OpenedBundle[]; weights: number[]; meta: BundleMeta };

/** Serialises a TF.js model with its metadata. The result is checked exactly as `loadBundle` would check it. */
export async function saveBundle(model: tf.LayersModel, meta: BundleMeta): Promise<SavedBundle> {
  const checkedMeta = parseBundleMeta(meta);
  if (checkedMeta.kind !== 'tf-layers') {
    throw new BundleError(
      `saveBundle writes TF.js models; meta.kind is "${checkedMeta.kind}" (use saveKnnBundle)`,
    );
  }
  let artifacts: tf.io.ModelArtifacts | null = null;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(a) };
    }),
    { includeOptimizer: false },
  );
  const saved = artifacts as tf.io.ModelArtifacts | null;
  if (!saved || !saved.modelTopology || !saved.weightSpecs || saved.weightData === undefined) {
    throw new BundleError('TF.js saved no topology or weights for this model');
  }
  const weights = tf.io.CompositeArrayBuffer.join(saved.weightData);
  const modelJson: LayersModelJson = {
    format: 'layers-model',
    generatedBy: saved.generatedBy ?? `TensorFlow.js tfjs-layers v${tf.version_layers}`,
    convertedBy: null,
    modelTopology: JSON.parse(JSON.stringify(saved.modelTopology)) as Record<string, unknown>,
    weightsManifest: [
      {
        paths: ['weights.bin'],
        weights: saved.weightSpecs.map((w) => ({
          name: w.name,
          shape: [...w.shape],
          dtype: w.dtype as 'float32',
        })),
      },
    ],
  };
  checkAgainstMeta(checkedMeta, checkModelJson(modelJson, weights.byteLength));
  return { modelJson, weights, meta: checkedMeta };
}

/**
 * Validates a bundle and loads its TF.js model. Rejects (with a `BundleError` naming the problem) anything
 * malformed or hostile before TF.js parses it; a k-NN bundle is refused here (use `openBundle`).
 */
export async function loadBundle(
  parts: BundleParts,
  options: LoadBundleOptions = {},
): Promise<{ model: tf.LayersModel; meta: BundleMeta }> {
  const meta = parseBundleMeta(parts.meta, options);
  if (meta.kind !== 'tf-layers') {
    throw new BundleError(
      `Bundle "${meta.name}" is a ${meta.kind} bundle, not a TF.js model (use openBundle)`,
    );
  }
  const weights = toArrayBuffer(parts.weights);
  const checked = checkModelJson(parts.modelJson, weights.byteLength, options);
  checkAgainstMeta(meta, checked);
  checkOperationsPerSecond(meta, checked.operationsPerExample);
  checkFinite(new Float32Array(weights), 'weights.bin');
  let model: tf.LayersModel;
  try {
    model = await tf.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: checked.modelTopology,
        weightSpecs: checked.weightSpecs,
        weightData: weights,
      }),
      { strict: true },
    );
  } catch (err) {
    throw new BundleError(
      `The model in bundle "${meta.name}" could not be loaded: ${(err as Error).message}`,
    );
  }
  return { model, meta };
}

/** Serialises k-NN reference points with their metadata (meta.kind must be `knn`). */
export function saveKnnBundle(ref: KnnReference, meta: BundleMeta): SavedBundle {
  const checkedMeta = parseBundleMeta(meta);
  if (checkedMeta.kind !== 'knn')
    throw new BundleError(`saveKnnBundle needs meta.kind "knn", got "${checkedMeta.kind}"`);
  const modelJson: KnnModelJson = {
    format: KNN_FORMAT,
    version: 1,
    count: ref.count,
    dim: ref.dim,
    labels: Array.from(ref.labels),
  };
  const weights = ref.points.slice().buffer;
  readKnn(modelJson, weights, checkedMeta);
  return { modelJson, weights, meta: checkedMeta };
}

/** Validates a k-NN bundle and returns its reference points. */
export function loadKnnBundle(
  parts: BundleParts,
  options: ParseMetaOptions = {},
): { knn: KnnReference; meta: BundleMeta } {
  const meta = parseBundleMeta(parts.meta, options);
  if (meta.kind !== 'knn') throw new BundleError(`Bundle "${meta.name}" is a ${meta.kind} bundle, not k-NN`);
  return { knn: readKnn(parts.modelJson, toArrayBuffer(parts.weights), meta), meta };
}

/** Loads any kind of bundle, as its meta says (a classic model comes back fitted: dispose it when done). */
export async function openBundle(parts: BundleParts, options: LoadBundleOptions = {}): Promise<OpenedBundle> {
  const kind = readRecord(parts.meta, 'meta').kind;
  if (kind === 'voting') {
    const meta = parseBundleMeta(parts.meta, options);
    const config = votingConfigOf(meta);
    const memberParts = votingMemberParts(parts.modelJson, toArrayBuffer(parts.weights), meta, config);
    // The work budget holds for the vote as a whole: every example runs through all of its networks.
    const operations = memberParts
      .filter((m) => m.meta.kind === 'tf-layers')
      .reduce(
        (sum, m) => sum + checkModelJson(m.modelJson, m.weights.byteLength, options).operationsPerExample,
        0,
      );
    checkOperationsPerSecond(meta, operations);
    const members: OpenedBundle[] = [];
    try {
      for (const member of memberParts) members.push(await openBundle(member, options));
    } catch (error) {
      members.forEach(disposeOpened);
      throw error;
    }
    return { kind: 'voting', members, weights: config.weights, meta };
  }
  if (kind === 'knn') return { kind: 'knn', ...loadKnnBundle(parts, options) };
  if (kind === 'classic') {
    const { modelJson, meta } = parts;
    return {
      kind: 'classic',
      ...loadClassicBundle({ modelJson, meta, weights: toArrayBuffer(parts.weights) }, options),
    };
  }
  return { kind: 'tf-layers', ...(await loadBundle(parts, options)) };
}

/** Frees what an opened bundle holds (a network's weights, a classic model, a vote's models). */
export function disposeOpened(opened: OpenedBundle): void {
  if (opened.kind === 'tf-layers') opened.model.dispose();
  else if (opened.kind === 'classic') opened.classifier.dispose();
  else if (opened.kind === 'voting') opened.members.forEach(disposeOpened);
}

function toArrayBuffer(weights: unknown): ArrayBuffer {
  if (weights instanceof ArrayBuffer) return weights.slice(0);
  if (ArrayBuffer.isView(weights)) {
    return new Uint8Array(weights.buffer, weights.byteOffset, weights.byteLength).slice().buffer;
  }
  throw new BundleError(`Expected the weights to be bytes (ArrayBuffer), got ${describeValue(weights)}`);
}

function checkFinite(values: Float32Array, what: string): void {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) throw new BundleError(`${what} holds ${values[i]} at value ${i}`);
  }
}

/** The per-second half of the work budget: the model's cost per example times the rows a second of its audio gives. */
function checkOperationsPerSecond(meta: BundleMeta, operationsPerExample: number): void {
  try {
    checkOperationBudget(operationsPerExample, rowsPerSecondOf(meta.featureSpec));
  } catch (err) {
    throw new BundleError((err as Error).message);
  }
}

function checkAgainstMeta(meta: BundleMeta, model: { inputShape: number[]; outputShape: number[] }): void {
  const expected = modelInputShapeOf(meta);
  if (expected.join(',') !== model.inputShape.join(',')) {
    throw new BundleError(
      meta.pca
        ? `meta.pca has ${expected[0]} components but the model's input is [${model.inputShape.join(', ')}]`
        : `meta.inputShape [${meta.inputShape.join(', ')}] does not match the model's input [${model.inputShape.join(', ')}]`,
    );
  }
  // One vector per example, or one per ensemble member ([members, classes]; ClassifierModel averages them).
  const [members, units] =
    model.outputShape.length === 1 ? [1, model.outputShape[0]] : (model.outputShape as [number, number]);
  if (model.outputShape.length > 2 || members > MAX_MEMBERS) {
    throw new BundleError(
      `Expected the model to output one vector per example (or one per ensemble member, at most ${MAX_MEMBERS}), got shape [${model.outputShape.join(', ')}]`,
    );
  }
  const classes = meta.classNames.length;
  // A binary model may have one sigmoid unit for two named classes.
  if (units !== classes && !(units === 1 && classes === 2 && members === 1)) {
    throw new BundleError(`meta.classNames has ${classes} names but the model outputs ${units} units`);
  }
}

function readKnn(json: unknown, weights: ArrayBuffer, meta: BundleMeta): KnnReference {
  const m = readOwnModelJson(json, {
    format: KNN_FORMAT,
    kind: 'a k-NN bundle',
    fields: ['count', 'dim', 'labels'],
    bounds: { maxNodes: MAX_KNN_POINTS + 100 },
  });
  const count = readInt(m.count, 'model.json count', 1, MAX_KNN_POINTS);
  const dim = readInt(m.dim, 'model.json dim', 1, MAX_WEIGHT_BYTES / 4);
  const inputSize = inputSizeOf(modelInputShapeOf(meta));
  if (dim !== inputSize)
    throw new BundleError(
      `model.json dim ${dim} does not match ${meta.pca ? 'meta.pca components' : 'meta.inputShape'} (${inputSize} values)`,
    );
  if (count * dim * 4 > MAX_WEIGHT_BYTES) {
    throw new BundleError(`${count} points × ${dim} values exceed the limit of ${MAX_WEIGHT_BYTES} bytes`);
  }
  if (weights.byteLength !== count * dim * 4) {
    throw new BundleError(
      `The weights are ${weights.byteLength} bytes but ${count} points × ${dim} float32 values need ${count * dim * 4}`,
    );
  }
  const labels = readIntArray(m.labels, 'model.json labels', 0, meta.classNames.length - 1, MAX_KNN_POINTS);
  if (labels.length !== count)
    throw new BundleError(`model.json has ${labels.length} labels for ${count} points`);
  const points = new Float32Array(weights);
  checkFinite(points, 'weights.bin');
  return { count, dim, points, labels: Int32Array.from(labels) };
}

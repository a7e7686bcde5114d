/**
 * `meta.json` of a model bundle: what the model predicts, on which features, how they were normalised, how it
 * scored, and what it was trained on. Versioned and validated strictly where it enters.
 */
import { usableStd } from '../data/normalize';
import { checkSpecSupported, type FeatureSetName, type FeatureSpec } from '../features/spec';
import {
  BundleError,
  checkKeys,
  checkPlainJson,
  describeValue,
  readArray,
  readInt,
  readIntArray,
  readNumber,
  readNumberArray,
  readRecord,
  readString,
} from './json';

export const BUNDLE_FORMAT = 'oido-model';
export const BUNDLE_META_VERSION = 1;
/** Training points kept for the app's scatter plot. */
export const MAX_PROJECTION_POINTS = 2000;
/** Values in one example (e.g. 128 mel bands × 1,300 frames fits). */
export const MAX_INPUT_SIZE = 1 << 22;
export const MAX_CLASSES = 1000;

export type BundleKind = 'tf-layers' | 'knn' | 'classic' | 'voting';
/** The shipped tasks, or any other name a user gives a model they trained. */
export type BundleTask = 'genre' | 'instruments' | 'reggaeton' | (string & {});

/** Per-feature standardisation applied before the model: (x − mean) / std. */
export interface BundleNormalization {
  mean: number[];
  std: number[];
  /** The standardiser's own format version, when it has one. */
  version?: number;
}

export interface BundleMetrics {
  accuracy?: number;
  macroF1?: number;
  auc?: number;
  /** Decision threshold on the positive class's probability (binary tasks). */
  threshold?: number;
  /** rows = true class, columns = predicted class, in `classNames` order. */
  confusion?: number[][];
  /** Any further figures (plain JSON). */
  [key: string]: unknown;
}

export interface BundleData {
  /** Where the training rows came from (file names, a dataset's name). */
  source: string;
  rows: number;
  /** Rows per class; every key is one of `classNames`. */
  classCounts: Record<string, number>;
}

/** A 2-D PCA of the training set, for the app's scatter plot (new inputs are projected with mean/components). */
export interface BundleProjection {
  /** `input`: PCA of the (normalised) model input, `embedding`: of the network's penultimate layer. */
  space: 'input' | 'embedding';
  mean: number[];
  /** Two principal axes, each as long as `mean`. */
  components: number[][];
  /** Coordinates of up to MAX_PROJECTION_POINTS training points. */
  points: Array<[number, number]>;
  /** Class index of each point. */
  labels: number[];
  /** Share of the variance along each axis, when known. */
  explainedVariance?: number[];
}

/**
 * PCA between the standardiser and the model (train/pcaReduce.ts): the model reads the rows' coordinates on
 * `components` (k × inputSize, after subtracting `mean`), so its own input is [k].
 */
export interface BundlePca {
  version: number;
  mean: number[];
  components: number[][];
  /** Share of the training variance along each component. */
  explainedVariance: number[];
}

export interface BundleMeta {
  format: typeof BUNDLE_FORMAT;
  version: typeof BUNDLE_META_VERSION;
  name: string;
  /** ISO 8601 date. */
  createdAt: string;
  task: BundleTask;
  classNames: string[];
  featureSpec: FeatureSpec;
  /** Shape of one example, without the batch axis. */
  inputShape: number[];
  normalization: BundleNormalization | null;
  /** The model's configuration (plain JSON, parsed by the models module). */
  modelConfig: unknown;
  /** The training run's configuration (plain JSON). */
  trainingConfig: unknown;
  metrics: BundleMetrics;
  data: BundleData;
  projection?: BundleProjection;
  /** PCA before the model, when the run asked for it. */
  pca?: BundlePca;
  /** `knn` bundles carry reference points in place of network weights. */
  kind: BundleKind;
}

export interface ParseMetaOptions {
  /** The feature sets this app computes: a bundle needing another one is rejected. */
  supportedSpecs?: readonly FeatureSpec[];
}

const META_KEYS = [
  'format',
  'version',
  'name',
  'createdAt',
  'task',
  'classNames',
  'featureSpec',
  'inputShape',
  'normalization',
  'modelConfig',
  'trainingConfig',
  'metrics',
  'data',
  'projection',
  'pca',
  'kind',
];

export function inputSizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** The shape the model itself reads: the input's, or [components] behind a PCA step. */
export function modelInputShapeOf(meta: Pick<BundleMeta, 'inputShape' | 'pca'>): number[] {
  return meta.pca ? [meta.pca.components.length] : [...meta.inputShape];
}

/** Lengths a per-feature vector may have for this input: the whole example, or one of its axes. */
function featureLengths(inputShape: readonly number[]): number[] {
  return [inputSizeOf(inputShape), ...inputShape];
}

function checkFeatureLength(length: number, inputShape: readonly number[], where: string): void {
  if (!featureLengths(inputShape).includes(length)) {
    throw new BundleError(
      `${where} has ${length} entries, which fits neither the input shape [${inputShape.join(', ')}] nor one of its axes`,
    );
  }
}

/**
 * Validates `meta.json` (parsed JSON or an object) and returns a fresh, typed copy. Every problem throws a
 * `BundleError` naming the field. With `supportedSpecs`, a feature set this app cannot compute is rejected.
 */
export function parseBundleMeta(json: unknown, options: ParseMetaOptions = {}): BundleMeta {
  checkPlainJson(json, 'meta', { maxNodes: 1_000_000 });
  const m = readRecord(json, 'meta');
  if (m.format !== BUNDLE_FORMAT) {
    throw new BundleError(`Expected meta.format to be "${BUNDLE_FORMAT}", got ${describeValue(m.format)}`);
  }
  if (m.version !== BUNDLE_META_VERSION) {
    throw new BundleError(
      `Bundle meta version ${describeValue(m.version)} is not supported (this app reads version ${BUNDLE_META_VERSION})`,
    );
  }
  checkKeys(m, 'meta', META_KEYS);
  if (m.kind !== 'tf-layers' && m.kind !== 'knn' && m.kind !== 'classic' && m.kind !== 'voting') {
    throw new BundleError(
      `Expected meta.kind to be "tf-layers", "knn", "classic" or "voting", got ${describeValue(m.kind)}`,
    );
  }
  const name = readString(m.name, 'meta.name', 200);
  const createdAt = readString(m.createdAt, 'meta.createdAt', 64);
  if (!Number.isFinite(Date.parse(createdAt))) {
    throw new BundleError(`Expected meta.createdAt to be an ISO date, got ${describeValue(createdAt)}`);
  }
  const task = readString(m.task, 'meta.task', 64);
  const classNames = readClassNames(m.classNames);
  const inputShape = readIntArray(m.inputShape, 'meta.inputShape', 1, MAX_INPUT_SIZE, 4);
  if (inputShape.length === 0)
    throw new BundleError('Expected meta.inputShape to have 1 to 4 axes, got none');
  if (inputSizeOf(inputShape) > MAX_INPUT_SIZE) {
    throw new BundleError(
      `meta.inputShape [${inputShape.join(', ')}] has more than ${MAX_INPUT_SIZE} values`,
    );
  }
  const featureSpec = readFeatureSpec(m.featureSpec);
  checkFeatureLength(featureSpec.columns.length, inputShape, 'meta.featureSpec.columns');
  if (options.supportedSpecs) {
    try {
      checkSpecSupported(featureSpec, options.supportedSpecs);
    } catch (err) {
      throw new BundleError(`This model needs features the app cannot compute: ${(err as Error).message}`);
    }
  }
  const meta: BundleMeta = {
    format: BUNDLE_FORMAT,
    version: BUNDLE_META_VERSION,
    name,
    createdAt,
    task,
    classNames,
    featureSpec,
    inputShape,
    normalization: readNormalization(m.normalization, inputShape),
    modelConfig: cloneJson(m.modelConfig, 'meta.modelConfig'),
    trainingConfig: cloneJson(m.trainingConfig, 'meta.trainingConfig'),
    metrics: readMetrics(m.metrics, classNames.length),
    data: readData(m.data, classNames),
    kind: m.kind,
  };
  if (m.projection !== undefined)
    meta.projection = readProjection(m.projection, inputShape, classNames.length);
  if (m.pca !== undefined) meta.pca = readPca(m.pca, inputShape);
  return meta;
}

function cloneJson(value: unknown, where: string): unknown {
  if (value === undefined) throw new BundleError(`Missing ${where}`);
  return JSON.parse(JSON.stringify(value)) as unknown;
}

function readClassNames(value: unknown): string[] {
  const names = readArray(value, 'meta.classNames', MAX_CLASSES).map((v, i) =>
    readString(v, `meta.classNames[${i}]`, 200),
  );
  if (names.length === 0)
    throw new BundleError('Expected meta.classNames to name at least one class, got none');
  const seen = new Set<string>();
  for (const n of names) {
    if (seen.has(n)) throw new BundleError(`meta.classNames names "${n}" twice`);
    seen.add(n);
  }
  return names;
}

function readFeatureSpec(value: unknown): FeatureSpec {
  const s = readRecord(value, 'meta.featureSpec');
  checkKeys(s, 'meta.featureSpec', [
    'name',
    'version',
    'sampleRate',
    'frameLength',
    'hop',
    'columns',
    'params',
  ]);
  const spec: FeatureSpec = {
    // Which names this app computes is checked against `supportedSpecs`, not here.
    name: readString(s.name, 'meta.featureSpec.name', 64) as FeatureSetName,
    version: readInt(s.version, 'meta.featureSpec.version', 1, 1_000_000),
    sampleRate: readNumber(s.sampleRate, 'meta.featureSpec.sampleRate', 1, 1_000_000),
    frameLength: readInt(s.frameLength, 'meta.featureSpec.frameLength', 1, 1 << 20),
    hop: readInt(s.hop, 'meta.featureSpec.hop', 1, 1 << 20),
    columns: readArray(s.columns, 'meta.featureSpec.columns', MAX_INPUT_SIZE).map((c, i) =>
      readString(c, `meta.featureSpec.columns[${i}]`, 200),
    ),
  };
  if (s.params !== undefined) {
    const p = readRecord(s.params, 'meta.featureSpec.params');
    const params: Record<string, number | string | boolean> = {};
    const keys = Object.keys(p);
    if (keys.length > 100)
      throw new BundleError(`meta.featureSpec.params has ${keys.length} keys, more than 100`);
    for (const key of keys) {
      const v = p[key];
      if (typeof v !== 'number' && typeof v !== 'string' && typeof v !== 'boolean') {
        throw new BundleError(
          `Expected meta.featureSpec.params.${key} to be a number, string or boolean, got ${describeValue(v)}`,
        );
      }
      params[key] = v;
    }
    spec.params = params;
  }
  return spec;
}

function readNormalization(value: unknown, inputShape: readonly number[]): BundleNormalization | null {
  if (value === null) return null;
  const n = readRecord(value, 'meta.normalization');
  checkKeys(n, 'meta.normalization', ['mean', 'std', 'version']);
  const mean = readNumberArray(n.mean, 'meta.normalization.mean', { maxLength: MAX_INPUT_SIZE });
  checkFeatureLength(mean.length, inputShape, 'meta.normalization.mean');
  const std = readNumberArray(n.std, 'meta.normalization.std', {
    maxLength: MAX_INPUT_SIZE,
    length: mean.length,
    exclusiveMin: 0,
  });
  // A std below float32's smallest normal divides to Infinity in the model: its column is constant.
  const out: BundleNormalization = { mean, std: std.map(usableStd) };
  if (n.version !== undefined) out.version = readInt(n.version, 'meta.normalization.version', 1, 1_000_000);
  return out;
}

function readMetrics(value: unknown, nClasses: number): BundleMetrics {
  const m = readRecord(value, 'meta.metrics');
  const metrics = JSON.parse(JSON.stringify(m)) as BundleMetrics;
  for (const key of ['accuracy', 'macroF1', 'auc', 'threshold'] as const) {
    if (m[key] !== undefined) readNumber(m[key], `meta.metrics.${key}`, 0, 1);
  }
  if (m.confusion !== undefined) {
    const rows = readArray(m.confusion, 'meta.metrics.confusion', MAX_CLASSES, nClasses);
    rows.forEach((row, i) => {
      readArray(row, `meta.metrics.confusion[${i}]`, MAX_CLASSES, nClasses);
      readIntArray(row, `meta.metrics.confusion[${i}]`, 0, Number.MAX_SAFE_INTEGER, nClasses);
    });
  }
  return metrics;
}

function readData(value: unknown, classNames: readonly string[]): BundleData {
  const d = readRecord(value, 'meta.data');
  checkKeys(d, 'meta.data', ['source', 'rows', 'classCounts']);
  const counts = readRecord(d.classCounts, 'meta.data.classCounts');
  const classCounts: Record<string, number> = {};
  for (const key of Object.keys(counts)) {
    if (!classNames.includes(key)) {
      throw new BundleError(`meta.data.classCounts names "${key}", which is not one of meta.classNames`);
    }
    classCounts[key] = readInt(counts[key], `meta.data.classCounts.${key}`, 0, Number.MAX_SAFE_INTEGER);
  }
  return {
    source: readString(d.source, 'meta.data.source', 2000),
    rows: readInt(d.rows, 'meta.data.rows', 0, Number.MAX_SAFE_INTEGER),
    classCounts,
  };
}

function readProjection(value: unknown, inputShape: readonly number[], nClasses: number): BundleProjection {
  const p = readRecord(value, 'meta.projection');
  checkKeys(p, 'meta.projection', ['space', 'mean', 'components', 'points', 'labels', 'explainedVariance']);
  if (p.space !== 'input' && p.space !== 'embedding') {
    throw new BundleError(
      `Expected meta.projection.space to be "input" or "embedding", got ${describeValue(p.space)}`,
    );
  }
  const mean = readNumberArray(p.mean, 'meta.projection.mean', { maxLength: MAX_INPUT_SIZE });
  if (p.space === 'input' && mean.length !== inputSizeOf(inputShape)) {
    throw new BundleError(
      `meta.projection.mean has ${mean.length} entries but the input has ${inputSizeOf(inputShape)} values`,
    );
  }
  if (mean.length === 0) throw new BundleError('Expected meta.projection.mean to have entries, got none');
  const components = readArray(p.components, 'meta.projection.components', 2, 2).map((row, i) =>
    readNumberArray(row, `meta.projection.components[${i}]`, {
      maxLength: MAX_INPUT_SIZE,
      length: mean.length,
    }),
  );
  const points = readArray(p.points, 'meta.projection.points', MAX_PROJECTION_POINTS).map((pt, i) => {
    const [x, y] = readNumberArray(pt, `meta.projection.points[${i}]`, { maxLength: 2, length: 2 });
    return [x, y] as [number, number];
  });
  const labels = readIntArray(p.labels, 'meta.projection.labels', 0, nClasses - 1, MAX_PROJECTION_POINTS);
  if (labels.length !== points.length) {
    throw new BundleError(
      `meta.projection.labels has ${labels.length} entries but meta.projection.points has ${points.length}`,
    );
  }
  const out: BundleProjection = { space: p.space, mean, components, points, labels };
  if (p.explainedVariance !== undefined) {
    out.explainedVariance = readNumberArray(p.explainedVariance, 'meta.projection.explainedVariance', {
      maxLength: 2,
      length: 2,
    });
  }
  return out;
}

/** Most PCA components a bundle may keep (each as long as the input). */
const MAX_PCA_COMPONENTS = 1024;

function readPca(value: unknown, inputShape: readonly number[]): BundlePca {
  const p = readRecord(value, 'meta.pca');
  checkKeys(p, 'meta.pca', ['version', 'mean', 'components', 'explainedVariance']);
  const version = readInt(p.version, 'meta.pca.version', 1, 1);
  const size = inputSizeOf(inputShape);
  if (inputShape.length !== 1) {
    throw new BundleError(
      `meta.pca needs one vector per example, but meta.inputShape is [${inputShape.join(', ')}]`,
    );
  }
  const mean = readNumberArray(p.mean, 'meta.pca.mean', { maxLength: MAX_INPUT_SIZE });
  if (mean.length !== size) {
    throw new BundleError(`meta.pca.mean has ${mean.length} entries but the input has ${size} values`);
  }
  const rows = readArray(p.components, 'meta.pca.components', Math.min(MAX_PCA_COMPONENTS, size));
  if (rows.length === 0)
    throw new BundleError('Expected meta.pca.components to have at least one component, got none');
  if (rows.length * size > MAX_INPUT_SIZE * 64) {
    throw new BundleError(`meta.pca.components holds ${rows.length} × ${size} values, too many`);
  }
  const components = rows.map((row, i) =>
    readNumberArray(row, `meta.pca.components[${i}]`, { maxLength: MAX_INPUT_SIZE, length: size }),
  );
  const explainedVariance = readNumberArray(p.explainedVariance, 'meta.pca.explainedVariance', {
    maxLength: rows.length,
    length: rows.length,
  });
  return { version, mean, components, explainedVariance };
}

/**
 * Bundles of the classic families (meta.kind "classic"): `model.json` names the family and lists named numeric
 * arrays (dtype and length); `weights.bin` holds them back to back, each starting on an 8-byte boundary. Data
 * only: the arrays are checked for sizes here and for meaning (indices, counts, finiteness) by
 * `ClassicClassifier.fromParts` before anything predicts with them.
 */
import {
  ClassicClassifier,
  type ArrayDtype,
  type ClassicParts,
  type NumericArray,
} from '../models/classic/classic';
import { isClassicFamily, type ClassicConfig } from '../models/classic/families';
import { parseModelConfig } from '../models/config';
import {
  BundleError,
  checkKeys,
  describeValue,
  readArray,
  readInt,
  readRecord,
  readString,
  readOwnModelJson,
} from './json';
import {
  inputSizeOf,
  modelInputShapeOf,
  parseBundleMeta,
  type BundleMeta,
  type ParseMetaOptions,
} from './meta';
import { MAX_WEIGHT_BYTES } from './modelJson';

export const CLASSIC_FORMAT = 'oido-classic';
const MAX_ARRAYS = 32;
const MAX_PARAMS = 16;

export interface ClassicModelJson {
  format: typeof CLASSIC_FORMAT;
  version: 1;
  family: string;
  classes: number;
  inputSize: number;
  params: Record<string, number | string>;
  arrays: Array<{ name: string; dtype: ArrayDtype; length: number }>;
}

const BYTES: Record<ArrayDtype, number> = { float32: 4, float64: 8, int32: 4 };

const align8 = (n: number) => Math.ceil(n / 8) * 8;

function dtypeOf(a: NumericArray): ArrayDtype {
  return a instanceof Float64Array ? 'float64' : a instanceof Int32Array ? 'int32' : 'float32';
}

/** Serialises a fitted classic model with its metadata (meta.kind must be "classic"). */
export function saveClassicBundle(
  model: ClassicClassifier,
  meta: BundleMeta,
): { modelJson: ClassicModelJson; weights: ArrayBuffer; meta: BundleMeta } {
  const checkedMeta = parseBundleMeta(meta);
  if (checkedMeta.kind !== 'classic') {
    throw new BundleError(`saveClassicBundle needs meta.kind "classic", got "${checkedMeta.kind}"`);
  }
  const parts = model.toParts();
  const entries = Object.entries(parts.arrays);
  const modelJson: ClassicModelJson = {
    format: CLASSIC_FORMAT,
    version: 1,
    family: model.family,
    classes: model.nClasses,
    inputSize: model.inputSize,
    params: { ...parts.params },
    arrays: entries.map(([name, a]) => ({ name, dtype: dtypeOf(a), length: a.length })),
  };
  let size = 0;
  for (const [, a] of entries) size = align8(size) + a.byteLength;
  if (size > MAX_WEIGHT_BYTES) {
    throw new BundleError(
      `This ${model.family} model needs ${size} bytes, more than a model file holds (${MAX_WEIGHT_BYTES}): use fewer or shallower trees`,
    );
  }
  const bytes = new Uint8Array(align8(size));
  let at = 0;
  for (const [, a] of entries) {
    at = align8(at);
    bytes.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), at);
    at += a.byteLength;
  }
  const weights = bytes.buffer;
  // Refuse to write what could not be read back.
  readClassic(modelJson, weights, checkedMeta).dispose();
  return { modelJson, weights, meta: checkedMeta };
}

/** Validates a classic bundle's model.json and weights against its meta and returns the fitted model. */
export function readClassic(json: unknown, weights: ArrayBuffer, meta: BundleMeta): ClassicClassifier {
  const m = readOwnModelJson(json, {
    format: CLASSIC_FORMAT,
    kind: 'a classic bundle',
    fields: ['family', 'classes', 'inputSize', 'params', 'arrays'],
    bounds: { maxNodes: 1000 },
  });
  const family = readString(m.family, 'model.json family', 64);
  if (!isClassicFamily(family)) {
    throw new BundleError(`Expected model.json family to be a classic family, got ${describeValue(family)}`);
  }
  let config: ClassicConfig;
  try {
    config = parseModelConfig(meta.modelConfig) as ClassicConfig;
  } catch (err) {
    throw new BundleError(`meta.modelConfig is not a valid ${family} config: ${(err as Error).message}`);
  }
  if (config.family !== family) {
    throw new BundleError(`model.json is a ${family} model but meta.modelConfig is ${config.family}`);
  }
  const classes = readInt(m.classes, 'model.json classes', 2, 1000);
  if (classes !== meta.classNames.length) {
    throw new BundleError(
      `model.json has ${classes} classes but meta.classNames has ${meta.classNames.length}`,
    );
  }
  const inputSize = readInt(m.inputSize, 'model.json inputSize', 1, MAX_WEIGHT_BYTES / 4);
  if (inputSize !== inputSizeOf(modelInputShapeOf(meta))) {
    throw new BundleError(
      `model.json inputSize ${inputSize} does not match ${meta.pca ? 'meta.pca components' : 'meta.inputShape'}`,
    );
  }
  const rawParams = readRecord(m.params, 'model.json params');
  if (Object.keys(rawParams).length > MAX_PARAMS)
    throw new BundleError('model.json params has too many entries');
  const params: Record<string, number | string> = {};
  for (const [key, value] of Object.entries(rawParams)) {
    if (typeof value !== 'number' && typeof value !== 'string') {
      throw new BundleError(
        `Expected model.json params.${key} to be a number or a string, got ${describeValue(value)}`,
      );
    }
    params[key] = value;
  }
  const list = readArray(m.arrays, 'model.json arrays', MAX_ARRAYS);
  const arrays: Record<string, NumericArray> = {};
  let at = 0;
  list.forEach((entry, i) => {
    const where = `model.json arrays[${i}]`;
    const e = readRecord(entry, where);
    checkKeys(e, where, ['name', 'dtype', 'length']);
    const name = readString(e.name, `${where}.name`, 32);
    if (name in arrays) throw new BundleError(`model.json names array "${name}" twice`);
    const dtype = e.dtype;
    if (dtype !== 'float32' && dtype !== 'float64' && dtype !== 'int32') {
      throw new BundleError(
        `Expected ${where}.dtype to be float32, float64 or int32, got ${describeValue(dtype)}`,
      );
    }
    const length = readInt(e.length, `${where}.length`, 0, MAX_WEIGHT_BYTES / BYTES[dtype]);
    at = align8(at);
    const end = at + length * BYTES[dtype];
    if (end > weights.byteLength || end > MAX_WEIGHT_BYTES) {
      throw new BundleError(
        `model.json's arrays need more than the ${weights.byteLength} bytes of weights (truncated or mismatched weight file)`,
      );
    }
    const slice = weights.slice(at, end);
    arrays[name] =
      dtype === 'float64'
        ? new Float64Array(slice)
        : dtype === 'int32'
          ? new Int32Array(slice)
          : new Float32Array(slice);
    at = end;
  });
  if (align8(at) !== weights.byteLength) {
    throw new BundleError(
      `The weights are ${weights.byteLength} bytes but model.json's arrays describe ${align8(at)} bytes`,
    );
  }
  const parts: ClassicParts = { params, arrays };
  try {
    return ClassicClassifier.fromParts(
      config,
      { nClasses: classes, inputShape: modelInputShapeOf(meta) },
      parts,
    );
  } catch (err) {
    throw new BundleError(
      `The ${family} model in bundle "${meta.name}" is malformed: ${(err as Error).message}`,
    );
  }
}

/** Validates a classic bundle and returns its fitted model. */
export function loadClassicBundle(
  parts: { modelJson: unknown; weights: ArrayBuffer; meta: unknown },
  options: ParseMetaOptions = {},
): { classifier: ClassicClassifier; meta: BundleMeta } {
  const meta = parseBundleMeta(parts.meta, options);
  if (meta.kind !== 'classic')
    throw new BundleError(`Bundle "${meta.name}" is a ${meta.kind} bundle, not classic`);
  return { classifier: readClassic(parts.modelJson, parts.weights, meta), meta };
}

/**
 * `model.json` of a TensorFlow.js layers model, checked before TF.js sees it: a float32 weight manifest whose
 * sizes add up to the weight bytes exactly (and stay under the cap), a topology of allow-listed classes only
 * (allowList.ts), and weights named and shaped as the layers would create them (dryBuild.ts).
 */
// Registers CUSTOM_LAYER_CLASSES with TF.js, so that bundles of our own models always load.
import '../models/layers';
import {
  BUILTIN_LAYER_CLASSES,
  checkTopology,
  CUSTOM_LAYER_CLASSES,
  readSafeName,
  SAFE_FILE,
} from './allowList';
import { checkBuiltShapes, dryBuild } from './dryBuild';
import {
  BundleError,
  checkKeys,
  checkPlainJson,
  describeValue,
  readArray,
  readInt,
  readRecord,
} from './json';
import { inputSizeOf } from './meta';

export const MAX_WEIGHT_BYTES = 50 * 1024 * 1024;
export const MAX_MODEL_JSON_BYTES = 4 * 1024 * 1024;

export interface WeightSpec {
  name: string;
  shape: number[];
  dtype: 'float32';
}

/** The `model.json` this module writes (TF.js's own layers-model format, loadable by `tf.loadLayersModel`). */
export interface LayersModelJson {
  format: 'layers-model';
  generatedBy: string;
  convertedBy: string | null;
  modelTopology: Record<string, unknown>;
  weightsManifest: Array<{ paths: string[]; weights: WeightSpec[] }>;
}

export interface CheckedModelJson {
  /** The topology to hand to TF.js (Keras `model_config` unwrapped). */
  modelTopology: Record<string, unknown>;
  weightSpecs: WeightSpec[];
  weightBytes: number;
  /** One example's input shape and output shape, without the batch axis. */
  inputShape: number[];
  outputShape: number[];
  /** Multiply-adds one example costs (models/budget), within MAX_EXAMPLE_OPERATIONS. */
  operationsPerExample: number;
}

export interface ModelJsonOptions {
  /** Custom layer classes allowed besides the built-ins (default CUSTOM_LAYER_CLASSES). */
  customLayerClasses?: readonly string[];
  maxWeightBytes?: number;
}

/** The weight files `model.json`'s manifest names, in order (checked to be plain file names, no paths). */
export function weightPathsOf(modelJson: unknown): string[] {
  const m = readRecord(modelJson, 'model.json');
  const groups = readArray(m.weightsManifest, 'model.json weightsManifest', 64);
  const paths: string[] = [];
  groups.forEach((g, i) => {
    const group = readRecord(g, `model.json weightsManifest[${i}]`);
    readArray(group.paths, `model.json weightsManifest[${i}].paths`, 256).forEach((p, j) => {
      paths.push(readSafeName(p, `model.json weightsManifest[${i}].paths[${j}]`, SAFE_FILE));
    });
  });
  if (new Set(paths).size !== paths.length)
    throw new BundleError('model.json weightsManifest names a file twice');
  return paths;
}

/**
 * Validates a layers-model `model.json` against `weightBytes` (the byte length of all its weight files
 * concatenated in manifest order). Throws a `BundleError` naming the problem; never runs anything the JSON names
 * outside the allow-lists.
 */
export function checkModelJson(
  json: unknown,
  weightBytes: number,
  options: ModelJsonOptions = {},
): CheckedModelJson {
  const maxWeightBytes = options.maxWeightBytes ?? MAX_WEIGHT_BYTES;
  const layerClasses = [...BUILTIN_LAYER_CLASSES, ...(options.customLayerClasses ?? CUSTOM_LAYER_CLASSES)];
  checkPlainJson(json, 'model.json', { maxNodes: 200_000, maxDepth: 40 });
  const m = readRecord(json, 'model.json');
  if (m.format !== undefined && m.format !== 'layers-model') {
    throw new BundleError(`Expected model.json format "layers-model", got ${describeValue(m.format)}`);
  }
  // trainingConfig and userDefinedMetadata are accepted but never passed to TF.js.
  const keys = ['format', 'generatedBy', 'convertedBy', 'modelTopology', 'weightsManifest'];
  checkKeys(m, 'model.json', [...keys, 'trainingConfig', 'userDefinedMetadata']);
  weightPathsOf(m);
  const weightSpecs = readManifest(m.weightsManifest, maxWeightBytes);
  const declared = weightSpecs.reduce((sum, w) => sum + inputSizeOf(w.shape) * 4, 0);
  if (declared > maxWeightBytes) {
    throw new BundleError(
      `model.json declares ${declared} bytes of weights, more than the limit of ${maxWeightBytes}`,
    );
  }
  if (declared !== weightBytes) {
    throw new BundleError(
      `The weights are ${weightBytes} bytes but model.json's manifest describes ${declared} bytes (truncated or mismatched weight file)`,
    );
  }
  let topology = readRecord(m.modelTopology, 'model.json modelTopology');
  if (topology.model_config !== undefined) {
    checkKeys(topology, 'model.json modelTopology', [
      'model_config',
      'keras_version',
      'backend',
      'training_config',
    ]);
    topology = readRecord(topology.model_config, 'model.json modelTopology.model_config');
  }
  checkKeys(topology, 'model.json modelTopology', ['class_name', 'config', 'keras_version', 'backend']);
  checkTopology(topology, layerClasses);
  const built = dryBuild(topology);
  checkBuiltShapes(built, weightSpecs);
  return {
    modelTopology: topology,
    weightSpecs,
    weightBytes,
    inputShape: built.inputShape,
    outputShape: built.outputShape,
    operationsPerExample: built.operationsPerExample,
  };
}

function readManifest(value: unknown, maxWeightBytes: number): WeightSpec[] {
  const specs: WeightSpec[] = [];
  const names = new Set<string>();
  const maxValues = Math.floor(maxWeightBytes / 4);
  readArray(value, 'model.json weightsManifest', 64).forEach((g, i) => {
    const group = readRecord(g, `model.json weightsManifest[${i}]`);
    checkKeys(group, `model.json weightsManifest[${i}]`, ['paths', 'weights']);
    readArray(group.weights, `model.json weightsManifest[${i}].weights`, 10_000).forEach((w, j) => {
      const where = `model.json weightsManifest[${i}].weights[${j}]`;
      const spec = readRecord(w, where);
      if (spec.quantization !== undefined)
        throw new BundleError(`${where} is quantized; only float32 weights are supported`);
      checkKeys(spec, where, ['name', 'shape', 'dtype']);
      const name = readSafeName(spec.name, `${where}.name`);
      if (names.has(name)) throw new BundleError(`model.json weightsManifest names weight "${name}" twice`);
      names.add(name);
      if (spec.dtype !== 'float32') {
        throw new BundleError(`Expected ${where}.dtype to be "float32", got ${describeValue(spec.dtype)}`);
      }
      const dims = readArray(spec.shape, `${where}.shape`, 8);
      let size = 1;
      const shape = dims.map((d, k) => {
        const dim = readInt(d, `${where}.shape[${k}]`, 0, maxValues);
        size *= dim;
        if (size > maxValues) {
          throw new BundleError(`${where} ("${name}") declares more than ${maxWeightBytes} bytes of weights`);
        }
        return dim;
      });
      specs.push({ name, shape, dtype: 'float32' });
    });
  });
  return specs;
}

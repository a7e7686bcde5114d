/**
 * `model.json` of a TensorFlow.js layers model, checked before TF.js sees it: only allow-listed layer classes,
 * initializers and activations (TF.js resolves every `class_name` and activation string through one registry,
 * so a hostile name could construct an arbitrary registered class), float32 weights whose manifest matches the
 * weight bytes exactly, and weight shapes that match what the topology would build. The last check builds the
 * topology "dry", recording each `addWeight` call instead of allocating, so a topology declaring a huge layer
 * is refused before any memory is taken.
 */
import * as tf from '@tensorflow/tfjs';
// Registers CUSTOM_LAYER_CLASSES with TF.js, so that bundles of our own models always load.
import '../models/layers';
import {
  BundleError,
  checkKeys,
  checkPlainJson,
  describeValue,
  isRecord,
  readArray,
  readInt,
  readRecord,
  readString,
} from './json';
import { inputSizeOf, MAX_INPUT_SIZE } from './meta';

export const MAX_WEIGHT_BYTES = 50 * 1024 * 1024;
export const MAX_MODEL_JSON_BYTES = 4 * 1024 * 1024;
const MAX_LAYERS = 512;
/** Values in one layer's output for one example: bounds the memory a prediction takes. */
const MAX_ACTIVATION_SIZE = 1 << 24;

/** TF.js layer classes a bundle may use. */
export const BUILTIN_LAYER_CLASSES: readonly string[] = [
  'InputLayer',
  'Dense',
  'Dropout',
  'SpatialDropout1D',
  'GaussianNoise',
  'GaussianDropout',
  'AlphaDropout',
  'Activation',
  'Flatten',
  'Reshape',
  'Permute',
  'RepeatVector',
  'BatchNormalization',
  'LayerNormalization',
  'Conv1D',
  'Conv2D',
  'DepthwiseConv2D',
  'SeparableConv2D',
  'ZeroPadding2D',
  'Cropping2D',
  'MaxPooling1D',
  'MaxPooling2D',
  'AveragePooling1D',
  'AveragePooling2D',
  'GlobalAveragePooling1D',
  'GlobalAveragePooling2D',
  'GlobalMaxPooling1D',
  'GlobalMaxPooling2D',
  'GRU',
  'LSTM',
  'SimpleRNN',
  'Bidirectional',
  'TimeDistributed',
  'LeakyReLU',
  'ELU',
  'ReLU',
  'PReLU',
  'ThresholdedReLU',
  'Softmax',
  'Add',
  'Concatenate',
  'Average',
  'Maximum',
  'Minimum',
  'Multiply',
];
/** Our own layers (src/core/models/layers.ts), registered with TF.js serialisation under these exact names. */
export const CUSTOM_LAYER_CLASSES: readonly string[] = ['Maxout', 'ShiftedReLU', 'SeededDropout'];
const MODEL_CLASSES = ['Sequential', 'Model', 'Functional'];
const WRAPPER_CLASSES = ['Bidirectional', 'TimeDistributed'];
/** Initializers, regularizers and constraints a layer config may name. */
const HELPER_CLASSES: readonly string[] = [
  'Zeros',
  'Ones',
  'Constant',
  'RandomUniform',
  'RandomNormal',
  'TruncatedNormal',
  'Identity',
  'VarianceScaling',
  'GlorotUniform',
  'GlorotNormal',
  'HeNormal',
  'HeUniform',
  'LeCunNormal',
  'LeCunUniform',
  'Orthogonal',
  'L1L2',
  'MaxNorm',
  'UnitNorm',
  'NonNeg',
  'MinMaxNorm',
];
const ACTIVATIONS: readonly string[] = [
  'elu',
  'selu',
  'relu',
  'relu6',
  'linear',
  'sigmoid',
  'hard_sigmoid',
  'hardSigmoid',
  'softplus',
  'softsign',
  'tanh',
  'softmax',
  'log_softmax',
  'logSoftmax',
  'gelu',
  'gelu_new',
  'mish',
  'swish',
];
const SAFE_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.\-/]{0,255}$/;
const SAFE_FILE = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

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
}

export interface ModelJsonOptions {
  /** Custom layer classes allowed besides the built-ins (default CUSTOM_LAYER_CLASSES). */
  customLayerClasses?: readonly string[];
  maxWeightBytes?: number;
}

/** A name TF.js will use as a key: no prototype property (`constructor`, `__proto__`, `toString`, …). */
function readSafeName(value: unknown, where: string, pattern = SAFE_NAME): string {
  const name = readString(value, where, 256);
  if (!pattern.test(name) || Object.prototype.hasOwnProperty.call(Object.prototype, name)) {
    throw new BundleError(
      `Expected ${where} to be a plain name (letters, digits, _ . - /), got ${describeValue(name)}`,
    );
  }
  return name;
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

function checkTopology(topology: Record<string, unknown>, layerClasses: readonly string[]): void {
  const cls = topology.class_name;
  if (typeof cls !== 'string' || !MODEL_CLASSES.includes(cls)) {
    throw new BundleError(`Expected model class Sequential or Model, got ${describeValue(cls)}`);
  }
  const config = readRecord(topology.config, 'model.json modelTopology.config');
  const functional = cls !== 'Sequential';
  checkKeys(
    config,
    'model.json modelTopology.config',
    functional ? ['name', 'layers', 'input_layers', 'output_layers'] : ['name', 'layers'],
  );
  if (config.name !== undefined) readSafeName(config.name, 'model.json modelTopology.config.name');
  const layers = readArray(config.layers, 'model.json modelTopology.config.layers', MAX_LAYERS);
  const seen = new Set<string>();
  layers.forEach((layer, i) => {
    const where = `model.json layers[${i}]`;
    const l = readRecord(layer, where);
    checkKeys(
      l,
      where,
      functional ? ['name', 'class_name', 'config', 'inbound_nodes'] : ['class_name', 'config'],
    );
    checkLayer(l, where, layerClasses, 0);
    const name = (l.config as Record<string, unknown>).name as string;
    if (seen.has(name)) throw new BundleError(`model.json has two layers named "${name}"`);
    if (functional) {
      if (l.name !== name) throw new BundleError(`Expected ${where}.name to equal its config.name "${name}"`);
      checkInboundNodes(l.inbound_nodes, `${where}.inbound_nodes`, seen);
    }
    seen.add(name);
  });
  if (functional) {
    for (const key of ['input_layers', 'output_layers']) {
      readArray(config[key], `model.json modelTopology.config.${key}`, 1, 1).forEach((ref) => {
        checkLayerRef(ref, `model.json modelTopology.config.${key}[0]`, seen);
      });
    }
  }
}

/**
 * TF.js re-queues a node whose inputs do not exist yet and loops until all are processed, so a reference to a
 * missing layer or a cycle would hang it: every reference must name an earlier layer's only node and output.
 */
function checkInboundNodes(value: unknown, where: string, earlier: ReadonlySet<string>): void {
  readArray(value, where, 1).forEach((node, i) => {
    readArray(node, `${where}[${i}]`, MAX_LAYERS).forEach((ref, j) => {
      const r = checkLayerRef(ref, `${where}[${i}][${j}]`, earlier);
      if (r[3] !== undefined) {
        const kwargs = readRecord(r[3], `${where}[${i}][${j}][3]`);
        if (Object.keys(kwargs).length > 0)
          throw new BundleError(`${where}[${i}][${j}] passes call arguments`);
      }
    });
  });
}

function checkLayerRef(ref: unknown, where: string, earlier: ReadonlySet<string>): unknown[] {
  const r = readArray(ref, where, 4);
  if (r.length < 3) throw new BundleError(`Expected ${where} to be [layer, node, tensor(, kwargs)]`);
  const name = readSafeName(r[0], `${where}[0]`);
  if (!earlier.has(name))
    throw new BundleError(`${where} refers to layer "${name}", which is not defined before it`);
  readInt(r[1], `${where}[1]`, 0, 0);
  readInt(r[2], `${where}[2]`, 0, 0);
  return r;
}

function checkLayer(
  layer: Record<string, unknown>,
  where: string,
  layerClasses: readonly string[],
  depth: number,
): void {
  const cls = layer.class_name;
  if (cls === 'Lambda')
    throw new BundleError(`${where} is a Lambda layer (custom code), which bundles may not contain`);
  if (typeof cls !== 'string' || !layerClasses.includes(cls)) {
    throw new BundleError(`${where} has layer class ${describeValue(cls)}, which is not on the allow-list`);
  }
  const config = readRecord(layer.config, `${where}.config`);
  readSafeName(config.name, `${where}.config.name`);
  for (const [key, value] of Object.entries(config)) {
    const at = `${where}.config.${key}`;
    if (key === 'layer' && WRAPPER_CLASSES.includes(cls) && depth === 0) {
      const inner = readRecord(value, at);
      checkKeys(inner, at, ['class_name', 'config']);
      checkLayer(inner, at, layerClasses, depth + 1);
    } else if (key === 'weights') {
      throw new BundleError(`${at}: initial weights inside the topology are not allowed`);
    } else if (key === 'stateful' && value !== false && value !== null) {
      throw new BundleError(`${at}: stateful recurrent layers are not supported`);
    } else if (key === 'dtype' && value !== null && value !== 'float32') {
      throw new BundleError(`Expected ${at} to be "float32", got ${describeValue(value)}`);
    } else if ((key === 'activation' || key === 'recurrent_activation') && value !== null) {
      if (typeof value !== 'string' || !ACTIVATIONS.includes(value)) {
        throw new BundleError(
          `${at} names activation ${describeValue(value)}, which is not on the allow-list`,
        );
      }
    } else if (/_(initializer|regularizer|constraint)$/.test(key) && value !== null) {
      const helper = readRecord(value, at);
      checkKeys(helper, at, ['class_name', 'config']);
      if (typeof helper.class_name !== 'string' || !HELPER_CLASSES.includes(helper.class_name)) {
        throw new BundleError(
          `${at} names class ${describeValue(helper.class_name)}, which is not on the allow-list`,
        );
      }
      const helperConfig = readRecord(helper.config, `${at}.config`);
      for (const [k, v] of Object.entries(helperConfig)) {
        if (v !== null && typeof v !== 'number' && typeof v !== 'string') {
          throw new BundleError(
            `Expected ${at}.config.${k} to be a number, string or null, got ${describeValue(v)}`,
          );
        }
      }
    } else {
      checkNoClassNames(value, at);
    }
  }
}

/** Any other nested `class_name` would be deserialised by TF.js: none is allowed. */
function checkNoClassNames(value: unknown, where: string): void {
  if (Array.isArray(value)) value.forEach((v, i) => checkNoClassNames(v, `${where}[${i}]`));
  else if (isRecord(value)) {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'class_name' || k === 'className')
        throw new BundleError(`${where} names a class, which is not allowed there`);
      checkNoClassNames(v, `${where}.${k}`);
    }
  }
}

// ---- the dry build ----

function toCamelCase(s: string): string {
  return s.length > 1 && s.includes('_') ? s.replace(/_+(\w|$)/g, (_m, c: string) => c.toUpperCase()) : s;
}

/** TF.js's Python-to-TypeScript config conversion: keys and string values to camelCase, names kept. */
function pythonicToTs(value: unknown, key?: string): unknown {
  if (typeof value === 'string') return toCamelCase(value);
  if (Array.isArray(value)) {
    const namesFirst = key === 'inboundNodes' || key === 'inputLayers' || key === 'outputLayers';
    return value.map((v, i) => (namesFirst && i === 0 && typeof v === 'string' ? v : pythonicToTs(v, key)));
  }
  if (isRecord(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (k === 'name' && typeof v === 'string') out[k] = v;
      else {
        const tsKey = toCamelCase(k);
        out[tsKey] = pythonicToTs(v, tsKey);
      }
    }
    return out;
  }
  return value;
}

interface DryBuild {
  inputShape: number[];
  outputShape: number[];
  /** Each weight the layers create: its scoped name (as TF.js matches it to the manifest) and shape. */
  weights: Array<{ name: string; shape: number[] }>;
  layerOutputSizes: Array<{ name: string; size: number }>;
}

type FromConfig = (
  cls: unknown,
  config: unknown,
  customObjects: object,
  fastWeightInit: boolean,
) => tf.LayersModel;

/**
 * Builds the topology with `addWeight` recording shapes instead of allocating: TF.js's own shape inference,
 * no tensors. Synchronous, so no other code can build a layer while the method is swapped.
 */
function dryBuild(topology: Record<string, unknown>): DryBuild {
  const ts = pythonicToTs(topology) as { className: string; config: unknown };
  const entry = tf.serialization.SerializationMap.getMap().classNameMap[ts.className] as unknown as
    [unknown, FromConfig] | undefined;
  if (!entry) throw new BundleError(`TF.js has no model class ${ts.className}`);
  const map = tf.serialization.SerializationMap.getMap().classNameMap;
  for (const name of collectClassNames(topology)) {
    if (!Object.prototype.hasOwnProperty.call(map, name)) {
      throw new BundleError(
        `Layer class ${name} is allowed but not registered (import src/core/models/layers first)`,
      );
    }
  }
  const weights: Array<{ name: string; shape: number[] }> = [];
  const proto = tf.layers.Layer.prototype as unknown as { addWeight: (...args: unknown[]) => unknown };
  const addWeight = proto.addWeight;
  proto.addWeight = (name: unknown, shape: unknown, dtype: unknown) => {
    // A one-value LayerVariable gets TF.js's scoped name for this weight (it tracks the scope stack privately).
    const probe = tf.zeros([]);
    const variable = new tf.LayerVariable(probe, 'float32', String(name), false);
    probe.dispose();
    weights.push({ name: variable.originalName, shape: [...(shape as number[])] });
    variable.dispose();
    return { name, shape, dtype: dtype ?? 'float32' };
  };
  let model: tf.LayersModel;
  try {
    model = entry[1](entry[0], ts.config, {}, false);
  } catch (err) {
    throw new BundleError(`model.json describes a model that cannot be built: ${(err as Error).message}`);
  } finally {
    proto.addWeight = addWeight;
  }
  if (model.inputs.length !== 1 || model.outputs.length !== 1) {
    throw new BundleError(
      `Expected a model with one input and one output, got ${model.inputs.length} and ${model.outputs.length}`,
    );
  }
  const perExample = (shape: readonly (number | null)[], what: string): number[] => {
    const dims = shape.slice(1);
    if (!dims.every((d) => typeof d === 'number' && Number.isInteger(d) && d >= 1)) {
      throw new BundleError(`The model's ${what} shape [${shape.join(', ')}] is not fully known`);
    }
    return dims as number[];
  };
  return {
    inputShape: perExample(model.inputs[0].shape, 'input'),
    outputShape: perExample(model.outputs[0].shape, 'output'),
    weights,
    layerOutputSizes: model.layers.map((l) => {
      const out = l.outputShape;
      const shapes = (Array.isArray(out[0]) ? out : [out]) as Array<Array<number | null>>;
      return {
        name: l.name,
        size: Math.max(...shapes.map((s) => inputSizeOf(s.slice(1).map((d) => d ?? 1)))),
      };
    }),
  };
}

function collectClassNames(value: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((v) => collectClassNames(v, out));
  else if (isRecord(value)) {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'class_name' && typeof v === 'string') out.add(v);
      else collectClassNames(v, out);
    }
  }
  return out;
}

function checkBuiltShapes(built: DryBuild, specs: readonly WeightSpec[]): void {
  if (inputSizeOf(built.inputShape) > MAX_INPUT_SIZE) {
    throw new BundleError(
      `The model's input [${built.inputShape.join(', ')}] has more than ${MAX_INPUT_SIZE} values`,
    );
  }
  // Names and shapes exactly as TF.js's strict weight loading will match them, so that loading cannot fail
  // half-way with the layers' variables already allocated.
  const declared = new Map(specs.map((s) => [s.name, s.shape]));
  const needed = new Set<string>();
  for (const w of built.weights) {
    needed.add(w.name);
    const shape = declared.get(w.name);
    if (!shape) {
      throw new BundleError(
        `model.json's manifest lacks weight "${w.name}" [${w.shape.join(', ')}] that its layers create`,
      );
    }
    if (shape.join(',') !== w.shape.join(',')) {
      throw new BundleError(
        `model.json's manifest gives weight "${w.name}" shape [${shape.join(', ')}] but its layers create [${w.shape.join(', ')}]`,
      );
    }
  }
  for (const name of declared.keys()) {
    if (!needed.has(name))
      throw new BundleError(`model.json's manifest lists weight "${name}", which no layer has`);
  }
  for (const { name, size } of built.layerOutputSizes) {
    if (!(size <= MAX_ACTIVATION_SIZE)) {
      throw new BundleError(
        `Layer ${name} outputs ${size} values per example, more than ${MAX_ACTIVATION_SIZE}`,
      );
    }
  }
}

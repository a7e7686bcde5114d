/**
 * The allow-lists a bundle's `model.json` is held to. TF.js resolves every `class_name` and activation string
 * through one registry of classes, so a hostile name could construct any registered class: only the names below
 * get through, names used as keys must be plain (no `constructor`, `__proto__`), and functional graphs must be in
 * order (TF.js re-queues unresolved nodes in a loop that a missing reference or a cycle would make endless).
 */
import {
  BundleError,
  checkKeys,
  describeValue,
  isRecord,
  readArray,
  readInt,
  readRecord,
  readString,
} from './json';

const MAX_LAYERS = 512;

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
export const CUSTOM_LAYER_CLASSES: readonly string[] = [
  'Maxout',
  'ShiftedReLU',
  'SeededDropout',
  'ParallelDense',
  'PeriodicEncoding',
];
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
export const SAFE_FILE = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

/** A name TF.js will use as a key: no prototype property (`constructor`, `__proto__`, `toString`, …). */
export function readSafeName(value: unknown, where: string, pattern = SAFE_NAME): string {
  const name = readString(value, where, 256);
  if (!pattern.test(name) || Object.prototype.hasOwnProperty.call(Object.prototype, name)) {
    throw new BundleError(
      `Expected ${where} to be a plain name (letters, digits, _ . - /), got ${describeValue(name)}`,
    );
  }
  return name;
}

export function checkTopology(topology: Record<string, unknown>, layerClasses: readonly string[]): void {
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
  for (const [raw, value] of Object.entries(config)) {
    const at = `${where}.config.${raw}`;
    // TF.js reads `kernelInitializer` as it reads `kernel_initializer`: both spellings meet the same checks.
    const key = snakeCase(raw);
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
    } else if (/(^|_)(initializer|regularizer|constraint)$/.test(key) && value !== null) {
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

/** `kernelInitializer` → `kernel_initializer`; snake_case keys are returned as they are. */
export function snakeCase(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
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

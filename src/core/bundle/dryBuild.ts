/**
 * The dry build: TF.js builds the topology with `Layer.addWeight` swapped for a recorder, so its own shape
 * inference tells which weights (scoped names, shapes) the layers would create, and how big each layer's output
 * is, with nothing allocated. A topology declaring a huge layer is refused before any memory is taken, and a
 * manifest that TF.js's strict loading would reject half-way (leaking the variables it made) is refused first.
 */
import * as tf from '@tensorflow/tfjs';
import { BundleError, isRecord } from './json';
import { inputSizeOf, MAX_INPUT_SIZE } from './meta';
import type { WeightSpec } from './modelJson';
import {
  checkActivationBudget,
  checkOperationBudget,
  exampleOperations,
  layerActivations,
  layerCosts,
  type LayerCost,
} from '../models/budget';

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

export interface DryBuild {
  inputShape: number[];
  outputShape: number[];
  /** Each weight the layers create: its scoped name (as TF.js matches it to the manifest) and shape. */
  weights: Array<{ name: string; shape: number[] }>;
  layerOutputSizes: Array<{ name: string; size: number }>;
  /** Multiply-adds one example costs (models/budget's estimate from the shapes). */
  operationsPerExample: number;
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
export function dryBuild(topology: Record<string, unknown>): DryBuild {
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
    layerOutputSizes: layerActivations(model),
    operationsPerExample: operationsOf(model, weights),
  };
}

/**
 * The cost estimate with each weight given to the layer whose name scopes it (`dense_1/kernel`, a wrapped
 * layer's `bidirectional_1/forward_lstm_1/kernel`). A weight no layer name scopes is charged at the largest
 * number of positions any layer has, so a name cannot hide work.
 */
function operationsOf(model: tf.LayersModel, weights: DryBuild['weights']): number {
  const names = model.layers.map((l) => l.name).sort((a, b) => b.length - a.length);
  const valuesOf = new Map<string, number>();
  let unscoped = 0;
  for (const w of weights) {
    const values = w.shape.reduce((a, d) => a * d, 1);
    const owner = names.find((n) => w.name.startsWith(`${n}/`));
    if (owner === undefined) unscoped += values;
    else valuesOf.set(owner, (valuesOf.get(owner) ?? 0) + values);
  }
  const costs: LayerCost[] = layerCosts(model, (l) => valuesOf.get(l.name) ?? 0);
  const positions = Math.max(1, ...costs.map((c) => exampleOperations([{ ...c, weightValues: 1 }])));
  return exampleOperations(costs) + unscoped * positions;
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

export function checkBuiltShapes(built: DryBuild, specs: readonly WeightSpec[]): void {
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
  // A few bytes of topology (a RepeatVector, a wide Dense) can ask for gigabytes per prediction, or (a
  // convolution over a repeated input) for hours of work.
  try {
    checkActivationBudget(built.layerOutputSizes);
    checkOperationBudget(built.operationsPerExample, null);
  } catch (err) {
    throw new BundleError((err as Error).message);
  }
}

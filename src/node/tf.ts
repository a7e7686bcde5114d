import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { activateBackend, type TfBackendName } from '../core/backend';

export interface NodeTfOptions {
  /** Train convolutions: WASM lacks `Conv2DBackpropFilter`, so this selects the CPU backend. */
  needsConvTraining?: boolean;
  /** Force a backend (tests use this to compare backends). */
  backend?: 'wasm' | 'cpu';
}

let wasmPathsSet = false;
let active: TfBackendName | null = null;

/** The folder holding the `.wasm` binaries, as a file path (Node's fetch-free loader reads files). */
export function wasmDistDir(): string {
  const require = createRequire(import.meta.url);
  const entry = require.resolve('@tensorflow/tfjs-backend-wasm');
  // The package's main entry sits in dist/ beside the .wasm files.
  let dir = path.dirname(entry);
  while (path.basename(dir) !== 'dist' && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir + path.sep;
}

/**
 * Sets up TensorFlow.js for Node (tests, CLI, scripts): the WASM backend (SIMD, single thread), or CPU when WASM
 * fails or conv training is needed. `@tensorflow/tfjs-node` cannot be installed here, so this is the fast path.
 * Returns the backend in use. Safe to call repeatedly.
 */
export async function initNodeTf(options: NodeTfOptions = {}): Promise<TfBackendName> {
  if (!wasmPathsSet) {
    setWasmPaths(wasmDistDir());
    wasmPathsSet = true;
  }
  const order: TfBackendName[] =
    options.backend === 'cpu' || options.needsConvTraining
      ? ['cpu']
      : options.backend === 'wasm'
        ? ['wasm']
        : ['wasm', 'cpu'];
  if (active !== null && active === order[0] && tf.getBackend() === active) return active;
  active = await activateBackend(order);
  return active;
}

export { tf };

import { existsSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { initNodeTf, wasmDistDir } from './tf';

describe('initNodeTf', () => {
  it('finds the .wasm binaries as files in the package dist folder', () => {
    expect(existsSync(path.join(wasmDistDir(), 'tfjs-backend-wasm-simd.wasm'))).toBe(true);
  });

  it('starts the WASM backend and computes with it', async () => {
    expect(await initNodeTf()).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    const y = tf.matMul(tf.tensor2d([1, 2, 3, 4], [2, 2]), tf.tensor2d([1, 0, 0, 1], [2, 2]));
    expect(Array.from(y.dataSync())).toEqual([1, 2, 3, 4]);
  });

  it('switches to CPU for conv training, and back', async () => {
    expect(await initNodeTf({ needsConvTraining: true })).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect(await initNodeTf()).toBe('wasm');
  });
});

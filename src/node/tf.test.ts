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

describe('WASM matmul fast path', () => {
  /** Plain-JS product of the last two dims, broadcasting a batch of 1. */
  function reference(a: tf.Tensor, b: tf.Tensor, ta: boolean, tb: boolean): number[] {
    const A = a.arraySync() as number[][][];
    const B = b.arraySync() as number[][][];
    const batches = Math.max(A.length, B.length);
    const out: number[] = [];
    for (let n = 0; n < batches; n++) {
      const x = A[A.length === 1 ? 0 : n];
      const y = B[B.length === 1 ? 0 : n];
      const rows = ta ? x[0].length : x.length;
      const inner = ta ? x.length : x[0].length;
      const cols = tb ? y.length : y[0].length;
      for (let i = 0; i < rows; i++) {
        for (let j = 0; j < cols; j++) {
          let sum = 0;
          for (let k = 0; k < inner; k++) sum += (ta ? x[k][i] : x[i][k]) * (tb ? y[j][k] : y[k][j]);
          out.push(sum);
        }
      }
    }
    return out;
  }

  it('gives the same products for transposed and batched operands', async () => {
    expect(await initNodeTf()).toBe('wasm');
    const cases: [number[], number[], boolean, boolean][] = [
      [[1, 5, 3], [1, 3, 4], false, false],
      [[1, 3, 5], [1, 3, 4], true, false],
      [[1, 5, 3], [1, 4, 3], false, true],
      [[1, 3, 5], [1, 4, 3], true, true],
      [[3, 5, 3], [3, 3, 4], false, false],
      [[3, 3, 5], [3, 4, 3], true, true],
      [[3, 5, 3], [1, 3, 4], false, false],
      [[1, 5, 3], [2, 4, 3], false, true],
    ];
    const before = tf.memory().numTensors;
    for (const [shapeA, shapeB, ta, tb] of cases) {
      tf.tidy(() => {
        const a = tf.randomNormal(shapeA, 0, 1, 'float32', 1);
        const b = tf.randomNormal(shapeB, 0, 1, 'float32', 2);
        const got = Array.from(tf.matMul(a, b, ta, tb).dataSync());
        const want = reference(a, b, ta, tb);
        expect(got).toHaveLength(want.length);
        got.forEach((v, i) => expect(v).toBeCloseTo(want[i], 4));
      });
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('keeps gradients of dense layers right', () => {
    const x = tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3]);
    const w = tf.tensor2d([0.5, -1, 2, 0, 1, 1], [3, 2]);
    // d/dw sum(x·w) = xᵀ·1, d/dx = 1·wᵀ
    const [dx, dw] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.matMul(a, b)))([x, w]);
    expect(Array.from(dw.dataSync())).toEqual([5, 5, 7, 7, 9, 9]);
    expect(Array.from(dx.dataSync())).toEqual([-0.5, 2, 2, -0.5, 2, 2]);
  });
});

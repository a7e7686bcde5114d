import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { mixToMono } from '../audio/signal';
import { decodeWav } from '../audio/wav';
import { medianFilterFrequency, medianFilterTime } from './hpss';
import { medianModuleBytes, simdMedianFilter, simdMediansAvailable, simdMedianWorkspace } from './medianSimd';
import { stftSpectra } from './stft';

/** scipy.ndimage.median_filter (mode 'reflect') along one axis by sorting every window: the obvious reference. */
function sortedWindowMedian(
  keys: Int32Array,
  rows: number,
  cols: number,
  kernel: number,
  axis: 'rows' | 'cols',
): Int32Array {
  const h = (kernel - 1) / 2;
  const reflect = (i: number, n: number) => {
    const p = 2 * n;
    const j = ((i % p) + p) % p;
    return j < n ? j : p - 1 - j;
  };
  const out = new Int32Array(keys.length);
  const window = new Int32Array(kernel);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      for (let d = -h; d <= h; d++)
        window[d + h] =
          axis === 'rows' ? keys[reflect(r + d, rows) * cols + c] : keys[r * cols + reflect(c + d, cols)];
      out[r * cols + c] = window.slice().sort()[h];
    }
  }
  return out;
}

/** Non-negative keys with many ties (values 0..`levels`-1), from a fixed linear congruential sequence. */
function randomKeys(length: number, levels: number, seed = 7): Int32Array {
  const out = new Int32Array(length);
  let s = seed;
  for (let i = 0; i < length; i++) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    out[i] = Math.floor((s / 2 ** 31) * levels);
  }
  return out;
}

describe('simdMedianFilter', () => {
  it('runs here (Node has WebAssembly SIMD), from a module small enough to compile on a page thread', () => {
    expect(simdMediansAvailable()).toBe(true);
    // Chromium refuses synchronous compiles over 4 KB on the main thread.
    expect(medianModuleBytes(31)).toBeLessThan(4096);
  });

  it('equals sorting each window along either axis: ties, reflect edges, a ragged last group, short series', () => {
    const shapes: Array<[number, number, number]> = [
      [40, 37, 31],
      [7, 12, 31],
      [25, 5, 3],
      [1, 1, 31],
      [3, 9, 1],
      [64, 6, 5],
    ];
    for (const [rows, cols, kernel] of shapes) {
      for (const levels of [3, 1000, 2 ** 31 - 1]) {
        const keys = randomKeys(rows * cols, levels, rows * 31 + cols);
        for (const axis of ['rows', 'cols'] as const) {
          const out = new Int32Array(keys.length).fill(-1);
          expect(simdMedianFilter(keys, rows, cols, kernel, axis, out)).toBe(true);
          expect(Array.from(out), `${rows}×${cols}, kernel ${kernel}, ${axis}, ${levels} levels`).toEqual(
            Array.from(sortedWindowMedian(keys, rows, cols, kernel, axis)),
          );
        }
      }
    }
  });

  it('equals sorting each window on a real magnitude spectrogram (GTZAN blues.00000, 31-wide, both axes)', () => {
    const file = path.resolve(process.cwd(), '../shared/data/gtzan-check/blues.00000.wav');
    const samples = mixToMono(decodeWav(new Uint8Array(readFileSync(file))).channels).subarray(0, 22050 * 5);
    const { magnitude } = stftSpectra(samples, {
      frameLength: 2048,
      hop: 512,
      center: true,
      padMode: 'reflect',
    });
    const keys = new Int32Array(magnitude.data.buffer, magnitude.data.byteOffset, magnitude.data.length);
    for (const axis of ['rows', 'cols'] as const) {
      const out = new Int32Array(keys.length);
      simdMedianFilter(keys, magnitude.frames, magnitude.bins, 31, axis, out);
      const expected = sortedWindowMedian(keys, magnitude.frames, magnitude.bins, 31, axis);
      let differing = 0;
      for (let i = 0; i < out.length; i++) if (out[i] !== expected[i]) differing++;
      expect(differing, axis).toBe(0);
    }
  });

  it('gives what the JS fallback in hpss.ts gives, cell for cell', () => {
    const rows = 300;
    const cols = 257;
    const data = new Float32Array(randomKeys(rows * cols, 5000).map((k) => k));
    for (let i = 0; i < data.length; i++) data[i] = data[i] / 17;
    const spec = { data, frames: rows, bins: cols };
    for (const [filter, name] of [
      [medianFilterTime, 'time'],
      [medianFilterFrequency, 'frequency'],
    ] as const) {
      const simd = filter(spec, 31).data;
      const js = filter(spec, 31, undefined, { simd: false }).data;
      expect(Array.from(simd), name).toEqual(Array.from(js));
    }
  });

  it('filters in place in its workspace as it does from copies, both axes from one set of values', () => {
    for (const [rows, cols] of [
      [50, 37],
      [9, 1025],
    ]) {
      const keys = randomKeys(rows * cols, 700, rows + cols);
      const workspace = simdMedianWorkspace(rows, cols, 31);
      expect(workspace).not.toBeNull();
      new Int32Array(workspace!.values.buffer, workspace!.values.byteOffset, keys.length).set(keys);
      const keysOf = (values: Float32Array) =>
        Array.from(new Int32Array(values.buffer, values.byteOffset, values.length));
      // Both read before any other filter of this size runs (which may reuse the memory).
      const alongRows = keysOf(workspace!.filter('rows', 0));
      const alongCols = keysOf(workspace!.filter('cols', 1));
      expect(alongRows).toEqual(Array.from(sortedWindowMedian(keys, rows, cols, 31, 'rows')));
      expect(alongCols).toEqual(Array.from(sortedWindowMedian(keys, rows, cols, 31, 'cols')));
    }
  });

  it('names a bad kernel or size', () => {
    const keys = new Int32Array(6);
    expect(() => simdMedianFilter(keys, 2, 3, 4, 'rows', new Int32Array(6))).toThrow(
      'Expected an odd median kernel >= 1, got 4',
    );
    expect(() => simdMedianFilter(keys, 2, 3, 3, 'rows', new Int32Array(5))).toThrow(
      'Expected 6 keys in and out, got 6 and 5',
    );
  });
});

import FFT from 'fft.js';
import { describe, expect, it } from 'vitest';
import { complexFft, fftModuleBytes, simdFftAvailable } from './fftSimd';

/** The DFT by its definition, in doubles: the reference both FFTs must meet. */
function naiveDft(data: Float64Array): Float64Array {
  const n = data.length / 2;
  const out = new Float64Array(2 * n);
  for (let k = 0; k < n; k++) {
    let re = 0;
    let im = 0;
    for (let t = 0; t < n; t++) {
      const angle = (-2 * Math.PI * ((k * t) % n)) / n;
      const c = Math.cos(angle);
      const s = Math.sin(angle);
      re += data[2 * t] * c - data[2 * t + 1] * s;
      im += data[2 * t] * s + data[2 * t + 1] * c;
    }
    out[2 * k] = re;
    out[2 * k + 1] = im;
  }
  return out;
}

function seeded(length: number, seed: number): Float64Array {
  let s = seed;
  return Float64Array.from({ length }, () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s / 2 ** 31 - 0.5;
  });
}

describe('complexFft (WebAssembly SIMD)', () => {
  it('runs here, from modules small enough to compile on a page thread', () => {
    expect(simdFftAvailable(1024)).toBe(true);
    for (const size of [2, 1024, 2048]) expect(fftModuleBytes(size)).toBeLessThan(4096);
  });

  it('equals the DFT by definition for every size from 2 to 512 (even and odd powers of two)', () => {
    for (let size = 2; size <= 512; size *= 2) {
      const data = seeded(2 * size, size);
      const out = new Float64Array(2 * size);
      complexFft(size).transform(out, data);
      const expected = naiveDft(data);
      const scale = Math.max(...expected.map(Math.abs));
      for (let i = 0; i < out.length; i++) expect(Math.abs(out[i] - expected[i]) / scale).toBeLessThan(1e-13);
    }
  });

  it('gives fft.js values to double rounding at the sizes the features use, the fallback being fft.js', () => {
    for (const size of [1024, 2048]) {
      const data = seeded(2 * size, 99);
      const simd = new Float64Array(2 * size);
      const reference = new Float64Array(2 * size);
      complexFft(size).transform(simd, data);
      new FFT(size).transform(reference, data);
      const scale = Math.max(...reference.map(Math.abs));
      let worst = 0;
      for (let i = 0; i < simd.length; i++) worst = Math.max(worst, Math.abs(simd[i] - reference[i]) / scale);
      expect(worst).toBeLessThan(1e-14);
      expect(complexFft(size, { simd: false })).toBeInstanceOf(FFT);
    }
  });

  it('leaves its input alone and can be called again (same answer)', () => {
    const data = seeded(2048, 5);
    const copy = data.slice();
    const a = new Float64Array(2048);
    const b = new Float64Array(2048);
    complexFft(1024).transform(a, data);
    complexFft(1024).transform(b, data);
    expect(Array.from(data)).toEqual(Array.from(copy));
    expect(Array.from(a)).toEqual(Array.from(b));
  });

  it('names a bad size', () => {
    expect(() => complexFft(1000)).toThrow('Expected an FFT size that is a power of two >= 2, got 1000');
  });
});

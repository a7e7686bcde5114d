import { describe, expect, it } from 'vitest';
import { createRng } from '../random';
import { applyReverb, convolve, createConvolver, decayTime, roomImpulseResponse } from './reverb';

const SR = 22050;

/** Direct O(n·m) convolution, the definition. */
function directConvolution(x: Float32Array, h: Float32Array): Float64Array {
  const out = new Float64Array(x.length + h.length - 1);
  for (let i = 0; i < x.length; i++) for (let j = 0; j < h.length; j++) out[i + j] += x[i] * h[j];
  return out;
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

describe('convolve', () => {
  it('matches the direct sum for odd sizes', () => {
    const rng = createRng(1);
    const x = Float32Array.from({ length: 301 }, () => rng.normal());
    const h = Float32Array.from({ length: 77 }, () => rng.normal());
    const fast = convolve(x, h);
    expect(fast.length).toBe(377);
    expect(maxAbsDiff(fast, directConvolution(x, h))).toBeLessThan(1e-4);
  });

  it('gives the impulse response back for an impulse', () => {
    const ir = roomImpulseResponse({ sampleRate: SR, rt60: 0.5 }, createRng(2));
    const impulse = new Float32Array(SR);
    impulse[0] = 1;
    const heard = applyReverb(impulse, ir);
    expect(heard.length).toBe(impulse.length);
    expect(maxAbsDiff(heard.subarray(0, ir.length), ir)).toBeLessThan(1e-5);
    expect(maxAbsDiff(heard.subarray(ir.length), new Float32Array(SR - ir.length))).toBeLessThan(1e-5);
    // A delayed impulse gives the delayed IR.
    const delayed = new Float32Array(ir.length + 1000);
    delayed[1000] = 0.5;
    const echo = convolve(delayed, ir);
    expect(
      maxAbsDiff(
        echo.subarray(1000, 1000 + ir.length),
        ir.map((v) => v * 0.5),
      ),
    ).toBeLessThan(1e-5);
  });

  it('reuses a kernel spectrum across signals of different lengths', () => {
    const rng = createRng(3);
    const h = Float32Array.from({ length: 50 }, () => rng.normal());
    const conv = createConvolver(h);
    for (const n of [1, 64, 1000]) {
      const x = Float32Array.from({ length: n }, () => rng.normal());
      expect(maxAbsDiff(conv.full(x), directConvolution(x, h))).toBeLessThan(1e-4);
      expect(conv.apply(x).length).toBe(n);
    }
    expect(conv.apply(new Float32Array(0)).length).toBe(0);
  });

  it('names bad input', () => {
    expect(() => convolve(new Float32Array([1, NaN]), new Float32Array([1]))).toThrow(
      'Expected finite signal samples, got NaN at index 1',
    );
    expect(() => convolve(new Float32Array([1]), new Float32Array(0))).toThrow('Expected a kernel');
  });
});

describe('roomImpulseResponse', () => {
  it('decays at the requested RT60 (Schroeder T20 within 20 %)', () => {
    for (const rt60 of [0.2, 0.5, 0.8, 1.2]) {
      for (const seed of [1, 2, 3]) {
        const ir = roomImpulseResponse({ sampleRate: SR, rt60, lengthSeconds: 1.5 * rt60 }, createRng(seed));
        const measured = decayTime(ir, SR);
        expect(Math.abs(measured - rt60) / rt60).toBeLessThan(0.2);
      }
    }
  });

  it('has a unit direct sound and the requested reverberant energy', () => {
    for (const reverbDb of [-10, 0, 6]) {
      const ir = roomImpulseResponse({ sampleRate: SR, rt60: 0.6, reverbDb }, createRng(4));
      expect(ir[0]).toBe(1);
      let energy = 0;
      for (let i = 1; i < ir.length; i++) energy += ir[i] * ir[i];
      expect(10 * Math.log10(energy)).toBeCloseTo(reverbDb, 1);
      expect(ir.length).toBe(Math.round(0.6 * SR));
    }
  });

  it('repeats with the seed and differs across seeds', () => {
    const a = roomImpulseResponse({ sampleRate: SR, rt60: 0.3 }, createRng(7));
    const b = roomImpulseResponse({ sampleRate: SR, rt60: 0.3 }, createRng(7));
    const c = roomImpulseResponse({ sampleRate: SR, rt60: 0.3 }, createRng(8));
    expect(b).toEqual(a);
    expect(maxAbsDiff(a, c)).toBeGreaterThan(0.01);
  });

  it('names bad options', () => {
    const rng = createRng(0);
    expect(() => roomImpulseResponse({ sampleRate: SR, rt60: 0 }, rng)).toThrow('Expected rt60 to be > 0');
    expect(() => roomImpulseResponse({ sampleRate: SR, rt60: NaN }, rng)).toThrow('got NaN');
    expect(() => roomImpulseResponse({ sampleRate: 0.5, rt60: 1 }, rng)).toThrow('Expected sampleRate');
    expect(() => roomImpulseResponse({ sampleRate: SR, rt60: 1, earlyShare: 1 }, rng)).toThrow(
      'Expected earlyShare in [0, 1), got 1',
    );
  });
});

describe('decayTime', () => {
  it('reads an exact exponential decay', () => {
    const rt60 = 0.7;
    const ir = Float32Array.from({ length: SR }, (_, i) => Math.exp((-Math.log(1000) * i) / (rt60 * SR)));
    expect(decayTime(ir, SR)).toBeCloseTo(rt60, 2);
  });

  it('is 0 for silence', () => {
    expect(decayTime(new Float32Array(100), SR)).toBe(0);
  });
});

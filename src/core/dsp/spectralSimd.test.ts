import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { mixToMono } from '../audio/signal';
import { decodeWav } from '../audio/wav';
import { softMask } from './hpss';
import { istftFloat64 } from './istft';
import { spectralKernels, spectralModuleBytes, useSpectralSimd } from './spectralSimd';
import { stftSpectra } from './stft';

const FRAMING = { frameLength: 2048, hop: 512, center: true, padMode: 'reflect' as const };

/** Five seconds of a real GTZAN track, mono at 22,050 Hz. */
function realClip(): Float32Array {
  const file = path.resolve(process.cwd(), '../shared/data/gtzan-check/metal.00000.wav');
  return mixToMono(decodeWav(new Uint8Array(readFileSync(file))).channels).slice(0, 5 * 22050);
}

/** Runs `compute` with the SIMD kernels off: the JS paths of stft.ts and istft.ts. */
function withJs<T>(compute: () => T): T {
  useSpectralSimd(false);
  try {
    return compute();
  } finally {
    useSpectralSimd(true);
  }
}

/** The largest |a − b| over the largest |b|. */
function relativeGap(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let gap = 0;
  let scale = 0;
  for (let i = 0; i < b.length; i++) {
    gap = Math.max(gap, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return gap / scale;
}

describe('spectralSimd (the STFT and ISTFT frame kernels)', () => {
  afterEach(() => useSpectralSimd(true));

  it('runs here, from modules that Chromium compiles synchronously on a page thread (< 4 KB)', () => {
    expect(spectralKernels(1024)).not.toBeNull();
    for (const size of [2, 64, 1024, 2048]) expect(spectralModuleBytes(size).length).toBeLessThan(4096);
  });

  it('gives the JS STFT pass: the same float32 bins, power and magnitude to a float32 rounding step', () => {
    const clip = realClip();
    const simd = stftSpectra(clip, FRAMING);
    const js = withJs(() => stftSpectra(clip, FRAMING));
    expect(simd.stft.frames).toBe(js.stft.frames);
    // The butterflies add in another order than fft.js: a bin may round to the neighbouring float32.
    expect(relativeGap(simd.stft.data, js.stft.data)).toBeLessThan(1e-6);
    expect(relativeGap(simd.power.data, js.power.data)).toBeLessThan(1e-6);
    expect(relativeGap(simd.magnitude.data, js.magnitude.data)).toBeLessThan(1e-6);
    let same = 0;
    for (let i = 0; i < js.power.data.length; i++) if (simd.power.data[i] === js.power.data[i]) same++;
    expect(same / js.power.data.length).toBeGreaterThan(0.9);
  });

  it('gives the JS ISTFT with per-frame gains, and inverts the STFT', () => {
    const clip = realClip();
    const { stft } = stftSpectra(clip, FRAMING);
    const gainRows = (t: number, out: Float32Array) => {
      for (let k = 0; k < out.length; k++) out[k] = ((t * 7 + k * 13) % 10) / 9;
    };
    const simd = istftFloat64(stft, { hop: 512, center: true, gainRows }).slice();
    const js = withJs(() => istftFloat64(stft, { hop: 512, center: true, gainRows }).slice());
    expect(simd.length).toBe(js.length);
    expect(relativeGap(simd, js)).toBeLessThan(1e-6);
    const whole = istftFloat64(stft, { hop: 512, center: true });
    expect(relativeGap(whole, clip.subarray(0, whole.length))).toBeLessThan(1e-5);
  });

  it('makes the soft mask as hpss.ts does, cell for cell: the same signal as inverting with its gains', () => {
    const clip = realClip();
    const { stft, magnitude } = stftSpectra(clip, FRAMING);
    // Two energy matrices with zeros in both (split to 0.5), in one (0 or 1) and tiny values.
    const x = magnitude.data.map((v, i) => (i % 97 === 0 ? 0 : i % 89 === 0 ? 1e-39 : v * ((i % 7) + 1)));
    const ref = magnitude.data.map((v, i) => (i % 97 === 0 || i % 5 === 0 ? 0 : v));
    const masked = istftFloat64(stft, { hop: 512, center: true, softMask: { x, ref } }).slice();
    const gained = istftFloat64(stft, { hop: 512, center: true, gain: softMask(x, ref, 2, true) }).slice();
    expect(Array.from(masked)).toEqual(Array.from(gained));
    const js = withJs(() => istftFloat64(stft, { hop: 512, center: true, softMask: { x, ref } }).slice());
    expect(relativeGap(masked, js)).toBeLessThan(1e-6);
  });

  it('handles the smallest transforms (N = 4, 8) as the JS paths do', () => {
    const signal = Float32Array.from({ length: 64 }, (_, i) => Math.sin(i * 0.7) + 0.1 * (i % 3));
    for (const frameLength of [4, 8]) {
      const framing = { frameLength, hop: frameLength / 4, center: true, padMode: 'reflect' as const };
      const simd = stftSpectra(signal, framing);
      const js = withJs(() => stftSpectra(signal, framing));
      expect(relativeGap(simd.stft.data, js.stft.data)).toBeLessThan(1e-6);
      const back = istftFloat64(simd.stft, { hop: frameLength / 4, center: true }).slice();
      const backJs = withJs(() => istftFloat64(js.stft, { hop: frameLength / 4, center: true }).slice());
      expect(relativeGap(back, backJs)).toBeLessThan(1e-6);
    }
  });
});

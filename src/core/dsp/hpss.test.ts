import { describe, expect, it } from 'vitest';
import { hpssMasks, medianFilterFrequency, medianFilterTime, softMask } from './hpss';
import { complexStft, powerAndMagnitude } from './stft';
import type { Spectrogram } from './stft';

/** scipy.ndimage.median_filter with mode='reflect', by sorting every window: the slow, obvious reference. */
function referenceMedian(spec: Spectrogram, kernel: number, axis: 'time' | 'frequency'): Float32Array {
  const { data, frames, bins } = spec;
  const h = (kernel - 1) / 2;
  const reflect = (i: number, n: number) => {
    const p = 2 * n;
    const j = ((i % p) + p) % p;
    return j < n ? j : p - 1 - j;
  };
  const out = new Float32Array(data.length);
  for (let t = 0; t < frames; t++) {
    for (let k = 0; k < bins; k++) {
      const window: number[] = [];
      for (let d = -h; d <= h; d++) {
        window.push(
          axis === 'time' ? data[reflect(t + d, frames) * bins + k] : data[t * bins + reflect(k + d, bins)],
        );
      }
      window.sort((a, b) => a - b);
      out[t * bins + k] = window[h];
    }
  }
  return out;
}

function randomSpec(frames: number, bins: number, signed = false): Spectrogram {
  let s = 12345;
  const data = new Float32Array(frames * bins);
  for (let i = 0; i < data.length; i++) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    // repeated values exercise ties
    data[i] = Math.floor((s / 2 ** 31) * 50) / 10 - (signed ? 2.5 : 0);
  }
  return { data, frames, bins };
}

describe('median filters', () => {
  it('equal sorting each window, scipy reflect edges included, even when shorter than the kernel', () => {
    for (const [frames, bins, kernel] of [
      [40, 37, 31],
      [7, 12, 31],
      [25, 5, 3],
      [1, 1, 31],
    ]) {
      const spec = randomSpec(frames, bins);
      expect(Array.from(medianFilterTime(spec, kernel).data)).toEqual(
        Array.from(referenceMedian(spec, kernel, 'time')),
      );
      expect(Array.from(medianFilterFrequency(spec, kernel).data)).toEqual(
        Array.from(referenceMedian(spec, kernel, 'frequency')),
      );
    }
  });

  it('order negative values correctly too', () => {
    const spec = randomSpec(33, 40, true);
    spec.data[5] = -0;
    expect(Array.from(medianFilterTime(spec, 5).data)).toEqual(Array.from(referenceMedian(spec, 5, 'time')));
    expect(Array.from(medianFilterFrequency(spec, 7).data)).toEqual(
      Array.from(referenceMedian(spec, 7, 'frequency')),
    );
  });

  it('keep extreme non-negative values in order: zeros, subnormals, the largest float32, infinity', () => {
    for (const kernel of [31, 9, 1]) {
      const spec = randomSpec(45, 38);
      const extremes = [0, 1e-45, 1e-40, 3.4028234663852886e38, Infinity, 1e-30, 5];
      for (let i = 0; i < spec.data.length; i += 3) spec.data[i] = extremes[(i / 3) % extremes.length];
      expect(Array.from(medianFilterTime(spec, kernel).data)).toEqual(
        Array.from(referenceMedian(spec, kernel, 'time')),
      );
      expect(Array.from(medianFilterFrequency(spec, kernel).data)).toEqual(
        Array.from(referenceMedian(spec, kernel, 'frequency')),
      );
    }
  });

  it('write into a given array of the right size, for either sign', () => {
    for (const signed of [false, true]) {
      const spec = randomSpec(20, 16, signed);
      const time = new Float32Array(spec.data.length);
      const frequency = new Float32Array(spec.data.length);
      expect(medianFilterTime(spec, 5, time).data).toBe(time);
      expect(medianFilterFrequency(spec, 5, frequency).data).toBe(frequency);
      expect(Array.from(time)).toEqual(Array.from(referenceMedian(spec, 5, 'time')));
      expect(Array.from(frequency)).toEqual(Array.from(referenceMedian(spec, 5, 'frequency')));
      expect(() => medianFilterTime(spec, 5, new Float32Array(3))).toThrow('got 3');
    }
  });

  it('rejects an even kernel', () => {
    expect(() => medianFilterTime(randomSpec(3, 3), 4)).toThrow('got 4');
  });
});

describe('softMask', () => {
  it('is x² / (x² + ref²), 0.5 (or 0) where both are zero', () => {
    const mask = softMask(Float32Array.of(3, 0, 1, 0), Float32Array.of(4, 2, 0, 0));
    expect(mask[0]).toBeCloseTo(9 / 25, 6);
    expect(Array.from(mask.subarray(1))).toEqual([0, 1, 0.5]);
    expect(softMask(Float32Array.of(0), Float32Array.of(0), 2, false)[0]).toBe(0);
  });
});

describe('hpssMasks', () => {
  const sr = 22050;
  const framing = { frameLength: 2048, hop: 512, center: true, padMode: 'reflect' as const };
  /** Share of the signal's energy the harmonic mask keeps. */
  function harmonicShare(x: Float32Array): number {
    const { power, magnitude } = powerAndMagnitude(complexStft(x, framing));
    const { harmonic, percussive } = hpssMasks(magnitude);
    let kept = 0;
    let total = 0;
    let worstSum = 0;
    for (let i = 0; i < power.data.length; i++) {
      worstSum = Math.max(worstSum, Math.abs(harmonic[i] + percussive[i] - 1));
      kept += harmonic[i] ** 2 * power.data[i];
      total += power.data[i];
    }
    expect(worstSum).toBeLessThan(1e-6);
    return kept / total;
  }

  it('keeps a sine in the harmonic part', () => {
    const x = new Float32Array(3 * sr);
    for (let i = 0; i < x.length; i++) x[i] = 0.5 * Math.sin((2 * Math.PI * 440 * i) / sr);
    expect(harmonicShare(x)).toBeGreaterThan(0.95);
  });

  it('puts a click train in the percussive part', () => {
    const x = new Float32Array(3 * sr);
    for (let i = 0; i < x.length; i += Math.round(sr / 2)) x[i] = 1;
    expect(harmonicShare(x)).toBeLessThan(0.05);
  });
});

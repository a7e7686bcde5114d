import { describe, expect, it } from 'vitest';
import { resample } from '../audio/resample';
import { segmentSlices } from './segmentSlices';

const RATE = 22_050;

/** A chirp with some noise: energy all over the band, so a filter-tail error would show. */
function testSignal(seconds: number, rate: number): Float32Array {
  let seed = 42;
  return Float32Array.from({ length: Math.round(seconds * rate) }, (_, i) => {
    seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
    const t = i / rate;
    return 0.5 * Math.sin(2 * Math.PI * (100 + 900 * t) * t) + 0.1 * (seed / 2 ** 32 - 0.5);
  });
}

describe('segmentSlices', () => {
  it('cuts 30-s segments with the remainder last, a piece under 3 s joining the one before', () => {
    expect(segmentSlices(63.46 * 44_100, 44_100).map((s) => s.length)).toEqual([
      30 * RATE,
      30 * RATE,
      Math.ceil(3.46 * RATE),
    ]);
    expect(segmentSlices(61.46 * 44_100, 44_100).map((s) => s.length)).toEqual([
      30 * RATE,
      Math.ceil(31.46 * RATE),
    ]);
    expect(segmentSlices(60.5 * RATE, RATE).map((s) => s.length)).toEqual([30 * RATE, 30.5 * RATE]);
    expect(segmentSlices(5 * RATE, RATE)).toHaveLength(1);
    expect(segmentSlices(0, RATE)).toEqual([]);
  });

  it('rebuilds what resampling the whole file gives, from pieces resampled apart (44.1 and 48 kHz)', () => {
    for (const rate of [44_100, 48_000]) {
      const input = testSignal(65.3, rate);
      const whole = resample(input, rate, RATE);
      const joined = new Float32Array(whole.length);
      const slices = segmentSlices(input.length, rate);
      for (const s of slices) {
        const piece = resample(input.subarray(s.inputStart, s.inputEnd), rate, RATE);
        expect(piece.length).toBeGreaterThanOrEqual(s.trimStart + s.length);
        joined.set(piece.subarray(s.trimStart, s.trimStart + s.length), s.outputStart);
      }
      expect(slices.reduce((n, s) => n + s.length, 0)).toBe(whole.length);
      let worst = 0;
      for (let i = 0; i < whole.length; i++) worst = Math.max(worst, Math.abs(joined[i] - whole[i]));
      expect(worst, `at ${rate} Hz`).toBeLessThan(1e-5);
    }
  });

  it('at 22,050 Hz the pieces are plain slices of the file', () => {
    const slices = segmentSlices(70 * RATE, RATE);
    expect(slices.map((s) => [s.inputStart, s.inputEnd, s.trimStart])).toEqual([
      [0, 31 * RATE, 0],
      [29 * RATE, 61 * RATE, RATE],
      [59 * RATE, 70 * RATE, RATE],
    ]);
  });
});

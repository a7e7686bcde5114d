import { describe, expect, it } from 'vitest';
import { applyChroma, chromaFilterbank } from './chroma';
import { chromaSumsSimd } from './chromaSimd';

/** Each class's Σ_k w·p over k in order from 0, in doubles: what the JS loops of chroma.ts compute. */
function plainSums(
  power: Float32Array,
  frames: number,
  bins: number,
  w: Float64Array,
  n: number,
): Float64Array {
  const sums = new Float64Array(frames * n);
  for (let t = 0; t < frames; t++)
    for (let c = 0; c < n; c++) {
      let sum = 0;
      for (let k = 0; k < bins; k++) sum += w[k * n + c] * power[t * bins + k];
      sums[t * n + c] = sum;
    }
  return sums;
}

function seeded(length: number, seed: number): Float32Array {
  let s = seed;
  return Float32Array.from({ length }, () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return (s / 2 ** 31) ** 3 * 100;
  });
}

describe('chromaSumsSimd', () => {
  it('gives exactly the doubles of the in-order JS sums, over more frames than one call takes', () => {
    for (const [frames, bins, n] of [
      [300, 1025, 12],
      [5000, 33, 12],
      [7, 9, 4],
    ]) {
      const power = seeded(frames * bins, frames + bins);
      const w = Float64Array.from(seeded(bins * n, 3), (v) => v / 100);
      const sums = new Float64Array(frames * n);
      expect(chromaSumsSimd(power, frames, bins, w, n, sums)).toBe(true);
      expect(Array.from(sums), `${frames}×${bins}×${n}`).toEqual(
        Array.from(plainSums(power, frames, bins, w, n)),
      );
    }
  });

  it('serves applyChroma: normalised chroma of a tone peaks at its class', () => {
    const bank = chromaFilterbank({ sampleRate: 22050, nFft: 2048 });
    const power = new Float32Array(3 * 1025);
    // 440 Hz (A) sits at bin 440 / (22050 / 2048) ≈ 40.9
    for (let t = 0; t < 3; t++) power[t * 1025 + 41] = 1;
    const { data } = applyChroma({ data: power, frames: 3, bins: 1025 }, bank);
    for (let t = 0; t < 3; t++) {
      const row = Array.from(data.subarray(t * 12, t * 12 + 12));
      expect(Math.max(...row)).toBe(1);
      expect(row.indexOf(1)).toBe(9); // librosa's chroma starts at C: A is class 9
    }
  });
});

import { describe, expect, it } from 'vitest';
import { applyStandardizer, fitStandardizer } from '../data/normalize';
import { extractFrameWindows, framesSpec } from '../features/frames';
import { createRng } from '../random';
import { rotateChroma, tieChromaNormalization } from './chroma';

const SR = 22050;

function tone(freq: number): Float32Array {
  return Float32Array.from({ length: SR }, (_, i) => {
    let v = 0;
    for (let h = 1; h <= 6; h++) v += Math.sin((2 * Math.PI * freq * h * i) / SR) / h;
    return 0.2 * v;
  });
}

const column = (name: string) => framesSpec.columns.indexOf(name);

describe('rotateChroma', () => {
  it('turns the row of a tone into the row of the tone some semitones up', () => {
    const a = extractFrameWindows(tone(220), 1)[0].values; // A
    const c = extractFrameWindows(tone(220 * 2 ** (3 / 12)), 1)[0].values; // C, 3 semitones up
    expect(a[column('chroma10_mean')]).toBeCloseTo(1, 1);
    const rotated = rotateChroma(a, 3);
    expect(rotated[column('chroma1_mean')]).toBeCloseTo(a[column('chroma10_mean')], 6);
    expect(rotated[column('chroma1_mean')]).toBeCloseTo(c[column('chroma1_mean')], 1);
    // Everything but chroma stays put; twelve steps come back to the start.
    expect(rotated[column('mfcc3_std')]).toBe(a[column('mfcc3_std')]);
    expect(rotateChroma(rotateChroma(a, 5), 7)).toEqual(a);
    expect(rotateChroma(a, -3)).toEqual(rotateChroma(a, 9));
  });

  it('names bad input', () => {
    expect(() => rotateChroma(new Float32Array(3), 1)).toThrow(
      `Expected a frames row of ${framesSpec.columns.length} values, got 3`,
    );
    expect(() => rotateChroma(new Float32Array(framesSpec.columns.length), 0.5)).toThrow(
      'Expected a whole number of semitones, got 0.5',
    );
  });
});

describe('tieChromaNormalization', () => {
  it('commutes with rotation and pools the 12 bins exactly', () => {
    const rng = createRng(1);
    const rows = 50;
    const cols = framesSpec.columns.length;
    const x = Float32Array.from({ length: rows * cols }, (_, i) => (i % cols) + rng.normal() * (1 + (i % 7)));
    const tied = tieChromaNormalization(fitStandardizer(x, rows, cols));
    // Pooled over the bins: the mean and std of the 12 × 50 chroma1..12 mean values together.
    const values = Array.from(
      { length: rows * 12 },
      (_, k) => x[Math.floor(k / 12) * cols + column(`chroma${(k % 12) + 1}_mean`)],
    );
    const m = values.reduce((a, b) => a + b, 0) / values.length;
    const sd = Math.sqrt(values.reduce((a, b) => a + (b - m) ** 2, 0) / values.length);
    expect(tied.mean[column('chroma5_mean')]).toBeCloseTo(m, 4);
    expect(tied.std[column('chroma5_mean')]).toBeCloseTo(sd, 4);
    const row = x.subarray(0, cols);
    const a = applyStandardizer(tied, rotateChroma(row, 4), 1, cols);
    const b = rotateChroma(applyStandardizer(tied, row, 1, cols), 4);
    for (let c = 0; c < cols; c++) expect(a[c]).toBeCloseTo(b[c], 5);
  });
});

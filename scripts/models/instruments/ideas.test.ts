import { describe, expect, it } from 'vitest';
import { fitStandardizer, applyStandardizer } from '../../../src/core/data/normalize';
import { applyDct, dctMatrix } from '../../../src/core/dsp/dct';
import { createRng } from '../../../src/core/random';
import { COLS, extractInstrumentWindows, INSTRUMENTS_SPEC } from './config';
import { augments, featureAugment, NO_IDEAS, shiftColour, shiftLevel } from './ideas';

const SR = 22050;

/** A 1-s harmonic tone with a little noise and a swell, so every feature moves from frame to frame. */
function note(seed: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: SR }, (_, i) => {
    let v = 0;
    for (let h = 1; h <= 8; h++) v += Math.sin((2 * Math.PI * 196 * h * i) / SR) / h;
    return (0.15 + 0.1 * Math.sin((2 * Math.PI * i) / SR)) * v + 0.01 * (rng.next() - 0.5);
  });
}

/** The instruments model's row (its columns of the `timbre` set) of a 1-s clip. */
const row = (x: Float32Array) => extractInstrumentWindows(x, 1, 1)[0].values;
const column = (name: string) => INSTRUMENTS_SPEC.columns.indexOf(name);

describe('shiftLevel', () => {
  it('gives the row of the same sound made louder or quieter', () => {
    const x = note(1);
    for (const gainDb of [-12, 6]) {
      const louder = row(x.map((v) => v * 10 ** (gainDb / 20)));
      const shifted = shiftLevel(row(x), gainDb);
      for (let c = 0; c < COLS; c++) {
        const tolerance = 1e-3 * Math.max(1, Math.abs(louder[c]));
        expect(Math.abs(shifted[c] - louder[c]), INSTRUMENTS_SPEC.columns[c]).toBeLessThan(tolerance);
      }
    }
  });
});

describe('shiftColour', () => {
  it('moves mfcc(j+1) by the DCT of the cosine curve added to the 40 mel bands in dB', () => {
    const amplitudes = [3, -2, 1.5];
    const curve = Float32Array.from({ length: 40 }, (_, m) =>
      amplitudes.reduce((a, amp, j) => a + amp * Math.cos((Math.PI * (j + 1) * (m + 0.5)) / 40), 0),
    );
    const mfccShift = new Float32Array(20);
    applyDct(dctMatrix(40, 20), curve, mfccShift);
    const before = row(note(2));
    const after = shiftColour(before.slice(), amplitudes);
    for (let k = 0; k < 20; k++) {
      for (const stat of ['mean', 'median', 'min', 'max']) {
        const c = column(`mfcc${k + 1}_${stat}`);
        expect(after[c] - before[c]).toBeCloseTo(mfccShift[k], 3);
      }
      for (const stat of ['std', 'skew', 'kurtosis'])
        expect(after[column(`mfcc${k + 1}_${stat}`)]).toBe(before[column(`mfcc${k + 1}_${stat}`)]);
    }
    expect(after[column('centroid_mean')]).toBe(before[column('centroid_mean')]);
  });
});

describe('featureAugment', () => {
  const rows = [note(3), note(4), note(5)].map(row);
  const x = new Float32Array(rows.length * COLS);
  rows.forEach((r, i) => x.set(r, i * COLS));
  const standardizer = fitStandardizer(x, rows.length, COLS);
  const z = applyStandardizer(standardizer, x, rows.length, COLS).subarray(0, COLS);

  it('is off without ideas, and leaves rows alone outside its share', () => {
    expect(augments(NO_IDEAS)).toBe(false);
    expect(featureAugment(NO_IDEAS, standardizer)).toBeNull();
    const none = featureAugment({ ...NO_IDEAS, gainDb: 6, augmentShare: 0 }, standardizer)!;
    expect(none(z, createRng(1))).toBe(z);
  });

  it('changes only the columns of its ideas, standardised as the rows are, repeatably', () => {
    const hook = featureAugment({ ...NO_IDEAS, colourDb: 4, gainDb: 6, augmentShare: 1 }, standardizer)!;
    const a = hook(z, createRng(9));
    expect(hook(z, createRng(9))).toEqual(a);
    expect(a).not.toEqual(z);
    const raw = Float32Array.from(a, (v, c) => v * standardizer.std[c] + standardizer.mean[c]);
    for (let c = 0; c < COLS; c++) {
      const name = INSTRUMENTS_SPEC.columns[c];
      const moved = Math.abs(raw[c] - rows[0][c]) > 1e-3 * Math.max(1, Math.abs(rows[0][c]));
      const mayMove = /^(mfcc[1-5]_(mean|median|min|max)|(rms|loudness)_(mean|std|median|min|max))$/.test(
        name,
      );
      if (!mayMove) expect(moved, name).toBe(false);
    }
    expect(Math.abs(raw[column('mfcc2_mean')] - rows[0][column('mfcc2_mean')])).toBeGreaterThan(0);
  });

  it('adds Gaussian noise of the given std to every standardised column, leaving the input alone', () => {
    const hook = featureAugment({ ...NO_IDEAS, noise: 0.5, augmentShare: 1 }, standardizer)!;
    const before = z.slice();
    const moved = hook(z, createRng(3));
    expect(z).toEqual(before);
    const d = Array.from(moved, (v, c) => v - z[c]);
    const mean = d.reduce((a, v) => a + v, 0) / d.length;
    const std = Math.sqrt(d.reduce((a, v) => a + (v - mean) ** 2, 0) / d.length);
    expect(Math.abs(mean)).toBeLessThan(0.1);
    expect(std).toBeGreaterThan(0.4);
    expect(std).toBeLessThan(0.6);
  });
});

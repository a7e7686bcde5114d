import { describe, expect, it } from 'vitest';
import { createRng } from '../random';
import {
  addNoise,
  applyGain,
  changeSpeed,
  makeAugmenter,
  mixBackground,
  semitonesToSpeed,
  signalPower,
  timeShift,
} from './augment';

const SR = 22_050;

function sine(freq: number, seconds: number, amplitude = 0.5): Float32Array {
  return Float32Array.from(
    { length: Math.round(seconds * SR) },
    (_, i) => amplitude * Math.sin((2 * Math.PI * freq * i) / SR),
  );
}

/** Frequency of a clean tone from its rising zero crossings over [from, to). */
function toneFrequency(x: Float32Array, from: number, to: number): number {
  const crossings: number[] = [];
  for (let i = from + 1; i < to; i++) {
    if (x[i - 1] < 0 && x[i] >= 0) crossings.push(i - 1 + -x[i - 1] / (x[i] - x[i - 1]));
  }
  return (SR * (crossings.length - 1)) / (crossings[crossings.length - 1] - crossings[0]);
}

const db = (ratio: number) => 10 * Math.log10(ratio);

describe('augmentations', () => {
  it('timeShift rolls or pads with silence', () => {
    const x = new Float32Array([1, 2, 3, 4]);
    expect(Array.from(timeShift(x, 1))).toEqual([4, 1, 2, 3]);
    expect(Array.from(timeShift(x, -1))).toEqual([2, 3, 4, 1]);
    expect(Array.from(timeShift(x, 5))).toEqual([4, 1, 2, 3]);
    expect(Array.from(timeShift(x, 1, 'zero'))).toEqual([0, 1, 2, 3]);
    expect(Array.from(timeShift(x, -2, 'zero'))).toEqual([3, 4, 0, 0]);
    expect(Array.from(timeShift(x, 9, 'zero'))).toEqual([0, 0, 0, 0]);
    expect(timeShift(new Float32Array(0), 3)).toHaveLength(0);
    expect(() => timeShift(x, 0.5)).toThrow('Expected shift to be a whole number of samples, got 0.5');
  });

  it('applyGain scales by 10^(dB/20)', () => {
    const out = applyGain(new Float32Array([0.25, -0.5]), 20 * Math.log10(2));
    expect(out[0]).toBeCloseTo(0.5, 6);
    expect(out[1]).toBeCloseTo(-1, 6);
    expect(() => applyGain(new Float32Array(1), NaN)).toThrow(
      'Expected gainDb to be a finite number, got null',
    );
  });

  it('addNoise adds white noise at the requested SNR, repeatably', () => {
    const x = sine(440, 2);
    const noisy = addNoise(x, 10, createRng(1));
    const noise = noisy.map((v, i) => v - x[i]);
    expect(db(signalPower(x) / signalPower(noise))).toBeCloseTo(10, 1);
    expect(addNoise(x, 10, createRng(1))).toEqual(noisy);
    expect(addNoise(x, 10, createRng(2))).not.toEqual(noisy);
    // Silence has no SNR to honour: it stays silent rather than turning into NaN.
    expect(Array.from(addNoise(new Float32Array(4), 10, createRng(1)))).toEqual([0, 0, 0, 0]);
  });

  it('mixBackground loops the clip from the offset and scales it to the SNR', () => {
    const x = sine(440, 0.5);
    const background = sine(97, 0.1, 0.2);
    const mixed = mixBackground(x, background, 6, 100);
    const added = mixed.map((v, i) => v - x[i]);
    const scale = added[0] / background[100];
    for (const i of [1, 1000, 5000, 11_000])
      expect(added[i]).toBeCloseTo(scale * background[(100 + i) % background.length], 6);
    expect(db(signalPower(x) / (scale * scale * signalPower(background)))).toBeCloseTo(6, 6);
    expect(mixBackground(x, new Float32Array(10), 6)).toEqual(x);
    expect(() => mixBackground(x, background, 6, -1)).toThrow(
      'Expected offset to be a whole number >= 0, got -1',
    );
  });

  it('changeSpeed raises pitch by the factor and keeps the length', () => {
    const x = sine(440, 1);
    const up = changeSpeed(x, semitonesToSpeed(2), SR);
    expect(up).toHaveLength(x.length);
    expect(toneFrequency(up, 1000, 15_000)).toBeCloseTo(440 * 2 ** (2 / 12), 0);
    // Played faster, the clip ends early: silence after n / factor samples.
    expect(Math.max(...up.subarray(Math.ceil(x.length / 1.13) + 200).map(Math.abs))).toBeLessThan(1e-3);
    const down = changeSpeed(x, 0.9, SR);
    expect(toneFrequency(down, 1000, 20_000)).toBeCloseTo(396, 0);
    expect(() => changeSpeed(x, 3, SR)).toThrow('Expected speed factor in [0.5, 2], got 3');
  });

  it('makeAugmenter is pure and seeded, keeps the length and never gives NaN', () => {
    const augment = makeAugmenter({
      sampleRate: SR,
      maxShiftSeconds: 0.05,
      gainDb: 6,
      noiseSnrDb: [10, 30],
      noiseProbability: 1,
      backgrounds: [sine(60, 0.3, 0.1)],
      backgroundProbability: 1,
      speed: [0.9, 1.1],
      speedProbability: 1,
    });
    const x = sine(440, 0.5);
    const copy = x.slice();
    const a = augment(x, createRng(3));
    expect(a).toHaveLength(x.length);
    expect(a.every(Number.isFinite)).toBe(true);
    expect(x).toEqual(copy);
    expect(augment(x, createRng(3))).toEqual(a);
    expect(augment(x, createRng(4))).not.toEqual(a);
    expect(augment(new Float32Array(100), createRng(3)).every(Number.isFinite)).toBe(true);
    expect(() => makeAugmenter({ sampleRate: SR, noiseProbability: 2 })).toThrow(
      'Expected noiseProbability in [0, 1], got 2',
    );
    expect(() => makeAugmenter({ sampleRate: SR, speed: [0.2, 1] })).toThrow(
      'Expected speed to be [min, max] within [0.5, 2], got [0.2,1]',
    );
  });
});

import { describe, expect, it } from 'vitest';
import { powerSpectrogram } from '../dsp/stft';
import { createRng } from '../random';
import { applyBiquads, biquad, biquadResponseDb, colouredNoise, randomMicrophone } from './colour';

const SR = 22050;

function sine(freq: number, seconds = 1): Float32Array {
  return Float32Array.from({ length: Math.round(seconds * SR) }, (_, i) =>
    Math.sin((2 * Math.PI * freq * i) / SR),
  );
}

function rmsDb(x: Float32Array, from = 0): number {
  let s = 0;
  for (let i = from; i < x.length; i++) s += x[i] * x[i];
  return 10 * Math.log10(s / (x.length - from));
}

describe('biquad', () => {
  it('has the cookbook responses at their corner and centre frequencies', () => {
    expect(biquadResponseDb([biquad({ type: 'lowpass', frequency: 1000 }, SR)], 1000, SR)).toBeCloseTo(
      -3.01,
      1,
    );
    expect(biquadResponseDb([biquad({ type: 'highpass', frequency: 1000 }, SR)], 1000, SR)).toBeCloseTo(
      -3.01,
      1,
    );
    expect(biquadResponseDb([biquad({ type: 'lowpass', frequency: 1000 }, SR)], 100, SR)).toBeCloseTo(0, 1);
    expect(
      biquadResponseDb([biquad({ type: 'peaking', frequency: 2000, gainDb: 6, q: 1 }, SR)], 2000, SR),
    ).toBeCloseTo(6, 5);
    const low = [biquad({ type: 'lowshelf', frequency: 300, gainDb: -4 }, SR)];
    expect(biquadResponseDb(low, 20, SR)).toBeCloseTo(-4, 1);
    expect(biquadResponseDb(low, 8000, SR)).toBeCloseTo(0, 1);
    const high = [biquad({ type: 'highshelf', frequency: 3000, gainDb: 5 }, SR)];
    expect(biquadResponseDb(high, 10000, SR)).toBeCloseTo(5, 0);
    expect(biquadResponseDb(high, 50, SR)).toBeCloseTo(0, 1);
  });

  it('filters a sine by its response', () => {
    const filters = [
      biquad({ type: 'peaking', frequency: 1500, gainDb: -6, q: 2 }, SR),
      biquad({ type: 'lowpass', frequency: 4000 }, SR),
    ];
    for (const f of [300, 1500, 6000]) {
      const y = applyBiquads(sine(f), filters);
      // Skip the filters' start-up transient.
      expect(rmsDb(y, 2000) - rmsDb(sine(f), 2000)).toBeCloseTo(biquadResponseDb(filters, f, SR), 1);
    }
  });

  it('names bad specs', () => {
    expect(() => biquad({ type: 'lowpass', frequency: 20000 }, SR)).toThrow(
      'Expected frequency in (0, 11025), got 20000',
    );
    expect(() => biquad({ type: 'peaking', frequency: 100, q: 0 }, SR)).toThrow('Expected q > 0, got 0');
  });
});

describe('randomMicrophone', () => {
  it('colours mildly: within the gain bound across the midrange', () => {
    for (let seed = 0; seed < 20; seed++) {
      const filters = randomMicrophone(SR, createRng(seed), { maxGainDb: 6 });
      for (const f of [500, 1000, 2000, 4000])
        expect(Math.abs(biquadResponseDb(filters, f, SR))).toBeLessThan(12.5);
      // The low cut never reaches above 150 Hz by much.
      expect(biquadResponseDb(filters, 20, SR)).toBeLessThan(-3);
    }
  });
});

describe('colouredNoise', () => {
  /** Mean power in [lo, hi) Hz over frames, dB. */
  function bandDb(x: Float32Array, lo: number, hi: number): number {
    const s = powerSpectrogram(x, { frameLength: 2048, hop: 1024, center: false });
    const a = Math.round((lo * 2048) / SR);
    const b = Math.round((hi * 2048) / SR);
    let sum = 0;
    for (let t = 0; t < s.frames; t++) for (let k = a; k < b; k++) sum += s.data[t * s.bins + k];
    return 10 * Math.log10(sum / (s.frames * (b - a)));
  }

  it('has unit power and falls 0, 3 or 6 dB per octave', () => {
    for (const [colour, slope] of [
      ['white', 0],
      ['pink', -3],
      ['brown', -6],
    ] as const) {
      const x = colouredNoise(4 * SR, colour, createRng(1));
      expect(rmsDb(x)).toBeCloseTo(0, 5);
      // Three octaves, 500 Hz to 4 kHz.
      const fall = (bandDb(x, 3600, 4400) - bandDb(x, 450, 550)) / 3;
      expect(Math.abs(fall - slope)).toBeLessThan(1);
    }
  });

  it('is empty for length 0 and names a bad length', () => {
    expect(colouredNoise(0, 'pink', createRng(0)).length).toBe(0);
    expect(() => colouredNoise(-1, 'pink', createRng(0))).toThrow(
      'Expected length to be a whole number >= 0, got -1',
    );
  });
});

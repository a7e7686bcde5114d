import { describe, expect, it } from 'vitest';
import { createRng } from '../random';
import { applyVibrato, soundingRange, stitchPhrase } from './phrases';

const SR = 22050;

function sine(freq: number, seconds: number, amplitude: number, phase = 0): Float32Array {
  return Float32Array.from(
    { length: Math.round(seconds * SR) },
    (_, i) => amplitude * Math.sin((2 * Math.PI * freq * i) / SR + phase),
  );
}

function largestStep(x: Float32Array): number {
  let m = 0;
  for (let i = 1; i < x.length; i++) m = Math.max(m, Math.abs(x[i] - x[i - 1]));
  return m;
}

/** Instantaneous frequency from the spacing of upward zero crossings (linearly interpolated), in Hz. */
function zeroCrossingFrequencies(x: Float32Array, from: number): number[] {
  const crossings: number[] = [];
  for (let i = from + 1; i < x.length; i++) {
    if (x[i - 1] < 0 && x[i] >= 0) crossings.push(i - 1 + x[i - 1] / (x[i - 1] - x[i]));
  }
  const out: number[] = [];
  for (let k = 1; k < crossings.length; k++) out.push(SR / (crossings[k] - crossings[k - 1]));
  return out;
}

const cents = (f: number, ref: number) => 1200 * Math.log2(f / ref);

describe('soundingRange', () => {
  it('finds a note between silences', () => {
    const x = new Float32Array(SR);
    x.set(sine(440, 0.5, 0.5), 2205);
    const [start, end] = soundingRange(x, SR);
    expect(Math.abs(start - 2205)).toBeLessThanOrEqual(221);
    expect(Math.abs(end - (2205 + 11025))).toBeLessThanOrEqual(221);
  });

  it('is empty for silence', () => {
    expect(soundingRange(new Float32Array(1000), SR)).toEqual([0, 0]);
    expect(soundingRange(new Float32Array(0), SR)).toEqual([0, 0]);
  });
});

describe('stitchPhrase', () => {
  const notes = [
    sine(220, 1.2, 0.5),
    sine(330, 0.4, 0.5, 1),
    sine(440, 0.9, 0.5, 2),
    sine(587, 0.25, 0.5, 0.3),
    sine(880, 1.5, 0.5, 2.5),
  ];
  const inputStep = Math.max(...notes.map(largestStep));

  it('has the requested length and no clicks at the joins', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      for (const lengthSeconds of [0.5, 2, 3.7]) {
        const phrase = stitchPhrase(notes, { sampleRate: SR, lengthSeconds }, createRng(seed));
        expect(phrase.samples.length).toBe(Math.round(lengthSeconds * SR));
        expect(phrase.notes.length).toBeGreaterThan(lengthSeconds >= 2 ? 2 : 0);
        // Two equal-power ramps of 5 ms or longer: steps stay near a single sine's (a hard cut jumps ~0.5).
        const fadeStep = (0.5 * Math.PI) / 2 / Math.round(0.005 * SR);
        expect(largestStep(phrase.samples)).toBeLessThan(Math.SQRT2 * inputStep + 2 * fadeStep);
        expect(phrase.samples.every(Number.isFinite)).toBe(true);
      }
    }
  });

  it('places every note in order, each cut to its drawn length', () => {
    const phrase = stitchPhrase(
      notes,
      { sampleRate: SR, lengthSeconds: 4, noteSeconds: [0.2, 0.3], restProbability: 0 },
      createRng(9),
    );
    for (let k = 1; k < phrase.notes.length; k++) {
      const prev = phrase.notes[k - 1];
      expect(phrase.notes[k].at).toBeGreaterThan(prev.at);
      // Legato: the next note starts no later than the previous one ends.
      expect(phrase.notes[k].at).toBeLessThanOrEqual(prev.at + prev.length);
      expect(prev.length).toBeLessThanOrEqual(Math.round(0.3 * SR) + Math.round(0.08 * SR));
    }
    const last = phrase.notes[phrase.notes.length - 1];
    expect(last.at + last.length).toBe(4 * SR);
  });

  it('repeats notes and rests when asked', () => {
    const repeated = stitchPhrase(
      notes,
      { sampleRate: SR, lengthSeconds: 3, repeatProbability: 1, noteSeconds: [0.1, 0.2] },
      createRng(4),
    );
    expect(new Set(repeated.notes.map((n) => n.note)).size).toBe(1);
    const withRests = stitchPhrase(
      [sine(440, 2, 0.5)],
      {
        sampleRate: SR,
        lengthSeconds: 3,
        restProbability: 1,
        restSeconds: [0.2, 0.2],
        noteSeconds: [0.2, 0.2],
      },
      createRng(5),
    );
    // A 0.2-s rest of silence follows the first note.
    const first = withRests.notes[0];
    const gap = withRests.samples.subarray(first.at + first.length, first.at + first.length + 4000);
    expect(Math.max(...gap.map(Math.abs))).toBe(0);
  });

  it('repeats with the seed', () => {
    const a = stitchPhrase(notes, { sampleRate: SR, lengthSeconds: 2 }, createRng(7));
    const b = stitchPhrase(notes, { sampleRate: SR, lengthSeconds: 2 }, createRng(7));
    expect(b).toEqual(a);
  });

  it('names bad input', () => {
    const rng = createRng(0);
    expect(() => stitchPhrase([], { sampleRate: SR, lengthSeconds: 1 }, rng)).toThrow(
      'Expected at least one note to stitch, got none',
    );
    expect(() => stitchPhrase(notes, { sampleRate: SR, lengthSeconds: 0 }, rng)).toThrow(
      'Expected lengthSeconds in (0, 3600], got 0',
    );
    expect(() =>
      stitchPhrase(notes, { sampleRate: SR, lengthSeconds: 1, noteSeconds: [1, 0.5] }, rng),
    ).toThrow('Expected noteSeconds to be [min, max]');
    expect(() =>
      stitchPhrase([new Float32Array([0, NaN])], { sampleRate: SR, lengthSeconds: 1 }, rng),
    ).toThrow('Expected finite notes[0] samples, got NaN at index 1');
  });
});

describe('applyVibrato', () => {
  it('swings a sine by the requested cents at the requested rate', () => {
    for (const depthCents of [20, 50]) {
      const x = sine(440, 2, 0.8);
      const y = applyVibrato(x, { sampleRate: SR, rateHz: 5, depthCents });
      expect(y.length).toBe(x.length);
      const f = zeroCrossingFrequencies(y.subarray(0, Math.round(1.8 * SR)), 0).map((v) => cents(v, 440));
      // A period-long measurement averages the swing a little (by under 1 % at 440 Hz and 5 Hz).
      expect(Math.max(...f)).toBeCloseTo(depthCents, -0.5);
      expect(Math.min(...f)).toBeCloseTo(-depthCents, -0.5);
      expect(Math.abs(Math.max(...f) - depthCents)).toBeLessThan(0.06 * depthCents + 1);
      expect(Math.abs(Math.min(...f) + depthCents)).toBeLessThan(0.06 * depthCents + 1);
      // The mean pitch stays at 440 Hz: about 9 vibrato cycles of 5 Hz in 1.8 s.
      const mean = f.reduce((a, b) => a + b, 0) / f.length;
      expect(Math.abs(mean)).toBeLessThan(2);
      let swings = 0;
      for (let k = 1; k < f.length; k++) if (f[k - 1] < 0 && f[k] >= 0) swings++;
      expect(swings).toBeGreaterThanOrEqual(8);
      expect(swings).toBeLessThanOrEqual(10);
    }
  });

  it('leaves the signal alone at zero depth', () => {
    const x = sine(300, 0.5, 0.5);
    const y = applyVibrato(x, { sampleRate: SR, rateHz: 6, depthCents: 0 });
    for (let i = 0; i < x.length - 2; i++) expect(y[i]).toBeCloseTo(x[i], 6);
  });

  it('grows the depth over the onset', () => {
    const x = sine(440, 2, 0.8);
    const y = applyVibrato(x, { sampleRate: SR, rateHz: 5, depthCents: 50, onsetSeconds: 1 });
    const early = zeroCrossingFrequencies(y.subarray(0, Math.round(0.3 * SR)), 0).map((v) => cents(v, 440));
    expect(Math.max(...early.map(Math.abs))).toBeLessThan(20);
  });

  it('names bad options', () => {
    const x = sine(440, 0.1, 0.5);
    expect(() => applyVibrato(x, { sampleRate: SR, rateHz: -1, depthCents: 10 })).toThrow(
      'Expected rateHz in [0, 11025), got -1',
    );
    expect(() => applyVibrato(x, { sampleRate: SR, rateHz: 5, depthCents: NaN })).toThrow(
      'Expected depthCents in [0, 1200], got NaN',
    );
  });
});

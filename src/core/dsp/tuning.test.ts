import { describe, expect, it } from 'vitest';
import { powerSpectrogram } from './stft';
import { estimateTuning, piptrack, pitchTuning } from './tuning';

const SR = 22050;
const options = { sampleRate: SR, nFft: 2048 };

function tone(freqs: number[], seconds = 2): Float32Array {
  const x = new Float32Array(seconds * SR);
  for (const f of freqs)
    for (let i = 0; i < x.length; i++) x[i] += (0.3 / freqs.length) * Math.sin((2 * Math.PI * f * i) / SR);
  return x;
}

const powerOf = (x: Float32Array) =>
  powerSpectrogram(x, { frameLength: 2048, hop: 512, center: true, padMode: 'reflect' });

describe('pitchTuning', () => {
  it('finds +25 cents in notes tuned 25 cents sharp (librosa docs example)', () => {
    // librosa.cqt_frequencies(24, 55, tuning=0.25)
    const freqs = Array.from({ length: 24 }, (_, i) => 55 * 2 ** ((i + 0.25) / 12));
    expect(pitchTuning(freqs)).toBeCloseTo(0.25, 6);
  });

  it('wraps deviations above half a semitone to the next note, and gives 0 without pitches', () => {
    // the answer is the left edge of the 1-cent histogram cell
    expect(pitchTuning([440 * 2 ** (-0.105 / 12)])).toBeCloseTo(-0.11, 6);
    expect(pitchTuning([440 * 2 ** (0.895 / 12)])).toBeCloseTo(-0.11, 6);
    expect(pitchTuning([])).toBe(0);
    expect(pitchTuning([0, -3])).toBe(0);
    expect(() => pitchTuning([440], 0)).toThrow('got 0');
  });
});

describe('piptrack', () => {
  it('places a 440 Hz sine at 440 Hz by parabolic interpolation', () => {
    const { frequencies, count } = piptrack(powerOf(tone([440])), options);
    expect(count).toBeGreaterThan(40);
    // all but the reflection-padded edge frames
    const near = Array.from(frequencies).filter((f) => Math.abs(f - 440) < 3);
    expect(near.length).toBeGreaterThan(0.9 * count);
  });

  it('ignores peaks outside [fmin, fmax)', () => {
    expect(piptrack(powerOf(tone([100])), options).count).toBe(0);
    expect(piptrack(powerOf(tone([5000])), options).count).toBe(0);
  });
});

describe('estimateTuning', () => {
  // librosa fits its parabola to the power spectrum, which biases a lone sine's pitch by up to ~5 cents
  // (a numpy transcription of librosa's piptrack gives the same 0.02, 0.33 and -0.25 here).
  it('is about 0 for A440 and follows a detuned A', () => {
    expect(Math.abs(estimateTuning(powerOf(tone([440])), options))).toBeLessThanOrEqual(0.03);
    for (const cents of [0.3, -0.2]) {
      const tuning = estimateTuning(powerOf(tone([440 * 2 ** (cents / 12)])), options);
      expect(Math.abs(tuning - cents)).toBeLessThanOrEqual(0.06);
    }
  });

  it('reads a chord tuned 30 cents sharp', () => {
    const chord = [261.63, 329.63, 392.0].map((f) => f * 2 ** (0.3 / 12));
    expect(Math.abs(estimateTuning(powerOf(tone(chord)), options) - 0.3)).toBeLessThanOrEqual(0.03);
  });

  it('gives 0 for silence', () => {
    expect(estimateTuning(powerOf(new Float32Array(SR)), options)).toBe(0);
  });
});

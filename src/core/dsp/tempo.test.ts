import { describe, expect, it } from 'vitest';
import { applyMel, melFilterbank, powerToDb } from './mel';
import { onsetStrength } from './onset';
import { powerSpectrogram } from './stft';
import { framesIn, TempogramAccumulator, tempoFrequencies, tempoFromTempogram } from './tempo';

const SR = 22050;
const HOP = 512;
const melBank = melFilterbank({ sampleRate: SR, nFft: 2048, nMels: 128 });

/** librosa.beat.tempo(y) with its defaults: onset strength of the dB mel spectrogram, 8-s tempogram, prior at 120. */
function tempoOf(x: Float32Array): number {
  const mel = applyMel(
    powerSpectrogram(x, { frameLength: 2048, hop: HOP, center: true, padMode: 'reflect' }),
    melBank,
  );
  powerToDb(mel.data);
  const tempogram = new TempogramAccumulator(framesIn(8, SR, HOP));
  tempogram.add(onsetStrength(mel));
  return tempoFromTempogram(tempogram.mean(), { sampleRate: SR, hop: HOP });
}

function clicks(bpm: number, seconds = 20): Float32Array {
  const x = new Float32Array(seconds * SR);
  const period = (60 / bpm) * SR;
  for (let beat = 0; beat * period < x.length; beat++) {
    const start = Math.round(beat * period);
    // a short decaying noise burst
    for (let i = 0; i < 200 && start + i < x.length; i++)
      x[start + i] = Math.exp(-i / 40) * (i % 2 ? 0.8 : -0.8);
  }
  return x;
}

describe('tempoFrequencies', () => {
  it('maps lags to BPM as librosa (lag 21 is 123.05 BPM, GTZAN blues.00000)', () => {
    const bpm = tempoFrequencies(344, SR, HOP);
    expect(bpm[0]).toBe(Infinity);
    expect(bpm[21]).toBeCloseTo(123.046875, 6);
    expect(bpm[27]).toBeCloseTo(95.703125, 6);
    expect(framesIn(8, SR, HOP)).toBe(344);
  });
});

describe('tempo of click trains', () => {
  for (const bpm of [120, 100, 140]) {
    it(`finds ${bpm} BPM within one lag`, () => {
      const found = tempoOf(clicks(bpm));
      expect(Math.abs(found - bpm) / bpm).toBeLessThan(0.03);
    });
  }

  it('gives the peak of the prior, a finite tempo, for silence', () => {
    const found = tempoOf(new Float32Array(5 * SR));
    expect(Number.isFinite(found)).toBe(true);
    expect(Math.abs(found - 120)).toBeLessThan(3);
  });
});

describe('TempogramAccumulator', () => {
  it('normalises each column to 1 at lag 0 and pools frames across adds', () => {
    const onset = new Float32Array(100).map((_, i) => (i % 10 === 0 ? 1 : 0.1));
    const whole = new TempogramAccumulator(32);
    whole.add(onset);
    expect(whole.frames).toBe(100);
    expect(whole.mean()[0]).toBeCloseTo(1, 6);
    const split = new TempogramAccumulator(32);
    split.add(onset.subarray(0, 50));
    split.add(onset.subarray(50));
    expect(split.frames).toBe(100);
    expect(split.mean()[10]).toBeCloseTo(whole.mean()[10], 1);
    expect(() => new TempogramAccumulator(1)).toThrow('got 1');
  });

  it('averages the lag-0-normalised autocorrelations of the ramp-padded, Hann-windowed frames', () => {
    let seed = 7;
    const onset = new Float32Array(91).map(() => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    });
    const w = 24;
    const half = w / 2;
    // hannWindow is float32.
    const window = Array.from({ length: w }, (_, i) =>
      Math.fround(0.5 - 0.5 * Math.cos((2 * Math.PI * i) / w)),
    );
    const padded = [
      ...Array.from({ length: half }, (_, i) => (onset[0] * i) / half),
      ...onset,
      ...Array.from({ length: half }, (_, j) => (onset[onset.length - 1] * (half - 1 - j)) / half),
    ];
    const expected = new Float64Array(w);
    for (let t = 0; t < onset.length; t++) {
      const frame = window.map((v, i) => v * padded[t + i]);
      const acf = frame.map((_, lag) =>
        frame.reduce((a, v, i) => a + (i + lag < w ? v * frame[i + lag] : 0), 0),
      );
      for (let lag = 0; lag < w; lag++) expected[lag] += acf[lag] / acf[0] / onset.length;
    }
    const accumulator = new TempogramAccumulator(w);
    accumulator.add(onset);
    const mean = accumulator.mean();
    for (let lag = 0; lag < w; lag++) expect(mean[lag]).toBeCloseTo(expected[lag], 12);
  });

  it('rejects a bad prior', () => {
    expect(() => tempoFromTempogram(new Float64Array(10), { sampleRate: SR, hop: HOP, startBpm: 0 })).toThrow(
      'got 0',
    );
  });
});

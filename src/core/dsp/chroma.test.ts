import { describe, expect, it } from 'vitest';
import { applyChroma, chromaFilterbank } from './chroma';
import { powerSpectrogram } from './stft';

const SR = 22050;

function sine(freq: number, seconds = 1, sampleRate = SR): Float32Array {
  const x = new Float32Array(Math.round(seconds * sampleRate));
  for (let i = 0; i < x.length; i++) x[i] = 0.5 * Math.sin((2 * Math.PI * freq * i) / sampleRate);
  return x;
}

describe('chromaFilterbank', () => {
  // librosa's docstring example predates `base_c`: its rows start at A, i.e. baseC: false.
  it('matches the values printed in librosa.filters.chroma(22050, 4096) docs', () => {
    const { weights, bins } = chromaFilterbank({ sampleRate: 22050, nFft: 4096, baseC: false });
    expect(bins).toBe(2049);
    const at = (c: number, k: number) => weights[c * bins + k];
    // [row, column, value] from librosa's docstring (first two and last two columns of rows 0, 1, 10, 11)
    const golden: [number, number, number][] = [
      [0, 0, 1.689e-5],
      [0, 1, 3.024e-4],
      [0, 2047, 4.639e-17],
      [0, 2048, 5.327e-17],
      [1, 0, 1.716e-5],
      [1, 1, 2.652e-4],
      [1, 2047, 2.674e-25],
      [1, 2048, 3.176e-25],
      [10, 0, 1.578e-5],
      [10, 1, 3.619e-4],
      [10, 2047, 8.577e-6],
      [10, 2048, 9.205e-6],
      [11, 0, 1.643e-5],
      [11, 1, 3.355e-4],
      [11, 2047, 1.474e-10],
      [11, 2048, 1.636e-10],
    ];
    for (const [c, k, v] of golden) expect(at(c, k) / v).toBeCloseTo(1, 2);
  });

  it('with flat octave weighting matches the docs too', () => {
    const { weights, bins } = chromaFilterbank({
      sampleRate: 22050,
      nFft: 4096,
      octwidth: null,
      baseC: false,
    });
    expect(weights[0] / 3.036e-1).toBeCloseTo(1, 2);
    expect(weights[1] / 2.604e-1).toBeCloseTo(1, 2);
    expect(weights[11 * bins + 2048] / 8.629e-10).toBeCloseTo(1, 2);
  });

  it('starting at C rolls the A-based rows by three', () => {
    const fromA = chromaFilterbank({ sampleRate: SR, nFft: 2048, baseC: false });
    const fromC = chromaFilterbank({ sampleRate: SR, nFft: 2048 });
    const bins = fromA.bins;
    for (let c = 0; c < 12; c++) {
      const a = (c + 3) % 12;
      expect(Array.from(fromC.weights.subarray(c * bins, (c + 1) * bins))).toEqual(
        Array.from(fromA.weights.subarray(a * bins, (a + 1) * bins)),
      );
    }
  });

  it('rejects bad parameters with a message naming the value', () => {
    expect(() => chromaFilterbank({ sampleRate: 0, nFft: 2048 })).toThrow('got 0');
    expect(() => chromaFilterbank({ sampleRate: SR, nFft: 2048, octwidth: -1 })).toThrow('got -1');
  });
});

describe('applyChroma', () => {
  const bank = chromaFilterbank({ sampleRate: SR, nFft: 2048 });
  const chromaOf = (x: Float32Array, b = bank) =>
    applyChroma(powerSpectrogram(x, { frameLength: 2048, hop: 512, center: true, padMode: 'reflect' }), b);

  it('puts an A440 sine on A and a C5 sine on C, each frame max-normalised', () => {
    for (const [freq, pitchClass] of [
      [440, 9],
      [523.25, 0],
    ]) {
      const chroma = chromaOf(sine(freq));
      const t = 10;
      const row = Array.from(chroma.data.subarray(t * 12, t * 12 + 12));
      expect(row.indexOf(Math.max(...row))).toBe(pitchClass);
      expect(Math.max(...row)).toBeCloseTo(1, 6);
    }
  });

  it('follows the tuning: a sine 0.5 semitone sharp sits on A only with tuning 0.5', () => {
    const x = sine(440 * 2 ** (0.5 / 12));
    const tuned = chromaOf(x, chromaFilterbank({ sampleRate: SR, nFft: 2048, tuning: 0.5 }));
    const untuned = chromaOf(x);
    const row = (s: typeof tuned) => Array.from(s.data.subarray(120, 132));
    expect(row(tuned)[9]).toBeCloseTo(1, 6);
    expect(row(tuned)[10]).toBeLessThan(0.5 * row(untuned)[10]);
    expect(row(untuned)[10]).toBeGreaterThan(0.5);
  });

  it('leaves silent frames at zero', () => {
    const chroma = chromaOf(new Float32Array(4096));
    expect(Array.from(chroma.data).every((v) => v === 0)).toBe(true);
  });
});

describe('applyChroma against the plain matrix product', () => {
  it('matches weights · power for 12, 24 and 7 classes, unnormalised', () => {
    const frames = 3;
    const bins = 1025;
    const data = new Float32Array(frames * bins).map((_, i) => ((i * 7919) % 101) / 101);
    for (const nChroma of [12, 24, 7]) {
      const bank = chromaFilterbank({ sampleRate: SR, nFft: 2048, nChroma });
      const out = applyChroma({ data, frames, bins }, bank, false);
      for (let t = 0; t < frames; t++) {
        for (let c = 0; c < nChroma; c++) {
          let expected = 0;
          for (let k = 0; k < bins; k++) expected += bank.weights[c * bins + k] * data[t * bins + k];
          expect(out.data[t * nChroma + c]).toBeCloseTo(expected, 4);
        }
      }
    }
  });

  it('rejects a spectrogram of another size', () => {
    const bank = chromaFilterbank({ sampleRate: SR, nFft: 2048 });
    expect(() => applyChroma({ data: new Float32Array(10), frames: 1, bins: 10 }, bank)).toThrow('got 10');
  });
});

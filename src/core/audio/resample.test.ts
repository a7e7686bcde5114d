import { describe, expect, it } from 'vitest';
import { resample, resampledLength, StreamResampler } from './resample';

const PAIRS: Array<[number, number]> = [
  [44100, 22050],
  [48000, 22050],
  [16000, 22050],
  [8000, 22050],
  [96000, 22050],
  [22050, 44100],
  [22050, 48000],
  [22050, 16000],
  [22050, 8000],
  [22050, 96000],
];

function sine(frequency: number, rate: number, seconds: number, amplitude = 1, phase = 0.3): Float32Array {
  const x = new Float32Array(Math.round(rate * seconds));
  for (let i = 0; i < x.length; i++)
    x[i] = amplitude * Math.sin((2 * Math.PI * frequency * i) / rate + phase);
  return x;
}

/** Amplitude of the `frequency` component of x[a, b), Hann-windowed so nearby tones do not leak in. */
function toneAmplitude(x: Float32Array, frequency: number, rate: number, a: number, b: number): number {
  let re = 0;
  let im = 0;
  let windowSum = 0;
  const n = b - a;
  for (let i = 0; i < n; i++) {
    const w = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (n - 1));
    const angle = (2 * Math.PI * frequency * (a + i)) / rate;
    re += w * x[a + i] * Math.cos(angle);
    im -= w * x[a + i] * Math.sin(angle);
    windowSum += w;
  }
  return (2 * Math.hypot(re, im)) / windowSum;
}

function rms(x: Float32Array, a = 0, b = x.length): number {
  let sum = 0;
  for (let i = a; i < b; i++) sum += x[i] * x[i];
  return Math.sqrt(sum / (b - a));
}

const db = (ratio: number) => 20 * Math.log10(ratio);

/** Deterministic pseudo-random numbers (mulberry32). */
function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('resample', () => {
  it.each(PAIRS)('%i -> %i keeps a 1 kHz sine at its frequency and amplitude (±0.5 dB)', (from, to) => {
    const y = resample(sine(1000, from, 0.5, 0.5), from, to);
    const a = Math.floor(y.length * 0.1);
    const b = Math.floor(y.length * 0.9);
    expect(Math.abs(db(toneAmplitude(y, 1000, to, a, b) / 0.5))).toBeLessThan(0.5);
    // The energy sits at 1 kHz, not beside it: little is left once the tone is subtracted.
    expect(toneAmplitude(y, 1100, to, a, b)).toBeLessThan(0.005);
    expect(Math.abs(db(rms(y, a, b) / (0.5 / Math.SQRT2)))).toBeLessThan(0.5);
  });

  it('removes a 15 kHz tone (>= 60 dB down) going from 44,100 to 22,050 Hz', () => {
    const y = resample(sine(15000, 44100, 1), 44100, 22050);
    const a = Math.floor(y.length * 0.1);
    const b = Math.floor(y.length * 0.9);
    expect(db(rms(y, a, b) / Math.SQRT1_2)).toBeLessThan(-60);
  });

  it.each([
    [44100, 11100],
    [44100, 12000],
    [44100, 20000],
    [48000, 11500],
    [96000, 30000],
  ])('%i Hz: a %i Hz tone above the new Nyquist folds back at least 80 dB down', (from, frequency) => {
    const y = resample(sine(frequency, from, 1), from, 22050);
    const a = Math.floor(y.length * 0.1);
    const b = Math.floor(y.length * 0.9);
    expect(db(rms(y, a, b) / Math.SQRT1_2)).toBeLessThan(-80);
  });

  it.each([
    [8000, 3600],
    [16000, 7000],
    [22050, 9000],
  ])('upsampling %i Hz leaves no image of a %i Hz tone (>= 80 dB down)', (from, frequency) => {
    const y = resample(sine(frequency, from, 1), from, from === 22050 ? 44100 : 22050);
    const to = from === 22050 ? 44100 : 22050;
    const a = Math.floor(y.length * 0.1);
    const b = Math.floor(y.length * 0.9);
    expect(db(toneAmplitude(y, from - frequency, to, a, b))).toBeLessThan(-80);
    expect(Math.abs(db(toneAmplitude(y, frequency, to, a, b)))).toBeLessThan(0.1);
  });

  it('keeps a constant at its level away from the ends', () => {
    const y = resample(new Float32Array(4410).fill(0.25), 44100, 48000);
    for (let i = 200; i < y.length - 200; i++) expect(Math.abs(y[i] - 0.25)).toBeLessThan(1e-4);
  });

  it('returns ceil(n * to / from) samples, as librosa does', () => {
    for (const [from, to] of [...PAIRS, [44100, 22051] as [number, number]]) {
      for (const n of [0, 1, 2, 3, 7, 159, 160, 161, 441, 1000, 44101]) {
        // Exact integer arithmetic (BigInt) for the reference.
        const expected = Number((BigInt(n) * BigInt(to) + BigInt(from) - 1n) / BigInt(from));
        expect(resample(new Float32Array(n), from, to).length).toBe(expected);
        expect(resampledLength(n, from, to)).toBe(expected);
      }
    }
  });

  it('returns the input itself when the rates match', () => {
    const x = sine(440, 22050, 0.01);
    expect(resample(x, 22050, 22050)).toBe(x);
  });

  it('handles inputs shorter than the filter, with finite output', () => {
    for (const [from, to] of PAIRS) {
      const y = resample(new Float32Array([1]), from, to);
      expect(y.length).toBe(Math.ceil(to / from));
      expect(y.every(Number.isFinite)).toBe(true);
      expect(y[0]).toBeGreaterThan(0.1);
    }
  });

  it('works for a pair with no small common factor (44,100 -> 22,051)', () => {
    const y = resample(sine(1000, 44100, 0.5, 0.5), 44100, 22051);
    const a = Math.floor(y.length * 0.1);
    const b = Math.floor(y.length * 0.9);
    expect(Math.abs(db(toneAmplitude(y, 1000, 22051, a, b) / 0.5))).toBeLessThan(0.1);
  });

  it.each([0, -1, 44100.5, Number.NaN, Number.POSITIVE_INFINITY, 2e7])(
    'rejects a rate of %s naming it',
    (rate) => {
      expect(() => resample(new Float32Array(10), rate, 22050)).toThrow(new RegExp(`fromRate.*got ${rate}`));
      expect(() => resample(new Float32Array(10), 22050, rate)).toThrow(new RegExp(`toRate.*got ${rate}`));
      expect(() => new StreamResampler(rate, 22050)).toThrow(new RegExp(`got ${rate}`));
    },
  );
});

describe('StreamResampler', () => {
  it.each([...PAIRS, [44100, 22051] as [number, number], [22050, 22050] as [number, number]])(
    '%i -> %i: pieces of any size concatenate to exactly resample() of the whole',
    (from, to) => {
      const random = seededRandom(from * 7 + to);
      const x = new Float32Array(Math.round(from * 1.3));
      for (let i = 0; i < x.length; i++) x[i] = random() * 2 - 1;
      const whole = resample(x, from, to);
      const stream = new StreamResampler(from, to);
      const pieces: Float32Array[] = [];
      let offset = 0;
      while (offset < x.length) {
        const r = random();
        const size = r < 0.1 ? 0 : r < 0.2 ? 1 : Math.floor(random() * 12000);
        pieces.push(stream.push(x.subarray(offset, offset + size)));
        offset += size;
      }
      pieces.push(stream.flush());
      const joined = new Float32Array(pieces.reduce((n, p) => n + p.length, 0));
      let o = 0;
      for (const p of pieces) {
        joined.set(p, o);
        o += p.length;
      }
      expect(joined.length).toBe(whole.length);
      let mismatches = 0;
      for (let i = 0; i < whole.length; i++) if (joined[i] !== whole[i]) mismatches++;
      expect(mismatches).toBe(0);
    },
  );

  it.each([
    [48000, 22050],
    [44100, 22050],
    [16000, 22050],
  ])(
    '%i -> %i with lowLatency: the same signal, held back by under 2,048 input samples (43 ms at 48 kHz)',
    (from, to) => {
      const random = seededRandom(from + to);
      const x = new Float32Array(from * 2);
      for (let i = 0; i < x.length; i++) x[i] = random() * 2 - 1;
      const whole = resample(x, from, to);
      const stream = new StreamResampler(from, to, { lowLatency: true });
      const joined = new Float32Array(whole.length);
      let produced = 0;
      let worstLag = 0;
      // Render-quantum-sized pieces, as an AudioWorklet delivers them in batches of 1,024.
      for (let offset = 0; offset < x.length; offset += 1024) {
        const piece = stream.push(x.subarray(offset, offset + 1024));
        joined.set(piece, produced);
        produced += piece.length;
        const due = resampledLength(Math.min(offset + 1024, x.length), from, to);
        worstLag = Math.max(worstLag, ((due - produced) * from) / to);
      }
      joined.set(stream.flush(), produced);
      expect(worstLag).toBeLessThan(2048);
      let worstError = 0;
      for (let i = 0; i < whole.length; i++)
        worstError = Math.max(worstError, Math.abs(joined[i] - whole[i]));
      expect(worstError).toBeLessThan(5e-5);
    },
  );

  it('emits output as input arrives, holding back only about two FFT blocks', () => {
    const stream = new StreamResampler(44100, 22050);
    const out = stream.push(new Float32Array(441000));
    // Two 8,192-sample blocks of input are at most 8,192 samples of output.
    expect(out.length).toBeGreaterThan(220500 - 8192);
    expect(out.length).toBeLessThan(220500);
    expect(out.length + stream.flush().length).toBe(220500);
  });

  it('gives nothing after flush and refuses more input', () => {
    const stream = new StreamResampler(48000, 22050);
    stream.push(new Float32Array(100));
    stream.flush();
    expect(stream.flush().length).toBe(0);
    expect(() => stream.push(new Float32Array(1))).toThrow(/after flush/);
  });

  it('flushes an empty stream to nothing', () => {
    expect(new StreamResampler(8000, 22050).flush().length).toBe(0);
  });
});

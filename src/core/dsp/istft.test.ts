import { describe, expect, it } from 'vitest';
import FFT from 'fft.js';
import { istft, istftFloat64 } from './istft';
import { complexStft, HalfSizeRealFft, powerAndMagnitude, stftSpectra } from './stft';
import { powerSpectrogram } from './stft';

function noise(length: number, seed = 1): Float32Array {
  // xorshift: a repeatable broadband test signal
  let s = seed;
  const x = new Float32Array(length);
  for (let i = 0; i < length; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    x[i] = ((s >>> 0) / 2 ** 32 - 0.5) * 0.8;
  }
  return x;
}

const framing = { frameLength: 2048, hop: 512, center: true, padMode: 'reflect' as const };

describe('complexStft', () => {
  it('has the power spectrogram of stft.ts as its squared magnitude', () => {
    const x = noise(10_000);
    const { power, magnitude } = powerAndMagnitude(complexStft(x, framing));
    const reference = powerSpectrogram(x, framing);
    expect(power.frames).toBe(reference.frames);
    expect(power.bins).toBe(1025);
    for (let i = 0; i < reference.data.length; i += 97) {
      expect(power.data[i]).toBeCloseTo(reference.data[i], 4);
      expect(magnitude.data[i] ** 2).toBeCloseTo(reference.data[i], 3);
    }
  });
});

describe('HalfSizeRealFft', () => {
  it("gives fft.js's real transform, bins 0 .. N/2", () => {
    for (const size of [4, 8, 64, 2048]) {
      const x = Float64Array.from(noise(size, size));
      const expected = new Float64Array(2 * size);
      new FFT(size).realTransform(expected, x);
      const out = new Float64Array(size + 2);
      new HalfSizeRealFft(size).forward(x, out);
      let scale = 0;
      for (const v of expected.subarray(0, size + 2)) scale = Math.max(scale, Math.abs(v));
      for (let i = 0; i < size + 2; i++) expect(Math.abs(out[i] - expected[i])).toBeLessThan(1e-13 * scale);
    }
    expect(() => new HalfSizeRealFft(12)).toThrow('got 12');
  });
});

describe('stftSpectra', () => {
  it('equals complexStft and powerAndMagnitude, frame rows ready when onFrame is called', () => {
    const x = noise(7000, 3);
    const stft = complexStft(x, framing);
    const { power, magnitude } = powerAndMagnitude(stft);
    const reused = {
      complex: new Float32Array(stft.data.length),
      power: new Float32Array(power.data.length),
    };
    const seen: number[] = [];
    const spectra = stftSpectra(x, framing, reused, (t, offset) => {
      seen.push(t);
      expect(offset).toBe(t * 1025);
      expect(reused.power[offset + 100]).toBe(power.data[offset + 100]);
    });
    expect(seen).toEqual(Array.from({ length: stft.frames }, (_, t) => t));
    expect(spectra.stft.data).toBe(reused.complex);
    expect(spectra.power.data).toBe(reused.power);
    expect(Array.from(spectra.stft.data)).toEqual(Array.from(stft.data));
    expect(Array.from(spectra.power.data)).toEqual(Array.from(power.data));
    expect(Array.from(spectra.magnitude.data)).toEqual(Array.from(magnitude.data));
    // A buffer of the wrong size is not written to.
    const small = new Float32Array(10);
    expect(stftSpectra(x, framing, { magnitude: small }).magnitude.data).not.toBe(small);
  });
});

describe('istft', () => {
  it('inverts the STFT: hop·(frames − 1) samples come back, as librosa without a length', () => {
    for (const length of [10_000, 10_240, 3000]) {
      const x = noise(length, length);
      const stft = complexStft(x, framing);
      const y = istft(stft, { hop: 512, center: true });
      expect(y.length).toBe(512 * (stft.frames - 1));
      let worst = 0;
      for (let i = 0; i < y.length; i++) worst = Math.max(worst, Math.abs(y[i] - x[i]));
      expect(worst).toBeLessThan(1e-5);
    }
  });

  it('inverts small transforms too (8 and 16 points)', () => {
    for (const size of [8, 16]) {
      const small = { frameLength: size, hop: size / 4, center: true, padMode: 'reflect' as const };
      const x = noise(200, size);
      const stft = complexStft(x, small);
      const y = istft(stft, { hop: size / 4, center: true });
      expect(y.length).toBe((size / 4) * (stft.frames - 1));
      for (let i = 0; i < y.length; i++) expect(Math.abs(y[i] - x[i])).toBeLessThan(1e-6);
    }
  });

  it('applies a per-cell gain linearly (an odd frame count included)', () => {
    const x = noise(4 * 512 + 100);
    const stft = complexStft(x, framing);
    expect(stft.frames % 2).toBe(1);
    const half = istft(stft, {
      hop: 512,
      center: true,
      gain: new Float32Array(stft.frames * stft.bins).fill(0.5),
    });
    const none = istft(stft, { hop: 512, center: true, gain: new Float32Array(stft.frames * stft.bins) });
    for (let i = 0; i < half.length; i++) {
      expect(half[i]).toBeCloseTo(0.5 * x[i], 5);
      expect(none[i]).toBe(0);
    }
  });

  it('takes gains frame by frame, and keeps doubles in a reused scratch array when asked', () => {
    const x = noise(5 * 512 + 300, 9);
    const stft = complexStft(x, framing);
    const gain = new Float32Array(stft.frames * stft.bins).map((_, i) => ((i * 37) % 11) / 10);
    const whole = istft(stft, { hop: 512, center: true, gain });
    const scratch = new Float64Array(2048 + 512 * (stft.frames - 1) + 5).fill(NaN);
    const rows = istftFloat64(
      stft,
      {
        hop: 512,
        center: true,
        gainRows: (t, out) => out.set(gain.subarray(t * stft.bins, (t + 1) * stft.bins)),
      },
      scratch,
    );
    expect(rows.buffer).toBe(scratch.buffer);
    expect(rows.length).toBe(whole.length);
    expect(Array.from(rows, Math.fround)).toEqual(Array.from(whole));
  });

  it('rejects a bad hop or gain, naming the value', () => {
    const stft = complexStft(noise(3000), framing);
    expect(() => istft(stft, { hop: 0, center: true })).toThrow('got 0');
    expect(() => istft(stft, { hop: 512, center: true, gain: new Float32Array(3) })).toThrow('got 3');
  });
});

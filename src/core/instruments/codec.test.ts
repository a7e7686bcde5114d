import { describe, expect, it } from 'vitest';
import { powerSpectrogram } from '../dsp/stft';
import { createRng } from '../random';
import { lossyCodec } from './codec';

const SR = 22050;

function noise(seconds: number, seed: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: Math.round(seconds * SR) }, () => 0.1 * rng.normal());
}

/** Share of STFT cells in [loHz, hiHz) more than `depthDb` below their frame's loudest cell. */
function holes(x: Float32Array, loHz: number, hiHz: number, depthDb = 90): number {
  const s = powerSpectrogram(x, { frameLength: 1024, hop: 512, center: false });
  const a = Math.floor((loHz / SR) * 1024);
  const b = Math.floor((hiHz / SR) * 1024);
  let count = 0;
  let n = 0;
  for (let t = 2; t < s.frames - 2; t++) {
    let peak = 0;
    for (let k = 0; k < s.bins; k++) peak = Math.max(peak, s.data[t * s.bins + k]);
    for (let k = a; k < b; k++, n++) if (s.data[t * s.bins + k] < peak * 10 ** (-depthDb / 10)) count++;
  }
  return count / n;
}

describe('lossyCodec', () => {
  it('passes a signal through unchanged when nothing is masked, cut or dropped', () => {
    const x = noise(0.5, 1);
    const y = lossyCodec(
      x,
      { sampleRate: SR, cutoffHz: SR / 2, maskDb: 300, floorDb: 300, bandDropProbability: 0 },
      createRng(1),
    );
    let worst = 0;
    for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(x[i] - y[i]));
    expect(worst).toBeLessThan(1e-5);
  });

  it('removes everything above the cut-off', () => {
    const y = lossyCodec(
      noise(1, 2),
      { sampleRate: SR, cutoffHz: 6000, maskDb: 300, floorDb: 300, bandDropProbability: 0 },
      createRng(2),
    );
    // Hann-window leakage spreads the edge over a few bins; well above it the band is empty.
    expect(holes(y, 6500, 11000)).toBeGreaterThan(0.99);
    expect(holes(y, 500, 5500)).toBe(0);
  });

  it('zeroes the lines far below the loudest of their frame', () => {
    // A bright note: 20 partials of 220 Hz falling 4 dB each, over noise (some 65 dB below the strongest line).
    const rng = createRng(5);
    const x = Float32Array.from({ length: SR }, (_, i) => {
      let v = 3e-2 * rng.normal();
      for (let h = 1; h <= 20; h++)
        v += 10 ** ((-4 * (h - 1)) / 20) * Math.sin((2 * Math.PI * 220 * h * i) / SR);
      return 0.1 * v;
    });
    expect(holes(x, 5000, 10000, 80)).toBeLessThan(0.01);
    const y = lossyCodec(
      x,
      { sampleRate: SR, cutoffHz: SR / 2, maskDb: 300, floorDb: 40, bandDropProbability: 0 },
      createRng(5),
    );
    // Partials above the 11th (−40 dB) and all the noise go: the upper bands are empty.
    expect(holes(y, 5000, 10000, 80)).toBeGreaterThan(0.95);
    expect(holes(y, 100, 2000, 80)).toBeLessThan(0.05);
  });

  it('drops whole bands for a while, more often the higher the chance', () => {
    const x = noise(2, 3);
    const share = (p: number) =>
      holes(
        lossyCodec(
          x,
          { sampleRate: SR, cutoffHz: SR / 2, maskDb: 300, floorDb: 300, bandDropProbability: p },
          createRng(3),
        ),
        2500,
        10000,
        50,
      );
    const none = share(0);
    const some = share(0.15);
    const more = share(0.3);
    expect(none).toBeLessThan(0.001);
    expect(some).toBeGreaterThan(0.03);
    expect(more).toBeGreaterThan(1.5 * some);
  });

  it('names bad options', () => {
    expect(() =>
      lossyCodec(
        noise(0.1, 4),
        { sampleRate: SR, cutoffHz: 0, maskDb: 300, floorDb: 40, bandDropProbability: 0 },
        createRng(0),
      ),
    ).toThrow('Expected cutoffHz in (0, 11025], got 0');
  });
});

import { describe, expect, it } from 'vitest';
import { padSignal } from './frames';
import { zeroCrossingRate, zeroCrossingRates } from './spectral';

/** A signal with runs of each sign, exact zeros and values inside the ±1e-10 threshold. */
function jumpy(length: number, seed: number): Float32Array {
  let s = seed;
  return Float32Array.from({ length }, () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    const r = s / 2 ** 31;
    return r < 0.1 ? 0 : r < 0.2 ? (r - 0.15) * 1e-9 : Math.sin(r * 40);
  });
}

describe('zeroCrossingRates by hop-blocks', () => {
  it('equals counting each padded frame on its own, for every frame, with librosa framing', () => {
    for (const [length, frameLength, hop] of [
      [22050, 2048, 512],
      [5000, 2048, 512],
      [3000, 1024, 256],
      [100, 2048, 512],
      [64, 16, 16],
    ]) {
      const signal = jumpy(length, length + hop);
      const options = { frameLength, hop, center: true, padMode: 'edge' as const };
      const rates = zeroCrossingRates(signal, options);
      const padded = padSignal(signal, frameLength / 2, frameLength / 2, 'edge');
      expect(rates.length).toBe(1 + Math.floor(length / hop));
      for (let t = 0; t < rates.length; t++) {
        const frame = padded.subarray(t * hop, t * hop + frameLength);
        expect(rates[t], `${length}/${frameLength}/${hop} frame ${t}`).toBe(
          Math.fround(zeroCrossingRate(frame)),
        );
      }
    }
  });
});

import { describe, expect, it } from 'vitest';
import { onsetStrength } from './onset';
import type { Spectrogram } from './stft';

/** A 20-frame, 4-band dB "spectrogram" that jumps by `rise` dB in band 0 (and falls in band 1) at frame 10. */
function step(rise: number): Spectrogram {
  const frames = 20;
  const bins = 4;
  const data = new Float32Array(frames * bins).fill(-40);
  for (let t = 10; t < frames; t++) {
    data[t * bins] = -40 + rise;
    data[t * bins + 1] = -60;
  }
  return { data, frames, bins };
}

describe('onsetStrength', () => {
  it('reports a rise lag + nFft/(2·hop) frames late, as librosa centres it, and ignores falls', () => {
    const env = onsetStrength(step(20));
    expect(env).toHaveLength(20);
    // the rise between frames 9 and 10 lands at 9 + 1 + 2 = 12
    expect(env[12]).toBeCloseTo(20 / 4, 6);
    expect(Array.from(env).filter((v, t) => t !== 12 && v !== 0)).toEqual([]);
  });

  it('aggregates bands by median when asked (beat_track) and can skip centring', () => {
    expect(onsetStrength(step(20), { aggregate: 'median' })[12]).toBe(0);
    const uncentred = onsetStrength(step(20), { center: false });
    expect(uncentred[10]).toBeCloseTo(5, 6);
  });

  it('starts with zeros and handles tiny inputs', () => {
    const env = onsetStrength(step(20));
    expect(Array.from(env.subarray(0, 3))).toEqual([0, 0, 0]);
    expect(Array.from(onsetStrength({ data: new Float32Array(4), frames: 1, bins: 4 }))).toEqual([0]);
    expect(() => onsetStrength(step(1), { lag: 0 })).toThrow('got 0');
  });
});

import { describe, expect, it } from 'vitest';
import { hzToMel, melToHz } from '../dsp/mel';
import { spectrogramImage } from './overview';

const RATE = 22_050;

describe('spectrogramImage', () => {
  it('lights the mel band of a 1 kHz tone, loudest at 255, within the requested width', () => {
    const tone = Float32Array.from(
      { length: 3 * RATE },
      (_, i) => 0.5 * Math.sin((2 * Math.PI * 1000 * i) / RATE),
    );
    const image = spectrogramImage(tone, 40);
    expect(image.columns).toBe(40);
    expect(image.bands).toBe(128);
    expect(image.fMax).toBe(RATE / 2);
    const column = image.pixels.subarray(20 * 128, 21 * 128);
    const brightest = column.indexOf(Math.max(...column));
    expect(column[brightest]).toBe(255);
    // Slaney mel band centres run evenly in mel from 0 to 11,025 Hz: find the band of 1 kHz.
    const step = hzToMel(RATE / 2) / 129;
    const centre = melToHz(step * (brightest + 1));
    expect(Math.abs(centre - 1000)).toBeLessThan(60);
    expect(image.maxDb - image.minDb).toBeCloseTo(80, 3);
  });

  it('keeps a short clip at its own frame count, and a silent one all at the floor', () => {
    const image = spectrogramImage(new Float32Array(RATE / 10), 500);
    expect(image.columns).toBeLessThan(10);
    expect(image.pixels.every((v) => v === 0)).toBe(true);
    expect(() => spectrogramImage(new Float32Array(10), 0)).toThrow(
      'Expected spectrogram columns to be an integer >= 1, got 0',
    );
  });
});

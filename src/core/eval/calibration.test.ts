import { describe, expect, it } from 'vitest';
import { createRng } from '../random';
import {
  expectedCalibrationError,
  fitTemperature,
  softmaxWithTemperature,
  temperatureNll,
  thresholdAtQuantile,
} from './calibration';

/** Logits of a 3-class problem whose true scale is 1 / `overconfidence` of what the model says. */
function overconfident(rows: number, overconfidence: number, seed: number) {
  const rng = createRng(seed);
  const logits = new Float32Array(rows * 3);
  const labels = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    const z = [rng.normal(), rng.normal(), rng.normal()];
    const p = softmaxWithTemperature(z, 3);
    const u = rng.next();
    labels[r] = u < p[0] ? 0 : u < p[0] + p[1] ? 1 : 2;
    z.forEach((v, c) => (logits[r * 3 + c] = v * overconfidence));
  }
  return { logits, labels };
}

describe('temperature scaling', () => {
  it('recovers the temperature of logits scaled up by a known factor', () => {
    const { logits, labels } = overconfident(4000, 3, 1);
    expect(fitTemperature(logits, labels, 3)).toBeCloseTo(3, 0);
  });

  it('lowers the NLL and the ECE of overconfident logits, and keeps every top class', () => {
    const { logits, labels } = overconfident(4000, 3, 2);
    const t = fitTemperature(logits, labels, 3);
    expect(temperatureNll(logits, labels, 3, t)).toBeLessThan(temperatureNll(logits, labels, 3, 1));
    const before = softmaxWithTemperature(logits, 3);
    const after = softmaxWithTemperature(logits, 3, t);
    expect(expectedCalibrationError(after, labels, 3)).toBeLessThan(
      expectedCalibrationError(before, labels, 3),
    );
    expect(expectedCalibrationError(after, labels, 3)).toBeLessThan(0.03);
    for (let r = 0; r < 50; r++) {
      const top = (p: Float32Array) => [0, 1, 2].reduce((a, c) => (p[r * 3 + c] > p[r * 3 + a] ? c : a), 0);
      expect(top(after)).toBe(top(before));
    }
  });

  it('names bad input', () => {
    expect(() => fitTemperature([1, 2, 3], [0], 2)).toThrow(/1 × 2 values, got 3/);
    expect(() => fitTemperature([], [], 2)).toThrow(/validation rows/);
    expect(() => softmaxWithTemperature([1, 2], 2, 0)).toThrow(/temperature > 0, got 0/);
    expect(() => expectedCalibrationError([0.5, 0.5], [2], 2)).toThrow(/within 0 … 1, got 2/);
  });
});

describe('expected calibration error', () => {
  it('is the confidence gap of each bin, weighted by its share', () => {
    // Two answers at 0.9 (one right), two at 0.6 (both right): |0.5 − 0.9|·½ + |1 − 0.6|·½ = 0.4.
    const probs = [0.9, 0.1, 0.9, 0.1, 0.6, 0.4, 0.4, 0.6];
    expect(expectedCalibrationError(probs, [0, 1, 0, 1], 2)).toBeCloseTo(0.4, 6);
  });

  it('is 0 for answers exactly as sure as they are right', () => {
    expect(expectedCalibrationError([1, 0, 0, 1], [0, 1], 2)).toBe(0);
  });
});

describe('open-set threshold', () => {
  it('chooses the threshold as a quantile of known-class scores', () => {
    const scores = Array.from({ length: 100 }, (_, i) => (i + 1) / 100);
    expect(thresholdAtQuantile(scores, 0.05)).toBeCloseTo(0.06, 6);
    expect(thresholdAtQuantile(scores, 0)).toBeCloseTo(0.01, 6);
  });
});

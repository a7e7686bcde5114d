import { describe, expect, it } from 'vitest';
import { smoothProbs } from '../../core/predict/headline';
import { median, ratePerSecond, readTop } from './liveReading';

const classes = ['flute', 'other', 'trumpet'];

describe('smoothProbs', () => {
  it('averages with the past by the smoothing weight and keeps a distribution', () => {
    const past = Float32Array.of(0.8, 0.1, 0.1);
    const now = Float32Array.of(0, 0, 1);
    const out = smoothProbs(past, now, 0.75);
    expect(Array.from(out).map((v) => +v.toFixed(4))).toEqual([0.6, 0.075, 0.325]);
    expect(out.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    expect(Array.from(smoothProbs(past, now, 0))).toEqual(Array.from(now));
    expect(Array.from(smoothProbs(null, now, 0.9))).toEqual(Array.from(now));
  });

  it('names a bad smoothing or a length mismatch', () => {
    expect(() => smoothProbs(null, Float32Array.of(1), 1)).toThrow('got 1');
    expect(() => smoothProbs(null, Float32Array.of(1), Number.NaN)).toThrow('got NaN');
    expect(() => smoothProbs(Float32Array.of(1, 0), Float32Array.of(1), 0.5)).toThrow(
      'Expected 2 probabilities, got 1',
    );
  });
});

describe('readTop', () => {
  it('names the most probable class above the threshold', () => {
    expect(readTop(Float32Array.of(0.1, 0.2, 0.7), classes, 0.5, false)).toEqual({
      label: 'trumpet',
      index: 2,
      confidence: Float32Array.of(0.7)[0],
      silent: false,
    });
  });

  it('says nothing below the threshold, for the other class, in silence or without a model', () => {
    expect(readTop(Float32Array.of(0.3, 0.3, 0.4), classes, 0.5, false).label).toBeNull();
    expect(readTop(Float32Array.of(0.1, 0.8, 0.1), classes, 0.5, false)).toMatchObject({
      label: null,
      index: 1,
    });
    expect(readTop(Float32Array.of(0, 0, 1), classes, 0.5, true)).toEqual({
      label: null,
      index: -1,
      confidence: 0,
      silent: true,
    });
    expect(readTop(null, classes, 0.5, false).label).toBeNull();
    expect(readTop(Float32Array.of(0.1, 0.1, 0.8), ['flute', 'other', 'voice'], 0.5, false).label).toBeNull();
    expect(() => readTop(Float32Array.of(1), classes, 0.5, false)).toThrow('Expected 3 probabilities');
  });
});

describe('ratePerSecond and median', () => {
  it('counts events per second over the span', () => {
    const times = Array.from({ length: 30 }, (_, i) => 1000 + i * 92.9);
    expect(ratePerSecond(times, 1000 + 29 * 92.9, 2000)).toBeCloseTo(1000 / 92.9, 6);
    expect(ratePerSecond([5], 10, 2000)).toBeNull();
    expect(ratePerSecond([], 10, 2000)).toBeNull();
  });

  it('takes the middle value', () => {
    expect(median([30, 10, 20])).toBe(20);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
  });
});

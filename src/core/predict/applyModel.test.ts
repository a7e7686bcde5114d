import { describe, expect, it } from 'vitest';
import { songProbabilities, songSegments, songVerdict } from './applyModel';

const RATE = 22_050;

describe('songSegments', () => {
  it('cuts 30-s segments; a last piece of 3 s or more stands alone, a shorter one joins the one before', () => {
    expect(songSegments(70 * RATE).map((s) => s.length / RATE)).toEqual([30, 30, 10]);
    expect(songSegments(63 * RATE).map((s) => s.length / RATE)).toEqual([30, 30, 3]);
    expect(songSegments(62.5 * RATE).map((s) => s.length / RATE)).toEqual([30, 32.5]);
    expect(songSegments(60.5 * RATE).map((s) => s.length / RATE)).toEqual([30, 30.5]);
    expect(songSegments(5 * RATE)).toEqual([{ start: 0, length: 5 * RATE }]);
    expect(songSegments(0)).toEqual([]);
  });

  it('names a bad segment length', () => {
    expect(() => songSegments(RATE, 0.5)).toThrow(
      'Expected segmentSeconds to be a whole number >= 1, got 0.5',
    );
  });
});

describe('songProbabilities', () => {
  it('weights each sounding unit by its length and ignores silent ones', () => {
    const units = [
      { start: 0, end: 30, probs: [1, 0], point: null },
      { start: 30, end: 60, probs: null, point: null },
      { start: 60, end: 70, probs: [0, 1], point: null },
    ];
    expect(songProbabilities(units, 2)).toEqual([0.75, 0.25]);
  });

  it('is null when nothing sounds', () => {
    expect(songProbabilities([{ start: 0, end: 5, probs: null, point: null }], 3)).toBeNull();
    expect(songProbabilities([], 3)).toBeNull();
  });
});

describe('songVerdict', () => {
  const unit = (start: number, end: number, probs: number[] | null, extra = {}) => ({
    start,
    end,
    probs,
    point: null,
    ...extra,
  });

  it('labels a song whose sounding units are familiar, with the length-weighted mean', () => {
    const verdict = songVerdict([unit(0, 30, [0.2, 0.8]), unit(30, 40, [0.6, 0.4], { novel: true })], 2);
    expect(verdict.abstain).toBeNull();
    expect(verdict.song![1]).toBeCloseTo(0.7, 6);
  });

  it('gives no label when most of the sounding time is outside the training data', () => {
    const verdict = songVerdict(
      [unit(0, 10, [0.2, 0.8]), unit(10, 40, [0.01, 0.99], { novel: true }), unit(40, 50, null)],
      2,
    );
    expect(verdict.abstain?.reason).toBe('unfamiliar');
    expect(verdict.abstain?.message).toMatch(/Does not sound like the music this model knows: 75 %/);
    expect(verdict.song).not.toBeNull();
  });

  it('tells "too short" from "silent"', () => {
    expect(songVerdict([unit(0, 0.00005, null, { short: true })], 2).abstain).toEqual({
      reason: 'too-short',
      message: 'Too short to tell: 0.000 s of sound is less than this model needs.',
    });
    expect(songVerdict([unit(0, 30, null)], 2).abstain?.reason).toBe('silent');
    expect(songVerdict([], 2).abstain?.reason).toBe('silent');
  });
});

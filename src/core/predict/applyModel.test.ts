import { describe, expect, it } from 'vitest';
import { songProbabilities, songSegments } from './applyModel';

const RATE = 22_050;

describe('songSegments', () => {
  it('cuts 30-s segments; a last piece of a second or more stands alone, a sliver under a second joins', () => {
    expect(songSegments(70 * RATE).map((s) => s.length / RATE)).toEqual([30, 30, 10]);
    expect(songSegments(61 * RATE).map((s) => s.length / RATE)).toEqual([30, 30, 1]);
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

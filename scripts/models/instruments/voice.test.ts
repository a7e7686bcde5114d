import { describe, expect, it } from 'vitest';
import { utterances } from './voice';

describe('synthesised speech for the other class', () => {
  it('says the same things on every machine for a seed, in every language in turn', () => {
    const a = utterances(14, 7);
    expect(utterances(14, 7)).toEqual(a);
    expect(utterances(14, 8)).not.toEqual(a);
    expect(new Set(a.map((u) => u.voice.split('+')[0])).size).toBe(7);
    for (const u of a) {
      expect(u.voice).toMatch(/^[a-z-]+\+[a-z0-9]+$/);
      expect(u.speed).toBeGreaterThanOrEqual(110);
      expect(u.speed).toBeLessThan(200);
      expect(u.pitch).toBeGreaterThanOrEqual(20);
      expect(u.pitch).toBeLessThan(90);
      expect(u.text.length).toBeGreaterThan(10);
    }
  });
});

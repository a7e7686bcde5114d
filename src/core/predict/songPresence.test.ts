import { describe, expect, it } from 'vitest';
import { checkPresenceRule, describePresenceRule, PRESENCE_RULE, songInstruments } from './songPresence';

const CLASSES = ['violin', 'piano', 'flute', 'other'];
const windows = (n: number, probs: number[]) => Array.from({ length: n }, () => probs);

describe('songInstruments', () => {
  it('lists a class with mean p ≥ 0.25 that reaches 0.5 in ≥ 20 % of the sounding windows, most heard first', () => {
    const song = [
      ...windows(6, [0.7, 0.2, 0.05, 0.05]), // violin clearly
      ...windows(3, [0.2, 0.6, 0.1, 0.1]), // piano in 3 of 10: share 0.3, but mean 0.32
      ...windows(1, [0.1, 0.1, 0.7, 0.1]), // flute once: 10 %, not listed
      null,
      null,
    ];
    const verdict = songInstruments(CLASSES, song);
    expect(verdict.soundingWindows).toBe(10);
    expect(verdict.heard.map((r) => r.name)).toEqual(['violin', 'piano']);
    expect(verdict.notSure).toBeNull();
    const flute = verdict.rows.find((r) => r.name === 'flute')!;
    expect(flute).toMatchObject({ present: false, share: 0.1 });
  });

  it('does not list a class that peaks now and then but is weak on average', () => {
    // 0.55 in 2 of 8 windows (25 %), otherwise 0.05: mean 0.175 < 0.25.
    const song = [...windows(2, [0.55, 0.15, 0.15, 0.15]), ...windows(6, [0.05, 0.3, 0.3, 0.35])];
    const verdict = songInstruments(CLASSES, song);
    expect(verdict.heard).toEqual([]);
    expect(verdict.notSure).toBe('Not sure of any instrument: none is confident enough to list.');
  });

  it('never lists the `other` class, however confident', () => {
    const verdict = songInstruments(CLASSES, windows(5, [0.05, 0.05, 0.05, 0.85]));
    expect(verdict.heard).toEqual([]);
    expect(verdict.notSure).toMatch(/^Not sure/);
  });

  it('says so when nothing sounds at all', () => {
    expect(songInstruments(CLASSES, [null, null]).notSure).toBe(
      'Nothing sounds in this file: no instrument to name.',
    );
    expect(songInstruments(CLASSES, []).heard).toEqual([]);
  });

  it('checks its inputs and its rule', () => {
    expect(() => songInstruments(CLASSES, [[0.5, 0.5]])).toThrow(
      'Expected 4 probabilities per window, got 2',
    );
    expect(() => checkPresenceRule({ ...PRESENCE_RULE, minShare: 0 })).toThrow(
      'Expected minShare to be in (0, 1], got 0',
    );
    expect(describePresenceRule()).toContain('at least 25 %');
  });
});

import { describe, expect, it } from 'vitest';
import {
  checkPresenceRule,
  describePresenceRule,
  PRESENCE_RULE,
  songInstruments,
  songInstrumentsOfUnits,
} from './songPresence';

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

  it('never lists a voice either', () => {
    const verdict = songInstruments([...CLASSES, 'voice'], windows(5, [0.05, 0.05, 0.05, 0.05, 0.8]));
    expect(verdict.heard).toEqual([]);
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

describe('songInstrumentsOfUnits', () => {
  const unit = (i: number, probs: number[] | null, novel = false) => ({
    start: i,
    end: i + 1,
    probs,
    ...(novel ? { novel } : {}),
  });

  it('lists nothing for sound mostly outside the training data, and says so', () => {
    // A pure tone: the model says violin 0.8 in every window, but 8 of 10 lie outside its training data.
    const units = Array.from({ length: 10 }, (_, i) => unit(i, [0.8, 0.1, 0.05, 0.05], i < 8));
    const verdict = songInstrumentsOfUnits(CLASSES, units);
    expect(
      songInstruments(
        CLASSES,
        units.map((u) => u.probs),
      ).heard.map((r) => r.name),
    ).toEqual(['violin']);
    expect(verdict.heard).toEqual([]);
    expect(verdict.rows.every((r) => !r.present)).toBe(true);
    expect(verdict.notSure).toBe(
      'Does not sound like an instrument this model knows: 80 % of it lies outside its training data.',
    );
  });

  it('leaves a few unfamiliar windows out and judges the rest as before', () => {
    const units = [
      ...Array.from({ length: 8 }, (_, i) => unit(i, [0.1, 0.8, 0.05, 0.05])),
      unit(8, [0.9, 0.05, 0.03, 0.02], true),
      unit(9, [0.9, 0.05, 0.03, 0.02], true),
      unit(10, null),
    ];
    const verdict = songInstrumentsOfUnits(CLASSES, units);
    expect(verdict.soundingWindows).toBe(8);
    expect(verdict.heard.map((r) => r.name)).toEqual(['piano']);
    expect(verdict.notSure).toBeNull();
  });
});

/**
 * Which instruments a song is said to contain ("Instruments heard"): only those the model is confident of,
 * by one rule over the song's sounding 1-s windows (silent windows, with no probabilities, do not count):
 *
 *   a class is heard when its mean probability is ≥ minMeanProb AND it reaches windowProb in ≥ minShare of them.
 *
 * The model's `other` and `voice` classes (not instruments) are never listed. When no class passes, the answer is "not
 * sure", said as such rather than as an empty list.
 */

import { classKind } from '../instruments/classes';
import { UNFAMILIAR_SHARE, unfamiliarShare } from './novelty';
import type { UnitPrediction } from './songUnits';

export interface PresenceRule {
  /** A window hears a class when its probability is at least this. */
  windowProb: number;
  /** …in at least this share of the sounding windows. */
  minShare: number;
  /** …and its mean probability over the sounding windows is at least this. */
  minMeanProb: number;
}

export const PRESENCE_RULE: PresenceRule = { windowProb: 0.5, minShare: 0.2, minMeanProb: 0.25 };

export interface ClassPresence {
  name: string;
  index: number;
  /** Share of sounding windows where the class reaches `windowProb`. */
  share: number;
  /** Mean probability over sounding windows. */
  meanProb: number;
  present: boolean;
}

export interface SongInstruments {
  /** Every class, present ones first, most heard first. */
  rows: ClassPresence[];
  /** The classes heard, most heard first. */
  heard: ClassPresence[];
  /** Sounding windows the rule looked at. */
  soundingWindows: number;
  /** Why nothing is listed, when nothing is: a sentence for the page. */
  notSure: string | null;
}

export function checkPresenceRule(rule: PresenceRule): PresenceRule {
  for (const key of ['windowProb', 'minShare', 'minMeanProb'] as const) {
    const v = rule[key];
    if (!(Number.isFinite(v) && v > 0 && v <= 1))
      throw new RangeError(`Expected ${key} to be in (0, 1], got ${v}`);
  }
  return rule;
}

/** The rule in words, for the page. */
export function describePresenceRule(rule: PresenceRule = PRESENCE_RULE): string {
  return (
    `An instrument is listed when its mean probability over the sounding 1-s windows is at least ` +
    `${Math.round(rule.minMeanProb * 100)} % and it reaches ${Math.round(rule.windowProb * 100)} % in at least ` +
    `${Math.round(rule.minShare * 100)} % of them.`
  );
}

/** Applies the rule to a song's windows (`null`: a silent window), one probability vector per window. */
export function songInstruments(
  classNames: readonly string[],
  windows: readonly (ArrayLike<number> | null)[],
  rule: PresenceRule = PRESENCE_RULE,
): SongInstruments {
  checkPresenceRule(rule);
  const sounding = windows.filter((w): w is ArrayLike<number> => w !== null);
  for (const w of sounding) {
    if (w.length !== classNames.length)
      throw new Error(`Expected ${classNames.length} probabilities per window, got ${w.length}`);
  }
  const n = sounding.length;
  const rows = classNames
    .map((name, index): ClassPresence => {
      let heard = 0;
      let sum = 0;
      for (const w of sounding) {
        const p = w[index];
        sum += p;
        if (p >= rule.windowProb) heard++;
      }
      const share = n > 0 ? heard / n : 0;
      const meanProb = n > 0 ? sum / n : 0;
      const present =
        n > 0 && classKind(name) === 'instrument' && share >= rule.minShare && meanProb >= rule.minMeanProb;
      return { name, index, share, meanProb, present };
    })
    .sort((a, b) => Number(b.present) - Number(a.present) || b.share - a.share || b.meanProb - a.meanProb);
  const heard = rows.filter((r) => r.present);
  const notSure =
    heard.length > 0
      ? null
      : n === 0
        ? 'Nothing sounds in this file: no instrument to name.'
        : 'Not sure of any instrument: none is confident enough to list.';
  return { rows, heard, soundingWindows: n, notSure };
}

/**
 * The rule over a song's units as applyModel gives them: windows the bundle's novelty rule marks as outside its
 * training data (a pure tone, a DC offset, a square wave to the instruments model) are left out; when they are
 * most of the sounding time, nothing is listed and `notSure` says why.
 */
export function songInstrumentsOfUnits(
  classNames: readonly string[],
  units: readonly Pick<UnitPrediction, 'start' | 'end' | 'probs' | 'novel'>[],
  rule: PresenceRule = PRESENCE_RULE,
): SongInstruments {
  const share = unfamiliarShare(units);
  if (share !== null && share >= UNFAMILIAR_SHARE) {
    // What the model said, row by row, but nothing listed: it is not hearing anything it was trained on.
    const all = songInstruments(
      classNames,
      units.map((u) => u.probs),
      rule,
    );
    return {
      ...all,
      rows: all.rows.map((r) => ({ ...r, present: false })),
      heard: [],
      notSure: `Does not sound like an instrument this model knows: ${Math.round(100 * share)} % of it lies outside its training data.`,
    };
  }
  return songInstruments(
    classNames,
    units.map((u) => (u.novel ? null : u.probs)),
    rule,
  );
}

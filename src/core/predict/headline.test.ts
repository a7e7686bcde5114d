import { describe, expect, it } from 'vitest';
import { headlineConfig, headlineStates, type HeadlineFrame, type HeadlineState } from './headline';

const CLASSES = ['violin', 'flute', 'cello', 'piano', 'other'];
const CONFIG = headlineConfig(0.4); // enter 0.4, leave 0.25, hold 5 frames

/** Violin and flute as given; the rest shared by cello, piano and other (none of them near the threshold). */
const sound = (violin: number, flute: number, unknownShare: number | null = null): HeadlineFrame => {
  const rest = Math.max(0, 1 - violin - flute) / 3;
  return { silent: false, probs: [violin, flute, rest, rest, rest], unknownShare };
};
const otherSound: HeadlineFrame = { silent: false, probs: [0.05, 0.05, 0.05, 0.05, 0.8], unknownShare: null };
const silence: HeadlineFrame = { silent: true, probs: null, unknownShare: null };
const said = (states: HeadlineState[]) =>
  states.map((s) => (s.kind === 'instrument' || s.kind === 'other' ? CLASSES[s.index] : s.kind));

describe('headlineConfig', () => {
  it('enters at the threshold and leaves 0.15 below it, never under 0.05', () => {
    expect(headlineConfig(0.4)).toMatchObject({ enter: 0.4, holdFrames: 5, switchFrames: 3, onsetFrames: 3 });
    expect(headlineConfig(0.4).leave).toBeCloseTo(0.25, 9);
    expect(headlineConfig(0.1).leave).toBe(0.05);
    expect(() => headlineConfig(1.2)).toThrow('Expected threshold to be in (0, 1), got 1.2');
  });
});

describe('stepHeadline', () => {
  it('waits for the first window, then names a class once it reaches the threshold', () => {
    const frames = [{ silent: false, probs: null, unknownShare: null }, sound(0.3, 0.2), sound(0.45, 0.2)];
    expect(said(headlineStates(frames, CLASSES, CONFIG))).toEqual(['waiting', 'unknown', 'violin']);
  });

  it('keeps naming a class that wavers between the leave and enter thresholds (hysteresis)', () => {
    const wavering = [0.5, 0.3, 0.38, 0.27, 0.33, 0.29, 0.45, 0.3].map((p) => sound(p, 0.1));
    expect(said(headlineStates(wavering, CLASSES, CONFIG))).toEqual(Array(8).fill('violin'));
  });

  it('holds the class through a short dip, and lets it go after the hold', () => {
    const frames = [sound(0.6, 0.1), ...Array(4).fill(sound(0.1, 0.1)), sound(0.6, 0.1)];
    expect(said(headlineStates(frames, CLASSES, CONFIG))).toEqual(Array(6).fill('violin'));
    const long = [sound(0.6, 0.1), ...Array(6).fill(sound(0.1, 0.1))];
    expect(said(headlineStates(long, CLASSES, CONFIG))).toEqual([
      'violin',
      'violin',
      'violin',
      'violin',
      'violin',
      'violin',
      'unknown', // below leave for longer than the hold: nothing is confident now
    ]);
  });

  it('keeps the instrument through a breath of silence, and shows a longer silence as silence', () => {
    const breath = [sound(0.7, 0.1), silence, silence, silence, sound(0.7, 0.1)];
    expect(said(headlineStates(breath, CLASSES, CONFIG))).toEqual(Array(5).fill('violin'));
    const pause = [sound(0.7, 0.1), ...Array(7).fill(silence)];
    expect(said(headlineStates(pause, CLASSES, CONFIG)).slice(-2)).toEqual(['silence', 'silence']);
  });

  it('keeps "not an instrument I know" through a breath, and says silence after a longer silence', () => {
    const breath = [sound(0.2, 0.2), ...Array(5).fill(silence), sound(0.2, 0.2)];
    expect(said(headlineStates(breath, CLASSES, CONFIG))).toEqual(Array(7).fill('unknown'));
    const pause = [sound(0.2, 0.2), ...Array(6).fill(silence)];
    expect(said(headlineStates(pause, CLASSES, CONFIG))).toEqual([...Array(6).fill('unknown'), 'silence']);
  });

  it('counts the onset over the gaps between words: a breath inside it does not start it again', () => {
    // Two words 0.3 s apart (3 silent frames), 2 and 3 windows long: named at the 4th window of sound (the 3rd
    // ends the onset wait, the 4th agrees with it).
    const words = [silence, ...Array(2).fill(sound(0.8, 0.1)), ...Array(3).fill(silence)];
    words.push(...Array(3).fill(sound(0.8, 0.1)));
    const states = said(headlineStates(words, CLASSES, CONFIG));
    expect(states.slice(0, 7)).toEqual(Array(7).fill('silence'));
    expect(states.slice(7)).toEqual(['violin', 'violin']);
    // Apart by more than a breath (6 silent frames), each word starts the onset again: never named.
    const apart = [silence, ...Array(2).fill(sound(0.8, 0.1)), ...Array(6).fill(silence)];
    apart.push(...Array(2).fill(sound(0.8, 0.1)));
    expect(new Set(said(headlineStates(apart, CLASSES, CONFIG)))).toEqual(new Set(['silence']));
  });

  it('after silence, names nothing until 3 windows of sound have come in and two in a row agree', () => {
    const unread = { silent: false, probs: null, unknownShare: null };
    const frames = [silence, unread, unread, sound(0.8, 0.1), sound(0.8, 0.1), sound(0.8, 0.1)];
    expect(said(headlineStates(frames, CLASSES, CONFIG))).toEqual([
      'silence',
      'silence',
      'silence',
      'silence', // the first window read: violin, if the next agrees
      'violin',
      'violin',
    ]);
    // Probabilities before the third window (a model that reads earlier) are not named, nor counted as agreeing.
    const early = [
      silence,
      sound(0.1, 0.8),
      sound(0.8, 0.1),
      sound(0.1, 0.8),
      sound(0.8, 0.1),
      sound(0.8, 0.1),
    ];
    expect(said(headlineStates(early, CLASSES, CONFIG))).toEqual([
      'silence',
      'silence',
      'silence',
      'silence', // flute, then violin: no two agree yet
      'silence',
      'violin',
    ]);
  });

  it('after the onset, shows "not an instrument I know" only once it has lasted a hold, not as a flash', () => {
    // A sound whose first windows after the onset are unsure, then a violin: Silence until the violin.
    const flash = [silence, ...Array(3).fill(sound(0.2, 0.2)), ...Array(3).fill(sound(0.8, 0.1))];
    expect(said(headlineStates(flash, CLASSES, CONFIG))).toEqual([
      ...Array(5).fill('silence'),
      'violin',
      'violin',
    ]);
    // A sound that stays unknown is said to be so after the onset and a hold (3 + 5 windows).
    const unknown = [silence, ...Array(9).fill(sound(0.2, 0.2))];
    const states = said(headlineStates(unknown, CLASSES, CONFIG));
    expect(states.indexOf('unknown')).toBe(8);
    expect(states.slice(8)).toEqual(['unknown', 'unknown']);
  });

  it('switches to another class only when it has been clearly ahead for 3 frames', () => {
    const frames = [
      sound(0.5, 0.3),
      sound(0.42, 0.48), // ahead, but by less than 0.1
      sound(0.35, 0.55),
      sound(0.3, 0.6),
      sound(0.45, 0.4), // a blip back: the count starts again
      sound(0.3, 0.6),
      sound(0.3, 0.6),
      sound(0.3, 0.6),
    ];
    expect(said(headlineStates(frames, CLASSES, CONFIG))).toEqual([
      'violin',
      'violin',
      'violin',
      'violin',
      'violin',
      'violin',
      'violin',
      'flute',
    ]);
  });

  it('tells the `other` class (other sound) from an unknown sound and from silence', () => {
    const frames = [otherSound, ...Array(6).fill(silence), ...Array(8).fill(sound(0.2, 0.3))];
    const states = said(headlineStates(frames, CLASSES, CONFIG));
    expect(states[0]).toBe('other');
    expect(states[6]).toBe('silence');
    // The unknown sound after silence: its onset (3 windows), then a hold (5).
    expect(states[13]).toBe('silence');
    expect(states[14]).toBe('unknown');
  });

  it('names a voice as a voice, apart from instruments and other sounds', () => {
    const classes = [...CLASSES, 'voice'];
    const voice: HeadlineFrame = {
      silent: false,
      probs: [0.05, 0.05, 0.05, 0.05, 0.05, 0.75],
      unknownShare: null,
    };
    const violin: HeadlineFrame = {
      silent: false,
      probs: [0.8, 0.05, 0.05, 0.03, 0.02, 0.05],
      unknownShare: null,
    };
    const states = headlineStates([voice, voice, ...Array(4).fill(violin)], classes, CONFIG);
    expect(states.map((s) => s.kind)).toEqual([
      'voice',
      'voice',
      'voice',
      'voice',
      'instrument',
      'instrument',
    ]);
    expect(states[0].index).toBe(5);
  });

  it('follows the open-set verdict: a confident class is "not an instrument I know" when the rule says so', () => {
    const frames = [sound(0.9, 0.05, 0.8), sound(0.9, 0.05, 0.2)];
    expect(said(headlineStates(frames, CLASSES, CONFIG))).toEqual(['unknown', 'violin']);
  });

  it('rejects probabilities that do not match the classes', () => {
    expect(() =>
      headlineStates([{ silent: false, probs: [1], unknownShare: null }], CLASSES, CONFIG),
    ).toThrow('Expected 5 probabilities (one per class), got 1');
  });
});

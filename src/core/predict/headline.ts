/**
 * What Live's headline says, as a small state machine over smoothed probability frames, so that it does not
 * flicker between an instrument and "not sure" at every breath:
 * - hysteresis: a class is named once its probability reaches `enter`, and stays named while it is above the
 *   lower `leave`; another class takes over only when it has been `switchMargin` ahead for `switchFrames`;
 * - a hold: an answer that stops holding (or a short silence, a breath) is kept for `holdFrames` frames;
 *   "not an instrument I know" too is kept through a breath;
 * - an onset: after silence, a sound is read from its onset alone (the 1-s window would be mostly the silence
 *   before it, which the model hears as a hit); Silence stays until `onsetFrames` windows of sound have come in
 *   and two in a row agree on a class, or `holdFrames` more if all it could say is "not an instrument I know".
 *   A breath inside the onset (the gap between two spoken words, a rest between two notes) does not start the
 *   count again: only a silence longer than the hold does;
 * - silence is its own answer ("Silence"), apart from sounds that are not a known instrument: the model's
 *   `other` class ("other sound"), its `voice` class when it has one ("voice"), and the open-set verdict or low
 *   confidence ("not an instrument I know").
 */

import { classKind } from '../instruments/classes';

export type HeadlineKind = 'waiting' | 'silence' | 'instrument' | 'other' | 'voice' | 'unknown';

export interface HeadlineState {
  kind: HeadlineKind;
  /** The class named (instrument, `other` or `voice`); −1 otherwise. */
  index: number;
}

export interface HeadlineConfig {
  /** Probability at which a class is named. */
  enter: number;
  /** Probability under which a named class stops holding (≤ enter). */
  leave: number;
  /** Frames an answer that stops holding is kept (about 0.5 s at 11 frames a second). */
  holdFrames: number;
  /** How far ahead of the named class another one must be to take over… */
  switchMargin: number;
  /** …for this many frames in a row. */
  switchFrames: number;
  /** Frames of sound after silence before the headline names anything. */
  onsetFrames: number;
}

export interface HeadlineFrame {
  silent: boolean;
  /** Smoothed class probabilities; null while the first window fills or without a model. */
  probs: ArrayLike<number> | null;
  /**
   * Smoothed share (0 … 1) of recent windows the bundle's open-set rule called "not an instrument I know";
   * null when the bundle has no such rule (then low confidence alone says so).
   */
  unknownShare: number | null;
}

export interface HeadlineMemory {
  state: HeadlineState;
  /** Consecutive frames the named answer has not held (silence included). */
  failing: number;
  /** Consecutive frames another class has been clearly ahead of the named one. */
  challenged: number;
  /** Consecutive silent frames. */
  quiet: number;
  /** During an onset: the class the previous frame would have named (−1: none), which this one must agree with. */
  pending: number;
}

const HYSTERESIS = 0.15;
export const HOLD_FRAMES = 5;
/**
 * Windows of sound after a silence before anything is named: 3 (0.37 s of audio), the first a model reads,
 * from the sound's onset alone (core/live/liveAnalysis.ts, MIN_ONSET_FRAMES).
 */
export const ONSET_FRAMES = 3;

export const INITIAL_HEADLINE: HeadlineMemory = {
  state: { kind: 'waiting', index: -1 },
  failing: 0,
  challenged: 0,
  quiet: 0,
  pending: -1,
};

/** The headline's thresholds from Live's threshold slider: enter at it, leave 0.15 below (not under 0.05). */
export function headlineConfig(threshold: number): HeadlineConfig {
  if (!(Number.isFinite(threshold) && threshold > 0 && threshold < 1))
    throw new RangeError(`Expected threshold to be in (0, 1), got ${threshold}`);
  return {
    enter: threshold,
    leave: Math.max(0.05, Math.min(threshold, threshold - HYSTERESIS)),
    holdFrames: HOLD_FRAMES,
    switchMargin: 0.1,
    switchFrames: 3,
    onsetFrames: ONSET_FRAMES,
  };
}

function named(kind: HeadlineKind): boolean {
  return kind === 'instrument' || kind === 'other' || kind === 'voice';
}

/** The next headline after one frame. */
export function stepHeadline(
  memory: HeadlineMemory,
  frame: HeadlineFrame,
  classNames: readonly string[],
  config: HeadlineConfig,
): HeadlineMemory {
  const { state } = memory;
  const holding = named(state.kind);
  const quiet = frame.silent ? memory.quiet + 1 : 0;
  const next = (nextState: HeadlineState, failing = 0, challenged = 0, pending = -1): HeadlineMemory => ({
    state: nextState,
    failing,
    challenged,
    quiet,
    pending,
  });
  if (frame.silent) {
    // A breath between phrases keeps the instrument (or the unknown sound, or the onset's count of windows of
    // sound); a longer silence is shown as silence.
    if (holding && memory.failing < config.holdFrames) return next(state, memory.failing + 1);
    const breath = quiet <= config.holdFrames;
    if (breath && state.kind === 'unknown') return next(state);
    if (breath && state.kind === 'silence') return next(state, memory.failing, 0, memory.pending);
    return next({ kind: 'silence', index: -1 });
  }
  const probs = frame.probs;
  // Sound the model has not read yet: the first second of the stream, or the start of a sound after silence.
  if (!probs) return state.kind === 'silence' ? next(state, memory.failing + 1) : next(state);
  if (probs.length !== classNames.length)
    throw new Error(`Expected ${classNames.length} probabilities (one per class), got ${probs.length}`);
  let top = 0;
  for (let c = 1; c < probs.length; c++) if (probs[c] > probs[top]) top = c;
  const known = frame.unknownShare === null || frame.unknownShare < 0.5;
  const candidate: HeadlineState =
    known && probs[top] >= config.enter
      ? { kind: classKind(classNames[top]), index: top }
      : { kind: 'unknown', index: -1 };

  if (state.kind === 'silence') {
    // Frames of sound since the silence (the silent state keeps its count in `failing`).
    const heard = memory.failing + 1;
    if (heard < config.onsetFrames) return next(state, heard);
    // Past the onset a class is named once two windows in a row agree on it, and "not an instrument I know" must
    // last a hold first: the first rows of a sound are read from less than a second of it.
    const waiting = heard < config.onsetFrames + config.holdFrames;
    if (named(candidate.kind) && candidate.index !== memory.pending && waiting)
      return next(state, heard, 0, candidate.index);
    if (!named(candidate.kind) && waiting) return next(state, heard);
  }
  if (!holding) return next(candidate);
  const current = probs[state.index];
  const challenged =
    named(candidate.kind) && candidate.index !== state.index && probs[top] - current >= config.switchMargin
      ? memory.challenged + 1
      : 0;
  if (challenged >= config.switchFrames) return next(candidate);
  if (known && current >= config.leave) return next(state, 0, challenged);
  if (memory.failing < config.holdFrames) return next(state, memory.failing + 1, challenged);
  return next(candidate);
}

/** Runs `frames` through the headline from the start: one state per frame (for tests and replays). */
export function headlineStates(
  frames: readonly HeadlineFrame[],
  classNames: readonly string[],
  config: HeadlineConfig,
): HeadlineState[] {
  let memory = INITIAL_HEADLINE;
  return frames.map((frame) => (memory = stepHeadline(memory, frame, classNames, config)).state);
}

/**
 * Exponential moving average of probability vectors: `smoothing` is the weight of the past (0: none). The
 * result still sums to 1. A missing previous value (first prediction, after silence) starts afresh.
 */
export function smoothProbs(
  previous: Float32Array | null,
  next: Float32Array,
  smoothing: number,
): Float32Array {
  if (!(Number.isFinite(smoothing) && smoothing >= 0 && smoothing < 1))
    throw new RangeError(`Expected smoothing to be in 0 … <1, got ${smoothing}`);
  if (previous && previous.length !== next.length)
    throw new Error(`Expected ${previous.length} probabilities, got ${next.length}`);
  const out = new Float32Array(next.length);
  for (let c = 0; c < next.length; c++) {
    out[c] = previous ? smoothing * previous[c] + (1 - smoothing) * next[c] : next[c];
  }
  return out;
}

/** Live's two sliders. */
export interface HeadlineSettings {
  /** Exponential moving average over predictions: weight of the past, 0 (none) … 0.95. */
  smoothing: number;
  /** Below this probability the top class is not named, 0.05 … 0.95. */
  threshold: number;
}

export const DEFAULT_HEADLINE_SETTINGS: HeadlineSettings = { smoothing: 0.75, threshold: 0.4 };

/** What the tracker reads of one prediction (core/live/livePrediction.ts). */
export interface TrackedPrediction {
  probs: Float32Array | null;
  unknown: boolean | null;
  silent: boolean;
  /** Read from a sound's onset (less than a whole window of it): taken as it is, not averaged. */
  onset?: boolean;
}

/**
 * From Live's predictions to its headline, one prediction at a time: the smoothing (started afresh after
 * silence), the smoothed open-set share and the headline's state machine. The page (ui/live/liveFeed.ts) and
 * `npm run live` both go through it.
 */
export class HeadlineTracker {
  /** Smoothed probabilities; null when silent, warming up or without a model. */
  smoothed: Float32Array | null = null;
  /** Smoothed share of windows the bundle's open-set rule called unknown (null: no rule). */
  private unknownShare: number | null = null;
  private memory: HeadlineMemory = INITIAL_HEADLINE;
  /** The average carried through a breath of silence (`smoothed` is null while silent). */
  private carried: Float32Array | null = null;

  constructor(private classNames: readonly string[]) {}

  /** The classes predicted changed (a class was taught or removed): the average starts afresh. */
  setClassNames(classNames: readonly string[]): void {
    this.classNames = classNames;
    this.smoothed = null;
    this.carried = null;
  }

  step(prediction: TrackedPrediction, settings: HeadlineSettings): HeadlineState {
    const probs =
      prediction.probs && prediction.probs.length === this.classNames.length ? prediction.probs : null;
    // A sound's onset rows each read all of it so far, so the newest is taken as it is, not averaged.
    this.smoothed = probs
      ? prediction.onset
        ? probs
        : smoothProbs(this.carried, probs, settings.smoothing)
      : null;
    this.carried = this.smoothed ?? this.carried;
    this.unknownShare =
      probs && prediction.unknown !== null
        ? settings.smoothing * (this.unknownShare ?? Number(prediction.unknown)) +
          (1 - settings.smoothing) * Number(prediction.unknown)
        : null;
    const config = headlineConfig(settings.threshold);
    this.memory = stepHeadline(
      this.memory,
      { silent: prediction.silent, probs: this.smoothed, unknownShare: this.unknownShare },
      this.classNames,
      config,
    );
    // A breath (a silence no longer than the hold) keeps the average; after a longer one it starts afresh.
    if (this.memory.quiet > config.holdFrames) this.carried = null;
    return this.memory.state;
  }
}

/**
 * Phrases from single notes, for training on what a microphone hears when someone plays: notes of one
 * instrument joined with legato crossfades, varied lengths, repeats and rests, and vibrato by time-varying
 * resampling. Pure functions of (samples, options, rng), so a seeded run repeats.
 */
import type { Rng } from '../random';

/** A bad value as the error message shows it (NaN and Infinity as themselves, not JSON's null). */
function show(value: unknown): string {
  if (typeof value === 'number') return String(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function checkSampleRate(sampleRate: number): void {
  if (!Number.isInteger(sampleRate) || sampleRate <= 0)
    throw new Error(`Expected sampleRate to be a whole number of Hz, got ${show(sampleRate)}`);
}

function checkRange(name: string, range: readonly [number, number], min: number, max: number): void {
  const ok =
    Array.isArray(range) &&
    range.length === 2 &&
    Number.isFinite(range[0]) &&
    Number.isFinite(range[1]) &&
    range[0] >= min &&
    range[0] <= range[1] &&
    range[1] <= max;
  if (!ok) throw new Error(`Expected ${name} to be [min, max] within [${min}, ${max}], got ${show(range)}`);
}

function checkSamples(name: string, x: Float32Array): void {
  if (!(x instanceof Float32Array)) throw new Error(`Expected ${name} as a Float32Array, got ${show(x)}`);
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i])) throw new Error(`Expected finite ${name} samples, got ${x[i]} at index ${i}`);
  }
}

function uniform(rng: Rng, [lo, hi]: readonly [number, number]): number {
  return lo + (hi - lo) * rng.next();
}

/**
 * The sounding part of a note: from the first to the last block of `blockSeconds` (default 10 ms) whose RMS is
 * within `floorDb` (default 40) of the loudest block's. `[0, 0]` for silence or an empty clip.
 */
export function soundingRange(
  x: Float32Array,
  sampleRate: number,
  floorDb = 40,
  blockSeconds = 0.01,
): [number, number] {
  checkSampleRate(sampleRate);
  if (!(Number.isFinite(floorDb) && floorDb > 0))
    throw new Error(`Expected floorDb > 0, got ${show(floorDb)}`);
  const block = Math.max(1, Math.round(blockSeconds * sampleRate));
  const blocks = Math.ceil(x.length / block);
  const energy = new Float64Array(blocks);
  let peak = 0;
  for (let b = 0; b < blocks; b++) {
    let e = 0;
    const end = Math.min(x.length, (b + 1) * block);
    for (let i = b * block; i < end; i++) e += x[i] * x[i];
    energy[b] = e / (end - b * block);
    peak = Math.max(peak, energy[b]);
  }
  if (!(peak > 0)) return [0, 0];
  const floor = peak * 10 ** (-floorDb / 10);
  let first = 0;
  while (energy[first] < floor) first++;
  let last = blocks - 1;
  while (energy[last] < floor) last--;
  return [first * block, Math.min(x.length, (last + 1) * block)];
}

export interface PhraseOptions {
  sampleRate: number;
  /** Length of the phrase in seconds. */
  lengthSeconds: number;
  /** Each note lasts a duration drawn in [min, max] seconds, or the note's own length if shorter. */
  noteSeconds?: [number, number];
  /** Overlap of consecutive notes (legato crossfade, equal power), seconds drawn in [min, max]. */
  crossfadeSeconds?: [number, number];
  /** Chance that the next note is the previous one again (repeated notes). */
  repeatProbability?: number;
  /** Chance of a rest before the next note, its length drawn in restSeconds. */
  restProbability?: number;
  restSeconds?: [number, number];
  /** Raised-cosine fade at the start of every note and at the end of a note before a rest (default 5 ms). */
  fadeSeconds?: number;
}

/** Where one note landed in a phrase (samples). */
export interface PlacedNote {
  /** Index into the notes passed in. */
  note: number;
  /** First sample of the note in the phrase. */
  at: number;
  /** Samples of the note used (fades included). */
  length: number;
}

export interface Phrase {
  samples: Float32Array;
  notes: PlacedNote[];
}

/**
 * Joins notes (each already trimmed to where it sounds, see `soundingRange`) into a phrase of exactly
 * `lengthSeconds`: each next note is picked at random (or repeats), cut to a drawn length, and crossfaded into
 * the previous one with equal-power raised-cosine ramps, so no join clicks. The last note stops at the phrase's
 * end (a note that runs out earlier fades out).
 */
export function stitchPhrase(notes: readonly Float32Array[], options: PhraseOptions, rng: Rng): Phrase {
  const {
    sampleRate,
    lengthSeconds,
    noteSeconds = [0.15, 1],
    crossfadeSeconds = [0.01, 0.08],
    repeatProbability = 0.2,
    restProbability = 0.1,
    restSeconds = [0.05, 0.3],
    fadeSeconds = 0.005,
  } = options;
  checkSampleRate(sampleRate);
  if (!(Number.isFinite(lengthSeconds) && lengthSeconds > 0 && lengthSeconds <= 3600))
    throw new Error(`Expected lengthSeconds in (0, 3600], got ${show(lengthSeconds)}`);
  checkRange('noteSeconds', noteSeconds, 0.001, 3600);
  checkRange('crossfadeSeconds', crossfadeSeconds, 0, 10);
  checkRange('restSeconds', restSeconds, 0, 3600);
  for (const [name, p] of [
    ['repeatProbability', repeatProbability],
    ['restProbability', restProbability],
  ] as const) {
    if (!(p >= 0 && p <= 1)) throw new Error(`Expected ${name} in [0, 1], got ${show(p)}`);
  }
  if (!(Number.isFinite(fadeSeconds) && fadeSeconds >= 0 && fadeSeconds <= 1))
    throw new Error(`Expected fadeSeconds in [0, 1], got ${show(fadeSeconds)}`);
  if (!Array.isArray(notes) || notes.length === 0)
    throw new Error('Expected at least one note to stitch, got none');
  notes.forEach((n, i) => {
    checkSamples(`notes[${i}]`, n);
    if (n.length < 2) throw new Error(`Expected notes[${i}] to have at least 2 samples, got ${n.length}`);
  });

  const total = Math.max(1, Math.round(lengthSeconds * sampleRate));
  const out = new Float32Array(total);
  const placed: PlacedNote[] = [];
  const fade = Math.max(1, Math.round(fadeSeconds * sampleRate));
  let at = 0;
  let previous = -1;
  /** Fade-in length of the next note (the crossfade with the previous one, or the plain fade after a rest). */
  let fadeIn = fade;
  while (at < total) {
    const note = previous >= 0 && rng.next() < repeatProbability ? previous : rng.int(notes.length);
    const source = notes[note];
    const crossfade = Math.max(fade, Math.round(uniform(rng, crossfadeSeconds) * sampleRate));
    const rest = rng.next() < restProbability ? Math.round(uniform(rng, restSeconds) * sampleRate) : 0;
    // The note holds for `hold` samples before the next one starts; it overlaps that one by `tail`.
    const wanted = Math.max(2, Math.round(uniform(rng, noteSeconds) * sampleRate));
    const tailWanted = rest > 0 ? fade : crossfade;
    const used = Math.min(source.length, wanted + tailWanted, total - at);
    // A note that runs out on its own still gets a short fade, in case it was trimmed mid-waveform; one cut by
    // the phrase's end just stops there, as a recording window does.
    const exhausted = used >= source.length;
    const cutByEnd = at + used >= total && !exhausted;
    const tail = cutByEnd ? 0 : Math.min(exhausted ? fade : tailWanted, used - 1);
    const head = Math.min(fadeIn, used);
    for (let i = 0; i < used; i++) {
      let g = 1;
      if (i < head) g *= Math.sin((Math.PI / 2) * ((i + 0.5) / head));
      if (i >= used - tail) g *= Math.cos((Math.PI / 2) * ((i - (used - tail) + 0.5) / tail));
      out[at + i] += g * source[i];
    }
    placed.push({ note, at, length: used });
    previous = note;
    // The next note starts where this one's fade-out starts (legato), after it (it ran out), or after a rest.
    const legato = rest === 0 && !exhausted;
    at += legato ? used - tail : used + rest;
    fadeIn = legato ? tail : fade;
  }
  return { samples: out, notes: placed };
}

export interface VibratoOptions {
  sampleRate: number;
  /** Vibrato rate in Hz (players use about 4–7). */
  rateHz: number;
  /** Peak pitch deviation in cents (either way). */
  depthCents: number;
  /** Starting phase of the pitch oscillation, radians (default 0). */
  phase?: number;
  /** Seconds over which the depth grows from 0 to full, as players delay vibrato (default 0). */
  onsetSeconds?: number;
}

/**
 * Vibrato by time-varying resampling: the output reads the input at a position advancing by
 * 2^(depth·sin(2π·rate·t + phase)/1200) samples per sample (4-point cubic interpolation), so every partial's
 * instantaneous frequency swings by ±depthCents. Same length as the input; reads past the end give 0.
 */
export function applyVibrato(x: Float32Array, options: VibratoOptions): Float32Array {
  const { sampleRate, rateHz, depthCents, phase = 0, onsetSeconds = 0 } = options;
  checkSampleRate(sampleRate);
  checkSamples('signal', x);
  if (!(Number.isFinite(rateHz) && rateHz >= 0 && rateHz < sampleRate / 2))
    throw new Error(`Expected rateHz in [0, ${sampleRate / 2}), got ${show(rateHz)}`);
  if (!(Number.isFinite(depthCents) && depthCents >= 0 && depthCents <= 1200))
    throw new Error(`Expected depthCents in [0, 1200], got ${show(depthCents)}`);
  if (!Number.isFinite(phase)) throw new Error(`Expected phase to be finite, got ${show(phase)}`);
  if (!(Number.isFinite(onsetSeconds) && onsetSeconds >= 0))
    throw new Error(`Expected onsetSeconds >= 0, got ${show(onsetSeconds)}`);
  const n = x.length;
  const out = new Float32Array(n);
  const w = (2 * Math.PI * rateHz) / sampleRate;
  const onset = onsetSeconds * sampleRate;
  const at = (i: number): number => (i >= 0 && i < n ? x[i] : 0);
  // The oscillator turns by a fixed angle per sample: a rotating phasor avoids a sine per sample.
  const cosW = Math.cos(w);
  const sinW = Math.sin(w);
  let sin = Math.sin(w * 0.5 + phase);
  let cos = Math.cos(w * 0.5 + phase);
  const centsToLog = Math.LN2 / 1200;
  let position = 0;
  for (let i = 0; i < n; i++) {
    if (position > n - 1) break;
    const k = Math.floor(position);
    const f = position - k;
    let p0: number, p1: number, p2: number, p3: number;
    if (k >= 1 && k + 2 < n) {
      p0 = x[k - 1];
      p1 = x[k];
      p2 = x[k + 1];
      p3 = x[k + 2];
    } else {
      p0 = at(k - 1);
      p1 = at(k);
      p2 = at(k + 1);
      p3 = at(k + 2);
    }
    // Catmull-Rom spline through the four neighbours.
    out[i] = p1 + 0.5 * f * (p2 - p0 + f * (2 * p0 - 5 * p1 + 4 * p2 - p3 + f * (3 * (p1 - p2) + p3 - p0)));
    // The rate at the midpoint of the step (sin holds sin(w·(i + 0.5) + phase)), so the mean pitch stays put.
    const depth = onset > 0 && i < onset ? depthCents * (i / onset) : depthCents;
    position += Math.exp(depth * sin * centsToLog);
    const nextSin = sin * cosW + cos * sinW;
    cos = cos * cosW - sin * sinW;
    sin = nextSin;
  }
  return out;
}

/**
 * Training audio for the instruments model that sounds like a microphone in a room rather than a sample
 * library: phrases of several notes of one instrument (pitch-shifted a little, with vibrato where players use
 * it, sometimes two or three voices at once), a synthetic room, a random microphone colour, background noise
 * and a random level. Pure and seeded: the same sources, options and generator state give the same samples.
 */
import { changeSpeed, mixBackground, semitonesToSpeed, signalPower } from '../train/augment';
import { applyVibrato, soundingRange, stitchPhrase } from './phrases';
import { createConvolver, roomImpulseResponse } from './reverb';
import type { Rng } from '../random';
import { classKind } from './classes';
import { lossyCodec, randomCodec } from './codec';
import {
  applyBiquads,
  biquad,
  colouredNoise,
  randomMicrophone,
  type Biquad,
  type NoiseColour,
} from './colour';

/** How a class is played, which sets the phrase recipe. */
export type Playing = 'sustained' | 'struck' | 'sound';

/** Instruments that play together in sections and ensembles (an orchestra's strings, a wind band). */
export const FAMILIES: Record<string, readonly string[]> = {
  strings: ['violin', 'cello', 'double-bass'],
  woodwinds: [
    'flute',
    'oboe',
    'cor-anglais',
    'clarinet',
    'bass-clarinet',
    'bassoon',
    'contrabassoon',
    'saxophone',
  ],
  brass: ['french-horn', 'trombone', 'trumpet'],
  plucked: ['guitar', 'banjo', 'mandolin'],
};

/** Classes whose phrases are sometimes muted. */
export const MUTED: readonly string[] = ['trumpet'];

export function familyOf(className: string): string | null {
  for (const [family, members] of Object.entries(FAMILIES)) if (members.includes(className)) return family;
  return null;
}

/** Bowed strings, winds and brass hold notes (and use vibrato); struck and plucked ones ring and decay. */
export function playingOf(className: string): Playing {
  if (classKind(className) !== 'instrument') return 'sound';
  if (['piano', 'guitar', 'banjo', 'mandolin', 'percussion'].includes(className)) return 'struck';
  return 'sustained';
}

export interface SynthOptions {
  sampleRate: number;
  /** Length of each rendered phrase, seconds. */
  lengthSeconds: number;
  /** Chance of a pitch shift of each note, and its largest size in semitones either way. */
  pitchProbability: number;
  pitchSemitones: number;
  /** Chance that a phrase of a class in MUTED is played with a mute (see `randomMute`). */
  muteProbability: number;
  /** Chance that a sustained note gets a fresh attack (see `articulate`). */
  articulationProbability: number;
  /** Chance of vibrato on a sustained note; its rate (Hz) and depth (cents) ranges. */
  vibratoProbability: number;
  vibratoRateHz: [number, number];
  vibratoCents: [number, number];
  /** Chance of a second (and third) voice for struck / sustained classes. */
  polyphony: Record<Playing, number>;
  /**
   * Chance that a sustained phrase is played by a section (2 to 6 players in unison, each slightly detuned,
   * drifting and late), as orchestral strings, winds and brass are.
   */
  sectionProbability: number;
  /**
   * Chance of accompanying phrases of other instruments. Half the time they come from the phrase's own family
   * (one or two, `familyDb` below it: a string orchestra, a wind band), otherwise one from any instrument,
   * `accompanimentDb` below.
   */
  accompanimentProbability: number;
  accompanimentDb: [number, number];
  familyDb: [number, number];
  /** Chance of a room; RT60 (log-uniform) and reverberant level ranges. */
  roomProbability: number;
  rt60Seconds: [number, number];
  reverbDb: [number, number];
  /** Chance of a microphone colour and its largest boost or cut, dB. */
  microphoneProbability: number;
  microphoneGainDb: number;
  /** Chance of steady noise (white, pink or brown) and its SNR range, dB. */
  noiseProbability: number;
  noiseSnrDb: [number, number];
  /** Chance of an everyday-sound background and its SNR range, dB. */
  backgroundProbability: number;
  backgroundSnrDb: [number, number];
  /** Chance of a low-bitrate codec's spectral holes (see codec.ts). */
  codecProbability: number;
  /** The phrase's level, as the RMS of its sounding part in dBFS. */
  levelDbfs: [number, number];
}

export const DEFAULT_SYNTH_OPTIONS: SynthOptions = {
  sampleRate: 22050,
  lengthSeconds: 3,
  pitchProbability: 0.3,
  pitchSemitones: 2,
  muteProbability: 0.25,
  articulationProbability: 0.6,
  vibratoProbability: 0.6,
  vibratoRateHz: [4.5, 7],
  vibratoCents: [8, 45],
  polyphony: { sustained: 0.2, struck: 0.5, sound: 0 },
  sectionProbability: 0.3,
  accompanimentProbability: 0.3,
  accompanimentDb: [8, 20],
  familyDb: [2, 10],
  roomProbability: 0.85,
  rt60Seconds: [0.2, 1.2],
  reverbDb: [-12, 3],
  microphoneProbability: 0.8,
  microphoneGainDb: 6,
  noiseProbability: 0.5,
  noiseSnrDb: [20, 50],
  backgroundProbability: 0.25,
  backgroundSnrDb: [12, 30],
  codecProbability: 0.5,
  levelDbfs: [-40, -12],
};

const NOISE_COLOURS: NoiseColour[] = ['white', 'pink', 'brown'];

function uniform(rng: Rng, [lo, hi]: readonly [number, number]): number {
  return lo + (hi - lo) * rng.next();
}

/**
 * A slice of one source to play as a note: from its start (the attack) or, for a long source, sometimes from
 * inside its sustain; at most `maxSeconds` long.
 */
function noteSlice(source: Float32Array, sampleRate: number, rng: Rng, maxSeconds = 2): Float32Array {
  const max = Math.round(maxSeconds * sampleRate);
  let start = 0;
  if (source.length > 1.2 * sampleRate && rng.next() < 0.5) {
    start = rng.int(Math.max(1, source.length - Math.round(0.3 * sampleRate)));
  }
  return source.subarray(start, Math.min(source.length, start + max));
}

/**
 * A brass mute, roughly: straight, cup and Harmon mutes thin the low end and add a nasal resonance between 1
 * and 3 kHz (a high-pass at 300 to 900 Hz and a 6 to 15 dB peak).
 */
function randomMute(sampleRate: number, rng: Rng): Biquad[] {
  return [
    biquad({ type: 'highpass', frequency: 300 + 600 * rng.next(), q: 0.7 + 0.5 * rng.next() }, sampleRate),
    biquad(
      {
        type: 'peaking',
        frequency: 1000 + 2000 * rng.next(),
        gainDb: 6 + 9 * rng.next(),
        q: 1 + 2 * rng.next(),
      },
      sampleRate,
    ),
  ];
}

/**
 * A tongued or bowed attack on a note slice (which may start inside a long sustained sample, where there is
 * none): a 5 to 30 ms rise, an overshoot of up to +80 % decaying over 20 to 80 ms, and a short burst of noise
 * (breath, tongue, bow) 20 to 35 dB below the note.
 */
function articulate(note: Float32Array, sampleRate: number, rng: Rng): Float32Array {
  const out = note.slice();
  const rise = Math.max(1, Math.round((0.005 + 0.025 * rng.next()) * sampleRate));
  const overshoot = 0.8 * rng.next();
  const tau = (0.02 + 0.06 * rng.next()) * sampleRate;
  const burst = Math.round((0.01 + 0.03 * rng.next()) * sampleRate);
  const noiseGain = Math.sqrt(signalPower(note)) * 10 ** (-(20 + 15 * rng.next()) / 20);
  for (let i = 0; i < out.length; i++) {
    const envelope = (i < rise ? i / rise : 1) * (1 + overshoot * Math.exp(-i / tau));
    out[i] *= envelope;
    if (i < burst) out[i] += noiseGain * (1 - i / burst) * rng.normal();
  }
  return out;
}

/** One voice: a phrase stitched from notes drawn from `sources` (each trimmed to where it sounds). */
function voice(
  sources: readonly Float32Array[],
  playing: Playing,
  options: SynthOptions,
  rng: Rng,
): Float32Array {
  const { sampleRate } = options;
  const count = Math.min(sources.length, 2 + rng.int(5));
  const notes: Float32Array[] = [];
  for (let k = 0; k < count; k++) {
    let note = noteSlice(sources[rng.int(sources.length)], sampleRate, rng, playing === 'sound' ? 3 : 2);
    if (playing !== 'sound' && rng.next() < options.pitchProbability) {
      const semitones = (2 * rng.next() - 1) * options.pitchSemitones;
      const factor = Math.round(semitonesToSpeed(semitones) * 100) / 100;
      if (factor !== 1) {
        const shifted = changeSpeed(note, factor, sampleRate);
        const [a, b] = soundingRange(shifted, sampleRate);
        note = b - a >= 2 ? shifted.subarray(a, b) : note;
      }
    }
    if (playing === 'sustained' && rng.next() < options.vibratoProbability) {
      note = applyVibrato(note, {
        sampleRate,
        rateHz: uniform(rng, options.vibratoRateHz),
        depthCents: uniform(rng, options.vibratoCents),
        phase: 2 * Math.PI * rng.next(),
        onsetSeconds: 0.3 * rng.next(),
      });
    }
    if (playing === 'sustained' && rng.next() < options.articulationProbability)
      note = articulate(note, sampleRate, rng);
    if (note.length >= 2) notes.push(note);
  }
  if (notes.length === 0) return new Float32Array(Math.round(options.lengthSeconds * sampleRate));
  const phrasing =
    playing === 'sound'
      ? { noteSeconds: [0.3, 3] as [number, number], repeatProbability: 0, restProbability: 0.2 }
      : playing === 'struck'
        ? { noteSeconds: [0.1, 1] as [number, number], crossfadeSeconds: [0.02, 0.3] as [number, number] }
        : {
            noteSeconds: [0.12, 1.2] as [number, number],
            // Tongued and bowed notes are often detached: a short gap lets each attack speak.
            restProbability: 0.35,
            restSeconds: [0.02, 0.25] as [number, number],
          };
  return stitchPhrase(
    notes,
    { sampleRate, lengthSeconds: options.lengthSeconds, repeatProbability: 0.25, ...phrasing },
    rng,
  ).samples;
}

/**
 * A section playing `x` in unison: each further player slightly detuned with a slow drift (±3 to 15 cents),
 * 5 to 40 ms late, at 0.5 to 1 of the level. String sections are larger (up to 12 players) than wind ones (4).
 */
function section(x: Float32Array, sampleRate: number, rng: Rng, maxPlayers: number): Float32Array {
  const players = 2 + rng.int(maxPlayers - 1);
  const out = x.slice();
  for (let p = 1; p < players; p++) {
    const detuned = applyVibrato(x, {
      sampleRate,
      rateHz: 0.1 + 0.5 * rng.next(),
      depthCents: 3 + 12 * rng.next(),
      phase: 2 * Math.PI * rng.next(),
    });
    const delay = Math.round((0.005 + 0.035 * rng.next()) * sampleRate);
    const gain = 0.5 + 0.5 * rng.next();
    for (let i = delay; i < out.length; i++) out[i] += gain * detuned[i - delay];
  }
  return out;
}

/** Another instrument's sources, to accompany a phrase. */
export interface Accompaniment {
  className: string;
  sources: readonly Float32Array[];
}

/**
 * Renders one phrase of `className` from its sources (trimmed notes or sounds of that class, training files
 * only), with `backgrounds` (everyday sounds, training files only) to mix in now and then, and now and then
 * a quieter phrase of one of the `accompaniments` (other instruments; never for everyday sounds).
 */
export function renderPhrase(
  className: string,
  sources: readonly Float32Array[],
  backgrounds: readonly Float32Array[],
  rng: Rng,
  options: SynthOptions = DEFAULT_SYNTH_OPTIONS,
  accompaniments: readonly Accompaniment[] = [],
): Float32Array {
  if (sources.length === 0)
    throw new Error(`Expected at least one source for class "${className}", got none`);
  const { sampleRate } = options;
  const playing = playingOf(className);
  let x = voice(sources, playing, options, rng);
  if (rng.next() < options.polyphony[playing]) {
    const voices = 1 + rng.int(2);
    for (let v = 0; v < voices; v++) {
      const other = voice(sources, playing, options, rng);
      const gain = 10 ** ((-6 * rng.next()) / 20);
      for (let i = 0; i < x.length; i++) x[i] += gain * other[i];
    }
  }
  const family = familyOf(className);
  // Trumpets only: a mute's high-pass takes away a trombone's or horn's low register, the very thing that tells
  // them from a trumpet (with muted trombone phrases the solo-trumpet clip came out trombone).
  if (MUTED.includes(className) && rng.next() < options.muteProbability)
    x = applyBiquads(x, randomMute(sampleRate, rng));
  if (playing === 'sustained' && rng.next() < options.sectionProbability) {
    x = section(x, sampleRate, rng, family === 'strings' ? 12 : 4);
  }
  // The phrase's own instrument stays the loudest: a band or orchestra is named by what leads it.
  const others = accompaniments.filter((a) => a.className !== className && a.sources.length > 0);
  if (playing !== 'sound' && others.length > 0 && rng.next() < options.accompanimentProbability) {
    const kin = others.filter((a) => family !== null && familyOf(a.className) === family);
    const together = kin.length > 0 && rng.next() < 0.5;
    const pool = together ? kin : others;
    const count = together ? 1 + rng.int(Math.min(2, pool.length)) : 1;
    const main = x;
    for (let k = 0; k < count; k++) {
      const a = pool[rng.int(pool.length)];
      let backing = voice(a.sources, playingOf(a.className), options, rng);
      if (together && playingOf(a.className) === 'sustained' && rng.next() < options.sectionProbability) {
        backing = section(backing, sampleRate, rng, family === 'strings' ? 12 : 4);
      }
      // Each backing sits below the main phrase itself, not below the growing mix.
      const below = uniform(rng, together ? options.familyDb : options.accompanimentDb);
      const power = signalPower(backing);
      if (!(power > 0)) continue;
      const gain = Math.sqrt(signalPower(main) / power) * 10 ** (-below / 20);
      if (x === main) x = main.slice();
      for (let i = 0; i < x.length; i++) x[i] += gain * backing[i];
    }
  }
  if (rng.next() < options.roomProbability) {
    const rt60 = options.rt60Seconds[0] * (options.rt60Seconds[1] / options.rt60Seconds[0]) ** rng.next();
    const ir = roomImpulseResponse(
      {
        sampleRate,
        rt60,
        reverbDb: uniform(rng, options.reverbDb),
        preDelaySeconds: 0.002 + 0.02 * rng.next(),
        highDecayRatio: 0.5 + 0.5 * rng.next(),
      },
      rng,
    );
    x = createConvolver(ir).apply(x);
  }
  if (rng.next() < options.noiseProbability) {
    const noise = colouredNoise(x.length, NOISE_COLOURS[rng.int(NOISE_COLOURS.length)], rng);
    x = mixBackground(x, noise, uniform(rng, options.noiseSnrDb));
  }
  if (backgrounds.length > 0 && rng.next() < options.backgroundProbability) {
    const bg = backgrounds[rng.int(backgrounds.length)];
    x = mixBackground(x, bg, uniform(rng, options.backgroundSnrDb), bg.length > 0 ? rng.int(bg.length) : 0);
  }
  if (rng.next() < options.microphoneProbability) {
    x = applyBiquads(x, randomMicrophone(sampleRate, rng, { maxGainDb: options.microphoneGainDb }));
  }
  if (rng.next() < options.codecProbability) x = lossyCodec(x, randomCodec(sampleRate, rng), rng);
  return setLevel(x, uniform(rng, options.levelDbfs), sampleRate);
}

/**
 * Scales the clip so that its sounding part (see `soundingRange`, 30 dB) has RMS `dbfs`, then clips to ±1 as an
 * overdriven input would. A silent clip stays silent.
 */
export function setLevel(x: Float32Array, dbfs: number, sampleRate: number): Float32Array {
  const [a, b] = soundingRange(x, sampleRate, 30, 0.05);
  const power = signalPower(x.subarray(a, b));
  if (!(power > 0)) return x.slice();
  const g = 10 ** (dbfs / 20) / Math.sqrt(power);
  return x.map((v) => Math.max(-1, Math.min(1, v * g)));
}

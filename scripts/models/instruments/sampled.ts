/**
 * Phrases played on other sampled instruments (issue 8): the studio notes come from one library per class (one
 * player, room and microphone), so the build also renders short phrases with FluidSynth (Debian's `fluidsynth`)
 * from two General MIDI sound fonts, MuseScore General and Fluid R3 (both MIT-licensed; Debian's
 * `musescore-general-soundfont` and `fluid-soundfont-gm`): other players, rooms and microphones of the same
 * instruments, played legato, detached or held, strummed where the instrument strums. Measured in the loop
 * (experiments.md, `--leave-class-out`): with the real recordings of a class left out of training, its real files
 * are heard right 0.467 of the time with these phrases against 0.387 without; where a class has real recordings to
 * learn from, they change little. The clips are for training only: in no held-out part, never shipped.
 */
import { execFile } from 'node:child_process';
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { encodeWav16 } from '../../../src/core/audio/wav';
import { createRng, type Rng } from '../../../src/core/random';
import { cachedFolder } from './cachedFolder';
import { SR } from './config';

const run = promisify(execFile);

export interface SoundFont {
  name: string;
  path: string;
}

/** The sound fonts rendered, in this order (both MIT; their Debian packages are named in the error below). */
export const SOUND_FONTS: readonly SoundFont[] = [
  { name: 'musescore', path: '/usr/share/sounds/sf3/MuseScore_General_Full.sf3' },
  { name: 'fluid', path: '/usr/share/sounds/sf2/FluidR3_GM.sf2' },
];

/** General MIDI programs of a class and the notes they play (MIDI numbers, inclusive). */
interface Voice {
  programs: readonly { program: number; low: number; high: number }[];
  /** Plays chords, each note a few milliseconds after the last (a strum or a spread chord), half the time. */
  chords?: boolean;
}

const one = (program: number, low: number, high: number) => [{ program, low, high }];

/**
 * The classes General MIDI has a program for. Bass clarinet, contrabassoon and mandolin have none (a clarinet or
 * bassoon sample played an octave down is not the instrument), so they get no sampled phrases.
 */
export const GM_VOICES: Readonly<Record<string, Voice>> = {
  banjo: { programs: one(105, 48, 79), chords: true },
  bassoon: { programs: one(70, 34, 72) },
  cello: { programs: one(42, 36, 76) },
  clarinet: { programs: one(71, 50, 89) },
  'cor-anglais': { programs: one(69, 52, 81) },
  'double-bass': { programs: one(43, 28, 60) },
  flute: { programs: one(73, 60, 96) },
  'french-horn': { programs: one(60, 34, 77) },
  // Nylon and steel strings.
  guitar: {
    programs: [
      { program: 24, low: 40, high: 81 },
      { program: 25, low: 40, high: 81 },
    ],
    chords: true,
  },
  oboe: { programs: one(68, 58, 91) },
  piano: {
    programs: [
      { program: 0, low: 28, high: 100 },
      { program: 1, low: 28, high: 100 },
    ],
    chords: true,
  },
  // Soprano, alto, tenor and baritone.
  saxophone: {
    programs: [
      { program: 64, low: 56, high: 87 },
      { program: 65, low: 49, high: 81 },
      { program: 66, low: 44, high: 76 },
      { program: 67, low: 36, high: 69 },
    ],
  },
  trombone: { programs: one(57, 40, 72) },
  trumpet: { programs: one(56, 54, 84) },
  violin: { programs: one(40, 55, 100) },
};

/** General MIDI drum keys (channel 10): kicks, snares, toms, hi-hats, cymbals, claps. */
const DRUM_KEYS = [35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 57];
export const SAMPLED_CLASSES = [...Object.keys(GM_VOICES), 'percussion'];

/** One MIDI event at a time in seconds. */
export interface MidiEvent {
  time: number;
  bytes: readonly number[];
}

const PHRASE_SECONDS = 5;
/** Silence between phrases in one rendering, long enough for the reverb to die away. */
const GAP_SECONDS = 1.5;
/** Each clip keeps this much of the gap after its phrase (the last notes' release and reverb). */
const TAIL_SECONDS = 1;

const uniform = (rng: Rng, a: number, b: number) => a + (b - a) * rng.next();
const pick = <T>(rng: Rng, items: readonly T[]): T => items[rng.int(items.length)];

/**
 * The events of one phrase of a class, from time 0: a walk over the instrument's range (steps, leaps, repeated
 * notes) played legato, detached or held, at varied loudness, with a varied reverb send; chords for the
 * strummed and keyed instruments; a drum pattern of one to four kit pieces for percussion.
 */
export function phraseEvents(className: string, rng: Rng, seconds = PHRASE_SECONDS): MidiEvent[] {
  const events: MidiEvent[] = [];
  const note = (time: number, duration: number, channel: number, key: number, velocity: number) => {
    events.push({ time, bytes: [0x90 | channel, key, velocity] });
    events.push({ time: time + duration, bytes: [0x80 | channel, key, 0] });
  };
  if (className === 'percussion') {
    const beat = uniform(rng, 0.12, 0.5);
    const kit = rng.shuffle([...DRUM_KEYS]).slice(0, 1 + rng.int(4));
    for (let t = 0; t < seconds; t += beat * pick(rng, [1, 1, 2, 0.5])) {
      for (const key of kit) if (rng.next() < 0.5) note(t, 0.1, 9, key, 40 + rng.int(88));
    }
    return events;
  }
  const voice = GM_VOICES[className];
  if (!voice) throw new Error(`No General MIDI program for ${className}`);
  const { program, low, high } = pick(rng, voice.programs);
  events.push({ time: 0, bytes: [0xc0, program] });
  events.push({ time: 0, bytes: [0xb0, 11, 70 + rng.int(58)] }); // expression
  events.push({ time: 0, bytes: [0xb0, 91, pick(rng, [0, 20, 40, 80])] }); // reverb send
  const chords = voice.chords === true && rng.next() < 0.5;
  const style = pick(rng, ['legato', 'detached', 'long'] as const);
  let key = low + rng.int(high - low + 1);
  for (let t = uniform(rng, 0, 0.3); t < seconds - 0.2;) {
    const length =
      style === 'legato'
        ? uniform(rng, 0.15, 0.6)
        : style === 'detached'
          ? uniform(rng, 0.1, 0.4)
          : uniform(rng, 0.6, 2);
    const held = length * (style === 'legato' ? 0.95 : uniform(rng, 0.5, 0.9));
    const velocity = 45 + rng.int(76);
    const shape = pick(rng, [
      [4, 7],
      [3, 7],
      [7, 12],
      [5, 9, 12],
      [4, 7, 12, 16],
    ]);
    const keys = chords ? [key, ...shape.map((i) => key + i).filter((k) => k <= high)] : [key];
    keys.forEach((k, j) => {
      const spread = chords ? j * uniform(rng, 0.005, 0.03) : 0;
      note(t + spread, held - spread, 0, k, velocity);
    });
    t += length + (style === 'detached' ? uniform(rng, 0, 0.3) : 0);
    key = Math.min(high, Math.max(low, key + pick(rng, [-2, -1, 1, 2, -3, 3, -5, 5, -7, 7, 0, -12, 12])));
  }
  return events;
}

/** A MIDI variable-length quantity. */
export function varLength(n: number): number[] {
  const out = [n & 0x7f];
  for (let v = n >>> 7; v > 0; v >>>= 7) out.unshift((v & 0x7f) | 0x80);
  return out;
}

/** Ticks a second: 960 a quarter note at the default 120 beats a minute. */
const TICKS_PER_SECOND = 1920;

/** A format-0 Standard MIDI File of the events (note-offs before note-ons at the same tick). */
export function midiFile(events: readonly MidiEvent[]): Uint8Array {
  const sorted = events
    .map((e, i) => ({ tick: Math.round(e.time * TICKS_PER_SECOND), on: (e.bytes[0] & 0xf0) === 0x90, i, e }))
    .sort((a, b) => a.tick - b.tick || Number(a.on) - Number(b.on) || a.i - b.i);
  const track: number[] = [];
  let last = 0;
  for (const { tick, e } of sorted) {
    track.push(...varLength(tick - last), ...e.bytes);
    last = tick;
  }
  track.push(0, 0xff, 0x2f, 0); // end of track
  const u32 = (n: number) => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
  return Uint8Array.from([
    ...[0x4d, 0x54, 0x68, 0x64, ...u32(6), 0, 0, 0, 1, 960 >> 8, 960 & 255],
    ...[0x4d, 0x54, 0x72, 0x6b, ...u32(track.length), ...track],
  ]);
}

/** `count` phrases of a class one after another, each starting a phrase and a gap after the last. */
export function renderingEvents(className: string, count: number, rng: Rng): MidiEvent[] {
  const channel = className === 'percussion' ? 9 : 0;
  const events: MidiEvent[] = [];
  for (let i = 0; i < count; i++) {
    const start = i * (PHRASE_SECONDS + GAP_SECONDS);
    for (const e of phraseEvents(className, rng)) events.push({ time: start + e.time, bytes: e.bytes });
    // All notes off once the phrase is over: nothing rings into the next clip.
    events.push({ time: start + PHRASE_SECONDS + 0.3, bytes: [0xb0 | channel, 123, 0] });
  }
  return events;
}

async function fluidsynthVersion(fonts: readonly SoundFont[]): Promise<string> {
  let version: string;
  try {
    version = (await run('fluidsynth', ['--version'])).stdout.split('\n')[0].trim();
  } catch {
    throw new Error(
      'The instruments build renders sampled phrases with FluidSynth, which this machine lacks: apt-get install fluidsynth musescore-general-soundfont fluid-soundfont-gm (or build with --sampled 0)',
    );
  }
  const sizes: number[] = [];
  for (const font of fonts) {
    try {
      sizes.push((await stat(font.path)).size);
    } catch {
      throw new Error(
        `The sound font ${font.path} is missing: apt-get install musescore-general-soundfont fluid-soundfont-gm (or build with --sampled 0)`,
      );
    }
  }
  return `${version} ${sizes.join(' ')}`;
}

/** The clip files of a folder made by sampledFolder: `<class>/<font>-<n>.wav`. */
export function sampledClipNames(count: number, fonts: readonly SoundFont[] = SOUND_FONTS): string[] {
  return SAMPLED_CLASSES.flatMap((className) =>
    fonts.flatMap((font) =>
      Array.from({ length: count }, (_, i) => `${className}/${font.name}-${String(i).padStart(3, '0')}.wav`),
    ),
  );
}

/**
 * The folder of the sampled clips (22,050 Hz mono WAV, `count` a class and font), rendered once per FluidSynth
 * version, fonts, count and seed and kept in the build's cache. Each class and font is one rendering of `count`
 * phrases with gaps, cut into clips.
 */
export async function sampledFolder(
  count: number,
  seed: number,
  fonts: readonly SoundFont[] = SOUND_FONTS,
): Promise<string> {
  const version = await fluidsynthVersion(fonts);
  const plans = SAMPLED_CLASSES.flatMap((className, c) =>
    fonts.map((font, f) => ({
      className,
      font,
      events: renderingEvents(className, count, createRng(seed * 1000 + c * 10 + f)),
    })),
  );
  return cachedFolder('sampled', { version, fonts, plans: plans.map((p) => p.events) }, async (folder) => {
    for (const { className, font, events } of plans) {
      await mkdir(path.join(folder, className), { recursive: true });
      const midi = path.join(folder, `${className}-${font.name}.mid`);
      const raw = path.join(folder, `${className}-${font.name}.raw`);
      await writeFile(midi, midiFile(events));
      await run('fluidsynth', [
        '-ni',
        '-q',
        '-g',
        '0.6',
        '-r',
        String(SR),
        '-T',
        'raw',
        '-O',
        's16',
        '-F',
        raw,
        font.path,
        midi,
      ]);
      const bytes = await readFile(raw);
      const pcm = new Int16Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >> 1);
      const rng = createRng(
        seed * 1000 + SAMPLED_CLASSES.indexOf(className) * 10 + fonts.indexOf(font) + 500,
      );
      for (let i = 0; i < count; i++) {
        const from = Math.round(i * (PHRASE_SECONDS + GAP_SECONDS) * SR);
        const to = Math.min(pcm.length >> 1, from + Math.round((PHRASE_SECONDS + TAIL_SECONDS) * SR));
        // Stereo to mono, at a random level (the renderings are all at one gain).
        const gain = uniform(rng, 0.3, 1) / 65536;
        const clip = new Float32Array(Math.max(0, to - from));
        for (let s = 0; s < clip.length; s++)
          clip[s] = (pcm[2 * (from + s)] + pcm[2 * (from + s) + 1]) * gain;
        const name = `${font.name}-${String(i).padStart(3, '0')}.wav`;
        await writeFile(path.join(folder, className, name), encodeWav16(clip, SR));
      }
      await rm(midi);
      await rm(raw);
    }
  });
}

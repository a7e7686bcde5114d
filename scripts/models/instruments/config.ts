/**
 * Paths and fixed choices of the instruments build (scripts/models/instruments.ts): what rows are taken from
 * which recordings, and how often each is seen. Changing a value here changes the rows' cache key.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractTimbreWindows, timbreSpec } from '../../../src/core/features/timbre';
import type { WindowExtractor } from '../../../src/core/instruments/dataset';
import { columnPicker, pickColumns, type FeatureSpec } from '../../../src/core/features/spec';
import { DEFAULT_SYNTH_OPTIONS, type SynthOptions } from '../../../src/core/instruments/synth';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const DATA = path.resolve(ROOT, '../shared/data');
/** Studio single notes, one folder per class (with `other/`, everyday sounds). */
export const INSTRUMENTS = path.join(DATA, 'instruments');
/** Real recordings (Freesound) of some of the classes: trained on by fold and scored by file, never shipped. */
export const INSTRUMENTS_REAL = path.join(DATA, 'instruments-real');
export const SONGS = path.join(DATA, 'songs');
export const CACHE = path.join(ROOT, 'node_modules/.cache/oido/instruments');
/**
 * Words spoken by real people (speech.ts) in the model's `voice` class: with them real speech is heard as a
 * voice, not an instrument (alsa-utils' announcements 8 of 8, was 1 of 8; experiments.md, sixth round).
 */
export const SPEECH_CLIPS = 300;
export const SR = 22050;
/**
 * What the rows hold (and the cache keeps): every `timbre` column, the `frames` columns and the timbre descriptors
 * (harmonic balance relative to the pitch, spectral contrast, mfcc deltas, the level envelope; see timbre.ts).
 */
export const ROW_SPEC = timbreSpec;
export const ROW_COLS = ROW_SPEC.columns.length;
export const extractRowWindows: WindowExtractor = extractTimbreWindows;

/**
 * The model's input: the row columns but the chroma statistics. Chroma says which notes are played, not what plays
 * them, and a studio note (one pitch class) and a real phrase (many) differ there whatever the instrument: left
 * in, it is a cue to "this is a real recording" rather than to the instrument. Without it, a class's real files
 * with none of its real recordings trained on are heard right 0.453 / 0.473 of the time (the loop, two seeds)
 * against 0.447 / 0.433, and the build's 5-fold figure is 0.733 against 0.727 (experiments.md, seventh round).
 */
export const INSTRUMENTS_SPEC: FeatureSpec = {
  ...ROW_SPEC,
  columns: ROW_SPEC.columns.filter((c) => !c.startsWith('chroma')),
};
export const COLS = INSTRUMENTS_SPEC.columns.length;
/** Where each model column is in a row. */
export const MODEL_COLUMNS = columnPicker(INSTRUMENTS_SPEC.columns, ROW_SPEC.columns, ROW_SPEC.name);

/** The model's columns of full rows (`ROW_COLS` wide) in one array, `COLS` wide. */
export function modelColumnsOf(rows: Float32Array): Float32Array {
  return pickColumns(rows, ROW_COLS, MODEL_COLUMNS);
}

/** Windows of the model's columns, as the app computes them for a bundle of INSTRUMENTS_SPEC. */
export const extractInstrumentWindows: WindowExtractor = (samples, windowSeconds, hopSeconds) =>
  extractRowWindows(samples, windowSeconds, hopSeconds).map((w) => ({
    ...w,
    values: modelColumnsOf(w.values),
  }));
/** Longer recordings (some everyday sounds run minutes) are cut here: plenty for 1-s windows. */
export const MAX_SECONDS = 30;
export const AUDIO_EXTENSIONS = /\.(mp3|wav|ogg|flac)$/i;
/** Sounding windows kept per studio recording, spread over it (long recordings would otherwise dominate). */
export const MAX_WINDOWS_PER_FILE = 8;
/**
 * Sounding windows kept per real recording: they are phrases of several seconds, each window a different
 * moment of the playing, and there are few of them.
 */
export const REAL_WINDOWS_PER_FILE = 24;
/** Rough copies (microphone, noise, codec, level) of each real recording, for training only. */
export const REAL_ROUGH_COPIES = 2;
/** 1-s windows taken from each synthesised phrase (of SYNTH.lengthSeconds). */
export const PHRASE_WINDOWS = 4;
export const SYNTH: SynthOptions = { ...DEFAULT_SYNTH_OPTIONS, lengthSeconds: 4 };
/** Phrases per worker job. */
export const PHRASE_CHUNK = 20;
/**
 * Training phrases of a class, as a multiple of --phrases: trumpet has 15 source files against 150 of most
 * classes, so it gets more phrases (more note combinations, rooms and microphones from the few notes it has).
 */
export const PHRASE_BOOST: Record<string, number> = { trumpet: 3 };
/**
 * Each recorded studio training window is seen this many times per epoch: augmentation is added only as far as
 * it does not cost held-out clean-file accuracy (before real recordings: all clean rows ×3: files 0.905, ×5:
 * 0.915, ×5 with 768 units: 0.936; with them, ×3 and 512-128 units: 0.872).
 */
export const RECORDED_REPEAT = 5;
/**
 * Each real training window is seen this many times per epoch as recorded, and each of its rough copies
 * REAL_ROUGH_REPEAT times: about a third of a class's training weight is then real playing where it has real
 * recordings. Classes are balanced, so this sets the mix within a class, not the class's weight. (5-fold CV by
 * file in a quicker NumPy replica, real rows weighing ×3 / ×8 / ×20 a studio row: 0.673 / 0.687 / 0.680, while
 * studio held-out files fell 0.844 / 0.818 / 0.726.)
 */
export const REAL_REPEAT = 12;
export const REAL_ROUGH_REPEAT = 4;
/**
 * Sampled phrases (sampled.ts) rendered a class and sound font (--sampled N; 0 = none), the windows taken from
 * each (its rough copy gives half as many), and how often each is seen an epoch: with classes balanced, they are
 * then about a third of a class's training weight (experiments.md, fourth round).
 */
export const SAMPLED_PER_FONT = 60;
export const SAMPLED_WINDOWS_PER_FILE = 6;
export const SAMPLED_REPEAT = 2;
/** Folds of the real recordings, by file and stratified by class: fold 0 is the shipped model's held-out set. */
export const REAL_FOLDS = 5;

export const PARTS = ['train', 'val', 'test'] as const;
export type PartName = (typeof PARTS)[number];

export const log = (...parts: unknown[]) =>
  console.log(`[${(performance.now() / 1000).toFixed(0)}s]`, ...parts);

export function round(v: number): number {
  return Math.round(v * 1e4) / 1e4;
}

/**
 * The one list of feature sets computed from audio. Each entry knows its spec, the shape of one model input,
 * the shortest signal it reads, and how to turn a clip (mono, 22,050 Hz) into rows. The Train and Classify
 * views, their workers, Live and every CLI command read this list; a bundle naming another set (or another
 * version of one) is refused where it is opened.
 */
import { extractFrameWindows, framesSpec, type FrameWindow } from './frames';
import { extractGtzanLibrosa, gtzanLibrosaSpec } from './gtzanLibrosa';
import { extractTimbreWindows, timbreSpec } from './timbre';
import { logMelPatches, logmelSpec, PATCH_FRAMES } from './logmel';
import {
  checkMeydaOptions,
  DEFAULT_MEYDA_OPTIONS,
  MEYDA_SPECS,
  meydaSpec,
  meydaWindows,
  type MeydaOptions,
} from './meyda';
import type { FeatureSpec } from './spec';
import { PREDICTIONS_PER_SECOND } from '../live/liveAnalysis';

/**
 * `frames`: one row of frame-feature summaries per 1-s window (a clip shorter than a second gives one);
 * `timbre`: the `frames` row followed by descriptors of the instrument (harmonic balance relative to the pitch,
 * spectral contrast, mfcc deltas, the level envelope: timbre.ts), per 1-s window;
 * `gtzan-librosa`: the 57 GTZAN columns of the whole clip; `logmel`: 3-s log-mel patches for the CNN family;
 * `meyda`: Meyda's extractors summarised per 1-s window, 1,024-sample buffers every 512, and its other buffer
 * sizes and hops as `meyda@BUFFER/HOP` (e.g. `meyda@2048/1024`; the spec's name is `meyda` for all of them).
 */
export type AudioFeatureSet = 'frames' | 'timbre' | 'gtzan-librosa' | 'logmel' | MeydaFeatureKey;
export type MeydaFeatureKey = 'meyda' | `meyda@${number}/${number}`;

export interface ClipRows {
  /** count × row size, row-major. */
  values: Float32Array;
  count: number;
  /** Where each row starts in the clip, in seconds. */
  starts: Float64Array;
}

export interface AudioFeatureSetEntry {
  spec: FeatureSpec;
  /** Shape of one row: a vector of columns, or (logmel) frames × mel bands. */
  inputShape: number[];
  /** The shortest signal the set reads: one analysis frame. */
  minSamples: number;
  /**
   * The shortest stretch a model of this set is asked to name, seconds: below it the answer is "too short to
   * tell" (a 57-column summary of a 0.1-s click is no genre; a frames window needs half a second of sound).
   */
  minTellSeconds: number;
  /**
   * The most rows a second of audio gives in any view (Live reads `frames` and Meyda rows about eleven times a
   * second; Classify reads a gtzan-librosa row per segment of at least minTellSeconds): a model's cost per
   * second of audio is its cost per row times this (models/budget).
   */
  rowsPerSecond: number;
  rows(samples: Float32Array): ClipRows;
}

function pack(rows: Float32Array[], starts: number[]): ClipRows {
  const size = rows[0]?.length ?? 0;
  const values = new Float32Array(rows.length * size);
  rows.forEach((row, i) => values.set(row, i * size));
  return { values, count: rows.length, starts: Float64Array.from(starts) };
}

function meydaEntry(options: MeydaOptions): AudioFeatureSetEntry {
  const spec = meydaSpec(options);
  return {
    spec,
    inputShape: [spec.columns.length],
    minSamples: options.bufferSize,
    minTellSeconds: 0.5,
    rowsPerSecond: PREDICTIONS_PER_SECOND,
    rows(samples) {
      const windows = meydaWindows(samples, options);
      return pack(
        windows.map((w) => w.values),
        windows.map((w) => w.start),
      );
    },
  };
}

/** The key of a Meyda buffer size and hop: `meyda` for the default, `meyda@BUFFER/HOP` otherwise. */
export function meydaFeatureKey(options: MeydaOptions): MeydaFeatureKey {
  checkMeydaOptions(options);
  return options.bufferSize === DEFAULT_MEYDA_OPTIONS.bufferSize && options.hop === DEFAULT_MEYDA_OPTIONS.hop
    ? 'meyda'
    : `meyda@${options.bufferSize}/${options.hop}`;
}

/** The buffer size and hop a `meyda` key names; null for any other string or an unsupported pair. */
export function meydaOptionsOf(key: string): MeydaOptions | null {
  if (key === 'meyda') return { ...DEFAULT_MEYDA_OPTIONS };
  const match = /^meyda@(\d{1,5})\/(\d{1,5})$/.exec(key);
  if (!match) return null;
  const options = { bufferSize: Number(match[1]), hop: Number(match[2]) };
  try {
    checkMeydaOptions(options);
  } catch {
    return null;
  }
  return options;
}

const meydaEntries = new Map<string, AudioFeatureSetEntry>();

/** A set of one row per 1-s window, as Live reads it (frames, timbre). */
function windowedEntry(
  spec: FeatureSpec,
  extract: (samples: Float32Array, windowSeconds: number) => FrameWindow[],
): AudioFeatureSetEntry {
  return {
    spec,
    inputShape: [spec.columns.length],
    minSamples: spec.frameLength,
    minTellSeconds: 0.5,
    rowsPerSecond: PREDICTIONS_PER_SECOND,
    rows(samples) {
      const windows = extract(samples, 1);
      return pack(
        windows.map((w) => w.values),
        windows.map((w) => w.start),
      );
    },
  };
}

const REGISTRY: Record<Exclude<AudioFeatureSet, MeydaFeatureKey>, AudioFeatureSetEntry> = {
  frames: windowedEntry(framesSpec, extractFrameWindows),
  timbre: windowedEntry(timbreSpec, extractTimbreWindows),
  'gtzan-librosa': {
    spec: gtzanLibrosaSpec,
    inputShape: [gtzanLibrosaSpec.columns.length],
    minSamples: gtzanLibrosaSpec.frameLength,
    minTellSeconds: 3,
    rowsPerSecond: 1 / 3,
    rows: (samples) => pack([extractGtzanLibrosa(samples)], [0]),
  },
  logmel: {
    spec: logmelSpec,
    // cnn2d reads a patch as a one-channel image, rnn / cnn1d as a sequence of 128-band frames.
    inputShape: [PATCH_FRAMES, logmelSpec.columns.length],
    minSamples: logmelSpec.frameLength,
    minTellSeconds: 1,
    // Patches side by side, PATCH_FRAMES frames each.
    rowsPerSecond: logmelSpec.sampleRate / (logmelSpec.hop * PATCH_FRAMES),
    rows(samples) {
      const patches = logMelPatches(samples);
      return pack(
        patches.map((p) => p.data),
        patches.map((p) => p.startSeconds),
      );
    },
  },
};

/** In the order the Train view offers them (Meyda's other buffer sizes and hops are `meyda@BUFFER/HOP`). */
export const AUDIO_FEATURE_SETS: readonly AudioFeatureSet[] = [
  'frames',
  'timbre',
  'gtzan-librosa',
  'logmel',
  'meyda',
];
/**
 * The specs this build computes from audio, for `checkSpecSupported` / `openBundle`: one per set, and one
 * `meyda` spec per buffer size and hop.
 */
export const AUDIO_SPECS: readonly FeatureSpec[] = [
  framesSpec,
  timbreSpec,
  gtzanLibrosaSpec,
  logmelSpec,
  ...MEYDA_SPECS,
];

export function isAudioFeatureSet(name: unknown): name is AudioFeatureSet {
  if (typeof name !== 'string') return false;
  return (AUDIO_FEATURE_SETS as readonly string[]).includes(name) || meydaOptionsOf(name) !== null;
}

export function audioFeatureSet(set: AudioFeatureSet): AudioFeatureSetEntry {
  if (!isAudioFeatureSet(set)) {
    throw new Error(
      `Unknown feature set "${String(set).slice(0, 80)}": expected ${AUDIO_FEATURE_SETS.join(', ')} (or meyda@BUFFER/HOP)`,
    );
  }
  const meyda = meydaOptionsOf(set);
  if (meyda) {
    const key = meydaFeatureKey(meyda);
    let entry = meydaEntries.get(key);
    if (!entry) {
      entry = meydaEntry(meyda);
      meydaEntries.set(key, entry);
    }
    return entry;
  }
  return REGISTRY[set as Exclude<AudioFeatureSet, MeydaFeatureKey>];
}

/**
 * The set that computes a (checked) spec: its name, or for `meyda` the key of its buffer size and hop. Null
 * for a spec not computed from audio.
 */
export function audioFeatureSetOfSpec(spec: FeatureSpec): AudioFeatureSet | null {
  if (spec.name === 'meyda') {
    const options = { bufferSize: spec.frameLength, hop: spec.hop };
    try {
      return meydaFeatureKey(options);
    } catch {
      return null;
    }
  }
  return isAudioFeatureSet(spec.name) ? spec.name : null;
}

/** The most rows a second of audio gives for a spec's set (see `rowsPerSecond`); null for a spec not read from audio. */
export function rowsPerSecondOf(spec: FeatureSpec): number | null {
  const set = audioFeatureSetOfSpec(spec);
  return set === null ? null : audioFeatureSet(set).rowsPerSecond;
}

export function specOf(set: AudioFeatureSet): FeatureSpec {
  return audioFeatureSet(set).spec;
}

export function inputShapeOf(set: AudioFeatureSet): number[] {
  return [...audioFeatureSet(set).inputShape];
}

/** The clip's rows in a feature set. Throws, naming the problem, for an empty or too-short signal. */
export function clipRows(samples: Float32Array, set: AudioFeatureSet): ClipRows {
  if (samples.length === 0) throw new Error('The clip holds no samples');
  return audioFeatureSet(set).rows(samples);
}

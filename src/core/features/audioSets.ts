/**
 * The one list of feature sets computed from audio. Each entry knows its spec, the shape of one model input,
 * the shortest signal it reads, and how to turn a clip (mono, 22,050 Hz) into rows. The Train and Classify
 * views, their workers, Live and every CLI command read this list; a bundle naming another set (or another
 * version of one) is refused where it is opened.
 */
import { extractFrameWindows, framesSpec } from './frames';
import { extractGtzanLibrosa, gtzanLibrosaSpec } from './gtzanLibrosa';
import { logMelPatches, logmelSpec, PATCH_FRAMES } from './logmel';
import type { FeatureSpec } from './spec';

/**
 * `frames`: one row of frame-feature summaries per 1-s window (a clip shorter than a second gives one);
 * `gtzan-librosa`: the 57 GTZAN columns of the whole clip; `logmel`: 3-s log-mel patches for the CNN family.
 */
export type AudioFeatureSet = 'frames' | 'gtzan-librosa' | 'logmel';

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
  rows(samples: Float32Array): ClipRows;
}

function pack(rows: Float32Array[], starts: number[]): ClipRows {
  const size = rows[0]?.length ?? 0;
  const values = new Float32Array(rows.length * size);
  rows.forEach((row, i) => values.set(row, i * size));
  return { values, count: rows.length, starts: Float64Array.from(starts) };
}

const REGISTRY: Record<AudioFeatureSet, AudioFeatureSetEntry> = {
  frames: {
    spec: framesSpec,
    inputShape: [framesSpec.columns.length],
    minSamples: framesSpec.frameLength,
    minTellSeconds: 0.5,
    rows(samples) {
      const windows = extractFrameWindows(samples, 1);
      return pack(
        windows.map((w) => w.values),
        windows.map((w) => w.start),
      );
    },
  },
  'gtzan-librosa': {
    spec: gtzanLibrosaSpec,
    inputShape: [gtzanLibrosaSpec.columns.length],
    minSamples: gtzanLibrosaSpec.frameLength,
    minTellSeconds: 3,
    rows: (samples) => pack([extractGtzanLibrosa(samples)], [0]),
  },
  logmel: {
    spec: logmelSpec,
    // cnn2d reads a patch as a one-channel image, rnn / cnn1d as a sequence of 128-band frames.
    inputShape: [PATCH_FRAMES, logmelSpec.columns.length],
    minSamples: logmelSpec.frameLength,
    minTellSeconds: 1,
    rows(samples) {
      const patches = logMelPatches(samples);
      return pack(
        patches.map((p) => p.data),
        patches.map((p) => p.startSeconds),
      );
    },
  },
};

/** In the order the Train view offers them. */
export const AUDIO_FEATURE_SETS: readonly AudioFeatureSet[] = ['frames', 'gtzan-librosa', 'logmel'];
/** The specs this build computes from audio, for `checkSpecSupported` / `openBundle`. */
export const AUDIO_SPECS: readonly FeatureSpec[] = AUDIO_FEATURE_SETS.map((s) => REGISTRY[s].spec);

export function isAudioFeatureSet(name: unknown): name is AudioFeatureSet {
  return typeof name === 'string' && (AUDIO_FEATURE_SETS as readonly string[]).includes(name);
}

export function audioFeatureSet(set: AudioFeatureSet): AudioFeatureSetEntry {
  if (!isAudioFeatureSet(set)) {
    throw new Error(`Unknown feature set "${String(set)}": expected ${AUDIO_FEATURE_SETS.join(', ')}`);
  }
  return REGISTRY[set];
}

export function specOf(set: AudioFeatureSet): FeatureSpec {
  return audioFeatureSet(set).spec;
}

export function inputShapeOf(set: AudioFeatureSet): number[] {
  return [...audioFeatureSet(set).inputShape];
}

/** Throws, naming the set and the lengths, when a signal is shorter than the set reads. */

/** The clip's rows in a feature set. Throws, naming the problem, for an empty or too-short signal. */
export function clipRows(samples: Float32Array, set: AudioFeatureSet): ClipRows {
  if (samples.length === 0) throw new Error('The clip holds no samples');
  return audioFeatureSet(set).rows(samples);
}

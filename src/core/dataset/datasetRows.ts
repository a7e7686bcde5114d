/**
 * Training rows from one clip: the chosen feature set applied to its analysis signal (mono, 22,050 Hz), and
 * augmented copies of it. No DOM: the dataset features worker runs it; Node tests run it on real files.
 */
import { extractFrameWindows, framesSpec } from '../features/frames';
import { extractGtzanLibrosa, gtzanLibrosaSpec } from '../features/gtzanLibrosa';
import { logMelPatches, logmelSpec, PATCH_FRAMES } from '../features/logmel';
import type { FeatureSpec } from '../features/spec';
import { createRng } from '../random';
import { makeAugmenter } from '../train/augment';
import type { AugmentOptions } from '../train/augment';

/**
 * `frames`: one row of frame-feature summaries per 1-s window (a clip shorter than a second gives one);
 * `gtzan-librosa`: the 57 GTZAN columns of the whole clip; `logmel`: 3-s log-mel patches for the CNN family.
 */
export type AudioFeatureSet = 'frames' | 'gtzan-librosa' | 'logmel';
export const AUDIO_FEATURE_SETS: readonly AudioFeatureSet[] = ['frames', 'gtzan-librosa', 'logmel'];

export const MAX_AUGMENT_COPIES = 8;

export function specOf(set: AudioFeatureSet): FeatureSpec {
  switch (set) {
    case 'frames':
      return framesSpec;
    case 'gtzan-librosa':
      return gtzanLibrosaSpec;
    case 'logmel':
      return logmelSpec;
    default:
      throw new Error(`Unknown feature set "${String(set)}": expected ${AUDIO_FEATURE_SETS.join(', ')}`);
  }
}

/**
 * Shape of one row: a vector of columns, or (logmel) frames × mel bands, which cnn2d reads as a one-channel
 * image and rnn / cnn1d as a sequence of 128-band frames.
 */
export function inputShapeOf(set: AudioFeatureSet): number[] {
  const spec = specOf(set);
  return set === 'logmel' ? [PATCH_FRAMES, spec.columns.length] : [spec.columns.length];
}

export interface ClipRows {
  /** count × row size, row-major. */
  values: Float32Array;
  count: number;
  /** Where each row starts in the clip, in seconds. */
  starts: Float64Array;
}

/** The clip's rows in a feature set. Throws, naming the problem, for an empty or non-finite signal. */
export function clipRows(samples: Float32Array, set: AudioFeatureSet): ClipRows {
  if (samples.length === 0) throw new Error('The clip holds no samples');
  switch (set) {
    case 'frames': {
      const windows = extractFrameWindows(samples, 1);
      return pack(
        windows.map((w) => w.values),
        windows.map((w) => w.start),
      );
    }
    case 'gtzan-librosa':
      return pack([extractGtzanLibrosa(samples)], [0]);
    case 'logmel': {
      const patches = logMelPatches(samples);
      return pack(
        patches.map((p) => p.data),
        patches.map((p) => p.startSeconds),
      );
    }
    default:
      throw new Error(`Unknown feature set "${String(set)}": expected ${AUDIO_FEATURE_SETS.join(', ')}`);
  }
}

function pack(rows: Float32Array[], starts: number[]): ClipRows {
  const size = rows[0]?.length ?? 0;
  const values = new Float32Array(rows.length * size);
  rows.forEach((row, i) => values.set(row, i * size));
  return { values, count: rows.length, starts: Float64Array.from(starts) };
}

/** Checks augmentation options where they enter, naming the first bad value. */
export function checkAugmentOptions(options: AugmentOptions): void {
  const { copies, maxShiftSeconds, gainDb, noiseSnrDb, noiseProbability, speed, speedProbability } = options;
  if (!Number.isInteger(copies) || copies < 0 || copies > MAX_AUGMENT_COPIES) {
    throw new Error(
      `Expected augmentation copies to be an integer in [0, ${MAX_AUGMENT_COPIES}], got ${copies}`,
    );
  }
  if (!(maxShiftSeconds >= 0 && maxShiftSeconds <= 10)) {
    throw new Error(`Expected the time shift in [0, 10] s, got ${maxShiftSeconds}`);
  }
  if (!(gainDb >= 0 && gainDb <= 40)) throw new Error(`Expected the gain range in [0, 40] dB, got ${gainDb}`);
  if (noiseSnrDb && !(noiseSnrDb[0] >= -20 && noiseSnrDb[0] <= noiseSnrDb[1] && noiseSnrDb[1] <= 100)) {
    throw new Error(
      `Expected the noise SNR as [min, max] within [-20, 100] dB, got [${noiseSnrDb.join(', ')}]`,
    );
  }
  if (speed && !(speed[0] >= 0.5 && speed[0] <= speed[1] && speed[1] <= 2)) {
    throw new Error(`Expected the speed range as [min, max] within [0.5, 2], got [${speed.join(', ')}]`);
  }
  for (const [name, p] of [
    ['noise probability', noiseProbability],
    ['speed probability', speedProbability],
  ] as const) {
    if (!(p >= 0 && p <= 1)) throw new Error(`Expected the ${name} in [0, 1], got ${p}`);
  }
}

/**
 * `options.copies` altered versions of the clip (each through the core augmenter, seeded), turned into rows.
 * Same seed, same rows.
 */
export function augmentedClipRows(
  samples: Float32Array,
  set: AudioFeatureSet,
  options: AugmentOptions,
  seed: number,
): ClipRows {
  checkAugmentOptions(options);
  const augment = makeAugmenter({
    sampleRate: specOf(set).sampleRate,
    maxShiftSeconds: options.maxShiftSeconds,
    gainDb: options.gainDb,
    noiseSnrDb: options.noiseSnrDb ?? undefined,
    noiseProbability: options.noiseProbability,
    speed: options.speed ?? undefined,
    speedProbability: options.speedProbability,
  });
  const rng = createRng(seed);
  const parts: ClipRows[] = [];
  for (let copy = 0; copy < options.copies; copy++) parts.push(clipRows(augment(samples, rng), set));
  const size = parts[0] ? parts[0].values.length / Math.max(parts[0].count, 1) : 0;
  return pack(
    parts.flatMap((p) =>
      Array.from({ length: p.count }, (_, i) => p.values.subarray(i * size, (i + 1) * size)),
    ),
    parts.flatMap((p) => Array.from(p.starts)),
  );
}

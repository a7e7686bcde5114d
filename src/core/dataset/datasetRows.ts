/**
 * Training rows from one clip: the chosen feature set applied to its analysis signal (mono, 22,050 Hz), and
 * augmented copies of it. No DOM: the dataset features worker runs it; Node tests run it on real files.
 */
import { clipRows, specOf, type AudioFeatureSet, type ClipRows } from '../features/audioSets';
import { createRng } from '../random';
import { makeAugmenter } from '../train/augment';
import type { AugmentOptions } from '../train/augment';

export const MAX_AUGMENT_COPIES = 8;

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
  const count = parts.reduce((n, p) => n + p.count, 0);
  const values = new Float32Array(count * size);
  let row = 0;
  for (const p of parts) {
    values.set(p.values.subarray(0, p.count * size), row * size);
    row += p.count;
  }
  return { values, count, starts: Float64Array.from(parts.flatMap((p) => Array.from(p.starts))) };
}

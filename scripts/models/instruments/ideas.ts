/**
 * Training-side ideas for the instruments model that work on the cached rows (the model's columns), so that trying one costs
 * a training run and no row recomputation, and the app's features stay as they are. Each is off by default.
 *
 * - colourDb: a random smooth equaliser (the microphone and room colouring a recording) applied in feature
 *   space. The mfcc columns are an orthonormal DCT of 40 mel bands in dB, so adding the curve
 *   c(m) = Σ_j a_j·cos(π·j·(m + ½)/40) to every frame's bands adds a_j·√20 to mfcc(j+1) in every frame: the
 *   location statistics (mean, median, min, max) of mfcc2 … mfcc(J+1) move by that much; their spread and
 *   shape statistics do not. a_j ~ N(0, colourDb / j).
 * - gainDb: a random level (± gainDb): mfcc1's location statistics move by g·√40, rms's by the factor
 *   10^(g/20) and loudness's by 10^(0.23·g/20) (Σ of band magnitudes to the 0.23).
 * - noise: Gaussian noise of this std added to every standardised column (a smoothness prior: nearby rows,
 *   such as the same instrument through another microphone, should get the same answer).
 *
 * The augmentation runs on standardised rows (train.ts's `augment` hook): the touched columns are taken back to
 * raw values through the standardiser, changed, and standardised again.
 */
import type { Standardizer } from '../../../src/core/data/normalize';
import type { SUMMARY_STATS } from '../../../src/core/features/frames';
import type { Rng } from '../../../src/core/random';
import { INSTRUMENTS_SPEC } from './config';

export interface Ideas {
  /** Std (dB) of the first cosine component of the random equaliser curve; 0 = off. */
  colourDb: number;
  /** Cosine components of the equaliser curve (mfcc2 … mfcc(J+1)). */
  colourComponents: number;
  /** Random level within ± gainDb; 0 = off. */
  gainDb: number;
  /** Std of Gaussian noise on every standardised column; 0 = off. */
  noise: number;
  /** Share of training rows augmented (the rest are seen as they are). */
  augmentShare: number;
  /** Real recordings' rows as recorded / rough copies, seen this many times per epoch (null: config's). */
  realRepeat: number | null;
  realRoughRepeat: number | null;
  /** Studio recorded (single-note) rows seen this many times per epoch (null: config's). */
  recordedRepeat: number | null;
}

export const NO_IDEAS: Ideas = {
  colourDb: 0,
  colourComponents: 4,
  gainDb: 0,
  noise: 0,
  augmentShare: 0.8,
  realRepeat: null,
  realRoughRepeat: null,
  recordedRepeat: null,
};

const LOCATION_STATS = ['mean', 'median', 'min', 'max'] as const;
const SCALE_STATS = ['mean', 'std', 'median', 'min', 'max'] as const;
const col = (feature: string, stat: (typeof SUMMARY_STATS)[number]) => {
  const at = INSTRUMENTS_SPEC.columns.indexOf(`${feature}_${stat}`);
  if (at < 0) throw new Error(`The instruments model has no column ${feature}_${stat}`);
  return at;
};
const N_MELS = 40;

/** Whether any idea changes the training rows as they are drawn. */
export function augments(ideas: Ideas): boolean {
  return ideas.colourDb > 0 || ideas.gainDb > 0 || ideas.noise > 0;
}

const mfccLocation = (k: number) => LOCATION_STATS.map((s) => col(`mfcc${k + 1}`, s));
const RMS = SCALE_STATS.map((s) => col('rms', s));
const LOUDNESS = SCALE_STATS.map((s) => col('loudness', s));

/** A raw model row as if its sound were `gainDb` louder (in place): see the header. */
export function shiftLevel(row: Float32Array, gainDb: number): Float32Array {
  for (const c of mfccLocation(0)) row[c] += gainDb * Math.sqrt(N_MELS);
  for (const c of RMS) row[c] *= 10 ** (gainDb / 20);
  for (const c of LOUDNESS) row[c] *= 10 ** ((0.23 * gainDb) / 20);
  return row;
}

/**
 * A raw model row as if every frame's mel bands (dB) had the curve Σ_j amplitudes[j−1]·cos(π·j·(m + ½)/40)
 * added (in place): the location statistics of mfcc2 … mfcc(J+1) move.
 */
export function shiftColour(row: Float32Array, amplitudesDb: readonly number[]): Float32Array {
  amplitudesDb.forEach((a, i) => {
    for (const c of mfccLocation(i + 1)) row[c] += a * Math.sqrt(N_MELS / 2);
  });
  return row;
}

/** The `augment` hook of train.ts for these ideas on rows standardised by `standardizer`; null when none. */
export function featureAugment(
  ideas: Ideas,
  standardizer: Standardizer,
): ((example: Float32Array, rng: Rng) => Float32Array) | null {
  if (!augments(ideas)) return null;
  const { mean, std } = standardizer;
  const touched = [
    ...(ideas.colourDb > 0
      ? Array.from({ length: ideas.colourComponents }, (_, j) => mfccLocation(j + 1)).flat()
      : []),
    ...(ideas.gainDb > 0 ? [...mfccLocation(0), ...RMS, ...LOUDNESS] : []),
  ];
  return (example, rng) => {
    if (rng.next() >= ideas.augmentShare) return example;
    const x = example.slice();
    if (ideas.noise > 0) for (let c = 0; c < x.length; c++) x[c] += rng.normal() * ideas.noise;
    if (touched.length === 0) return x;
    for (const c of touched) x[c] = x[c] * std[c] + mean[c];
    if (ideas.colourDb > 0)
      shiftColour(
        x,
        Array.from({ length: ideas.colourComponents }, (_, j) => (rng.normal() * ideas.colourDb) / (j + 1)),
      );
    if (ideas.gainDb > 0) shiftLevel(x, (2 * rng.next() - 1) * ideas.gainDb);
    for (const c of touched) x[c] = (x[c] - mean[c]) / std[c];
    return x;
  };
}

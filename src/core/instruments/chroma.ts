/**
 * Key invariance for the instruments model. The `frames` rows hold 12 chroma bins, each summarised by the same
 * statistics; an instrument's name does not depend on which pitch classes it happens to play, but a sample
 * library that recorded mostly C and G would teach a model that it does. So the training rows are transposed at
 * random (the chroma bins rotated, every statistic with its bin), and the 12 bins share one normalisation per
 * statistic, so that rotating a standardised row is the same as standardising a rotated one.
 */
import type { Standardizer } from '../data/normalize';
import { framesSpec, SUMMARY_STATS } from '../features/frames';

const N_CHROMA = 12;

/** Column index of chroma bin b (0 … 11) and statistic s in framesSpec.columns. */
const CHROMA_COLUMNS: number[][] = Array.from({ length: N_CHROMA }, (_, b) =>
  SUMMARY_STATS.map((stat) => {
    const at = framesSpec.columns.indexOf(`chroma${b + 1}_${stat}`);
    if (at < 0) throw new Error(`framesSpec has no column chroma${b + 1}_${stat}`);
    return at;
  }),
);

/** A copy of the row with its chroma bins moved up by `semitones` (bin b goes to b + semitones, mod 12). */
export function rotateChroma(row: Float32Array, semitones: number): Float32Array {
  // A `frames` row, or one that starts with the `frames` columns (`timbre`).
  if (row.length < framesSpec.columns.length)
    throw new Error(`Expected a frames row of ${framesSpec.columns.length} values, got ${row.length}`);
  if (!Number.isInteger(semitones)) throw new Error(`Expected a whole number of semitones, got ${semitones}`);
  const out = row.slice();
  const k = ((semitones % N_CHROMA) + N_CHROMA) % N_CHROMA;
  if (k === 0) return out;
  for (let b = 0; b < N_CHROMA; b++) {
    const from = CHROMA_COLUMNS[b];
    const to = CHROMA_COLUMNS[(b + k) % N_CHROMA];
    for (let s = 0; s < from.length; s++) out[to[s]] = row[from[s]];
  }
  return out;
}

/**
 * The standardiser with each chroma statistic's mean and std pooled over the 12 bins (the std of all 12 bins'
 * values together, from each bin's mean and std), so that it commutes with `rotateChroma`.
 */
export function tieChromaNormalization(standardizer: Standardizer): Standardizer {
  const mean = [...standardizer.mean];
  const std = [...standardizer.std];
  if (mean.length < framesSpec.columns.length)
    throw new Error(
      `Expected a standardizer of at least the ${framesSpec.columns.length} frames columns, got ${mean.length}`,
    );
  for (let s = 0; s < SUMMARY_STATS.length; s++) {
    const cols = CHROMA_COLUMNS.map((c) => c[s]);
    const m = cols.reduce((sum, c) => sum + standardizer.mean[c], 0) / N_CHROMA;
    const variance =
      cols.reduce((sum, c) => sum + standardizer.std[c] ** 2 + (standardizer.mean[c] - m) ** 2, 0) / N_CHROMA;
    const sd = Math.sqrt(variance) > 0 ? Math.sqrt(variance) : 1;
    for (const c of cols) {
      mean[c] = m;
      std[c] = sd;
    }
  }
  return { ...standardizer, mean, std };
}

/**
 * Running the instruments model over a clip's 1-s windows (a dropped song, or the live microphone's latest
 * window): silent windows are "nothing playing" and are not shown to the model; the rest are standardised as
 * at training time and classified. A clip's answer is the class with the highest mean probability over its
 * sounding windows, beside the share of windows each class wins.
 */
import { usableStd } from '../data/normalize';
import type { FrameWindow } from '../features/frames';
import { pickColumns } from '../features/spec';
import { isSilentWindow } from './windows';

/** What prediction needs from a loaded bundle. */
export interface WindowModel {
  classNames: readonly string[];
  /** Per-column standardisation from the bundle (null: none). */
  normalization: { mean: readonly number[]; std: readonly number[] } | null;
  /** Class probabilities of a batch of standardised rows (rows × classes). */
  predictProbs(x: Float32Array): Float32Array;
  /**
   * Where each of the model's columns is in a window's row, when the model reads a subset of the columns its
   * feature set computes (columnPicker); absent: every column, in order. Silence is judged on the whole row.
   */
  columns?: Int32Array;
}

export interface WindowResult {
  start: number;
  end: number;
  silent: boolean;
  /** Class probabilities; null for a silent window. */
  probs: Float32Array | null;
  /** Index of the most probable class; -1 for a silent window. */
  top: number;
}

/** Standardised copy of the rows (rows × columns), as the bundle's normalisation says. */
export function standardizeRows(model: WindowModel, rows: readonly ArrayLike<number>[]): Float32Array {
  const cols = rows.length > 0 ? rows[0].length : 0;
  const out = new Float32Array(rows.length * cols);
  const norm = model.normalization;
  rows.forEach((row, r) => {
    if (row.length !== cols)
      throw new Error(`Expected rows of ${cols} values, got ${row.length} at row ${r}`);
    if (norm && norm.mean.length !== cols)
      throw new Error(`The model's normalisation has ${norm.mean.length} columns, the rows ${cols}`);
    for (let c = 0; c < cols; c++) {
      const z = Math.fround(norm ? (row[c] - norm.mean[c]) / usableStd(norm.std[c]) : row[c]);
      if (!Number.isFinite(z))
        throw new Error(`Expected finite features, got ${row[c]} at row ${r}, column ${c}`);
      out[r * cols + c] = z;
    }
  });
  return out;
}

/** Classifies every sounding window in one batch. */
export function classifyWindows(model: WindowModel, windows: readonly FrameWindow[]): WindowResult[] {
  const k = model.classNames.length;
  const sounding = windows.filter((w) => !isSilentWindow(w.values));
  const probs =
    sounding.length > 0
      ? model.predictProbs(
          standardizeRows(
            model,
            sounding.map(({ values }) =>
              model.columns ? pickColumns(values, values.length, model.columns) : values,
            ),
          ),
        )
      : null;
  if (probs && probs.length !== sounding.length * k)
    throw new Error(`Expected ${sounding.length * k} probabilities from the model, got ${probs.length}`);
  let next = 0;
  return windows.map((w) => {
    if (isSilentWindow(w.values)) return { start: w.start, end: w.end, silent: true, probs: null, top: -1 };
    const p = probs!.slice(next * k, (next + 1) * k);
    next++;
    let top = 0;
    for (let c = 1; c < k; c++) if (p[c] > p[top]) top = c;
    return { start: w.start, end: w.end, silent: false, probs: p, top };
  });
}

export interface ClipSummary {
  windows: number;
  silentWindows: number;
  /** Mean probability per class over the sounding windows, highest first. */
  mean: { className: string; prob: number }[];
  /** Share of sounding windows each class wins, highest first (classes that win none are left out). */
  votes: { className: string; share: number }[];
  /** The clip's class: highest mean probability; null when every window is silent. */
  top: string | null;
}

export function summarizeClip(classNames: readonly string[], results: readonly WindowResult[]): ClipSummary {
  const k = classNames.length;
  const sums = new Float64Array(k);
  const wins = new Float64Array(k);
  let sounding = 0;
  for (const r of results) {
    if (r.silent || !r.probs) continue;
    sounding++;
    for (let c = 0; c < k; c++) sums[c] += r.probs[c];
    wins[r.top]++;
  }
  const mean = classNames
    .map((className, c) => ({ className, prob: sounding > 0 ? sums[c] / sounding : 0 }))
    .sort((a, b) => b.prob - a.prob);
  const votes = classNames
    .map((className, c) => ({ className, share: sounding > 0 ? wins[c] / sounding : 0 }))
    .filter((v) => v.share > 0)
    .sort((a, b) => b.share - a.share);
  return {
    windows: results.length,
    silentWindows: results.length - sounding,
    mean,
    votes,
    top: sounding > 0 ? mean[0].className : null,
  };
}

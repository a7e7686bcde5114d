/**
 * Audio datasets judged by files, not windows. A folder of notes cut into 1-s windows gives a long note
 * thirteen rows and a short one a single row: counted by rows, a class of long notes looks thirteen times as
 * large as one of short notes, and a model trained on all its windows learns mostly from a few long files.
 *
 * - `filesPerClass`: the files (groups) of each class, what the imbalance hint compares;
 * - `perFileCap` / `capRowsPerFile`: no file gives more than twice the windows of a typical file of the class
 *   with the shortest files; a longer file keeps that many windows, evenly spaced over its length (so the
 *   whole note is still seen).
 */

/** Distinct groups (files, tracks) of each class. A row labelled < 0 (unlabelled) is not counted. */
export function filesPerClass(
  labels: ArrayLike<number>,
  groups: readonly string[],
  classes: number,
): number[] {
  if (labels.length !== groups.length)
    throw new Error(`Expected one group per row (${labels.length}), got ${groups.length}`);
  const seen = Array.from({ length: classes }, () => new Set<string>());
  for (let r = 0; r < labels.length; r++) {
    const y = labels[r];
    if (y >= 0 && y < classes) seen[y].add(groups[r]);
  }
  return seen.map((s) => s.size);
}

/** How much larger the largest class is than the smallest (Infinity when a class is empty). */
export function imbalanceRatio(counts: readonly number[]): number {
  if (counts.length === 0) return 1;
  const min = Math.min(...counts);
  return min > 0 ? Math.max(...counts) / min : Infinity;
}

/** The ratio from which the page suggests balanced class weights. */
export const IMBALANCE_HINT_RATIO = 3;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length / 2;
  return sorted.length % 2 ? sorted[Math.floor(mid)] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Windows a file may give: twice the median file's windows in the class whose files are shortest (rounded up,
 * at least 1). Then, file for file, no class outweighs another by more than about 2 : 1 in rows, however much
 * longer its notes are; a folder of equally long songs is not capped at all.
 */
export function perFileCap(groups: readonly string[], labels: ArrayLike<number>): number {
  if (labels.length !== groups.length)
    throw new Error(`Expected one group per row (${labels.length}), got ${groups.length}`);
  const counts = new Map<string, { label: number; rows: number }>();
  groups.forEach((g, r) => {
    const entry = counts.get(g);
    if (entry) entry.rows++;
    else counts.set(g, { label: labels[r], rows: 1 });
  });
  const byClass = new Map<number, number[]>();
  for (const { label, rows } of counts.values()) {
    if (label < 0) continue;
    const list = byClass.get(label);
    if (list) list.push(rows);
    else byClass.set(label, [rows]);
  }
  if (byClass.size === 0) return 1;
  const shortest = Math.min(...[...byClass.values()].map(median));
  return Math.max(1, Math.ceil(2 * shortest));
}

/**
 * Indices (ascending) of the rows to keep so that no group has more than `cap` rows: a longer group keeps `cap`
 * of its rows, evenly spaced in the order they come. Rows of a group need not be contiguous.
 */
export function capRowsPerFile(groups: readonly string[], cap: number): Int32Array {
  if (!(Number.isInteger(cap) && cap >= 1)) throw new Error(`Expected a cap >= 1 rows per file, got ${cap}`);
  const rowsOf = new Map<string, number[]>();
  groups.forEach((g, r) => {
    const list = rowsOf.get(g);
    if (list) list.push(r);
    else rowsOf.set(g, [r]);
  });
  const keep: number[] = [];
  for (const rows of rowsOf.values()) {
    if (rows.length <= cap) keep.push(...rows);
    else for (let i = 0; i < cap; i++) keep.push(rows[Math.floor(((i + 0.5) * rows.length) / cap)]);
  }
  return Int32Array.from(keep.sort((a, b) => a - b));
}

/** Rows `keep` (ascending indices) of a rows × size matrix. */
export function pickRows(x: Float32Array, size: number, keep: Int32Array): Float32Array {
  const out = new Float32Array(keep.length * size);
  keep.forEach((r, i) => out.set(x.subarray(r * size, (r + 1) * size), i * size));
  return out;
}

/** What capping left out, for a note beside the counts. */
export interface CapNote {
  cap: number;
  /** Rows (windows) left out, and the files they came from. */
  rowsLeftOut: number;
  files: number;
}

/** The note for rows `keep` of `groups` at `cap`; null when nothing was left out. */
export function capNote(groups: readonly string[], keep: Int32Array, cap: number): CapNote | null {
  if (keep.length === groups.length) return null;
  const counts = new Map<string, number>();
  for (const g of groups) counts.set(g, (counts.get(g) ?? 0) + 1);
  const files = [...counts.values()].filter((n) => n > cap).length;
  return { cap, rowsLeftOut: groups.length - keep.length, files };
}

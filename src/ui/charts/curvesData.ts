/** Data shaping for overlaid per-epoch curves of several runs (Recharts wants one row per x value). */
import { classColour } from './classColours';

export interface CurvePoint {
  epoch: number;
  /** null where the run logged nothing (e.g. no validation set). */
  value: number | null;
}

export interface CurveSeries {
  /** Unique among the series: a run id. */
  id: string;
  name: string;
  points: CurvePoint[];
}

export interface CurveRow {
  epoch: number;
  [seriesId: string]: number | null;
}

/** One row per epoch any series logged, each holding every series' value there (or null). */
export function mergeCurves(series: readonly CurveSeries[]): CurveRow[] {
  const ids = new Set<string>();
  for (const s of series) {
    if (s.id === 'epoch') throw new Error('Expected series ids other than "epoch"');
    if (ids.has(s.id)) throw new Error(`Expected distinct series ids, got "${s.id}" twice`);
    ids.add(s.id);
  }
  const rows = new Map<number, CurveRow>();
  for (const s of series) {
    for (const p of s.points) {
      if (!Number.isFinite(p.epoch)) throw new Error(`Expected finite epochs, got ${p.epoch} in "${s.name}"`);
      let row = rows.get(p.epoch);
      if (!row) {
        row = { epoch: p.epoch };
        for (const other of series) row[other.id] = null;
        rows.set(p.epoch, row);
      }
      row[s.id] = p.value !== null && Number.isFinite(p.value) ? p.value : null;
    }
  }
  return [...rows.values()].sort((a, b) => a.epoch - b.epoch);
}

/** Series (runs, splits) take the app's one categorical palette, as classes do. */
export const seriesColour = classColour;

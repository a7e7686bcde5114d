import { toCsv } from '../../core/data/csv';
import type { ClassifyFile, SongPrediction } from '../../state/classify';
import { instrumentPresence } from './instrumentPresence';

/** One line of the many-files summary. */
export interface ResultSummary {
  id: string;
  name: string;
  durationSeconds: number | null;
  status: ClassifyFile['phase'];
  topGenre: string | null;
  topGenreProb: number | null;
  /** Instruments heard (the core rule: only those it is confident of), most heard first. */
  instruments: string[];
  /** Set when instruments were looked for and none is confident enough: the table says "not sure". */
  instrumentsNotSure: boolean;
}

export function topClass(prediction: SongPrediction | undefined): { name: string; p: number } | null {
  if (!prediction?.song || prediction.abstain) return null;
  let best = 0;
  prediction.song.forEach((p, i) => {
    if (p > prediction.song![best]) best = i;
  });
  return { name: prediction.classNames[best], p: prediction.song[best] };
}

export function summarizeFile(file: ClassifyFile): ResultSummary {
  const genre = topClass(file.genre);
  const verdict = file.instruments
    ? instrumentPresence(file.instruments.classNames, file.instruments.units)
    : null;
  const instruments = verdict ? verdict.heard.map((c) => c.name) : [];
  return {
    id: file.id,
    name: file.name,
    durationSeconds: file.durationSeconds ?? null,
    status: file.phase,
    topGenre: genre?.name ?? null,
    topGenreProb: genre?.p ?? null,
    instruments,
    instrumentsNotSure: verdict !== null && verdict.notSure !== null,
  };
}

export const RESULTS_CSV_HEADER = [
  'file',
  'duration_s',
  'top_genre',
  'top_genre_probability',
  'instruments',
  'status',
];

/** The results table as CSV (core `toCsv`): one row per file, empty cells where there is no answer. */
export function resultsCsv(rows: readonly ResultSummary[]): string {
  return toCsv(
    RESULTS_CSV_HEADER,
    rows.map((r) => [
      r.name,
      r.durationSeconds === null ? '' : Number(r.durationSeconds.toFixed(3)),
      r.topGenre ?? '',
      r.topGenreProb === null ? '' : Number(r.topGenreProb.toFixed(4)),
      r.instruments.join('; '),
      r.status,
    ]),
  );
}

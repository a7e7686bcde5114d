/**
 * A CSV of feature rows (e.g. Spotify audio features) → the rows a tabular model can score, its columns picked
 * by name in the model's order. Rows with an empty or non-numeric value are listed with why and skipped.
 */
import { parseCsv } from './csv';

export interface CsvRows {
  /** rows × columns in the model's column order. */
  values: Float32Array;
  /** Per kept row: its label for people and the file line it starts on. */
  kept: Array<{ id: string; line: number }>;
  skipped: Array<{ id: string; line: number; reason: string }>;
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
/** Columns that name a row, most telling first. */
const ID_COLUMNS = ['id', 'id_new', 'track_id', 'track_name', 'name', 'filename'];

export function csvRowsFor(text: string, columns: readonly string[], fileName = 'the CSV'): CsvRows {
  if (columns.length === 0) throw new Error('The model names no feature columns to read from a CSV');
  const { header, rows, lines } = parseCsv(text);
  const position = new Map(header.map((h, i) => [h.trim(), i]));
  const missing = columns.filter((c) => !position.has(c));
  if (missing.length > 0) {
    throw new Error(
      `${fileName} lacks ${missing.length === 1 ? 'the column' : `${missing.length} columns`} the model needs: ${missing.join(', ')}`,
    );
  }
  if (rows.length === 0) throw new Error(`${fileName} has a header but no rows`);
  const picked = columns.map((c) => position.get(c)!);
  const idColumn = ID_COLUMNS.map((c) => position.get(c)).find((i) => i !== undefined);
  const indexColumn = header[0]?.trim() === '' ? 0 : undefined;
  const values = new Float32Array(rows.length * columns.length);
  const kept: CsvRows['kept'] = [];
  const skipped: CsvRows['skipped'] = [];
  rows.forEach((row, r) => {
    const line = lines[r];
    const label = [indexColumn, idColumn]
      .filter((i): i is number => i !== undefined)
      .map((i) => row[i].trim())
      .filter((v) => v !== '');
    const id = label.length > 0 ? `#${label.join(' · ')}` : `line ${line}`;
    const problems: string[] = [];
    const at = kept.length * columns.length;
    picked.forEach((c, j) => {
      const raw = row[c].trim();
      if (raw === '') problems.push(`empty ${columns[j]}`);
      else if (!NUMBER.test(raw)) problems.push(`${columns[j]} is "${raw.slice(0, 20)}", not a number`);
      else values[at + j] = Number(raw);
    });
    if (problems.length > 0) skipped.push({ id, line, reason: problems.join(', ') });
    else kept.push({ id, line });
  });
  return { values: values.slice(0, kept.length * columns.length), kept, skipped };
}

import { toCsv } from '../../core/data/csv';
import type { TableScoring } from '../../state/classify';

export type ScoredRow = TableScoring['scored'][number];
export type ScoredOrder = 'score' | 'file';

/** Every scored row, by score (highest first; file order breaks ties) or in file order, marked against the cut-off. */
export function orderScoredRows(
  rows: readonly ScoredRow[],
  cutoff: number,
  order: ScoredOrder,
): Array<ScoredRow & { above: boolean }> {
  const marked = rows.map((row) => ({ ...row, above: row.score >= cutoff }));
  return order === 'score'
    ? marked.sort((a, b) => b.score - a.score || a.line - b.line)
    : marked.sort((a, b) => a.line - b.line);
}

/** The scored rows as CSV, in the order shown: id, CSV line, probability, and the call at the cut-off. */
export function scoredRowsCsv(
  rows: ReadonlyArray<ScoredRow & { above: boolean }>,
  positive: string,
  cutoff: number,
): string {
  return toCsv(
    ['id', 'line', `p_${positive}`, 'cutoff', 'call'],
    rows.map((r) => [
      r.id,
      r.line,
      Number(r.score.toFixed(6)),
      Number(cutoff.toFixed(4)),
      r.above ? positive : `not ${positive}`,
    ]),
  );
}

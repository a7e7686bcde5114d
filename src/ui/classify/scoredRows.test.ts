import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../core/data/csv';
import { orderScoredRows, scoredRowsCsv } from './scoredRows';

const rows = [
  { id: '#1', line: 2, score: 0.2 },
  { id: '#2', line: 3, score: 0.9 },
  { id: '#3, "x"', line: 4, score: 0.55 },
  { id: '#4', line: 5, score: 0.9 },
];

describe('scored rows', () => {
  it('lists every row, above and below the cut-off, highest score first', () => {
    const ordered = orderScoredRows(rows, 0.55, 'score');
    expect(ordered.map((r) => [r.line, r.above])).toEqual([
      [3, true],
      [5, true],
      [4, true],
      [2, false],
    ]);
    expect(orderScoredRows(rows, 0.6, 'file').map((r) => [r.line, r.above])).toEqual([
      [2, false],
      [3, true],
      [4, false],
      [5, true],
    ]);
    // The store's rows are left as they were.
    expect(rows.map((r) => r.line)).toEqual([2, 3, 4, 5]);
  });

  it('exports what is shown as CSV that reads back, names quoted', () => {
    const text = scoredRowsCsv(orderScoredRows(rows, 0.6, 'score'), 'reggaeton', 0.6);
    const back = parseCsv(text);
    expect(back.header).toEqual(['id', 'line', 'p_reggaeton', 'cutoff', 'call']);
    expect(back.rows).toEqual([
      ['#2', '3', '0.9', '0.6', 'reggaeton'],
      ['#4', '5', '0.9', '0.6', 'reggaeton'],
      ['#3, "x"', '4', '0.55', '0.6', 'not reggaeton'],
      ['#1', '2', '0.2', '0.6', 'not reggaeton'],
    ]);
  });
});

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { csvRowsFor } from './tabularRows';

const spike = readFileSync(
  path.resolve(process.cwd(), '../shared/data/tabular/spike-reggaeton/data_test.csv'),
  'utf8',
);
const COLUMNS = ['danceability', 'energy', 'tempo'];

describe('csvRowsFor', () => {
  it('reads the 50 Spike test songs, columns by name in the model order, labelled by index and id', () => {
    const { values, kept, skipped } = csvRowsFor(spike, COLUMNS);
    expect(kept).toHaveLength(50);
    expect(skipped).toEqual([]);
    // Line 2 of the file: "1",60,0.607,0.875,0,-4.434,1,0.0605,0.00114,0.00765,0.467,0.457,131.058,264520,4,2301
    expect(kept[0]).toEqual({ id: '#1 · 2301', line: 2 });
    expect(Array.from(values.subarray(0, 3))).toEqual([0.607, 0.875, 131.058].map(Math.fround));
    expect(values).toHaveLength(150);
  });

  it('lists and skips rows with an empty or non-numeric value', () => {
    const text = 'id,danceability,energy,tempo\na,0.5,,120\nb,0.6,0.7,fast\nc,0.1,0.2,90\n';
    const { values, kept, skipped } = csvRowsFor(text, COLUMNS);
    expect(kept).toEqual([{ id: '#c', line: 4 }]);
    expect(Array.from(values)).toEqual([0.1, 0.2, 90].map(Math.fround));
    expect(skipped).toEqual([
      { id: '#a', line: 2, reason: 'empty energy' },
      { id: '#b', line: 3, reason: 'tempo is "fast", not a number' },
    ]);
  });

  it('names the columns a CSV lacks, and refuses one without rows', () => {
    expect(() => csvRowsFor('energy,foo\n1,2\n', COLUMNS, '"mine.csv"')).toThrow(
      '"mine.csv" lacks 2 columns the model needs: danceability, tempo',
    );
    expect(() => csvRowsFor('danceability,energy,tempo\n', COLUMNS)).toThrow('has a header but no rows');
  });
});

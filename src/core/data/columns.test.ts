import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { mergeOnSharedColumns, suspectColumns } from './columns';
import { tabularFromCsv, type TabularDataset } from './tabular';

const DATA = path.resolve(__dirname, '../../../../shared/data/tabular');
const read = (file: string) => readFileSync(path.join(DATA, file), 'utf8');

function spike(): { merged: TabularDataset; uncommon: string[] } {
  return mergeOnSharedColumns([
    tabularFromCsv(read('spike-reggaeton/data_reggaeton.csv'), { labelFor: 'reggaeton', source: 'r' }),
    tabularFromCsv(read('spike-reggaeton/data_todotipo.csv'), { labelFor: 'other', source: 'o' }),
  ]);
}

describe('mergeOnSharedColumns', () => {
  it('merges the two Spike files on their shared columns and names the one the reggaeton file lacks', () => {
    const { merged, uncommon } = spike();
    expect(uncommon).toEqual(['time_signature']);
    expect(merged.columns).not.toContain('time_signature');
    expect(merged.columns).toContain('id_new');
    expect(merged.classNames).toEqual(['reggaeton', 'other']);
  });
});

describe('suspectColumns', () => {
  it("finds Spike's id_new, and nothing among the Spotify features", () => {
    const suspects = suspectColumns(spike().merged);
    expect(suspects.map((s) => [s.name, s.reason])).toEqual([['id_new', 'id-like']]);
  });

  it('finds a numbered column by its values, and a column that alone sorts the classes apart', () => {
    const rows = Array.from(
      { length: 40 },
      (_, r) => `${r % 2 ? 'a' : 'b'},${1000 + r},${r % 2 ? 5 + r / 100 : r / 100},${(r * 7) % 11}`,
    );
    const ds = tabularFromCsv(['label,serial,leak,noise', ...rows].join('\n'));
    expect(suspectColumns(ds).map((s) => [s.name, s.reason])).toEqual([
      ['serial', 'id-like'],
      ['leak', 'separates-classes'],
    ]);
  });

  it('leaves the 57 GTZAN columns alone', () => {
    const ds = tabularFromCsv(read('gtzan/features_30_sec.csv'), { drop: ['length'] });
    expect(suspectColumns(ds)).toEqual([]);
  });
});

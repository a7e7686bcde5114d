import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { namedSplit, parseNameList } from './namedSplit';
import { tabularFromCsv } from './tabular';

const GTZAN = path.resolve(__dirname, '../../../../shared/data/tabular/gtzan');

describe('namedSplit', () => {
  it('puts each row in the part that names its track, segments with their track', () => {
    const groups = ['a.00001', 'a.00002', 'b.00001', 'b.00002', 'c.00009'];
    const split = namedSplit(groups, {
      train: ['a.00001.wav', 'b.00001.wav'],
      val: ['a.00002.wav'],
      test: ['b.00002.wav', 'z.00000.wav'],
    });
    expect(Array.from(split.train)).toEqual([0, 2]);
    expect(Array.from(split.val)).toEqual([1]);
    expect(Array.from(split.test)).toEqual([3]);
    expect(split.unlisted).toBe(1);
    expect(split.missing).toEqual({ train: 0, val: 0, test: 1 });
  });

  it('refuses a track on two lists and an empty test side', () => {
    expect(() => namedSplit(['a.1'], { train: ['a.1.wav'], val: [], test: ['a.1.wav'] })).toThrow(
      /a\.1\.wav is on train and test/,
    );
    expect(() => namedSplit(['a.1'], { train: ['a.1'], val: [], test: ['b.1'] })).toThrow(
      /test list to name some of the data's tracks/,
    );
  });

  it('reads the artist-filtered GTZAN split: 443 / 197 / 290 tracks, no artist on two sides', () => {
    const list = (name: string) => parseNameList(readFileSync(path.join(GTZAN, 'splits', name), 'utf8'));
    const lists = {
      train: list('train_filtered.txt'),
      val: list('valid_filtered.txt'),
      test: list('test_filtered.txt'),
    };
    const ds = tabularFromCsv(readFileSync(path.join(GTZAN, 'features_30_sec.csv'), 'utf8'), {
      drop: ['length'],
    });
    const split = namedSplit(ds.groups, lists);
    expect([split.train.length, split.val.length, split.test.length]).toEqual([443, 197, 290]);
    expect(split.unlisted).toBe(1000 - 930);
    const test = new Set(Array.from(split.test, (r) => ds.groups[r]));
    expect(test.has('blues.00012')).toBe(true);
    expect(Array.from(split.train).some((r) => test.has(ds.groups[r]))).toBe(false);
  });
});

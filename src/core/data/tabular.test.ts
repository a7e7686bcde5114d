import { describe, expect, it } from 'vitest';
import {
  classCounts,
  datasetToCsv,
  mergeDatasets,
  shortestFloat32,
  subsetDataset,
  tabularFromCsv,
  trackIdOf,
  type TabularDataset,
} from './tabular';
import gtzan30 from '../../../../shared/data/tabular/gtzan/features_30_sec.csv?raw';
import gtzan10 from '../../../../shared/data/tabular/gtzan/features_10_sec.csv?raw';
import spikeReggaeton from '../../../../shared/data/tabular/spike-reggaeton/data_reggaeton.csv?raw';
import spikeOther from '../../../../shared/data/tabular/spike-reggaeton/data_todotipo.csv?raw';
import spikeTest from '../../../../shared/data/tabular/spike-reggaeton/data_test.csv?raw';

const GTZAN_GENRES = [
  'blues',
  'classical',
  'country',
  'disco',
  'hiphop',
  'jazz',
  'metal',
  'pop',
  'reggae',
  'rock',
];
const SPIKE_FEATURES = [
  'popularity',
  'danceability',
  'energy',
  'key',
  'loudness',
  'mode',
  'speechiness',
  'acousticness',
  'instrumentalness',
  'liveness',
  'valence',
  'tempo',
  'duration',
];

function value(ds: TabularDataset, row: number, column: string): number {
  const c = ds.columns.indexOf(column);
  expect(c).toBeGreaterThanOrEqual(0);
  return ds.features[row * ds.columns.length + c];
}

describe('trackIdOf', () => {
  it('maps GTZAN segment and track file names to the track', () => {
    expect(trackIdOf('blues.00000.1.wav')).toBe('blues.00000');
    expect(trackIdOf('blues.00000.wav')).toBe('blues.00000');
    expect(trackIdOf('rock.00099.9.wav')).toBe('rock.00099');
    expect(trackIdOf('my song.mp3')).toBe('my song');
    expect(trackIdOf('take.3.flac')).toBe('take.3');
  });
});

describe('tabularFromCsv on GTZAN', () => {
  it('loads features_30_sec.csv: 1,000 tracks, 10 × 100 classes, 57 features, one group per track', () => {
    const ds = tabularFromCsv(gtzan30, { drop: ['length'] });
    expect(ds.rows).toBe(1000);
    expect(ds.columns).toHaveLength(57);
    expect(ds.columns).not.toContain('length');
    expect(ds.columns).not.toContain('filename');
    expect(ds.columns).not.toContain('label');
    expect(ds.columns[0]).toBe('chroma_stft_mean');
    expect(ds.features).toHaveLength(1000 * 57);
    expect(ds.classNames).toEqual(GTZAN_GENRES);
    expect(classCounts(ds)).toEqual(new Array(10).fill(100));
    expect(ds.ids[0]).toBe('blues.00000.wav');
    expect(ds.groups[0]).toBe('blues.00000');
    expect(new Set(ds.groups).size).toBe(1000);
    expect(ds.dropped).toEqual([]);
    expect(ds.ignoredColumns).toEqual([
      { name: 'filename', reason: 'id' },
      { name: 'length', reason: 'drop' },
      { name: 'label', reason: 'label' },
    ]);
    // Values straight from the CSV text (first and last rows).
    expect(value(ds, 0, 'chroma_stft_mean')).toBeCloseTo(0.35008811950683594, 7);
    expect(value(ds, 0, 'spectral_centroid_mean')).toBeCloseTo(1784.165849538755, 3);
    expect(value(ds, 999, 'mfcc20_var')).toBeCloseTo(49.66250991821289, 4);
    expect(ds.classNames[ds.labels[999]]).toBe('rock');
    expect(ds.features.every(Number.isFinite)).toBe(true);
  });

  it('keeps length as a feature when it is not dropped', () => {
    const ds = tabularFromCsv(gtzan30);
    expect(ds.columns).toHaveLength(58);
    expect(value(ds, 0, 'length')).toBe(661794);
  });

  it('loads features_10_sec.csv: 2,991 segments grouped into their 1,000 tracks', () => {
    const ds = tabularFromCsv(gtzan10, { drop: ['length'] });
    expect(ds.rows).toBe(2991);
    expect(ds.columns).toHaveLength(57);
    expect(ds.columns[0]).toBe('mfcc1_mean');
    expect(ds.ids.slice(0, 3)).toEqual(['blues.00000.0.wav', 'blues.00000.1.wav', 'blues.00000.2.wav']);
    expect(ds.groups.slice(0, 4)).toEqual(['blues.00000', 'blues.00000', 'blues.00000', 'blues.00001']);
    const sizes = new Map<string, number>();
    for (const g of ds.groups) sizes.set(g, (sizes.get(g) ?? 0) + 1);
    expect(sizes.size).toBe(1000);
    expect([...sizes.values()].filter((n) => n === 3)).toHaveLength(991);
    expect([...sizes.values()].filter((n) => n === 2)).toHaveLength(9);
    // Every group has one label.
    const labelOf = new Map<string, number>();
    ds.groups.forEach((g, r) => {
      expect(labelOf.get(g) ?? ds.labels[r]).toBe(ds.labels[r]);
      labelOf.set(g, ds.labels[r]);
    });
    expect(value(ds, 0, 'mfcc1_mean')).toBeCloseTo(-125.25643, 4);
    expect(value(ds, 0, 'tempo')).toBe(123.046875);
    // Scientific notation with a capital E ("-4.86E-05") is a number.
    expect(value(ds, 0, 'harmony_mean')).toBeCloseTo(-4.86e-5, 10);
  });
});

describe('tabularFromCsv on the Spike reggaeton data', () => {
  it('labels a whole file with labelFor and drops the index column by itself', () => {
    const ds = tabularFromCsv(spikeReggaeton, { labelFor: 'reggaeton', drop: ['id_new'] });
    expect(ds.rows).toBe(70);
    expect(ds.columns).toEqual(SPIKE_FEATURES);
    expect(ds.classNames).toEqual(['reggaeton']);
    expect([...ds.labels].every((l) => l === 0)).toBe(true);
    expect(ds.ignoredColumns).toContainEqual({ name: '', reason: 'index' });
    expect(ds.ignoredColumns).toContainEqual({ name: 'id_new', reason: 'drop' });
    expect(ds.ids.slice(0, 2)).toEqual(['reggaeton:1', 'reggaeton:2']);
    expect(ds.groups).toEqual(ds.ids);
    expect(value(ds, 0, 'danceability')).toBeCloseTo(0.826, 6);
    expect(value(ds, 0, 'instrumentalness')).toBeCloseTo(4.8e-5, 10);
    expect(value(ds, 0, 'duration')).toBe(205000);
  });

  it('reports the 8 empty rows of data_todotipo.csv with their lines', () => {
    const ds = tabularFromCsv(spikeOther, { labelFor: 'other', drop: ['id_new'] });
    expect(ds.rows).toBe(2222);
    expect(ds.columns).toEqual([...SPIKE_FEATURES, 'time_signature']);
    expect(ds.dropped.map((d) => d.line)).toEqual([383, 703, 1080, 1322, 1325, 1326, 1327, 1355]);
    expect(ds.dropped[0]).toEqual({
      line: 383,
      reason: 'missing value "NA" in column "popularity" (and 13 more)',
      source: 'other',
    });
    expect(ds.dropped[1].reason).toBe('missing value "NA" in column "danceability" (and 12 more)');
    expect(value(ds, 0, 'tempo')).toBeCloseTo(125.998, 4);
    expect(value(ds, 0, 'time_signature')).toBe(4);
  });

  it('merges reggaeton (70) and others (2,222) into 2,292 rows once the columns agree', () => {
    const reggaeton = tabularFromCsv(spikeReggaeton, { labelFor: 'reggaeton', drop: ['id_new'] });
    const otherAll = tabularFromCsv(spikeOther, { labelFor: 'other', drop: ['id_new'] });
    expect(() => mergeDatasets(reggaeton, otherAll)).toThrow(
      'Cannot merge datasets with different columns: "time_signature" is in dataset 2 ("other") but not in dataset 1 ("reggaeton"). Drop them (drop: ["time_signature"])',
    );
    const other = tabularFromCsv(spikeOther, { labelFor: 'other', drop: ['id_new', 'time_signature'] });
    const ds = mergeDatasets(reggaeton, other);
    expect(ds.rows).toBe(2292);
    expect(ds.classNames).toEqual(['reggaeton', 'other']);
    expect(classCounts(ds)).toEqual([70, 2222]);
    expect(ds.columns).toEqual(SPIKE_FEATURES);
    expect(ds.dropped).toHaveLength(8);
    expect(ds.dropped.every((d) => d.source === 'other')).toBe(true);
    // Ids from two files' index columns do not collide.
    expect(new Set(ds.ids).size).toBe(2292);
    expect(value(ds, 70, 'danceability')).toBeCloseTo(0.65, 6);
    expect(ds.features.every(Number.isFinite)).toBe(true);
  });

  it('loads the unlabelled data_test.csv for scoring', () => {
    const ds = tabularFromCsv(spikeTest, { label: null, drop: ['id_new'] });
    expect(ds.rows).toBe(50);
    expect(ds.classNames).toEqual([]);
    expect([...ds.labels].every((l) => l === -1)).toBe(true);
    expect(ds.columns).toEqual([...SPIKE_FEATURES, 'time_signature']);
    expect(value(ds, 0, 'loudness')).toBeCloseTo(-4.434, 5);
    expect(() => tabularFromCsv(spikeTest)).toThrow(
      /Label column "label" not found; the columns are: popularity, danceability, .*id_new\. Pass label: null for unlabelled data/,
    );
  });
});

describe('tabularFromCsv rules', () => {
  it('never uses text columns as features; a stray bad cell drops only its row', () => {
    const text = 'name,x,y,label\na,1,2,p\nb,3,oops,q\nc,5,6,p\nd,,8,q\n';
    const ds = tabularFromCsv(text);
    expect(ds.columns).toEqual(['x', 'y']);
    expect(ds.ignoredColumns).toContainEqual({ name: 'name', reason: 'text' });
    expect(ds.rows).toBe(2);
    expect(Array.from(ds.features)).toEqual([1, 2, 5, 6]);
    expect(ds.dropped).toEqual([
      { line: 3, reason: 'non-numeric value "oops" in column "y"' },
      { line: 5, reason: 'empty value in column "x"' },
    ]);
    expect(ds.classNames).toEqual(['p']);
  });

  it('reads an explicit label, id and group column and drops rows with an empty label', () => {
    const text = 'song,take,genre,a\ns1,t1,rock,1\ns2,t1,jazz,2\ns3,t2,,3\n';
    const ds = tabularFromCsv(text, { label: 'genre', id: 'song', group: 'take' });
    expect(ds.ids).toEqual(['s1', 's2']);
    expect(ds.groups).toEqual(['t1', 't1']);
    expect(ds.classNames).toEqual(['jazz', 'rock']);
    expect(Array.from(ds.labels)).toEqual([1, 0]);
    expect(ds.dropped).toEqual([{ line: 4, reason: 'empty label in column "genre"' }]);
    expect(() => tabularFromCsv(text, { label: 'genre', group: 'session' })).toThrow(
      'Group column "session" not found; the columns are: song, take, genre, a',
    );
  });

  it('rejects values outside float32 and a header that repeats a name', () => {
    expect(tabularFromCsv('a,label\n1e39,x\n2,x\n').dropped[0].reason).toBe(
      'value 1e39 in column "a" is outside the float32 range',
    );
    expect(() => tabularFromCsv('a,b,a\n1,2,3\n')).toThrow(
      'Column "a" appears twice in the header (columns 1 and 3)',
    );
  });

  it('gives clear errors for malformed files, never a hang', () => {
    expect(() => tabularFromCsv('')).toThrow('CSV is empty');
    expect(() => tabularFromCsv('a,b,label\n1,2,x\n3,"4,y\n')).toThrow(
      'CSV line 3: quoted field is never closed',
    );
    expect(() => tabularFromCsv('a,b,label\n1,2,x\n3,4\n')).toThrow('CSV line 3 has 2 fields, expected 3');
    expect(() => tabularFromCsv('1,2,3\n4,5,6\n', { label: null })).toThrow(
      'The first line looks like data, not a header (1,2,3…): a header row naming the columns is required',
    );
    const garbage = String.fromCharCode(...Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256));
    expect(() => tabularFromCsv(garbage)).toThrow(/not a CSV text file/);
    expect(() => tabularFromCsv(gtzan30, { label: 'genre' })).toThrow(
      /^Label column "genre" not found; the columns are: filename, length, chroma_stft_mean/,
    );
    expect(() => tabularFromCsv('a,label\n1,x\n', { labelFor: '  ' })).toThrow(
      'Expected labelFor to be a class name',
    );
    expect(() => tabularFromCsv('a,b,label\n', { source: 'x.csv' })).toThrow(
      'The CSV in x.csv has a header but no data rows',
    );
    expect(() => tabularFromCsv('name,label\nfoo,x\n')).toThrow(
      'No numeric feature columns (name: text, label: label)',
    );
    expect(() => tabularFromCsv('a,b,label\nNA,1,x\n2,,y\n')).toThrow(
      'All 2 rows were left out; the first, line 2: missing value "NA" in column "a"',
    );
  });
});

describe('mergeDatasets, subsetDataset, datasetToCsv', () => {
  it('merges GTZAN files whose columns come in a different order', () => {
    const a = tabularFromCsv(gtzan30, { drop: ['length'] });
    const b = tabularFromCsv(gtzan10, { drop: ['length'] });
    const ds = mergeDatasets(a, b);
    expect(ds.rows).toBe(3991);
    expect(ds.columns).toEqual(a.columns);
    expect(value(ds, 1000, 'mfcc1_mean')).toBe(value(b, 0, 'mfcc1_mean'));
    expect(value(ds, 1000, 'tempo')).toBe(value(b, 0, 'tempo'));
    expect(ds.groups[1000]).toBe(ds.groups[0]);
    expect(() => mergeDatasets()).toThrow(/at least one dataset/);
    const unlabelled = tabularFromCsv(spikeTest, { label: null, drop: ['id_new', 'time_signature'] });
    const reggaeton = tabularFromCsv(spikeReggaeton, { labelFor: 'reggaeton', drop: ['id_new'] });
    expect(() => mergeDatasets(reggaeton, unlabelled)).toThrow(
      /Cannot merge labelled and unlabelled datasets/,
    );
  });

  it('subsets rows and validates indices', () => {
    const ds = tabularFromCsv(gtzan30, { drop: ['length'] });
    const sub = subsetDataset(ds, Int32Array.from([999, 0]));
    expect(sub.rows).toBe(2);
    expect(sub.ids).toEqual(['rock.00099.wav', 'blues.00000.wav']);
    expect(Array.from(sub.features.subarray(57, 114))).toEqual(Array.from(ds.features.subarray(0, 57)));
    expect(() => subsetDataset(ds, [1000])).toThrow(
      'Expected row indices in [0, 1000), got 1000 at position 0',
    );
  });

  it('writes a CSV that reads back to the same dataset, bit for bit', () => {
    const ds = tabularFromCsv(gtzan10, { drop: ['length'] });
    const back = tabularFromCsv(datasetToCsv(ds));
    expect(back.columns).toEqual(ds.columns);
    expect(back.rows).toBe(ds.rows);
    expect(back.ids).toEqual(ds.ids);
    expect(back.groups).toEqual(ds.groups);
    expect(back.classNames).toEqual(ds.classNames);
    expect(Array.from(back.labels)).toEqual(Array.from(ds.labels));
    expect(back.features.length).toBe(ds.features.length);
    expect(ds.features.filter((x, k) => !Object.is(x, back.features[k])).length).toBe(0);
    const spike = tabularFromCsv(spikeTest, { label: null, drop: ['id_new'] });
    const spikeBack = tabularFromCsv(datasetToCsv(spike), { label: null });
    expect(spikeBack.features).toEqual(spike.features);
    expect(spikeBack.classNames).toEqual([]);
  });

  it('shortestFloat32 gives the fewest digits that round-trip', () => {
    expect(shortestFloat32(Math.fround(0.826))).toBe('0.826');
    expect(shortestFloat32(Math.fround(4.8e-5))).toBe('0.000048');
    expect(shortestFloat32(205000)).toBe('205000');
    expect(shortestFloat32(Math.fround(1 / 3))).toBe('0.33333334');
  });
});

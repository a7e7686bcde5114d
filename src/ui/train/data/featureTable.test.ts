import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseBundleMeta } from '../../../core/bundle/meta';
import type { AudioClipEntry, CsvFileEntry } from '../../../state/dataset';
import type { ClipRows } from '../../../core/features/audioSets';
import { orderClasses } from '../../../core/data/csvTable';
import {
  classNameFromFile,
  csvEntryDefaults,
  csvHeader,
  featureSpecFor,
  resolveKept,
  selectColumns,
  summarizeTable,
  tableFromClips,
  tableFromCsvFiles,
  tableProblem,
} from './featureTable';

const tabular = path.resolve(process.cwd(), '../shared/data/tabular');
const texts = new Map([
  ['r', readFileSync(path.join(tabular, 'spike-reggaeton/data_reggaeton.csv'), 'utf8')],
  ['o', readFileSync(path.join(tabular, 'spike-reggaeton/data_todotipo.csv'), 'utf8')],
  ['g', readFileSync(path.join(tabular, 'gtzan/features_30_sec.csv'), 'utf8')],
]);

function csvFile(id: string, name: string, patch: Partial<CsvFileEntry> = {}): CsvFileEntry {
  const header = csvHeader(texts.get(id)!);
  return { id, name, header, ...csvEntryDefaults(name, header, 1), ...patch };
}

describe('tableFromCsvFiles', () => {
  it('labels each Spike file by its class, keeps the columns both have and lists the empty rows it drops', () => {
    const table = tableFromCsvFiles(
      [csvFile('r', 'data_reggaeton.csv'), csvFile('o', 'data_todotipo.csv', { className: 'other' })],
      (id) => texts.get(id),
    );
    // Two classes: the rarer one is class 1, the positive class of the ROC curve and threshold.
    expect(table.classNames).toEqual(['other', 'reggaeton']);
    expect(table.uncommonColumns).toEqual(['time_signature']);
    expect(table.columns).not.toContain('time_signature');
    expect(table.columns).toContain('danceability');
    // id_new numbers the rows: kept in the table, named as suspect so that training leaves it out by default.
    expect(table.columns).toContain('id_new');
    expect(table.suspectColumns.map((c) => c.name)).toEqual(['id_new']);
    const summary = summarizeTable(table);
    expect(summary.suspectColumns).toEqual(table.suspectColumns);
    // 70 reggaeton songs and 2,230 others, 8 of them empty rows (README of the data).
    expect(summary.classCounts).toEqual([2222, 70]);
    expect(table.dropped).toHaveLength(8);
    expect(table.dropped[0].source).toBe('data_todotipo.csv');
    expect(tableProblem(summary)).toBeNull();
  });

  it('reads the GTZAN CSV by its label column; a model on its columns carries the gtzan-librosa spec', () => {
    const file = csvFile('g', 'features_30_sec.csv');
    expect(file.labelMode).toBe('column');
    expect(file.labelColumn).toBe('label');
    const table = tableFromCsvFiles([file], (id) => texts.get(id));
    expect(table.classNames).toHaveLength(10);
    expect(table.rows).toBe(1000);
    const kept = resolveKept(table.columns, ['tempo', 'rms_mean', 'no_such_column']);
    expect(kept).toEqual(['rms_mean', 'tempo']);
    const spec = featureSpecFor(
      table,
      kept.filter((c) => c !== 'length'),
    );
    expect(spec.name).toBe('gtzan-librosa');
    expect(spec.columns).toEqual(['rms_mean', 'tempo']);
    // Columns that are not all GTZAN's: a table's own numbers, the same `tabular` spec the CLI writes.
    const own = featureSpecFor(table, ['tempo', 'danceability']);
    expect(own).toMatchObject({ name: 'tabular', columns: ['tempo', 'danceability'] });
    expect(own.params?.source).toBe(table.source);
  });

  it('names the missing piece: a class name, a label column, a file no longer loaded', () => {
    expect(() =>
      tableFromCsvFiles([csvFile('r', 'a.csv', { labelMode: 'class', className: ' ' })], (id) =>
        texts.get(id),
      ),
    ).toThrow('Give the rows of a.csv a class name');
    expect(() =>
      tableFromCsvFiles([csvFile('r', 'a.csv', { labelMode: 'column', labelColumn: 'nope' })], (id) =>
        texts.get(id),
      ),
    ).toThrow('Label column "nope" not found in a.csv');
    expect(() => tableFromCsvFiles([csvFile('r', 'a.csv')], () => undefined)).toThrow('no longer loaded');
  });

  it('orders classes alphabetically, two classes with the rarer second', () => {
    const three = orderClasses(['b', 'c', 'a'], Int32Array.from([0, 1, 2, 2]));
    expect(three.classNames).toEqual(['a', 'b', 'c']);
    expect(Array.from(three.labels)).toEqual([1, 2, 0, 0]);
    // 'no' has two rows, 'yes' one: 'yes' becomes class 1 (alphabetical order would agree here)…
    expect(orderClasses(['yes', 'no'], Int32Array.from([1, 1, 0])).classNames).toEqual(['no', 'yes']);
    // … and here it would not: 'a' is rarer, so it goes second.
    const rare = orderClasses(['a', 'b'], Int32Array.from([0, 1, 1]));
    expect(rare.classNames).toEqual(['b', 'a']);
    expect(Array.from(rare.labels)).toEqual([1, 0, 0]);
  });

  it('turns file names into class names', () => {
    expect(classNameFromFile('data_reggaeton.csv')).toBe('reggaeton');
    expect(classNameFromFile('violin.csv')).toBe('violin');
  });
});

describe('tableFromClips', () => {
  const clip = (
    id: string,
    className: string,
    status: AudioClipEntry['status'] = 'ready',
  ): AudioClipEntry => ({
    id,
    name: `${id}.mp3`,
    className,
    origin: 'folder',
    status,
    rows: 0,
    durationSeconds: 2,
  });
  const width = 57;
  const rows = (count: number, value: number): ClipRows => ({
    values: new Float32Array(count * width).fill(value),
    count,
    starts: Float64Array.from({ length: count }, (_, i) => i),
  });
  const store = new Map([
    ['a', rows(2, 1)],
    ['b', rows(1, 2)],
    ['c', rows(3, 3)],
  ]);

  it('stacks labelled clips, one group per clip, classes sorted; unlabelled or unextracted clips stay out', () => {
    const table = tableFromClips(
      [clip('a', 'trumpet'), clip('b', 'cello'), clip('c', ''), clip('d', 'flute', 'pending')],
      (id) => store.get(id),
      'gtzan-librosa',
    );
    // Two classes, trumpet with 2 rows and cello with 1: the rarer (cello) is class 1.
    expect(table.classNames).toEqual(['trumpet', 'cello']);
    expect(table.rows).toBe(3);
    expect(Array.from(table.labels)).toEqual([0, 0, 1]);
    expect(table.groups).toEqual(['a', 'a', 'b']);
    expect(table.ids).toEqual(['a.mp3@0.0s', 'a.mp3@1.0s', 'b.mp3@0.0s']);
    expect(table.x[2 * width]).toBe(2);
    expect(tableProblem(summarizeTable(table))).toBe(
      'Only 2 files: train, validation and test need at least one each.',
    );
    const picked = selectColumns(table, ['tempo', 'rms_mean']);
    expect(picked.inputShape).toEqual([2]);
    expect(picked.columns).toEqual(['tempo', 'rms_mean']);
    expect(() => selectColumns(table, [])).toThrow('Keep at least one feature column to train on');
    // The spec of a model on two of the GTZAN columns passes the bundle's own checks.
    const spec = featureSpecFor(table, picked.columns);
    expect(() =>
      parseBundleMeta({
        format: 'oido-model',
        version: 1,
        name: 'x',
        createdAt: '2024-05-01T00:00:00Z',
        task: 'mine',
        classNames: table.classNames,
        featureSpec: spec,
        inputShape: picked.inputShape,
        normalization: null,
        modelConfig: {},
        trainingConfig: {},
        metrics: {},
        data: { source: 'x', rows: 3, classCounts: {} },
        kind: 'tf-layers',
      }),
    ).not.toThrow();
  });
});

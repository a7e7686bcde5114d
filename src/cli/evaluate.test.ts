import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCsv, toCsv } from '../core/data/csv';
import { evaluateCommand } from './evaluate';
import { captureIo, DATA, gtzanSubset, runEntry, SPIKE_DATA_ARGS, tempDir, SMALL_CONFIG } from './testing';

const GTZAN_SPLITS = path.join(DATA, 'tabular/gtzan/splits');

let dir: string;
let csv: string;
let config: string;

beforeAll(async () => {
  dir = await tempDir('evaluate');
  csv = await gtzanSubset(dir, ['blues', 'classical', 'metal']);
  config = path.join(dir, 'small.json');
  await writeFile(config, JSON.stringify(SMALL_CONFIG));
});

describe('evaluate CLI', () => {
  it('cross-validates GTZAN rows in 3 stratified folds and prints one JSON object', async () => {
    const io = captureIo();
    const summary = await evaluateCommand(
      ['--data', csv, '--drop', 'length', '--config', config, '--cv', '3', '--json'],
      io,
    );
    expect(io.stdout).toHaveLength(1);
    expect(JSON.parse(io.stdout[0])).toEqual(summary);
    expect(summary.k).toBe(3);
    expect(summary.rows).toBe(300);
    expect(summary.folds).toHaveLength(3);
    expect(summary.accuracy).toBeGreaterThan(0.8);
    expect(summary.accuracy).toBeCloseTo(summary.folds.reduce((s, f) => s + f.accuracy, 0) / 3, 5);
    expect(summary.macroF1).toBeGreaterThan(0.8);
    expect(summary.auc).toBeUndefined();
    expect(summary.seconds).toBeGreaterThan(0);
    expect(io.stderr.filter((l) => /^fold \d\/3: accuracy/.test(l))).toHaveLength(3);
  });

  it('gives the mean ROC AUC over the folds for two-class data', async () => {
    const io = captureIo();
    const summary = await evaluateCommand(
      [
        ...SPIKE_DATA_ARGS,
        '--drop',
        'id_new,time_signature,popularity',
        '--config',
        config,
        '--cv',
        '3',
        '--json',
      ],
      io,
    );
    expect(summary.classNames).toEqual(['other', 'reggaeton']);
    expect(summary.rows).toBe(2292);
    expect(summary.auc).toBeGreaterThan(0.85);
    expect(summary.auc).toBeLessThanOrEqual(1);
    for (const f of summary.folds) expect(f.auc).toBeGreaterThan(0.75);
  });

  it('rejects a bad --cv with exit code 2 and a k larger than a class with exit code 1', async () => {
    const bad = await runEntry('src/cli/evaluate.ts', ['--data', csv, '--cv', 'ten', '--json']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^error: Invalid --cv: ten/);
    // Three tracks of each genre cannot make four stratified folds.
    const { header, rows } = parseCsv(await readFile(csv, 'utf8'));
    const tiny = path.join(dir, 'tiny.csv');
    await writeFile(
      tiny,
      toCsv(header, [...rows.slice(0, 3), ...rows.slice(100, 103), ...rows.slice(200, 203)]),
    );
    const tooMany = await runEntry('src/cli/evaluate.ts', ['--data', tiny, '--cv', '4']);
    expect(tooMany.code).toBe(1);
    expect(tooMany.stderr.trim().split('\n').at(-1)).toBe(
      'error: Expected k to be <= the smallest class count, got k = 4 but class 0 has only 3 rows',
    );
    expect(tooMany.stdout).toBe('');
  });

  it('scores a named split: trains on the train and valid lists, reports the test tracks it held out', async () => {
    const io = captureIo();
    const args = ['--data', csv, '--drop', 'length', '--config', config, '--split', GTZAN_SPLITS, '--json'];
    const summary = await evaluateCommand(args, io);
    const lists = await Promise.all(
      ['train_filtered.txt', 'valid_filtered.txt', 'test_filtered.txt'].map(async (f) =>
        (await readFile(path.join(GTZAN_SPLITS, f), 'utf8'))
          .split('\n')
          .filter((l) => /^(blues|classical|metal)\./.test(l))
          .map((l) => l.replace(/\.wav$/, '')),
      ),
    );
    expect(summary.k).toBe(1);
    expect(summary.split?.heldOut).toBe('test');
    expect(summary.split?.trainRows).toBe(lists[0].length + lists[1].length);
    expect([...(summary.split?.heldOutTracks ?? [])].sort()).toEqual([...lists[2]].sort());
    expect(summary.split?.unlistedRows).toBe(300 - lists.flat().length);
    expect(summary.accuracy).toBeGreaterThan(0.7);
    expect(io.stdout).toHaveLength(1);

    const tuning = await evaluateCommand([...args, '--holdout', 'valid'], captureIo());
    expect(tuning.split?.trainRows).toBe(lists[0].length);
    expect([...(tuning.split?.heldOutTracks ?? [])].sort()).toEqual([...lists[1]].sort());

    const both = await runEntry('src/cli/evaluate.ts', [...args, '--cv', '3']);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/Give --cv K or --split DIR, not both/);
  });
});

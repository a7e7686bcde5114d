import { symlink, mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBundle } from '../core/bundle/bundle';
import { fitStandardizer } from '../core/data/normalize';
import { trainValTestSplit } from '../core/data/split';
import { tabularFromCsv } from '../core/data/tabular';
import { GTZAN_COLUMNS, gtzanLibrosaSpec } from '../core/features/gtzanLibrosa';
import { readBundleDir } from '../node/bundleFiles';
import { initNodeTf } from '../node/tf';
import {
  captureIo,
  DATA,
  gtzanSubset,
  runEntry,
  SPIKE,
  SPIKE_DATA_ARGS,
  tempDir,
  SMALL_CONFIG,
} from './testing';
import { classifyCommand } from './classify';
import { resolveRecipe } from './recipe';
import { trainCommand } from './train';

let dir: string;
let csv: string;
let config: string;

beforeAll(async () => {
  await initNodeTf();
  dir = await tempDir('train');
  csv = await gtzanSubset(dir, ['blues', 'classical', 'metal']);
  config = path.join(dir, 'small.json');
  await writeFile(config, JSON.stringify(SMALL_CONFIG));
});

describe('train CLI', () => {
  it('trains on GTZAN rows and writes a bundle that classifies audio, normalised on the training split only', async () => {
    const out = path.join(dir, 'genre3');
    const io = captureIo();
    const summary = await trainCommand(
      ['--data', csv, '--drop', 'length', '--config', config, '--out', out, '--seed', '3'],
      io,
    );
    expect(summary.featureSet).toBe('gtzan-librosa');
    expect(summary.classNames).toEqual(['blues', 'classical', 'metal']);
    expect(summary.split).toMatchObject({ train: 240, val: 30, test: 30, seed: 3 });
    expect(summary.metrics.accuracy).toBeGreaterThan(0.8);
    expect(summary.epochs).toBe(8);
    expect(io.stderr.filter((l) => /^train epoch \d+\/8 loss/.test(l))).toHaveLength(8);
    expect(JSON.parse(io.stdout[0])).toEqual(summary);

    const { model, meta } = await loadBundle(await readBundleDir(out));
    model.dispose();
    expect(meta.featureSpec).toEqual(gtzanLibrosaSpec);
    expect(meta.data).toEqual({
      source: 'gtzan-blues-classical-metal.csv',
      rows: 300,
      classCounts: { blues: 100, classical: 100, metal: 100 },
    });
    expect(meta.metrics.confusion).toEqual(summary.metrics.confusion);
    expect(meta.projection?.points.length).toBe(240);
    // The same seeded split, refitted here: the bundle's mean and std are those of the 240 training rows.
    const ds = tabularFromCsv(await readFile(csv, 'utf8'), { drop: ['length'] });
    expect(ds.columns).toEqual(GTZAN_COLUMNS);
    const split = trainValTestSplit(ds.labels, ds.groups, { train: 0.8, val: 0.1, test: 0.1, seed: 3 });
    const fitted = fitStandardizer(ds.features, ds.rows, ds.columns.length, split.train);
    meta.normalization!.mean.forEach((m, j) => expect(m).toBeCloseTo(fitted.mean[j], 3));
    const all = fitStandardizer(ds.features, ds.rows, ds.columns.length);
    expect(meta.normalization!.mean[16]).not.toBeCloseTo(all.mean[16], 3);
  });

  it('trains on a named split: train list, valid list as validation, test list held out and named', async () => {
    const splits = path.join(DATA, 'tabular/gtzan/splits');
    const out = path.join(dir, 'genre-split');
    const summary = await trainCommand(
      ['--data', csv, '--drop', 'length', '--config', config, '--split', splits, '--out', out],
      captureIo(),
    );
    const list = async (file: string) =>
      (await readFile(path.join(splits, file), 'utf8'))
        .split('\n')
        .filter((l) => /^(blues|classical|metal)\./.test(l))
        .map((l) => l.replace(/\.wav$/, ''));
    const [train, valid, test] = await Promise.all(
      ['train_filtered.txt', 'valid_filtered.txt', 'test_filtered.txt'].map(list),
    );
    expect(summary.split).toMatchObject({ train: train.length, val: valid.length, test: test.length });
    expect([...(summary.split.testTracks ?? [])].sort()).toEqual([...test].sort());
    expect(summary.split.dir).toBe(splits);
  });

  it('labels every row of each LABEL=FILE CSV, reports rows with empty values, tunes a threshold', async () => {
    const out = path.join(dir, 'reggaeton');
    const io = captureIo();
    const summary = await trainCommand(
      [
        ...SPIKE_DATA_ARGS,
        '--drop',
        'id_new,time_signature',
        '--drop',
        'popularity',
        '--config',
        config,
        '--split',
        '0.6,0.2,0.2',
        '--out',
        out,
      ],
      io,
    );
    // The smaller class is the positive one, class 1, whatever order the files came in.
    expect(summary.classNames).toEqual(['other', 'reggaeton']);
    expect(summary.positiveClass).toBe('reggaeton');
    expect(summary.featureSet).toBe('tabular');
    expect(summary.data.classCounts).toEqual({ other: 2222, reggaeton: 70 });
    expect(summary.data.dropped).toBe(8);
    expect(io.stderr[0]).toBe('8 rows with empty or bad values left out:');
    expect(io.stderr[1]).toBe(
      '  data_todotipo.csv line 383: missing value "NA" in column "danceability" (and 11 more)',
    );
    expect(summary.metrics.auc).toBeGreaterThan(0.85);
    expect(summary.metrics.threshold).toBeGreaterThan(0);
    const meta = JSON.parse(await readFile(path.join(out, 'meta.json'), 'utf8'));
    expect(meta.featureSpec.name).toBe('tabular');
    expect(meta.featureSpec.columns).toEqual([
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
    ]);
    expect(meta.metrics.threshold).toBeCloseTo(summary.metrics.threshold!, 5);
    // The held-out split decided at the threshold: every test row counted once.
    const at = summary.metrics.atThreshold!;
    expect(at.confusion.flat().reduce((a, b) => a + b, 0)).toBe(summary.split.test);
    expect(at.confusion[1].reduce((a, b) => a + b, 0)).toBe(
      summary.metrics.confusion[1].reduce((a, b) => a + b, 0),
    );
    expect(meta.metrics.atThreshold).toEqual(at);
    const interval = summary.metrics.thresholdInterval!;
    expect(interval.low).toBeLessThanOrEqual(summary.metrics.threshold!);
    expect(interval.high).toBeGreaterThanOrEqual(summary.metrics.threshold!);
    expect(meta.metrics.thresholdInterval).toEqual(interval);
  });

  it('merges the Spike files on their shared columns and leaves id_new out, with a note and a way back in', async () => {
    const io = captureIo();
    const out = path.join(dir, 'reggaeton-plain');
    await trainCommand([...SPIKE_DATA_ARGS, '--config', config, '--out', out], io);
    expect(io.stderr).toContain(
      'note: left out time_signature: not in every file (the files are merged on the columns they share)',
    );
    expect(io.stderr).toContain(
      'note: left out id_new: named like a row id or index (train on it with --keep id_new)',
    );
    const columns = JSON.parse(await readFile(path.join(out, 'meta.json'), 'utf8')).featureSpec.columns;
    expect(columns).toHaveLength(13);
    expect(columns).not.toContain('id_new');
    expect(columns).toContain('popularity');

    const kept = path.join(dir, 'reggaeton-kept');
    const keptIo = captureIo();
    await trainCommand([...SPIKE_DATA_ARGS, '--config', config, '--keep', 'id_new', '--out', kept], keptIo);
    expect(JSON.parse(await readFile(path.join(kept, 'meta.json'), 'utf8')).featureSpec.columns).toContain(
      'id_new',
    );
    expect(keptIo.stderr.some((l) => l.includes('id_new'))).toBe(false);
  });

  it('trains on a folder of audio with one sub-folder per class (1-s frames windows)', async () => {
    const folder = path.join(dir, 'notes');
    for (const name of ['flute', 'trombone']) {
      await mkdir(path.join(folder, name), { recursive: true });
      const files = (await readdir(path.join(DATA, 'instruments', name))).sort().slice(0, 5);
      // Links, not copies: the recordings may not be redistributed.
      for (const f of files)
        await symlink(path.join(DATA, 'instruments', name, f), path.join(folder, name, f));
    }
    const io = captureIo();
    const summary = await trainCommand(
      [
        '--data',
        folder,
        '--config',
        config,
        '--out',
        path.join(dir, 'notes-model'),
        '--split',
        '0.6,0.2,0.2',
      ],
      io,
    );
    expect(summary.featureSet).toBe('frames');
    expect(summary.classNames).toEqual(['flute', 'trombone']);
    expect(summary.data.rows).toBeGreaterThanOrEqual(10);
    expect(summary.split.train + summary.split.val + summary.split.test).toBe(summary.data.rows);
  });

  it('makes a logmel bundle that classify applies to audio (it used to refuse it)', async () => {
    const folder = path.join(dir, 'notes'); // made by the test above
    const out = path.join(dir, 'notes-logmel');
    const cnn = path.join(dir, 'cnn.json');
    await writeFile(cnn, JSON.stringify({ model: { family: 'rnn' }, training: { epochs: 1, batchSize: 8 } }));
    const summary = await trainCommand(
      ['--data', folder, '--features', 'logmel', '--config', cnn, '--out', out, '--split', '0.6,0.2,0.2'],
      captureIo(),
    );
    expect(summary.featureSet).toBe('logmel');
    // Without a config, log-mel patches get a model the WASM backend can train (not the app's cnn2d).
    expect(resolveRecipe({}, 'logmel', { rows: 100, classes: 2 }, 1).model.family).toBe('rnn');
    // The 1.5-s note: long enough to tell (a 0.25-s one is 'too short to tell', see classify.abstain.test.ts).
    const flute = path.join(folder, 'flute', 'flute_A4_15_forte_normal.mp3');
    const { results, failures } = await classifyCommand(['--model', out, '--json', flute], captureIo());
    expect(failures).toBe(0);
    expect(['flute', 'trombone']).toContain(results[0].top);
    // A logmel model is shown 3-s patches within each segment.
    expect(results[0].units.length).toBeGreaterThanOrEqual(1);
    expect(results[0].units[0].start).toBe(0);
  });

  it('fails in one line: usage errors exit 2, bad data exit 1 naming the problem', async () => {
    const noOut = await runEntry('src/cli/train.ts', ['--data', csv]);
    expect(noOut.code).toBe(2);
    expect(noOut.stderr).toMatch(/^error: No --out DIR given\nusage:/);
    const typo = await runEntry('src/cli/train.ts', ['--data', csv, '--out', dir, '--epochs', '3']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/^error: Unknown option --epochs/);
    // Files that share no numeric column cannot be merged (files that share some are merged on those).
    const unrelated = path.join(dir, 'unrelated.csv');
    await writeFile(unrelated, 'shoe_size,height\n42,180\n38,165\n');
    const clash = await runEntry('src/cli/train.ts', [
      '--data',
      `a=${path.join(SPIKE, 'data_reggaeton.csv')}`,
      '--data',
      `b=${unrelated}`,
      '--out',
      path.join(dir, 'never'),
    ]);
    expect(clash.code).toBe(1);
    expect(clash.stderr.trim().split('\n').at(-1)).toMatch(/^error: The files share no numeric column/);
    const noLabel = await runEntry('src/cli/train.ts', [
      '--data',
      path.join(SPIKE, 'data_test.csv'),
      '--out',
      path.join(dir, 'never'),
    ]);
    expect(noLabel.code).toBe(1);
    expect(noLabel.stderr).toMatch(/^error: Label column "label" not found in data_test\.csv/);
  });
});

import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCsv, toCsv } from '../core/data/csv';
import { classifyCommand } from './classify';
import {
  captureIo,
  DATA,
  gtzanSubset,
  ROOT,
  runEntry,
  SMALL_CONFIG,
  SPIKE,
  SPIKE_DATA_ARGS,
  tempDir,
} from './testing';
import { trainCommand } from './train';

const BLUES = path.join(DATA, 'gtzan-check/blues.00000.wav');
const METAL = path.join(DATA, 'gtzan-check/metal.00000.wav');
const SONG = path.join(DATA, 'songs/Kevin_MacLeod_-_Vibe_Ace.ogg');
const PACKAGE_JSON = path.join(ROOT, 'package.json');
let dir: string;
let csv: string;
let genre: string;
let spike: string;

beforeAll(async () => {
  dir = await tempDir('classify');
  csv = await gtzanSubset(dir, ['blues', 'classical', 'metal']);
  const config = path.join(dir, 'small.json');
  await writeFile(config, JSON.stringify(SMALL_CONFIG));
  genre = path.join(dir, 'genre3');
  spike = path.join(dir, 'spike');
  const quiet = captureIo();
  await trainCommand(['--data', csv, '--drop', 'length', '--config', config, '--out', genre], quiet);
  await trainCommand(
    [
      ...SPIKE_DATA_ARGS,
      '--drop',
      'id_new,time_signature,popularity',
      '--config',
      config,
      '--out',
      spike,
      '--task',
      'reggaeton',
    ],
    quiet,
  );
}, 120_000);

describe('classify CLI', () => {
  it('classifies the GTZAN check tracks from their audio, as the model scores their published CSV rows', async () => {
    const io = captureIo();
    const { results, failures } = await classifyCommand(['--model', genre, '--json', BLUES, METAL, csv], io);
    expect(failures).toBe(0);
    const [blues, metal] = results;
    expect(blues.file).toBe(BLUES);
    expect(blues.top).toBe('blues');
    expect(metal.top).toBe('metal');
    expect(Object.keys(blues.probs)).toEqual(['blues', 'classical', 'metal']);
    expect(Object.values(blues.probs).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
    // A 30-s track is one segment, and the whole file is that segment.
    expect(blues.segments).toHaveLength(1);
    expect(blues.segments[0].start).toBe(0);
    expect(blues.segments[0].end).toBeCloseTo(30, 1);
    expect(blues.segments[0].probs).toEqual(blues.probs);
    // Our features reproduce the published row, so the audio and the row get (nearly) the same probabilities.
    const row = results.find((r) => r.file === `${csv}#blues.00000.wav`)!;
    for (const c of ['blues', 'classical', 'metal']) expect(row.probs[c]).toBeCloseTo(blues.probs[c], 2);
    expect(results).toHaveLength(2 + 300);
    expect(io.stdout.map((l) => JSON.parse(l))).toEqual(results);
  });

  it('cuts a longer song as the page does and weighs the whole file by length (the app rules, not the old CLI ones)', async () => {
    const { results } = await classifyCommand(['--model', genre, '--json', SONG], captureIo());
    const [song] = results;
    expect(song.segments.length).toBeGreaterThanOrEqual(2);
    // 30-s segments end to end; only a last piece under 3 s joins the one before (the CLI used to join 15 s).
    song.segments.forEach((s, i) => expect(s.start).toBeCloseTo(30 * i, 3));
    song.segments.slice(0, -1).forEach((s) => expect(s.end - s.start).toBeCloseTo(30, 3));
    const last = song.segments[song.segments.length - 1];
    expect(last.end - last.start).toBeGreaterThanOrEqual(3);
    expect(last.end - last.start).toBeLessThan(33);
    // A gtzan-librosa model is shown each segment whole.
    expect(song.units.map((u) => [u.start, u.end])).toEqual(song.segments.map((s) => [s.start, s.end]));
    // The whole file: the mean over sounding units weighted by their length (the CLI's mean was unweighted).
    const sounding = song.units.filter((u) => u.probs);
    const seconds = sounding.reduce((sum, u) => sum + (u.end - u.start), 0);
    for (const c of ['blues', 'classical', 'metal']) {
      const mean = sounding.reduce((sum, u) => sum + (u.end - u.start) * u.probs![c], 0) / seconds;
      expect(song.probs[c]).toBeCloseTo(mean, 5);
    }
  });

  it('runs the shipped instruments model on 1-s windows: the solo trumpet is among its top two, silence left out', async () => {
    const trumpet = path.join(DATA, 'songs/sorohanro_-_solo-trumpet-06.ogg');
    const model = path.join(ROOT, 'public/models/instruments');
    const { results, failures } = await classifyCommand(['--model', model, '--json', trumpet], captureIo());
    expect(failures).toBe(0);
    const [clip] = results;
    // Four sounding windows of a trumpet no model trained on: the shipped timbre model hears trumpet in half of
    // them and saxophone in the rest (its figures on real recordings are report.json's); trumpet stays in its
    // top two by probability.
    const ranked = Object.entries(clip.probs).sort((a, b) => b[1] - a[1]);
    expect(ranked.slice(0, 2).map(([name]) => name)).toContain('trumpet');
    // A frames or timbre model reads the song whole: one segment, its 1-s windows the units.
    expect(clip.segments).toHaveLength(1);
    const sounding = clip.units.filter((u) => !u.silent);
    expect(sounding.length).toBeGreaterThan(0);
    expect(sounding.length).toBeLessThanOrEqual(clip.units.length);
    // Silent windows are not shown to the model: they carry no probabilities.
    clip.units.filter((u) => u.silent).forEach((u) => expect(u.probs).toBeUndefined());
    const seconds = sounding.reduce((sum, u) => sum + (u.end - u.start), 0);
    const mean = sounding.reduce((sum, u) => sum + (u.end - u.start) * u.probs!.trumpet, 0) / seconds;
    expect(clip.probs.trumpet).toBeCloseTo(mean, 5);
  });

  it('scores CSV rows of a tabular model, one line per row, at its tuned threshold', async () => {
    const test = path.join(SPIKE, 'data_test.csv');
    const { results, failures } = await classifyCommand(['--model', spike, '--json', test], captureIo());
    expect(failures).toBe(0);
    expect(results).toHaveLength(50);
    expect(results[0].file).toBe(`${test}#2301`);
    const meta = JSON.parse(await readFile(path.join(spike, 'meta.json'), 'utf8'));
    for (const r of results) {
      expect(r.top).toBe(r.probs.reggaeton >= meta.metrics.threshold ? 'reggaeton' : 'other');
    }
  });

  it('scores the same rows from a spreadsheet export: UTF-16 LE, ; delimiters, decimal commas', async () => {
    const test = path.join(SPIKE, 'data_test.csv');
    const { header, rows } = parseCsv(await readFile(test, 'utf8'));
    const european = [header, ...rows]
      .map((r) => r.map((v) => (/^-?\d*\.\d+$/.test(v) ? v.replace('.', ',') : v)).join(';'))
      .join('\r\n');
    expect(european).toMatch(/;0,\d+;/);
    const exported = path.join(dir, 'export-utf16.csv');
    const units = '\ufeff' + european + '\r\n';
    const bytes = Buffer.alloc(units.length * 2);
    for (let i = 0; i < units.length; i++) bytes.writeUInt16LE(units.charCodeAt(i), i * 2);
    await writeFile(exported, bytes);
    const plain = await classifyCommand(['--model', spike, '--json', test], captureIo());
    const fromExport = await classifyCommand(['--model', spike, '--json', exported], captureIo());
    expect(fromExport.failures).toBe(0);
    expect(fromExport.results.map((r) => [r.file.split('#')[1], r.top, r.probs])).toEqual(
      plain.results.map((r) => [r.file.split('#')[1], r.top, r.probs]),
    );
  });

  it('scores the 49 good rows of a CSV whose one cell is 1e309, naming the row it leaves out', async () => {
    const hostile = path.join(dir, 'overflow.csv');
    const { header, rows } = parseCsv(await readFile(csv, 'utf8'));
    const fifty = rows.slice(0, 50);
    fifty[7][header.indexOf('tempo')] = '1e309';
    await writeFile(hostile, toCsv(header, fifty));
    const io = captureIo();
    const { results, failures } = await classifyCommand(['--model', genre, '--json', hostile], io);
    expect(results).toHaveLength(49);
    expect(failures).toBe(1);
    expect(io.stderr).toEqual([
      `error: ${hostile}#${fifty[7][header.indexOf('filename')]} (line 9): 1e309 is outside the float32 range in column "tempo"`,
    ]);
  });

  it('notes a WAV cut short, on stderr and in the JSON, and gives it no label', async () => {
    const cut = path.join(dir, 'cut.wav');
    const whole = await readFile(BLUES);
    await writeFile(cut, whole.subarray(0, 44 + 5 * 22050 * 2));
    const io = captureIo();
    const { results, failures } = await classifyCommand(['--model', genre, '--json', cut], io);
    expect(failures).toBe(0);
    expect(results[0].note).toMatch(
      /^decoded 5\.0 s of a WAV whose header promises 30\.0 s: the file is cut short \(or its header is wrong\)/,
    );
    expect(io.stderr).toEqual([`note: ${cut}: ${results[0].note}`]);
    // No confident answer for a file that did not decode whole: no label, the reason says why.
    expect(results[0].top).toBeNull();
    expect(results[0].reason).toBe(
      'No label for the whole file: it did not decode whole (see the note). The segments that decoded keep their answers.',
    );
  });

  it('notes an Ogg cut short, saying where its pages break, and answers its segments but not the whole file', async () => {
    const cut = path.join(dir, 'cut.ogg');
    const whole = await readFile(SONG);
    await writeFile(cut, whole.subarray(0, Math.floor(whole.length * 0.4)));
    const io = captureIo();
    const { results, failures } = await classifyCommand(['--model', genre, '--json', cut], io);
    expect(failures).toBe(0);
    // Units of the part that decoded were shown to the model and keep their answers; the file gets no label.
    expect(results[0].units.some((u) => u.probs)).toBe(true);
    // (This one's decoded part is also mostly unlike the genre model's training data: that reason comes first.)
    expect(results[0].top).toBeNull();
    expect(results[0].reason).toMatch(
      /^(No label for the whole file: it did not decode whole|Does not sound like)/,
    );
    const note = results[0].note ?? '';
    const [, decoded, broke] =
      /^decoded (\d+\.\d) s of an Ogg whose pages break at (\d+\.\d) s: the file is cut short/.exec(note) ??
      [];
    expect(Math.abs(Number(decoded) - Number(broke))).toBeLessThan(1);
    expect(io.stderr).toEqual([`note: ${cut}: ${note}`]);
    // A whole file carries no note.
    const wholeRun = await classifyCommand(['--model', genre, '--json', SONG], captureIo());
    expect(wholeRun.results[0].note).toBeUndefined();
  });

  it('reports each bad input in one line, goes on with the rest, and exits 1', async () => {
    const broken = path.join(dir, 'broken.csv');
    const { header, rows } = parseCsv(await readFile(csv, 'utf8'));
    rows[1][header.indexOf('tempo')] = '';
    await writeFile(broken, toCsv(header, rows.slice(0, 3)));
    const run = await runEntry('src/cli/classify.ts', [
      '--model',
      genre,
      '--json',
      PACKAGE_JSON,
      broken,
      METAL,
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^error: .*package\.json: Not an audio file/),
      `error: ${broken}#blues.00001.wav (line 3): empty value in column "tempo"`,
    ]);
    expect(
      run.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).file),
    ).toEqual([`${broken}#blues.00000.wav`, `${broken}#blues.00002.wav`, METAL]);

    const io = captureIo();
    const { failures } = await classifyCommand(['--model', spike, BLUES], io);
    expect(failures).toBe(1);
    expect(io.stderr).toEqual([
      `error: ${BLUES}: The model reads table columns (danceability, energy, key, loudness, …), not audio: give it a CSV`,
    ]);
  });

  it('refuses a corrupt model directory in one line, and a model needing features it cannot compute per input', async () => {
    const corrupt = path.join(dir, 'corrupt');
    await cp(genre, corrupt, { recursive: true });
    await writeFile(path.join(corrupt, 'weights.bin'), new Uint8Array(100));
    const bad = await runEntry('src/cli/classify.ts', ['--model', corrupt, BLUES]);
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/^error: .*corrupt/);

    const future = path.join(dir, 'future');
    await mkdir(future);
    await cp(genre, future, { recursive: true });
    const meta = JSON.parse(await readFile(path.join(future, 'meta.json'), 'utf8'));
    meta.featureSpec.version = 99;
    await writeFile(path.join(future, 'meta.json'), JSON.stringify(meta));
    const io = captureIo();
    const { results, failures } = await classifyCommand(['--model', future, BLUES, csv], io);
    expect(failures).toBe(1);
    expect(io.stderr).toEqual([
      expect.stringMatching(/blues\.00000\.wav: Feature set "gtzan-librosa" version 99 is not supported/),
    ]);
    // CSV rows name their columns, so they can still be scored.
    expect(results).toHaveLength(300);
  });
});

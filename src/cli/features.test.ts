import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../core/data/csv';
import { GTZAN_COLUMNS } from '../core/features/gtzanLibrosa';
import { framesSpec } from '../core/features/frames';
import { timbreSpec } from '../core/features/timbre';

const run = promisify(execFile);
const root = path.resolve(__dirname, '../..');
const data = path.resolve(root, '../shared/data');
const cli = (...args: string[]) =>
  run(process.execPath, ['--import', 'tsx', 'src/cli/features.ts', ...args], {
    cwd: root,
    maxBuffer: 1 << 26,
  });

describe('features CLI', () => {
  it('prints the GTZAN CSV columns for a GTZAN track, matching the published row', async () => {
    const { stdout } = await cli(
      '--set',
      'gtzan-librosa',
      '--csv',
      path.join(data, 'gtzan-check/blues.00000.wav'),
    );
    const ours = parseCsv(stdout);
    expect(ours.header).toEqual(['filename', ...GTZAN_COLUMNS]);
    expect(ours.rows).toHaveLength(1);
    expect(ours.rows[0][0]).toBe('blues.00000.wav');

    const published = parseCsv(readFileSync(path.join(data, 'tabular/gtzan/features_30_sec.csv'), 'utf8'));
    const row = published.rows.find((r) => r[0] === 'blues.00000.wav')!;
    for (const [i, column] of GTZAN_COLUMNS.entries()) {
      const expected = Number(row[published.header.indexOf(column)]);
      expect(Number(ours.rows[0][i + 1]), column).toBeCloseTo(expected, Math.abs(expected) > 1 ? 0 : 3);
    }
  });

  it('prints one frames row per 3-s window with start and end times', async () => {
    const song = path.join(data, 'songs/sorohanro_-_solo-trumpet-06.ogg');
    const { stdout } = await cli('--set', 'frames', '--window', '3', '--csv', song);
    const ours = parseCsv(stdout);
    expect(ours.header).toEqual(['filename', 'start', 'end', ...framesSpec.columns]);
    expect(ours.rows.length).toBeGreaterThanOrEqual(2);
    expect(ours.rows.map((r) => Number(r[1]))).toEqual(ours.rows.map((_, i) => 3 * i));
    for (const r of ours.rows) for (const v of r.slice(1)) expect(Number.isFinite(Number(v))).toBe(true);
  });

  it('prints the timbre columns after the frames columns, one finite row per window', async () => {
    const song = path.join(data, 'songs/sorohanro_-_solo-trumpet-06.ogg');
    const { stdout } = await cli('--set', 'timbre', '--csv', song);
    const ours = parseCsv(stdout);
    expect(ours.header).toEqual(['filename', 'start', 'end', ...timbreSpec.columns]);
    expect(ours.header).toContain('harm3_median');
    // 3-s windows (the default) of a 5-s clip.
    expect(ours.rows.length).toBe(2);
    for (const r of ours.rows) for (const v of r.slice(1)) expect(Number.isFinite(Number(v))).toBe(true);
    // A solo trumpet: most of its sounding windows are voiced.
    const voiced = ours.header.indexOf('voicedShare');
    expect(Math.max(...ours.rows.map((r) => Number(r[voiced])))).toBeGreaterThan(0.5);
  });

  it("prints Meyda's extractor names in the meyda header, one finite row per window", async () => {
    const track = path.join(data, 'gtzan-check/country.00000.wav');
    const { stdout } = await cli('--set', 'meyda@512/256', '--window', '10', '--csv', track);
    const ours = parseCsv(stdout);
    expect(ours.header.slice(0, 3)).toEqual(['filename', 'start', 'end']);
    for (const name of [
      'spectralCentroid_mean',
      'spectralFlatness_std',
      'perceptualSharpness_mean',
      'loudness_mean',
      'mfcc_1_mean',
      'chroma_12_std',
    ])
      expect(ours.header).toContain(name);
    // 30.01 s streamed in 30-s chunks: three 10-s windows, then the last 0.01 s as a row of its own (as frames).
    expect(ours.rows.slice(0, 3).map((r) => Number(r[1]))).toEqual([0, 10, 20]);
    for (const r of ours.rows) for (const v of r.slice(1)) expect(Number.isFinite(Number(v))).toBe(true);
  });

  it('reports a file it cannot read on stderr, keeps going, and exits 1', async () => {
    const good = path.join(data, 'gtzan-check/metal.00000.wav');
    const error = await cli('--set', 'gtzan-librosa', '--csv', path.join(root, 'package.json'), good).catch(
      (e: { code: number; stdout: string; stderr: string }) => e,
    );
    expect('code' in error && error.code).toBe(1);
    expect(error.stderr).toMatch(/package\.json: Not an audio file/);
    expect(parseCsv(error.stdout).rows.map((r) => r[0])).toEqual(['metal.00000.wav']);
  });

  it('rejects an unknown feature set with usage and exit code 2', async () => {
    const error = await cli('--set', 'nope', 'x.wav').catch((e: { code: number; stderr: string }) => e);
    expect('code' in error && error.code).toBe(2);
    expect(error.stderr).toMatch(
      /Expected --set to be frames, timbre, gtzan-librosa, logmel, meyda or meyda@BUFFER\/HOP, got nope/,
    );
  });
});

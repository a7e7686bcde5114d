/** Helpers for the CLI tests: real data cut down to small temporary files, and commands run with captured lines. */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parseCsv, toCsv } from '../core/data/csv';
import type { CliIo } from './io';

export const ROOT = path.resolve(__dirname, '../..');
export const DATA = path.resolve(ROOT, '../shared/data');
export const GTZAN_30S = path.join(DATA, 'tabular/gtzan/features_30_sec.csv');
export const SPIKE = path.join(DATA, 'tabular/spike-reggaeton');
/** `--data` flags for the two Spike files: every row of one is reggaeton, of the other `other`. */
export const SPIKE_DATA_ARGS = [
  '--data',
  `reggaeton=${path.join(SPIKE, 'data_reggaeton.csv')}`,
  '--data',
  `other=${path.join(SPIKE, 'data_todotipo.csv')}`,
];

/** A small net that trains in seconds; balanced class weights for the 70-of-2,292 reggaeton rows. */
export const SMALL_CONFIG = {
  model: { family: 'mlp', hidden: [32], dropout: 0.1 },
  training: {
    epochs: 8,
    batchSize: 32,
    optimizer: { type: 'adam', learningRate: 0.01 },
    classWeights: 'balanced',
  },
};

/** Lines a command wrote, by stream. */
export function captureIo(): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (line) => stdout.push(line), err: (line) => stderr.push(line) };
}

export function tempDir(prefix: string): Promise<string> {
  return mkdtemp(path.join(tmpdir(), `oido-${prefix}-`));
}

/** The GTZAN 30-s rows of the named genres only, written as a CSV in `dir`. */
export async function gtzanSubset(dir: string, genres: readonly string[]): Promise<string> {
  const { header, rows } = parseCsv(await readFile(GTZAN_30S, 'utf8'));
  const label = header.indexOf('label');
  const file = path.join(dir, `gtzan-${genres.join('-')}.csv`);
  await writeFile(
    file,
    toCsv(
      header,
      rows.filter((r) => genres.includes(r[label])),
    ),
  );
  return file;
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

const run = promisify(execFile);

/** Runs a CLI entry as `npm run` would (tsx), for exit codes and the real streams. */
export async function runEntry(entry: string, args: string[]): Promise<CliRun> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', entry, ...args], {
      cwd: ROOT,
      maxBuffer: 1 << 26,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    if (typeof e.code !== 'number') throw error;
    return { code: e.code, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

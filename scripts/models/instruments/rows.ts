/**
 * Rows of every source, computed in jobs that may run on any worker thread: each job's
 * randomness comes from its own seed, so the rows do not depend on how jobs were spread over workers. Studio
 * files give their windows as recorded (and, for training files, through a rough microphone); real files give
 * more windows each and rough copies (used only where the file is trained on); phrases are synthesised from the
 * studio notes of one part. All rows are cached on disk under a key of everything they depend on.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import type { FrameWindow } from '../../../src/core/features/frames';
import { phraseWindows, recordingWindows, roughenRecording } from '../../../src/core/instruments/dataset';
import { soundingRange } from '../../../src/core/instruments/phrases';
import { classKind, OTHER_CLASS } from '../../../src/core/instruments/classes';
import type { Accompaniment } from '../../../src/core/instruments/synth';
import { createRng } from '../../../src/core/random';
import {
  CACHE,
  COLS,
  extractRowWindows,
  log,
  MAX_WINDOWS_PER_FILE,
  PARTS,
  PHRASE_BOOST,
  PHRASE_CHUNK,
  PHRASE_WINDOWS,
  REAL_ROUGH_COPIES,
  REAL_WINDOWS_PER_FILE,
  modelColumnsOf,
  ROOT,
  ROW_COLS,
  ROW_SPEC,
  SAMPLED_WINDOWS_PER_FILE,
  SR,
  SYNTH,
  type PartName,
} from './config';
import { samplesOf, type FileEntry, type SharedAudio } from './data';
import { runPool } from './pool';

export type RowKind = 'recorded' | 'rough' | 'phrase';
/**
 * The studio parts, every real recording (which fold trains on which is decided later) and the sampled phrases
 * (training only).
 */
export type RowGroup = PartName | 'real' | 'sampled';
export const ROW_GROUPS: readonly RowGroup[] = [...PARTS, 'real', 'sampled'];

type Job =
  | { id: number; group: RowGroup; kind: 'recording'; file: number; roughCopies: number }
  | { id: number; group: PartName; kind: 'phrases'; label: number; first: number; count: number };

interface JobResult {
  id: number;
  x: Float32Array;
  y: number[];
  kind: RowKind[];
  origin: string[];
}

export interface WorkerInput {
  audio: SharedAudio;
  /** Studio files, then real files. */
  files: FileEntry[];
  classNames: string[];
  /** Studio file indices per part (phrases of a part are made from its files only). */
  parts: Record<PartName, number[]>;
  seed: number;
}

export interface RowSet {
  x: Float32Array;
  y: Int32Array;
  kind: RowKind[];
  /** The file a row came from (`<class>/<file>`), or its phrase (`<class>#<part><n>`). */
  origin: string[];
}

/** A 32-bit seed from the run's seed and a job's keys (FNV-1a steps with a final avalanche). */
export function jobSeed(seed: number, ...keys: number[]): number {
  let h = (seed ^ 0x811c9dc5) >>> 0;
  for (const k of keys) {
    h = Math.imul(h ^ (k >>> 0), 0x01000193) >>> 0;
    h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) >>> 0;
  }
  return h;
}

/** Runs jobs for one worker, keeping per-part source lists between jobs. */
function jobRunner(input: WorkerInput): (job: Job) => JobResult {
  const { audio, files, classNames, parts, seed } = input;
  const trimmed = new Map<number, Float32Array>();
  const trim = (file: number) => {
    let t = trimmed.get(file);
    if (!t) {
      const s = samplesOf(audio, file);
      const [a, b] = soundingRange(s, SR);
      t = s.subarray(a, b);
      trimmed.set(file, t);
    }
    return t;
  };
  const partSources = new Map<
    PartName,
    { sources: Float32Array[][]; backgrounds: Float32Array[]; accompaniments: Accompaniment[] }
  >();
  const sourcesFor = (part: PartName) => {
    let p = partSources.get(part);
    if (!p) {
      // The part's files that `keep`, trimmed to their sounding range, at least 50 ms long.
      const sounds = (keep: (f: FileEntry) => boolean) =>
        parts[part]
          .filter((f) => keep(files[f]))
          .map(trim)
          .filter((s) => s.length >= SR / 20);
      const sources = classNames.map((_, label) => sounds((f) => f.label === label));
      const other = classNames.indexOf(OTHER_CLASS);
      // Everyday sounds behind the phrases (`other`, never the voice class).
      const everyday = sounds((f) => f.label === other);
      p = {
        sources,
        backgrounds: other >= 0 ? everyday : [],
        accompaniments: classNames
          .map((className, label) => ({ className, sources: sources[label] }))
          .filter((a) => classKind(a.className) === 'instrument'),
      };
      partSources.set(part, p);
    }
    return p;
  };
  const groupIndex = (group: RowGroup) => ROW_GROUPS.indexOf(group);
  return (job) => {
    const windows: { w: FrameWindow; y: number; kind: RowKind; origin: string }[] = [];
    if (job.kind === 'recording') {
      const f = files[job.file];
      const samples = samplesOf(audio, job.file);
      const perFile =
        f.source === 'real'
          ? REAL_WINDOWS_PER_FILE
          : f.source === 'sampled'
            ? SAMPLED_WINDOWS_PER_FILE
            : MAX_WINDOWS_PER_FILE;
      for (const w of recordingWindows(samples, perFile, extractRowWindows))
        windows.push({ w, y: f.label, kind: 'recorded', origin: f.name });
      for (let copy = 0; copy < job.roughCopies; copy++) {
        // The first copy's seed is the one the studio rows always had, so their cached values stay comparable.
        const keys =
          copy === 0 ? [1, groupIndex(job.group), job.file] : [1, groupIndex(job.group), job.file, copy];
        const rough = roughenRecording(samples, createRng(jobSeed(seed, ...keys)), SYNTH);
        for (const w of recordingWindows(rough, perFile / 2, extractRowWindows))
          windows.push({ w, y: f.label, kind: 'rough', origin: f.name });
      }
    } else {
      const { sources, backgrounds, accompaniments } = sourcesFor(job.group);
      const className = classNames[job.label];
      for (let p = job.first; p < job.first + job.count; p++) {
        const rng = createRng(jobSeed(seed, 2, groupIndex(job.group), job.label, p));
        const phrase = phraseWindows(
          className,
          sources[job.label],
          backgrounds,
          PHRASE_WINDOWS,
          rng,
          SYNTH,
          accompaniments,
          extractRowWindows,
        );
        for (const w of phrase)
          windows.push({ w, y: job.label, kind: 'phrase', origin: `${className}#${job.group}${p}` });
      }
    }
    const x = new Float32Array(windows.length * ROW_COLS);
    windows.forEach((r, i) => x.set(r.w.values, i * ROW_COLS));
    return {
      id: job.id,
      x,
      y: windows.map((r) => r.y),
      kind: windows.map((r) => r.kind),
      origin: windows.map((r) => r.origin),
    };
  };
}

if (!isMainThread && (workerData as { instrumentsWorker?: boolean })?.instrumentsWorker) {
  const run = jobRunner(workerData as WorkerInput);
  parentPort!.on('message', (job: Job) => {
    const result = run(job);
    parentPort!.postMessage(result, [result.x.buffer as ArrayBuffer]);
  });
}

/** The rows at the given indices, in that order (an index may repeat). */
export function pickRows(set: RowSet, idx: readonly number[]): RowSet {
  const x = new Float32Array(idx.length * COLS);
  idx.forEach((r, k) => x.set(set.x.subarray(r * COLS, (r + 1) * COLS), k * COLS));
  return {
    x,
    y: Int32Array.from(idx, (r) => set.y[r]),
    kind: idx.map((r) => set.kind[r]),
    origin: idx.map((r) => set.origin[r]),
  };
}

export function subset(set: RowSet, keep: (i: number) => boolean): RowSet {
  return pickRows(set, Array.from(set.y, (_, i) => i).filter(keep));
}

/** Each row `times(i)` times over, in order. */
export function repeatRows(set: RowSet, times: (i: number) => number): RowSet {
  const idx: number[] = [];
  set.y.forEach((_, i) => {
    for (let t = 0; t < times(i); t++) idx.push(i);
  });
  return pickRows(set, idx);
}

/** Several row sets (or workers' results, labels as plain arrays, `cols` wide) as one, in order. */
export function concatRows(
  sets: ReadonlyArray<Omit<RowSet, 'y'> & { y: ArrayLike<number> }>,
  cols = COLS,
): RowSet {
  const n = sets.reduce((a, s) => a + s.y.length, 0);
  const x = new Float32Array(n * cols);
  let at = 0;
  for (const s of sets) {
    x.set(s.x, at * cols);
    at += s.y.length;
  }
  return {
    x,
    y: Int32Array.from(sets.flatMap((s) => Array.from(s.y))),
    kind: sets.flatMap((s) => s.kind),
    origin: sets.flatMap((s) => s.origin),
  };
}

/** Phrases synthesised for a class in a part: boosted for training only, where held-out parts stay even. */
export function phraseCount(perClass: number, part: PartName, className: string): number {
  return part === 'train' ? Math.round(perClass * (PHRASE_BOOST[className] ?? 1)) : perClass;
}

/** Sources whose code decides the rows: a change to any of them invalidates the cached rows. */
const ROW_SOURCES = [
  'src/core/features/frames.ts',
  'src/core/features/timbre.ts',
  'src/core/instruments/codec.ts',
  'src/core/instruments/colour.ts',
  'src/core/instruments/dataset.ts',
  'src/core/instruments/phrases.ts',
  'src/core/instruments/reverb.ts',
  'src/core/instruments/synth.ts',
  'src/core/instruments/windows.ts',
  'src/core/train/augment.ts',
  'scripts/models/instruments/rows.ts',
];
/** Bump when the row code changes what rows it makes in a way the sources above do not show. */
const ROWS_VERSION = 3;

/** The cache key of the rows: everything they depend on. */
export async function rowsKey(
  input: Pick<WorkerInput, 'files' | 'classNames' | 'parts' | 'seed'>,
  phrases: Record<PartName, number>,
): Promise<string> {
  const hash = createHash('sha1').update(
    JSON.stringify({
      version: ROWS_VERSION,
      spec: ROW_SPEC.name,
      files: input.files.map((f) => `${f.source}:${f.name}`),
      // The rows' labels are indices into these.
      classNames: input.classNames,
      parts: input.parts,
      seed: input.seed,
      phrases,
      PHRASE_BOOST,
      MAX_WINDOWS_PER_FILE,
      REAL_WINDOWS_PER_FILE,
      REAL_ROUGH_COPIES,
      SAMPLED_WINDOWS_PER_FILE,
      PHRASE_WINDOWS,
      SYNTH,
    }),
  );
  for (const f of ROW_SOURCES) hash.update(await readFile(path.join(ROOT, f)));
  return hash.digest('hex').slice(0, 24);
}

function rowJobs(input: WorkerInput, phrases: Record<PartName, number>): Job[] {
  const jobs: Job[] = [];
  for (const part of PARTS) {
    for (const file of input.parts[part])
      jobs.push({
        id: jobs.length,
        group: part,
        kind: 'recording',
        file,
        roughCopies: part === 'train' ? 1 : 0,
      });
    for (let label = 0; label < input.classNames.length; label++) {
      const count = phraseCount(phrases[part], part, input.classNames[label]);
      for (let first = 0; first < count; first += PHRASE_CHUNK) {
        jobs.push({
          id: jobs.length,
          group: part,
          kind: 'phrases',
          label,
          first,
          count: Math.min(PHRASE_CHUNK, count - first),
        });
      }
    }
  }
  input.files.forEach((f, file) => {
    if (f.source === 'real')
      jobs.push({ id: jobs.length, group: 'real', kind: 'recording', file, roughCopies: REAL_ROUGH_COPIES });
    else if (f.source === 'sampled')
      jobs.push({ id: jobs.length, group: 'sampled', kind: 'recording', file, roughCopies: 1 });
  });
  return jobs;
}

/**
 * The rows of every group, cached on disk (values as float32, the rest as JSON) under a key of all they depend on.
 * The recordings are decoded (`decode`, minutes) only when the cache has no rows for the key.
 */
export async function buildRows(
  input: Omit<WorkerInput, 'audio'>,
  decode: () => Promise<SharedAudio>,
  phrases: Record<PartName, number>,
  workers: number,
): Promise<Record<RowGroup, RowSet>> {
  const base = path.join(CACHE, 'rows', await rowsKey(input, phrases));
  const cached = await readCachedRows(base);
  if (cached) return cached;
  const full: WorkerInput = { ...input, audio: await decode() };
  const jobs = rowJobs(full, phrases);
  const results =
    workers <= 1
      ? jobs.map(jobRunner(full))
      : await runPool<Job, JobResult>(import.meta.url, jobs, { ...full, instrumentsWorker: true }, workers);
  const out = {} as Record<RowGroup, RowSet>;
  for (const group of ROW_GROUPS)
    out[group] = concatRows(
      results.filter((r) => jobs[r.id].group === group),
      ROW_COLS,
    );
  await mkdir(path.dirname(base), { recursive: true });
  await writeFile(`${base}.f32`, Buffer.concat(ROW_GROUPS.map((g) => new Uint8Array(out[g].x.buffer))));
  const json = Object.fromEntries(
    ROW_GROUPS.map((g) => [g, { y: Array.from(out[g].y), kind: out[g].kind, origin: out[g].origin }]),
  );
  await writeFile(`${base}.json`, JSON.stringify(json));
  return modelRows(out);
}

/** The rows with the model's columns only (the cache keeps every row column). */
function modelRows(rows: Record<RowGroup, RowSet>): Record<RowGroup, RowSet> {
  return Object.fromEntries(
    ROW_GROUPS.map((g) => [g, { ...rows[g], x: modelColumnsOf(rows[g].x) }]),
  ) as Record<RowGroup, RowSet>;
}

/** The cached rows under `base` (its .json and .f32), or null when they are missing or unreadable. */
async function readCachedRows(base: string): Promise<Record<RowGroup, RowSet> | null> {
  try {
    const labels = JSON.parse(await readFile(`${base}.json`, 'utf8')) as Record<
      RowGroup,
      Omit<RowSet, 'x' | 'y'> & { y: number[] }
    >;
    const bytes = await readFile(`${base}.f32`);
    const values = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
    let at = 0;
    const out = {} as Record<RowGroup, RowSet>;
    for (const group of ROW_GROUPS) {
      // Rows cached before a group existed have none of it.
      labels[group] ??= { y: [], kind: [], origin: [] };
      const n = labels[group].y.length;
      out[group] = {
        ...labels[group],
        y: Int32Array.from(labels[group].y),
        x: modelColumnsOf(values.subarray(at * ROW_COLS, (at + n) * ROW_COLS)),
      };
      at += n;
    }
    log(`rows from cache ${path.relative(ROOT, base)}`);
    return out;
  } catch {
    return null;
  }
}

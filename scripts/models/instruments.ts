/**
 * Builds the shipped `instruments` model: an MLP on 1-s `frames` windows, trained on the single-note recordings
 * in ../shared/data/instruments plus phrases synthesised from them (several notes, vibrato, sections, a room, a
 * microphone, noise, a random level), split by file. Writes public/models/instruments/{model.json,weights.bin,
 * meta.json} and report.json, and scores the songs in ../shared/data/songs (reported, never trained or selected
 * on). Rows are synthesised on worker threads (this same file) and cached under node_modules/.cache/oido.
 *
 *   npx tsx scripts/models/instruments.ts [--quick] [--seed N] [--out DIR]
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { saveBundle } from '../../src/core/bundle/bundle';
import type { BundleMeta } from '../../src/core/bundle/meta';
import { applyStandardizer, fitStandardizer } from '../../src/core/data/normalize';
import { trainValTestSplit } from '../../src/core/data/split';
import { evaluate, type Evaluation } from '../../src/core/eval/metrics';
import { pca2d } from '../../src/core/eval/pca';
import { extractFrameWindows, framesSpec, type FrameWindow } from '../../src/core/features/frames';
import { phraseWindows, recordingWindows, roughenRecording } from '../../src/core/instruments/dataset';
import { tieChromaNormalization } from '../../src/core/instruments/chroma';
import { classifyWindows, summarizeClip, type WindowModel } from '../../src/core/instruments/predict';
import {
  DEFAULT_SYNTH_OPTIONS,
  type Accompaniment,
  type SynthOptions,
} from '../../src/core/instruments/synth';
import { SILENCE_DBFS } from '../../src/core/instruments/windows';
import * as tf from '@tensorflow/tfjs';
import { buildClassifier, ClassifierModel, LOGITS_LAYER } from '../../src/core/models/build';
import { parseModelConfig, type MlpConfig } from '../../src/core/models/config';
import { createRng } from '../../src/core/random';
import type { TrainConfigInput } from '../../src/core/train/config';
import { soundingRange } from '../../src/core/instruments/phrases';
import { train, type TrainResult } from '../../src/core/train/train';
import { writeBundleDir } from '../../src/node/bundleFiles';
import { decodeAudioFile } from '../../src/node/decodeFile';
import { initNodeTf } from '../../src/node/tf';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DATA = path.resolve(ROOT, '../shared/data');
const INSTRUMENTS = path.join(DATA, 'instruments');
const SONGS = path.join(DATA, 'songs');
const CACHE = path.join(ROOT, 'node_modules/.cache/oido/instruments');
const SR = 22050;
const COLS = framesSpec.columns.length;
/** Longer recordings (some everyday sounds run minutes) are cut here: plenty for 1-s windows. */
const MAX_SECONDS = 30;
const AUDIO_EXTENSIONS = /\.(mp3|wav|ogg|flac)$/i;
/** Sounding windows kept per recording, spread over it (long recordings would otherwise dominate). */
const MAX_WINDOWS_PER_FILE = 8;
/** 1-s windows taken from each synthesised phrase (of SYNTH.lengthSeconds). */
const PHRASE_WINDOWS = 4;
const SYNTH: SynthOptions = { ...DEFAULT_SYNTH_OPTIONS, lengthSeconds: 4 };
/** Phrases per worker job. */
const PHRASE_CHUNK = 20;
/**
 * Training phrases of a class, as a multiple of --phrases: trumpet has 15 source files against 150 of most
 * classes, so it gets more phrases (more note combinations, rooms and microphones from the few notes it has).
 */
const PHRASE_BOOST: Record<string, number> = { trumpet: 3 };
/**
 * Each recorded training window is seen this many times per epoch: augmentation is added only as far as it
 * does not cost held-out clean-file accuracy (all clean rows ×3: files 0.905, ×5: 0.915, ×5 with 768 units: 0.936).
 */
const RECORDED_REPEAT = 5;

const PARTS = ['train', 'val', 'test'] as const;
export type PartName = (typeof PARTS)[number];

interface Args {
  quick: boolean;
  seed: number;
  out: string;
  phrasesPerClass: number;
  epochs: number;
  /** Model config fields over the defaults below (JSON), for experiments. */
  model: Record<string, unknown>;
  songs: boolean;
  workers: number;
  /** MLPs trained with different seeds and averaged. */
  members: number;
}

function parseArgs(argv: string[]): Args {
  const args: Args = {
    quick: false,
    seed: 7,
    out: path.join(ROOT, 'public/models/instruments'),
    phrasesPerClass: 250,
    epochs: 30,
    model: {},
    songs: true,
    workers: Math.max(1, Math.min(4, availableParallelism())),
    members: 1,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`Expected a value after ${a}`);
      return v;
    };
    if (a === '--quick') args.quick = true;
    else if (a === '--seed') args.seed = Number(value());
    else if (a === '--out') args.out = path.resolve(value());
    else if (a === '--phrases') args.phrasesPerClass = Number(value());
    else if (a === '--epochs') args.epochs = Number(value());
    else if (a === '--model') args.model = JSON.parse(value()) as Record<string, unknown>;
    else if (a === '--workers') args.workers = Number(value());
    else if (a === '--members') args.members = Number(value());
    else if (a === '--no-songs') args.songs = false;
    else {
      throw new Error(
        `Unknown argument ${a} (expected --quick, --seed N, --out DIR, --phrases N, --epochs N, --model JSON, --workers N, --members N, --no-songs)`,
      );
    }
  }
  if (!Number.isSafeInteger(args.seed)) throw new Error(`Expected --seed to be an integer, got ${args.seed}`);
  for (const key of ['phrasesPerClass', 'epochs', 'workers', 'members'] as const) {
    if (!(Number.isInteger(args[key]) && args[key] >= 0))
      throw new Error(`Expected ${key} to be a whole number, got ${args[key]}`);
  }
  if (args.members < 1) throw new Error(`Expected --members to be at least 1, got ${args.members}`);
  if (args.quick) {
    args.phrasesPerClass = Math.min(args.phrasesPerClass, 60);
    args.epochs = Math.min(args.epochs, 25);
    args.members = 1;
  }
  return args;
}

const log = (...parts: unknown[]) => console.log(`[${(performance.now() / 1000).toFixed(0)}s]`, ...parts);

// ---------------------------------------------------------------------------------------------------------------
// Source files

export interface FileEntry {
  className: string;
  label: number;
  /** `<class>/<file name>` */
  name: string;
}

export async function listFiles(): Promise<{ classNames: string[]; files: FileEntry[] }> {
  const entries = await readdir(INSTRUMENTS, { withFileTypes: true });
  const classNames = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  const files: FileEntry[] = [];
  for (const [label, className] of classNames.entries()) {
    const names = (await readdir(path.join(INSTRUMENTS, className)))
      .filter((f) => AUDIO_EXTENSIONS.test(f))
      .sort();
    for (const f of names) files.push({ className, label, name: `${className}/${f}` });
  }
  return { classNames, files };
}

/** File indices per part: stratified by class, seeded, 0.7 / 0.15 / 0.15, so no file is in two parts. */
export function splitFiles(files: readonly FileEntry[], seed: number): Record<PartName, number[]> {
  const split = trainValTestSplit(
    files.map((f) => f.label),
    files.map((f) => f.name),
    { train: 0.7, val: 0.15, test: 0.15, seed },
  );
  return { train: Array.from(split.train), val: Array.from(split.val), test: Array.from(split.test) };
}

/** Decoded (and 30-s capped) samples, cached as 16-bit PCM keyed by path, size, mtime and cap. */
async function decodeCached(file: string): Promise<Int16Array> {
  const info = await stat(file);
  const key = createHash('sha1')
    .update(`v1|${file}|${info.size}|${info.mtimeMs}|${MAX_SECONDS}`)
    .digest('hex')
    .slice(0, 20);
  const cached = path.join(CACHE, 'audio', `${key}.pcm16`);
  try {
    const bytes = await readFile(cached);
    return new Int16Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 2);
  } catch {
    const decoded = await decodeAudioFile(file);
    const n = Math.min(decoded.samples.length, MAX_SECONDS * SR);
    const pcm = new Int16Array(n);
    for (let i = 0; i < n; i++) pcm[i] = Math.round(Math.max(-1, Math.min(1, decoded.samples[i])) * 32767);
    await mkdir(path.dirname(cached), { recursive: true });
    await writeFile(cached, new Uint8Array(pcm.buffer));
    return pcm;
  }
}

/** Every file's samples in one shared buffer (workers read it without copies); the same 16-bit values always. */
interface SharedAudio {
  buffer: SharedArrayBuffer;
  offsets: number[];
  lengths: number[];
}

function samplesOf(audio: SharedAudio, file: number): Float32Array {
  return new Float32Array(audio.buffer, audio.offsets[file] * 4, audio.lengths[file]);
}

// ---------------------------------------------------------------------------------------------------------------
// Rows, computed in jobs that may run on any worker: each job's randomness comes from its own seed, so the rows
// do not depend on how jobs were spread over workers.

type RowKind = 'recorded' | 'rough' | 'phrase';

type Job =
  | { id: number; part: PartName; kind: 'recording'; file: number; roughen: boolean }
  | { id: number; part: PartName; kind: 'phrases'; label: number; first: number; count: number };

interface JobResult {
  id: number;
  x: Float32Array;
  y: number[];
  kind: RowKind[];
  origin: string[];
}

interface WorkerInput {
  audio: SharedAudio;
  files: FileEntry[];
  classNames: string[];
  parts: Record<PartName, number[]>;
  seed: number;
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
      const sources = classNames.map((_, label) =>
        parts[part]
          .filter((f) => files[f].label === label)
          .map(trim)
          .filter((s) => s.length >= SR / 20),
      );
      const other = classNames.indexOf('other');
      p = {
        sources,
        backgrounds: other >= 0 ? sources[other] : [],
        accompaniments: classNames
          .map((className, label) => ({ className, sources: sources[label] }))
          .filter((a) => a.className !== 'other'),
      };
      partSources.set(part, p);
    }
    return p;
  };
  const partIndex = (part: PartName) => PARTS.indexOf(part);
  return (job) => {
    const windows: { w: FrameWindow; y: number; kind: RowKind; origin: string }[] = [];
    if (job.kind === 'recording') {
      const f = files[job.file];
      const samples = samplesOf(audio, job.file);
      for (const w of recordingWindows(samples, MAX_WINDOWS_PER_FILE))
        windows.push({ w, y: f.label, kind: 'recorded', origin: f.name });
      if (job.roughen) {
        const rng = createRng(jobSeed(seed, 1, partIndex(job.part), job.file));
        const rough = roughenRecording(samples, rng, SYNTH);
        for (const w of recordingWindows(rough, MAX_WINDOWS_PER_FILE / 2))
          windows.push({ w, y: f.label, kind: 'rough', origin: f.name });
      }
    } else {
      const { sources, backgrounds, accompaniments } = sourcesFor(job.part);
      const className = classNames[job.label];
      for (let p = job.first; p < job.first + job.count; p++) {
        const rng = createRng(jobSeed(seed, 2, partIndex(job.part), job.label, p));
        const phrase = phraseWindows(
          className,
          sources[job.label],
          backgrounds,
          PHRASE_WINDOWS,
          rng,
          SYNTH,
          accompaniments,
        );
        for (const w of phrase)
          windows.push({ w, y: job.label, kind: 'phrase', origin: `${className}#${job.part}${p}` });
      }
    }
    const x = new Float32Array(windows.length * COLS);
    windows.forEach((r, i) => x.set(r.w.values, i * COLS));
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

/** Runs the jobs on `count` workers (this file, loaded through tsx); results in job order. */
async function runJobs(jobs: Job[], input: WorkerInput, count: number): Promise<JobResult[]> {
  if (jobs.length === 0) return [];
  if (count <= 1) {
    const run = jobRunner(input);
    return jobs.map(run);
  }
  const boot = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(import.meta.url)}); })`;
  const results: JobResult[] = new Array<JobResult>(jobs.length);
  let next = 0;
  let done = 0;
  const workers = Array.from(
    { length: Math.min(count, jobs.length) },
    () => new Worker(boot, { eval: true, workerData: { ...input, instrumentsWorker: true } }),
  );
  try {
    await new Promise<void>((resolve, reject) => {
      for (const w of workers) {
        w.on('error', reject);
        w.on('message', (r: JobResult) => {
          results[r.id] = r;
          done++;
          if (done % 50 === 0 || done === jobs.length) log(`  rows: ${done}/${jobs.length} jobs`);
          if (done === jobs.length) resolve();
          else if (next < jobs.length) w.postMessage(jobs[next++]);
        });
        if (next < jobs.length) w.postMessage(jobs[next++]);
      }
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}

export interface RowSet {
  x: Float32Array;
  y: Int32Array;
  kind: RowKind[];
  origin: string[];
}

function joinResults(results: JobResult[]): RowSet {
  const rows = results.reduce((n, r) => n + r.y.length, 0);
  const x = new Float32Array(rows * COLS);
  let at = 0;
  for (const r of results) {
    x.set(r.x, at * COLS);
    at += r.y.length;
  }
  return {
    x,
    y: Int32Array.from(results.flatMap((r) => r.y)),
    kind: results.flatMap((r) => r.kind),
    origin: results.flatMap((r) => r.origin),
  };
}

function subset(set: RowSet, keep: (i: number) => boolean): RowSet {
  const idx = Array.from(set.y, (_, i) => i).filter(keep);
  const x = new Float32Array(idx.length * COLS);
  idx.forEach((r, k) => x.set(set.x.subarray(r * COLS, (r + 1) * COLS), k * COLS));
  return {
    x,
    y: Int32Array.from(idx, (r) => set.y[r]),
    kind: idx.map((r) => set.kind[r]),
    origin: idx.map((r) => set.origin[r]),
  };
}

/** Each row `times(i)` times over, in order. */
export function repeatRows(set: RowSet, times: (i: number) => number): RowSet {
  const idx: number[] = [];
  set.y.forEach((_, i) => {
    for (let t = 0; t < times(i); t++) idx.push(i);
  });
  const x = new Float32Array(idx.length * COLS);
  idx.forEach((r, k) => x.set(set.x.subarray(r * COLS, (r + 1) * COLS), k * COLS));
  return {
    x,
    y: Int32Array.from(idx, (r) => set.y[r]),
    kind: idx.map((r) => set.kind[r]),
    origin: idx.map((r) => set.origin[r]),
  };
}

/** Sources whose code decides the rows: a change to any of them invalidates the cached rows. */
const ROW_SOURCES = [
  'src/core/features/frames.ts',
  'src/core/instruments/codec.ts',
  'src/core/instruments/colour.ts',
  'src/core/instruments/dataset.ts',
  'src/core/instruments/synth.ts',
  'src/core/instruments/windows.ts',
  'src/core/train/augment.ts',
  'src/core/instruments/phrases.ts',
  'src/core/instruments/reverb.ts',
];
/** Bump when the row code in this file (jobs, windows per file, phrase counts) changes what rows it makes. */
const ROWS_VERSION = 2;

/** Phrases synthesised for a class in a part: boosted for training only, where held-out parts stay even. */
export function phraseCount(perClass: number, part: PartName, className: string): number {
  return part === 'train' ? Math.round(perClass * (PHRASE_BOOST[className] ?? 1)) : perClass;
}

/** The cache key of the rows: everything they depend on. */
export async function rowsKey(
  input: Pick<WorkerInput, 'files' | 'parts' | 'seed'>,
  phrases: Record<PartName, number>,
): Promise<string> {
  const hash = createHash('sha1').update(
    JSON.stringify({
      version: ROWS_VERSION,
      files: input.files.map((f) => f.name),
      parts: input.parts,
      seed: input.seed,
      phrases,
      PHRASE_BOOST,
      MAX_WINDOWS_PER_FILE,
      PHRASE_WINDOWS,
      SYNTH,
    }),
  );
  for (const f of ROW_SOURCES) hash.update(await readFile(path.join(ROOT, f)));
  return hash.digest('hex').slice(0, 24);
}

/** The rows of every part, cached on disk (values as float32, the rest as JSON) under a key of all they depend on. */
async function buildRows(
  input: WorkerInput,
  phrases: Record<PartName, number>,
  workers: number,
): Promise<Record<PartName, RowSet>> {
  const base = path.join(CACHE, 'rows', await rowsKey(input, phrases));
  try {
    const labels = JSON.parse(await readFile(`${base}.json`, 'utf8')) as Record<
      PartName,
      Omit<RowSet, 'x' | 'y'> & { y: number[] }
    >;
    const bytes = await readFile(`${base}.f32`);
    const values = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
    let at = 0;
    const out = {} as Record<PartName, RowSet>;
    for (const part of PARTS) {
      const n = labels[part].y.length;
      out[part] = {
        ...labels[part],
        y: Int32Array.from(labels[part].y),
        x: values.slice(at * COLS, (at + n) * COLS),
      };
      at += n;
    }
    log(`rows from cache ${path.relative(ROOT, base)}`);
    return out;
  } catch {
    const jobs: Job[] = [];
    for (const part of PARTS) {
      for (const file of input.parts[part])
        jobs.push({ id: jobs.length, part, kind: 'recording', file, roughen: part === 'train' });
      for (let label = 0; label < input.classNames.length; label++) {
        const count = phraseCount(phrases[part], part, input.classNames[label]);
        for (let first = 0; first < count; first += PHRASE_CHUNK) {
          jobs.push({
            id: jobs.length,
            part,
            kind: 'phrases',
            label,
            first,
            count: Math.min(PHRASE_CHUNK, count - first),
          });
        }
      }
    }
    const results = await runJobs(jobs, input, workers);
    const out = {} as Record<PartName, RowSet>;
    for (const part of PARTS) out[part] = joinResults(results.filter((r) => jobs[r.id].part === part));
    await mkdir(path.dirname(base), { recursive: true });
    await writeFile(`${base}.f32`, Buffer.concat(PARTS.map((p) => new Uint8Array(out[p].x.buffer))));
    const json = Object.fromEntries(
      PARTS.map((p) => [p, { y: Array.from(out[p].y), kind: out[p].kind, origin: out[p].origin }]),
    );
    await writeFile(`${base}.json`, JSON.stringify(json));
    return out;
  }
}

// ---------------------------------------------------------------------------------------------------------------

/**
 * Separately trained MLPs as one TF.js graph of allow-listed layers (Dense, Average): each member's dense
 * layers rebuilt with its weights (dropout is inference-time identity), their logits averaged, which is the
 * normalised product of their probabilities. The last layer is named `logits` as the app's wrapper expects.
 */
function averageLogits(members: ClassifierModel[], inputSize: number): tf.LayersModel {
  const input = tf.input({ shape: [inputSize] });
  const outputs = members.map((member) => {
    let x: tf.SymbolicTensor = input;
    const layers = member.model.layers.filter((l) => l.getClassName() !== 'InputLayer');
    for (const layer of layers) {
      const kind = layer.getClassName();
      const config = layer.getConfig() as { activation?: string };
      if (kind === 'Dense') {
        const [kernel, bias] = layer.getWeights();
        const dense = tf.layers.dense({
          units: kernel.shape[1]!,
          activation: config.activation as 'linear',
          weights: [kernel, bias],
        });
        x = dense.apply(x) as tf.SymbolicTensor;
      } else if (kind === 'Activation' && config.activation === 'relu') {
        x = tf.layers.activation({ activation: 'relu' }).apply(x) as tf.SymbolicTensor;
      } else if (!['Dropout', 'SeededDropout'].includes(kind)) {
        throw new Error(`Cannot merge a member with a ${kind} layer into the ensemble`);
      }
    }
    return x;
  });
  const mean = outputs.length === 1 ? outputs[0] : (tf.layers.average().apply(outputs) as tf.SymbolicTensor);
  const logits = tf.layers
    .activation({ activation: 'linear', name: LOGITS_LAYER })
    .apply(mean) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: logits, name: 'instruments' });
}

function round(v: number): number {
  return Math.round(v * 1e4) / 1e4;
}

function classCounts(classNames: string[], y: Int32Array): Record<string, number> {
  const counts: Record<string, number> = {};
  classNames.forEach((c, i) => (counts[c] = y.filter((v) => v === i).length));
  return counts;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const started = performance.now();
  const backend = await initNodeTf();
  log(
    `backend ${backend}; seed ${args.seed}; ${args.quick ? 'quick' : 'full'} build; ${args.workers} workers`,
  );

  const { classNames, files } = await listFiles();
  const pcm: Int16Array[] = [];
  for (const f of files) pcm.push(await decodeCached(path.join(INSTRUMENTS, f.name)));
  const offsets: number[] = [];
  let total = 0;
  for (const p of pcm) {
    offsets.push(total);
    total += p.length;
  }
  const audio: SharedAudio = {
    buffer: new SharedArrayBuffer(total * 4),
    offsets,
    lengths: pcm.map((p) => p.length),
  };
  pcm.forEach((p, i) => {
    const s = samplesOf(audio, i);
    for (let k = 0; k < p.length; k++) s[k] = p[k] / 32767;
  });
  pcm.length = 0;
  log(`decoded ${files.length} files in ${classNames.length} classes (${(total / SR / 3600).toFixed(2)} h)`);

  const parts = splitFiles(files, args.seed);
  const heldOutPhrases = Math.max(10, Math.round(args.phrasesPerClass / 6));
  const rows = await buildRows(
    { audio, files, classNames, parts, seed: args.seed },
    { train: args.phrasesPerClass, val: heldOutPhrases, test: heldOutPhrases },
    args.workers,
  );
  for (const part of PARTS) {
    const kinds = ['recorded', 'rough', 'phrase'].map(
      (k) => `${rows[part].kind.filter((v) => v === k).length} ${k}`,
    );
    log(`${part}: ${parts[part].length} files, rows ${kinds.join(', ')}`);
  }

  const trainSet = repeatRows(rows.train, (i) => (rows.train.kind[i] === 'recorded' ? RECORDED_REPEAT : 1));
  const nTrain = trainSet.y.length;
  // Fitted on the training rows only; the chroma bins share one normalisation so that transposing commutes.
  const standardizer = tieChromaNormalization(fitStandardizer(trainSet.x, nTrain, COLS));
  const norm = (x: Float32Array) => applyStandardizer(standardizer, x, x.length / COLS, COLS);

  const modelConfig = parseModelConfig({
    family: 'mlp',
    hidden: [768, 256],
    dropout: 0.3,
    inputDropout: 0.1,
    l2: 1e-4,
    members: 1,
    ...args.model,
  }) as MlpConfig;
  const trainingConfig: TrainConfigInput = {
    optimizer: { type: 'adam', learningRate: 1e-3 },
    schedule: { type: 'cosine', minLearningRate: 1e-5, warmupEpochs: 2 },
    epochs: args.epochs,
    batchSize: 128,
    // A fixed cosine schedule: validation loss on held-out files is noisy enough that early stopping cut members
    // off anywhere between epoch 9 and 28; it is reported per epoch instead.
    earlyStopping: null,
    classWeights: 'balanced',
    seed: args.seed,
  };
  const trainData = {
    train: { x: norm(trainSet.x), y: trainSet.y },
    validation: { x: norm(rows.val.x), y: rows.val.y },
  };
  const members: ClassifierModel[] = [];
  const runs: TrainResult[] = [];
  for (let m = 0; m < args.members; m++) {
    const member = buildClassifier(modelConfig, [COLS], classNames.length, args.seed + m);
    const run = await train(member, trainData, {
      config: { ...trainingConfig, seed: args.seed + m },
      onEpoch: (e) =>
        log(
          `member ${m + 1}/${args.members} epoch ${e.epoch}/${e.epochs} loss ${e.loss.toFixed(3)} acc ${e.acc?.toFixed(3)} val ${e.valLoss?.toFixed(3)} / ${e.valAcc?.toFixed(3)}`,
        ),
    });
    log(`member ${m + 1}: ${run.stopReason}, best epoch ${run.bestEpoch}`);
    members.push(member);
    runs.push(run);
  }
  const model = new ClassifierModel(averageLogits(members, COLS), modelConfig);
  for (const member of members) member.dispose();
  const result = runs[0];

  const windowModel: WindowModel = {
    classNames,
    normalization: standardizer,
    predictProbs: (x) => model.predictProbs(x),
  };
  const score = (set: RowSet): Evaluation => evaluate(set.y, model.predictProbs(norm(set.x)), classNames);
  const recordedOnly = (set: RowSet) => subset(set, (i) => set.kind[i] === 'recorded');
  const phrasesOnly = (set: RowSet) => subset(set, (i) => set.kind[i] === 'phrase');
  const testRecorded = score(recordedOnly(rows.test));
  const testPhrases = score(phrasesOnly(rows.test));
  const valRecorded = score(recordedOnly(rows.val));
  const valPhrases = score(phrasesOnly(rows.val));
  // Per file: the class with the highest mean probability over its sounding windows.
  const fileTrue: number[] = [];
  const fileProbs: number[] = [];
  for (const f of parts.test) {
    const summary = summarizeClip(
      classNames,
      classifyWindows(windowModel, recordingWindows(samplesOf(audio, f), MAX_WINDOWS_PER_FILE)),
    );
    fileTrue.push(files[f].label);
    const mean = new Map(summary.mean.map((m) => [m.className, m.prob]));
    fileProbs.push(...classNames.map((c) => mean.get(c) ?? 0));
  }
  const testFiles = evaluate(fileTrue, fileProbs, classNames);
  log(
    `held-out: windows ${testRecorded.accuracy.toFixed(4)}, files ${testFiles.accuracy.toFixed(4)}, phrase windows ${testPhrases.accuracy.toFixed(4)}; val ${valRecorded.accuracy.toFixed(4)} / ${valPhrases.accuracy.toFixed(4)}`,
  );
  for (const [i, c] of testRecorded.perClass.entries()) {
    log(
      `  ${c.name.padEnd(14)} windows: recall ${c.recall.toFixed(3)} precision ${c.precision.toFixed(3)} (${c.support}); files ${testFiles.perClass[i].recall.toFixed(3)} (${testFiles.perClass[i].support}); phrases ${testPhrases.perClass[i].recall.toFixed(3)}`,
    );
  }

  const songs: Record<string, unknown>[] = [];
  const songNames = args.songs ? (await readdir(SONGS)).filter((f) => AUDIO_EXTENSIONS.test(f)).sort() : [];
  for (const name of songNames) {
    const decoded = await decodeAudioFile(path.join(SONGS, name));
    const summary = summarizeClip(
      classNames,
      classifyWindows(windowModel, extractFrameWindows(decoded.samples, 1, 1)),
    );
    songs.push({
      song: name,
      top: summary.top,
      windows: summary.windows,
      silentWindows: summary.silentWindows,
      meanTop3: summary.mean.slice(0, 3).map((m) => ({ className: m.className, prob: round(m.prob) })),
      votesTop3: summary.votes.slice(0, 3).map((v) => ({ className: v.className, share: round(v.share) })),
    });
    const mean = summary.mean.slice(0, 3).map((m) => `${m.className} ${m.prob.toFixed(2)}`);
    const votes = summary.votes.slice(0, 3).map((v) => `${v.className} ${v.share.toFixed(2)}`);
    log(`song ${name.slice(0, 40).padEnd(40)} ${mean.join(', ')} | votes ${votes.join(', ')}`);
  }

  // Scatter for the app: 2-D PCA of (a deterministic sample of) the standardised training rows.
  const xTrainNorm = norm(trainSet.x);
  const step = Math.max(1, Math.ceil(nTrain / 2000));
  const picked = Array.from({ length: Math.ceil(nTrain / step) }, (_, k) => k * step).filter(
    (r) => r < nTrain,
  );
  const sample = new Float32Array(picked.length * COLS);
  picked.forEach((r, k) => sample.set(xTrainNorm.subarray(r * COLS, (r + 1) * COLS), k * COLS));
  const pca = pca2d(sample, picked.length, COLS);

  const counts = classCounts(classNames, trainSet.y);
  const meta: BundleMeta = {
    format: 'oido-model',
    version: 1,
    name: 'instruments',
    createdAt: new Date().toISOString(),
    task: 'instruments',
    classNames,
    featureSpec: framesSpec,
    inputShape: [COLS],
    normalization: { mean: standardizer.mean, std: standardizer.std, version: standardizer.version },
    modelConfig,
    trainingConfig: {
      ...result.config,
      ensemble: {
        members: args.members,
        combine: "mean of the members' logits",
        seeds: runs.map((r) => r.config.seed),
      },
    },
    metrics: {
      accuracy: testRecorded.accuracy,
      macroF1: testRecorded.macroF1,
      confusion: testRecorded.confusion,
      fileAccuracy: testFiles.accuracy,
      phraseAccuracy: testPhrases.accuracy,
      silenceDbfs: SILENCE_DBFS,
    },
    data: {
      source: `../shared/data/instruments: 1-s windows of ${parts.train.length} training files, as recorded and through a rough microphone, and of phrases synthesised from them`,
      rows: nTrain,
      classCounts: counts,
    },
    projection: {
      space: 'input',
      mean: pca.mean,
      components: pca.components,
      points: picked.map(
        (_, k) => [round(pca.points[2 * k]), round(pca.points[2 * k + 1])] as [number, number],
      ),
      labels: picked.map((r) => trainSet.y[r]),
      explainedVariance: pca.explained,
    },
    kind: 'tf-layers',
  };
  const bundle = await saveBundle(model.model, meta);
  const written = await writeBundleDir(args.out, bundle);
  let bytes = 0;
  for (const f of written) bytes += (await stat(f)).size;
  log(`bundle ${args.out}: ${(bytes / 1024).toFixed(0)} KiB`);

  const report = {
    command: `npx tsx scripts/models/instruments.ts${args.quick ? ' --quick' : ''}`,
    seed: args.seed,
    seconds: round((performance.now() - started) / 1000),
    backend,
    workers: args.workers,
    data: {
      root: '../shared/data/instruments',
      classes: classNames.map((c) => ({
        className: c,
        files: files.filter((f) => f.className === c).length,
        trainRows: counts[c],
      })),
      maxSecondsPerFile: MAX_SECONDS,
      rows: Object.fromEntries(
        PARTS.map((p) => [
          p,
          Object.fromEntries(
            ['recorded', 'rough', 'phrase'].map((k) => [k, rows[p].kind.filter((v) => v === k).length]),
          ),
        ]),
      ),
    },
    split: {
      by: 'file (stratified, seeded trainValTestSplit 0.7 / 0.15 / 0.15)',
      train: parts.train.map((f) => files[f].name),
      val: parts.val.map((f) => files[f].name),
      test: parts.test.map((f) => files[f].name),
    },
    config: {
      windows: {
        seconds: 1,
        hopSeconds: 0.5,
        silenceDbfs: SILENCE_DBFS,
        soundingRangeDb: 30,
        maxPerFile: MAX_WINDOWS_PER_FILE,
      },
      phrasesPerClass: { train: args.phrasesPerClass, val: heldOutPhrases, test: heldOutPhrases },
      phraseWindows: PHRASE_WINDOWS,
      phraseBoost: PHRASE_BOOST,
      recordedRepeat: RECORDED_REPEAT,
      synth: SYNTH,
      model: modelConfig,
      training: result.config,
      members: runs.map((r) => ({
        seed: r.config.seed,
        stopReason: r.stopReason,
        bestEpoch: r.bestEpoch,
        seconds: round(r.seconds),
      })),
    },
    heldOut: {
      windowAccuracy: testRecorded.accuracy,
      windowMacroF1: testRecorded.macroF1,
      fileAccuracy: testFiles.accuracy,
      phraseWindowAccuracy: testPhrases.accuracy,
      perClass: testRecorded.perClass.map((c, i) => ({
        ...c,
        fileRecall: testFiles.perClass[i].recall,
        files: testFiles.perClass[i].support,
        phraseRecall: testPhrases.perClass[i].recall,
      })),
      confusion: testRecorded.confusion,
      fileConfusion: testFiles.confusion,
    },
    validation: { windowAccuracy: valRecorded.accuracy, phraseWindowAccuracy: valPhrases.accuracy },
    songs,
    bundleBytes: bytes,
  };
  await writeFile(path.join(args.out, 'report.json'), JSON.stringify(report, null, 2) + '\n');
  log(`done in ${report.seconds} s`);
}

/** Run as a script (`tsx scripts/models/instruments.ts`, or by build.ts), not when a test imports it. */
const isEntry =
  isMainThread &&
  process.argv[1] !== undefined &&
  path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);

if (isEntry) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}

/**
 * The source recordings: studio notes (split by file into train / val / test) and real recordings (in folds by
 * file), decoded once into a shared buffer that worker threads read without copies.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { kFold, trainValTestSplit } from '../../../src/core/data/split';
import { VOICE_CLASS } from '../../../src/core/instruments/classes';
import { decodeAudioFile } from '../../../src/node/decodeFile';
import {
  AUDIO_EXTENSIONS,
  CACHE,
  INSTRUMENTS,
  INSTRUMENTS_REAL,
  MAX_SECONDS,
  SR,
  type PartName,
} from './config';
import { sampledClipNames, sampledFolder } from './sampled';
import { pickSpeech, RECORDED_SPEECH, speechFolders, speechLanguage } from './speech';
import { voiceFolder } from './voice';

/**
 * Studio notes, real recordings, synthesised or recorded speech (in a `voice` class of its own, see voice.ts and
 * speech.ts) or phrases rendered from sound fonts (sampled.ts).
 */
export type FileSource = 'studio' | 'real' | 'voice' | 'speech' | 'sampled';

export interface FileEntry {
  className: string;
  label: number;
  /**
   * `<class>/<file name>` under the source's folder (`voice/<key>/<file name>` under the cache for synthesised
   * speech, `speech/<language>/<file name>` for recorded speech, `sampled/<key>/<class>/<file name>` for
   * sampled phrases).
   */
  name: string;
  source: FileSource;
}

async function audioFiles(folder: string): Promise<string[]> {
  return (await readdir(folder)).filter((f) => AUDIO_EXTENSIONS.test(f)).sort();
}

/** The studio classes (every folder of ../shared/data/instruments, sorted) and their files. */
export async function listFiles(): Promise<{ classNames: string[]; files: FileEntry[] }> {
  const entries = await readdir(INSTRUMENTS, { withFileTypes: true });
  const classNames = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  const files: FileEntry[] = [];
  for (const [label, className] of classNames.entries()) {
    for (const f of await audioFiles(path.join(INSTRUMENTS, className)))
      files.push({ className, label, name: `${className}/${f}`, source: 'studio' });
  }
  return { classNames, files };
}

/** Speech files (`names` under their source's root) as entries of the `voice` class. */
function voiceEntries(
  classNames: readonly string[],
  names: readonly string[],
  source: 'voice' | 'speech',
): FileEntry[] {
  const label = classNames.indexOf(VOICE_CLASS);
  if (label < 0) throw new Error(`Expected the classes to end with ${VOICE_CLASS} when speech is asked for`);
  return names.map((name) => ({ className: VOICE_CLASS, label, name, source }));
}

/** `count` synthesised speech clips (class `voice`), made by voiceFolder if the cache lacks them. */
export async function listVoiceFiles(
  classNames: readonly string[],
  count: number,
  seed: number,
): Promise<FileEntry[]> {
  if (count === 0) return [];
  const folder = await voiceFolder(count, seed);
  const names = (await audioFiles(folder)).map((f) => path.relative(CACHE, path.join(folder, f)));
  return voiceEntries(classNames, names, 'voice');
}

/** `count` recorded spoken words (class `voice`, speech.ts), spread over the languages. */
export async function listSpeechFiles(
  classNames: readonly string[],
  count: number,
  seed: number,
): Promise<FileEntry[]> {
  if (count === 0) return [];
  const names = pickSpeech(await speechFolders(), count, seed).map((name) => `speech/${name}`);
  return voiceEntries(classNames, names, 'speech');
}

/** `count` sampled phrases a class and sound font (sampled.ts), rendered if the cache lacks them. */
export async function listSampledFiles(
  classNames: readonly string[],
  count: number,
  seed: number,
): Promise<FileEntry[]> {
  if (count === 0) return [];
  const folder = await sampledFolder(count, seed);
  // Every clip of a class the build knows (its label looked up once), named under the cache like speech.
  return sampledClipNames(count).flatMap((name) => {
    const className = name.split('/')[0];
    const label = classNames.indexOf(className);
    const file = {
      className,
      label,
      name: path.relative(CACHE, path.join(folder, name)),
      source: 'sampled' as const,
    };
    return label < 0 ? [] : [file];
  });
}

/** The real recordings, each folder of ../shared/data/instruments-real named after one of `classNames`. */
export async function listRealFiles(classNames: readonly string[]): Promise<FileEntry[]> {
  const entries = await readdir(INSTRUMENTS_REAL, { withFileTypes: true });
  const files: FileEntry[] = [];
  for (const className of entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort()) {
    const label = classNames.indexOf(className);
    if (label < 0)
      throw new Error(
        `Expected instruments-real/${className} to be one of the classes ${classNames.join(', ')}`,
      );
    for (const f of await audioFiles(path.join(INSTRUMENTS_REAL, className)))
      files.push({ className, label, name: `${className}/${f}`, source: 'real' });
  }
  return files;
}

export function filePath(file: FileEntry): string {
  if (file.source === 'speech') return path.join(RECORDED_SPEECH, path.relative('speech', file.name));
  const root = { studio: INSTRUMENTS, real: INSTRUMENTS_REAL, voice: CACHE, sampled: CACHE }[file.source];
  return path.join(root, file.name);
}

/** What a file is split with: its own name, or for recorded speech its language (its speakers). */
function splitGroup(file: FileEntry): string {
  return file.source === 'speech'
    ? `speech/${speechLanguage(path.relative('speech', file.name))}`
    : file.name;
}

/**
 * Studio file indices per part: stratified by class, seeded, 0.7 / 0.15 / 0.15, so no file (and no language of
 * recorded speech) is in two parts.
 */
export function splitFiles(files: readonly FileEntry[], seed: number): Record<PartName, number[]> {
  const split = trainValTestSplit(
    files.map((f) => f.label),
    files.map(splitGroup),
    { train: 0.7, val: 0.15, test: 0.15, seed },
  );
  return { train: Array.from(split.train), val: Array.from(split.val), test: Array.from(split.test) };
}

/**
 * The fold (0 … k − 1) of each real file: by file, stratified by what the file holds (its class, and for
 * percussion the drum its name starts with: bass drum, hi-hat, snare), seeded.
 */
export function realFolds(files: readonly FileEntry[], k: number, seed: number): number[] {
  const kinds = files.map((f) =>
    f.className === 'percussion' ? path.basename(f.name).replace(/-[0-9a-f]+\.\w+$/, '') : f.className,
  );
  const kindNames = [...new Set(kinds)].sort();
  const folds = kFold(
    kinds.map((s) => kindNames.indexOf(s)),
    files.map((f) => f.name),
    k,
    seed,
  );
  const out = new Array<number>(files.length).fill(-1);
  folds.forEach((fold, i) => fold.test.forEach((f) => (out[f] = i)));
  return out;
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
export interface SharedAudio {
  buffer: SharedArrayBuffer;
  offsets: number[];
  lengths: number[];
}

export function samplesOf(audio: SharedAudio, file: number): Float32Array {
  return new Float32Array(audio.buffer, audio.offsets[file] * 4, audio.lengths[file]);
}

/** Decodes (or reads from the cache) every file into one shared buffer, in order. */
export async function loadAudio(files: readonly FileEntry[]): Promise<SharedAudio> {
  const pcm: Int16Array[] = [];
  for (const f of files) pcm.push(await decodeCached(filePath(f)));
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
  return audio;
}

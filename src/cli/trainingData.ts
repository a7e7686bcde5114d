/**
 * `--data` of train and evaluate, read into one labelled dataset with the feature spec a model of it will carry:
 *
 * - a folder of audio with one sub-folder per class: each file's rows in the chosen feature set (1-s `frames`
 *   windows by default), grouped by file so that no file straddles a split;
 * - a CSV with a label column (`label`, or `--label COL`);
 * - several `LABEL=FILE.csv`: every row of each file labelled LABEL.
 *
 * Text columns are never features; a `filename` column groups rows by track; `--drop` leaves columns out; rows
 * with empty or bad values are reported and left out. A CSV whose feature columns are exactly GTZAN's 57 gets
 * the `gtzan-librosa` spec, so its model classifies audio; any other CSV a `tabular` spec naming its columns.
 */
import {
  capNote,
  capRowsPerFile,
  filesPerClass,
  imbalanceRatio,
  IMBALANCE_HINT_RATIO,
  perFileCap,
} from '../core/dataset/perFile';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { mergeOnSharedColumns, selectColumns, suspectColumns } from '../core/data/columns';
import { subsetDataset, tabularFromCsv, type DroppedRow, type TabularDataset } from '../core/data/tabular';
import { decodeCsvBytes } from '../core/data/csvEncoding';
import { GTZAN_COLUMNS, gtzanLibrosaSpec } from '../core/features/gtzanLibrosa';
import { tabularSpec, type FeatureSpec } from '../core/features/spec';
import { decodeAudioFile } from '../node/decodeFile';
import { clipRows, inputShapeOf, specOf, type AudioFeatureSet } from '../core/features/audioSets';
import { UsageError } from './args';
import type { CliIo } from './io';

export interface DataOptions {
  /** The `--data` values, in order. */
  data: readonly string[];
  /** Label column of a single CSV (default `label`). */
  label?: string;
  drop: readonly string[];
  /** Feature set for an audio folder. */
  features: AudioFeatureSet;
  /** A second CSV of training-only rows (e.g. GTZAN's 10-s segments), used for the training groups only. */
  extra?: string;
  /** Binary data: the class the decision threshold is about; it becomes class 1. */
  positive?: string;
  /** Suspect columns (row ids, a column that alone separates the classes) to train on all the same. */
  keep?: readonly string[];
}

export interface TrainingData {
  dataset: TabularDataset;
  /** Rows of `extra`, with the dataset's columns and class indices. */
  extra: TabularDataset | null;
  featureSpec: FeatureSpec;
  inputShape: number[];
  kind: 'csv' | 'audio';
  /** In a few words, for meta.data.source. */
  source: string;
}

const AUDIO_FILE = /\.(wav|mp3|ogg|oga|flac)$/i;
const SHOWN_DROPPED = 5;

/** `LABEL=FILE` → [LABEL, FILE]; null for a plain path (also one with '=' in it that exists as given). */
async function labelledPath(value: string): Promise<[string, string] | null> {
  const eq = value.indexOf('=');
  if (eq <= 0) return null;
  if (await exists(value)) return null;
  return [value.slice(0, eq), value.slice(eq + 1)];
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

async function readText(file: string): Promise<string> {
  try {
    // Read as the page reads it: UTF-8 (BOM or not), UTF-16 LE/BE or Windows-1252.
    return decodeCsvBytes(await readFile(file)).text;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new Error(`No such file: ${file}`, { cause: error });
    if (code === 'EISDIR') throw new Error(`${file} is a folder, not a CSV file`, { cause: error });
    throw new Error(`Cannot read ${file}: ${(error as Error).message}`, { cause: error });
  }
}

function reportDropped(dropped: readonly DroppedRow[], io: CliIo): void {
  if (dropped.length === 0) return;
  io.err(`${dropped.length} row${dropped.length === 1 ? '' : 's'} with empty or bad values left out:`);
  for (const d of dropped.slice(0, SHOWN_DROPPED)) {
    io.err(`  ${d.source ? `${d.source} ` : ''}line ${d.line}: ${d.reason}`);
  }
  if (dropped.length > SHOWN_DROPPED) io.err(`  … and ${dropped.length - SHOWN_DROPPED} more`);
}

/**
 * The dataset with its columns in `columns` order and its classes renumbered to `classNames` (which must name
 * every class it has). Names a column it lacks.
 */
export function alignDataset(
  ds: TabularDataset,
  columns: readonly string[],
  classNames: readonly string[],
  what = 'the data',
): TabularDataset {
  const order = columns.map((c) => ds.columns.indexOf(c));
  const missing = columns.filter((_, j) => order[j] < 0);
  if (missing.length > 0)
    throw new Error(`${what} lacks the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);
  const extraColumns = ds.columns.filter((c) => !columns.includes(c));
  if (extraColumns.length > 0) {
    throw new Error(
      `${what} has columns the rest lacks: ${extraColumns.join(', ')} (leave them out with --drop)`,
    );
  }
  const classOf = ds.classNames.map((name) => classNames.indexOf(name));
  const unknown = ds.classNames.filter((_, c) => classOf[c] < 0);
  if (unknown.length > 0) throw new Error(`${what} has classes the rest lacks: ${unknown.join(', ')}`);
  const width = ds.columns.length;
  const features = new Float32Array(ds.rows * columns.length);
  for (let r = 0; r < ds.rows; r++) {
    for (let j = 0; j < columns.length; j++)
      features[r * columns.length + j] = ds.features[r * width + order[j]];
  }
  const labels = Int32Array.from(ds.labels, (y) => (y >= 0 ? classOf[y] : -1));
  return { ...ds, features, columns: [...columns], labels, classNames: [...classNames] };
}

/** Two classes: order them so that the positive one (named, else the smaller, else the later name) is class 1. */
function positiveLast(ds: TabularDataset, positive: string | undefined): string[] {
  if (ds.classNames.length !== 2) {
    if (positive !== undefined) {
      throw new UsageError(`--positive is for two-class data; this data has ${ds.classNames.length} classes`);
    }
    return ds.classNames;
  }
  const counts = [0, 0];
  for (const y of ds.labels) counts[y]++;
  let pos: number;
  if (positive !== undefined) {
    pos = ds.classNames.indexOf(positive);
    if (pos < 0)
      throw new UsageError(
        `--positive ${positive} is not a class; the classes are ${ds.classNames.join(', ')}`,
      );
  } else if (counts[0] !== counts[1]) {
    pos = counts[0] < counts[1] ? 0 : 1;
  } else {
    pos = ds.classNames[0] > ds.classNames[1] ? 0 : 1;
  }
  return [ds.classNames[1 - pos], ds.classNames[pos]];
}

async function loadCsvs(options: DataOptions, io: CliIo): Promise<{ ds: TabularDataset; source: string }> {
  const labelled = await Promise.all(options.data.map(labelledPath));
  const drop = options.drop;
  if (labelled.every((l) => l !== null)) {
    if (options.label !== undefined)
      throw new UsageError('--label is for one CSV with a label column, not LABEL=FILE');
    const parts = await Promise.all(
      labelled.map(async ([label, file]) =>
        tabularFromCsv(await readText(file), { labelFor: label, drop, source: path.basename(file) }),
      ),
    );
    const { merged: ds, uncommon } = mergeOnSharedColumns(parts);
    if (uncommon.length > 0) {
      io.err(
        `note: left out ${uncommon.join(', ')}: not in every file (the files are merged on the columns they share)`,
      );
    }
    reportDropped(ds.dropped, io);
    return { ds, source: labelled.map(([label, file]) => `${label}=${path.basename(file)}`).join(' + ') };
  }
  if (options.data.length !== 1) {
    throw new UsageError(
      'Give one --data PATH (a CSV with labels, or a folder of audio), or several --data LABEL=FILE.csv',
    );
  }
  const file = options.data[0];
  const ds = tabularFromCsv(await readText(file), {
    label: options.label ?? 'label',
    drop,
    source: path.basename(file),
  });
  reportDropped(ds.dropped, io);
  return { ds, source: path.basename(file) };
}

/** Rows of every audio file under `folder/<class>/`, in the chosen feature set, grouped by file. */
async function loadAudioFolder(folder: string, set: AudioFeatureSet, io: CliIo): Promise<TabularDataset> {
  const entries = await readdir(folder, { withFileTypes: true });
  const classDirs = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  if (classDirs.length < 2) {
    throw new Error(
      `Expected ${folder} to hold one sub-folder of audio per class (at least 2), found ${classDirs.length}`,
    );
  }
  const spec = specOf(set);
  // One row: a vector of columns, or (logmel) a 3-s patch, frames × mel bands.
  const width = inputShapeOf(set).reduce((a, b) => a * b, 1);
  const rows: Float32Array[] = [];
  const labels: number[] = [];
  const groups: string[] = [];
  const ids: string[] = [];
  const dropped: DroppedRow[] = [];
  const classNames: string[] = [];
  let done = 0;
  for (const name of classDirs) {
    const files = (await readdir(path.join(folder, name))).filter((f) => AUDIO_FILE.test(f)).sort();
    if (files.length === 0) {
      io.err(`note: ${name}/ holds no audio files (.wav, .mp3, .ogg, .flac); it is not a class`);
      continue;
    }
    const label = classNames.length;
    classNames.push(name);
    for (const file of files) {
      const key = `${name}/${file}`;
      try {
        const { samples } = await decodeAudioFile(path.join(folder, name, file));
        const clip = clipRows(samples, set);
        for (let i = 0; i < clip.count; i++) {
          rows.push(clip.values.subarray(i * width, (i + 1) * width));
          labels.push(label);
          groups.push(key);
          ids.push(`${key}@${clip.starts[i]}`);
        }
      } catch (error) {
        dropped.push({ line: 0, reason: (error as Error).message, source: key });
        io.err(`error: ${key}: ${(error as Error).message} (left out)`);
      }
      if (++done % 50 === 0) io.err(`features: ${done} files`);
    }
  }
  if (classNames.length < 2) throw new Error(`Expected audio files in at least 2 class folders of ${folder}`);
  // Judged by files, not windows: no file gives more than twice a typical file's windows of the class with the shortest files (core/dataset/perFile).
  const cap = perFileCap(groups, labels);
  const keep = capRowsPerFile(groups, cap);
  const capped = capNote(groups, keep, cap);
  if (capped) {
    io.err(
      `note: ${capped.rowsLeftOut} windows of ${capped.files} long files left out (at most ${cap} per file, evenly spaced), so that no file outweighs the others`,
    );
  }
  const files = filesPerClass(labels, groups, classNames.length);
  io.err(`files per class: ${classNames.map((n, c) => `${n} ${files[c]}`).join(', ')}`);
  const ratio = imbalanceRatio(files);
  if (Number.isFinite(ratio) && ratio >= IMBALANCE_HINT_RATIO)
    io.err(`note: imbalanced by files (${ratio.toFixed(0)} : 1): balanced class weights may help`);
  const features = new Float32Array(keep.length * width);
  keep.forEach((r, i) => features.set(rows[r], i * width));
  const pick = <T>(list: T[]) => Array.from(keep, (r) => list[r]);
  const present = new Set(labels);
  const empty = classNames.filter((_, c) => !present.has(c));
  if (empty.length > 0) throw new Error(`No file of ${empty.join(', ')} could be read`);
  return {
    features,
    rows: keep.length,
    // A logmel row is a patch, frame-major: one column per (frame, band).
    columns:
      width === spec.columns.length
        ? [...spec.columns]
        : Array.from(
            { length: width },
            (_, i) => `${spec.columns[i % spec.columns.length]}@${Math.floor(i / spec.columns.length)}`,
          ),
    labels: Int32Array.from(pick(labels)),
    classNames,
    groups: pick(groups),
    ids: pick(ids),
    dropped,
    ignoredColumns: [],
    source: path.basename(path.resolve(folder)),
  };
}

/**
 * The dataset without its suspect columns (row ids; a column that alone separates the classes), each named
 * on stderr with why and how to keep it; `keep` names those to train on all the same.
 */
function withoutSuspects(ds: TabularDataset, keep: readonly string[], io: CliIo): TabularDataset {
  const unknown = keep.filter((c) => !ds.columns.includes(c));
  if (unknown.length > 0) throw new UsageError(`--keep names no column of the data: ${unknown.join(', ')}`);
  const suspects = suspectColumns(ds).filter((s) => !keep.includes(s.name));
  if (suspects.length === 0) return ds;
  for (const s of suspects)
    io.err(`note: left out ${s.name}: ${s.detail} (train on it with --keep ${s.name})`);
  const names = new Set(suspects.map((s) => s.name));
  return selectColumns(
    ds,
    ds.columns.filter((c) => !names.has(c)),
  );
}

/** Reads `--data` (and `--extra`) into a dataset and the spec its model will carry. */
export async function loadTrainingData(options: DataOptions, io: CliIo): Promise<TrainingData> {
  if (options.data.length === 0) throw new UsageError('No --data given');
  const first = options.data[0];
  const isFolder =
    options.data.length === 1 &&
    (await stat(first).then(
      (s) => s.isDirectory(),
      () => false,
    ));
  let ds: TabularDataset;
  let source: string;
  let featureSpec: FeatureSpec;
  let inputShape: number[];
  let kind: TrainingData['kind'];
  if (isFolder) {
    ds = await loadAudioFolder(first, options.features, io);
    source = `${ds.source}/ (audio, ${options.features})`;
    featureSpec = specOf(options.features);
    inputShape = inputShapeOf(options.features);
    kind = 'audio';
  } else {
    const loaded = await loadCsvs(options, io);
    ds = withoutSuspects(loaded.ds, options.keep ?? [], io);
    source = loaded.source;
    const gtzan =
      ds.columns.length === GTZAN_COLUMNS.length && GTZAN_COLUMNS.every((c) => ds.columns.includes(c));
    if (gtzan) {
      ds = alignDataset(ds, GTZAN_COLUMNS, ds.classNames);
      featureSpec = gtzanLibrosaSpec;
    } else {
      if (GTZAN_COLUMNS.every((c) => ds.columns.includes(c))) {
        const others = ds.columns.filter((c) => !GTZAN_COLUMNS.includes(c));
        io.err(
          `note: besides GTZAN's 57 columns this CSV has ${others.join(', ')}; with --drop ${others.join(',')} the model would classify audio`,
        );
      }
      featureSpec = tabularSpec(ds.columns);
    }
    inputShape = [ds.columns.length];
    kind = 'csv';
  }
  if (ds.classNames.length < 2) {
    throw new Error(
      `Expected at least 2 classes to train on, got ${ds.classNames.length} (${ds.classNames.join(', ')})`,
    );
  }
  ds = alignDataset(ds, ds.columns, positiveLast(ds, options.positive));

  let extra: TabularDataset | null = null;
  if (options.extra !== undefined) {
    if (kind !== 'csv') throw new UsageError('--extra adds CSV rows to CSV data, not to an audio folder');
    const raw = tabularFromCsv(await readText(options.extra), {
      label: options.label ?? 'label',
      drop: options.drop,
      source: path.basename(options.extra),
    });
    reportDropped(raw.dropped, io);
    extra = alignDataset(raw, ds.columns, ds.classNames, path.basename(options.extra));
    source += ` (+ ${path.basename(options.extra)} rows of the training tracks)`;
  }
  return { dataset: ds, extra, featureSpec, inputShape, kind, source };
}

/** The extra rows whose group is among `groups` (the training side's tracks), or null when there are none. */
export function extraRowsFor(
  extra: TabularDataset | null,
  groups: ReadonlySet<string>,
): TabularDataset | null {
  if (!extra) return null;
  const picked = extra.groups.flatMap((g, r) => (groups.has(g) ? [r] : []));
  return picked.length > 0 ? subsetDataset(extra, picked) : null;
}

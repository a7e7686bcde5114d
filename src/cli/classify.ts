/**
 * `npm run -s classify -- --model DIR [--json] FILE...`: one line per input (per row of a CSV) with the top
 * class, the class probabilities and, for audio, the probabilities of each segment.
 *
 * Audio is decoded as a stream and analysed with the bundle's own feature set: `gtzan-librosa` one segment per
 * 30 s (a last piece under 15 s joins the one before), `frames` one segment per window. The whole-file
 * probabilities are the mean of the segments' (see WHOLE_FILE below), leaving out frames windows where nothing
 * plays (marked `silent`, as the app leaves them out). A CSV gives one line per row, its columns
 * picked by the model's names. An input that cannot be read or scored gets one line on stderr; the others go
 * on, and the exit code is 1.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseCsv } from '../core/data/csv';
import { extractFrameWindows, framesSpec } from '../core/features/frames';
import { isSilentWindow } from '../core/instruments/windows';
import { extractGtzanLibrosa, GTZAN_COLUMNS, gtzanLibrosaSpec } from '../core/features/gtzanLibrosa';
import { checkSpecSupported, type FeatureSpec } from '../core/features/spec';
import { ANALYSIS_SAMPLE_RATE } from '../core/audio/signal';
import { decodeAudioFileStream } from '../node/decodeFile';
import { flagValue, parseArgs, runCli, UsageError } from './args';
import { loadBundleModel, type BundleModel } from './bundleModel';
import { isEntry, processIo, round6, type CliIo } from './io';

export const CLASSIFY_USAGE = `usage: npm run -s classify -- --model DIR [--json] FILE...
  --model DIR   a bundle directory (model.json, weights.bin, meta.json), e.g. public/models/genre
  --json        one JSON object per line: {"file", "top", "probs", "segments": [{"start", "end", "probs"}]}
  FILE          audio (WAV, MP3, Ogg Vorbis, FLAC), or a CSV of feature rows (one line per row: FILE#rowId)`;

/**
 * How a long file's own probabilities are formed: the mean of its 30-s segments' probabilities. The model was
 * trained on 30-s clips, so each segment is an input like those it learnt from; features of a whole song
 * (variances over minutes, one tempo) are not. On a 30-s GTZAN file both are the same single segment.
 */
export const WHOLE_FILE = 'mean-of-segments';
const SEGMENT_SECONDS = 30;
/** A last piece shorter than this joins the segment before it (as the GTZAN accumulator re-cuts). */
const MIN_LAST_SECONDS = 15;
const AUDIO_SPECS: readonly FeatureSpec[] = [gtzanLibrosaSpec, framesSpec];
/** Columns that name a CSV row, most telling first. */
const ID_COLUMNS = ['filename', 'id', 'id_new', 'track_id', 'name'];
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

export interface SegmentResult {
  start: number;
  end: number;
  probs: Record<string, number>;
  /** A frames window where nothing plays (the app's rule): left out of the whole file's probabilities. */
  silent?: true;
}

export interface ClassifyResult {
  file: string;
  top: string;
  probs: Record<string, number>;
  segments: SegmentResult[];
}

interface Segment {
  start: number;
  end: number;
  values: Float32Array;
  silent?: true;
}

function probsRecord(model: BundleModel, probs: ArrayLike<number>): Record<string, number> {
  return Object.fromEntries(model.meta.classNames.map((c, i) => [c, round6(probs[i])]));
}

/** Indices of `wanted` in `computed`, naming the first column the feature set does not compute. */
function columnPicker(wanted: readonly string[], computed: readonly string[], set: string): Int32Array {
  const position = new Map(computed.map((c, i) => [c, i]));
  return Int32Array.from(wanted, (c) => {
    const i = position.get(c);
    if (i === undefined)
      throw new Error(`The model needs the column "${c}", which "${set}" does not compute`);
    return i;
  });
}

function concat(a: Float32Array, b: Float32Array): Float32Array {
  const out = new Float32Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** 30-s segments of GTZAN features, decoded as a stream so that a long file never sits in memory whole. */
async function gtzanSegments(file: string): Promise<Segment[]> {
  const segments: Segment[] = [];
  let held: { start: number; samples: Float32Array } | null = null;
  let offset = 0;
  const emit = (part: { start: number; samples: Float32Array }) =>
    segments.push({
      start: part.start,
      end: part.start + part.samples.length / ANALYSIS_SAMPLE_RATE,
      values: extractGtzanLibrosa(part.samples),
    });
  for await (const chunk of decodeAudioFileStream(file, { chunkSeconds: SEGMENT_SECONDS })) {
    const start = offset;
    offset += chunk.length / ANALYSIS_SAMPLE_RATE;
    // Only the last chunk is short: a short one joins the held segment rather than standing alone.
    if (held && chunk.length < MIN_LAST_SECONDS * ANALYSIS_SAMPLE_RATE) {
      held = { start: held.start, samples: concat(held.samples, chunk) };
      continue;
    }
    if (held) emit(held);
    held = { start, samples: chunk };
  }
  if (held) emit(held);
  if (segments.length === 0) throw new Error('The file holds no audio samples');
  return segments;
}

/** One segment per frames window (the spec's window length), streamed in 30-s chunks. */
async function frameSegments(file: string, spec: FeatureSpec): Promise<Segment[]> {
  const windowSeconds = Number(spec.params?.windowSeconds ?? 1);
  if (!(windowSeconds > 0 && windowSeconds <= SEGMENT_SECONDS)) {
    throw new Error(
      `Expected the model's frames windowSeconds in (0, ${SEGMENT_SECONDS}], got ${windowSeconds}`,
    );
  }
  const chunkSeconds = windowSeconds * Math.max(1, Math.floor(SEGMENT_SECONDS / windowSeconds));
  const segments: Segment[] = [];
  let offset = 0;
  for await (const chunk of decodeAudioFileStream(file, { chunkSeconds })) {
    for (const w of extractFrameWindows(chunk, windowSeconds)) {
      const silent = isSilentWindow(w.values) ? { silent: true as const } : {};
      segments.push({ start: offset + w.start, end: offset + w.end, values: w.values, ...silent });
    }
    offset += chunk.length / ANALYSIS_SAMPLE_RATE;
  }
  if (segments.length === 0) throw new Error('The file holds no audio samples');
  return segments;
}

async function classifyAudio(model: BundleModel, file: string): Promise<ClassifyResult> {
  const spec = model.meta.featureSpec;
  if (!AUDIO_SPECS.some((s) => s.name === spec.name)) {
    const what =
      spec.name === 'tabular'
        ? `reads table columns (${spec.columns.slice(0, 4).join(', ')}${spec.columns.length > 4 ? ', …' : ''}), not audio: give it a CSV`
        : `reads the "${spec.name}" feature set, which this command does not compute from audio (it computes ${AUDIO_SPECS.map((s) => s.name).join(', ')})`;
    throw new Error(`The model ${what}`);
  }
  checkSpecSupported(spec, AUDIO_SPECS);
  const computed = spec.name === 'gtzan-librosa' ? GTZAN_COLUMNS : framesSpec.columns;
  const picker = columnPicker(spec.columns, computed, spec.name);
  if (picker.length !== model.inputSize) {
    throw new Error(
      `The model takes ${model.inputSize} values per example but names ${picker.length} columns`,
    );
  }
  const segments =
    spec.name === 'gtzan-librosa' ? await gtzanSegments(file) : await frameSegments(file, spec);
  const x = new Float32Array(segments.length * picker.length);
  segments.forEach((s, r) => picker.forEach((c, j) => (x[r * picker.length + j] = s.values[c])));
  const probs = model.predictProbs(x);
  const k = model.meta.classNames.length;
  // The mean over the sounding segments (all of them when every one is silent, for a defined answer).
  const sounding = segments.filter((s) => !s.silent).length;
  const counts = (s: Segment) => sounding === 0 || !s.silent;
  const counted = sounding === 0 ? segments.length : sounding;
  const whole = new Float64Array(k);
  segments.forEach((s, r) => {
    if (!counts(s)) return;
    for (let c = 0; c < k; c++) whole[c] += probs[r * k + c] / counted;
  });
  return {
    file,
    top: model.meta.classNames[model.decide(whole)],
    probs: probsRecord(model, whole),
    segments: segments.map((s, r) => ({
      start: round6(s.start),
      end: round6(s.end),
      probs: probsRecord(model, probs.subarray(r * k, (r + 1) * k)),
      ...(s.silent ? { silent: true as const } : {}),
    })),
  };
}

/** One result per row of a CSV of features; rows it cannot score are returned as problems. */
async function classifyCsv(
  model: BundleModel,
  file: string,
): Promise<{ results: ClassifyResult[]; problems: string[] }> {
  const { header, rows, lines } = parseCsv(await readFile(file, 'utf8'));
  const columns = model.meta.featureSpec.columns;
  const position = new Map(header.map((h, i) => [h.trim(), i]));
  const missing = columns.filter((c) => !position.has(c));
  if (missing.length > 0) {
    const list =
      missing.length > 5
        ? `${missing.slice(0, 5).join(', ')} and ${missing.length - 5} more`
        : missing.join(', ');
    throw new Error(
      `The CSV lacks ${missing.length === 1 ? 'the column' : `${missing.length} columns`} the model needs: ${list}`,
    );
  }
  if (rows.length === 0) throw new Error('The CSV has a header but no rows');
  const picked = columns.map((c) => position.get(c)!);
  const idColumn =
    ID_COLUMNS.map((c) => position.get(c)).find((i) => i !== undefined) ?? (header[0].trim() === '' ? 0 : -1);
  const x = new Float32Array(rows.length * columns.length);
  const kept: string[] = [];
  const problems: string[] = [];
  rows.forEach((row, r) => {
    const id = idColumn >= 0 && row[idColumn].trim() !== '' ? row[idColumn].trim() : `line${lines[r]}`;
    const bad = picked.findIndex((c) => !NUMBER.test(row[c].trim()));
    if (bad >= 0) {
      const raw = row[picked[bad]].trim();
      problems.push(
        `${file}#${id} (line ${lines[r]}): ${raw === '' ? 'empty value' : `"${raw.slice(0, 20)}" is not a number`} in column "${columns[bad]}"`,
      );
      return;
    }
    picked.forEach((c, j) => (x[kept.length * columns.length + j] = Number(row[c])));
    kept.push(id);
  });
  const probs =
    kept.length > 0 ? model.predictProbs(x.subarray(0, kept.length * columns.length)) : new Float32Array(0);
  const k = model.meta.classNames.length;
  const results = kept.map((id, r) => {
    const p = probs.subarray(r * k, (r + 1) * k);
    return {
      file: `${file}#${id}`,
      top: model.meta.classNames[model.decide(p)],
      probs: probsRecord(model, p),
      segments: [],
    };
  });
  return { results, problems };
}

/** Runs `classify`; returns every result and how many inputs (or CSV rows) failed. */
export async function classifyCommand(
  argv: string[],
  io: CliIo,
): Promise<{ results: ClassifyResult[]; failures: number }> {
  const args = parseArgs(argv, ['model'], ['json']);
  const dir = flagValue(args, 'model');
  if (dir === undefined) throw new UsageError('No --model DIR given');
  if (args.positional.length === 0) throw new UsageError('No input files');
  const json = args.booleans.has('json');
  const model = await loadBundleModel(dir);
  const results: ClassifyResult[] = [];
  let failures = 0;
  const print = (result: ClassifyResult) => {
    results.push(result);
    if (json) io.out(JSON.stringify(result));
    else io.out(`${result.file}: ${result.top} (${(result.probs[result.top] * 100).toFixed(1)} %)`);
  };
  try {
    for (const file of args.positional) {
      try {
        if (path.extname(file).toLowerCase() === '.csv') {
          const { results: rows, problems } = await classifyCsv(model, file);
          rows.forEach(print);
          for (const p of problems) io.err(`error: ${p}`);
          failures += problems.length;
        } else {
          print(await classifyAudio(model, file));
        }
      } catch (error) {
        failures++;
        io.err(`error: ${file}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  } finally {
    model.dispose();
  }
  return { results, failures };
}

if (isEntry(import.meta.url)) {
  const argv = process.argv.slice(2);
  if (argv.includes('--help')) processIo.out(CLASSIFY_USAGE);
  else
    runCli(async () => {
      const { failures } = await classifyCommand(argv, processIo);
      if (failures > 0) process.exitCode = 1;
    }, CLASSIFY_USAGE);
}

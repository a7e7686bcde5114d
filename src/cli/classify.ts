/**
 * `npm run -s classify -- --model DIR [--json] FILE...`: one line per input (per row of a CSV) with the top
 * class, the class probabilities and, for audio, the segments and the units the model was shown.
 *
 * Audio goes through the core's one door, `applyModel`, exactly as the Classify view applies a bundle: any
 * feature set `train` makes (gtzan-librosa, frames, logmel); 30-s segments, a last piece under 1 s joining the
 * one before; frames models read the song whole in 1-s windows; units where nothing sounds are not shown to the
 * model (`silent`); the whole file is the length-weighted mean of the sounding units. A CSV gives one line per
 * row, its columns picked by the model's names. An input that cannot be read or scored (or where nothing
 * sounds) gets one line on stderr; the others go on, and the exit code is 1.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseCsv } from '../core/data/csv';
import { decodeCsvBytes } from '../core/data/csvEncoding';
import { decodedDoubt } from '../core/audio/integrity';
import { applyModel, checkReadsAudio, doubtfulVerdict, songProbabilities } from '../core/predict/applyModel';
import {
  decideClass,
  disposeRunnableModel,
  predictProbabilities,
  standardizeExamples,
  type RunnableModel,
} from '../core/predict/modelRunner';
import { loadBundleModel } from '../node/bundleModel';
import { decodeAudioFile } from '../node/decodeFile';
import { flagValue, parseArgs, runCli, UsageError } from './args';
import { isEntry, processIo, round6, type CliIo } from './io';

export const CLASSIFY_USAGE = `usage: npm run -s classify -- --model DIR [--json] FILE...
  --model DIR   a bundle directory (model.json, weights.bin, meta.json), e.g. public/models/genre
  --json        one JSON object per line: {"file", "top", "probs", "segments": [{"start", "end", "probs"}],
                "units": [{"start", "end", "probs"} or {"start", "end", "silent": true}]}
  FILE          audio (WAV, MP3, Ogg Vorbis, FLAC), or a CSV of feature rows (one line per row: FILE#rowId)`;

/** How a file's own probabilities are formed: the mean of its sounding units, each weighted by its length. */
export const WHOLE_FILE = 'length-weighted-mean-of-sounding-units';
/** Audio longer than this is refused (it is decoded whole, as the page decodes it). */
const MAX_AUDIO_SECONDS = 60 * 60;
/** Columns that name a CSV row, most telling first. */
const ID_COLUMNS = ['filename', 'id', 'id_new', 'track_id', 'name'];
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const FLOAT32_MAX = 3.4028234663852886e38;

/** A cell the model can read: a number that is finite as a float32. */
function isFloat32Number(raw: string): boolean {
  return NUMBER.test(raw) && Math.abs(Number(raw)) <= FLOAT32_MAX;
}

export interface UnitResult {
  start: number;
  end: number;
  /** Absent where nothing sounds (the unit was not shown to the model). */
  probs?: Record<string, number>;
  silent?: true;
  /** Shorter than the model's feature set can tell (not shown to it). */
  short?: true;
  /** Outside the model's training data by its novelty rule. */
  novel?: true;
}

export interface SegmentResult {
  start: number;
  end: number;
  /** The segment's sounding units' length-weighted mean; null where nothing sounds in it. */
  probs: Record<string, number> | null;
}

export interface ClassifyResult {
  file: string;
  /** The whole file's class; null when the model gives no label (`reason` says why). */
  top: string | null;
  /** Why `top` is null: too short to tell, not like the model's training data, or nothing sounds. */
  reason?: string;
  probs: Record<string, number>;
  /** The stretches the song was read in: 30-s segments, or the whole song for a frames model. Empty for CSV rows. */
  segments: SegmentResult[];
  /** What the model was shown: each segment (gtzan-librosa), 3-s patch (logmel) or 1-s window (frames). */
  units: UnitResult[];
  /** Why the answer is doubtful (the file is cut short or damaged), when it is. */
  note?: string;
}

function probsRecord(model: RunnableModel, probs: ArrayLike<number>): Record<string, number> {
  return Object.fromEntries(model.meta.classNames.map((c, i) => [c, round6(probs[i])]));
}

async function classifyAudio(model: RunnableModel, file: string): Promise<ClassifyResult> {
  checkReadsAudio(model);
  const decoded = await decodeAudioFile(file, { maxDurationSeconds: MAX_AUDIO_SECONDS });
  const whole = applyModel(model, decoded.samples);
  const k = model.meta.classNames.length;
  const note = await noteOf(file, decoded);
  const doubtful = doubtfulVerdict(whole, note);
  const answer = doubtful.abstain ? { ...doubtful, top: null } : doubtful;
  return {
    file,
    top: answer.top === null ? null : model.meta.classNames[answer.top],
    ...(answer.abstain ? { reason: answer.abstain.message } : {}),
    probs: answer.song ? probsRecord(model, answer.song) : {},
    segments: answer.segments.map((s) => {
      const inside = answer.units.filter((u) => u.start >= s.start && u.start < s.end);
      const probs = songProbabilities(inside, k);
      return { start: round6(s.start), end: round6(s.end), probs: probs && probsRecord(model, probs) };
    }),
    units: answer.units.map((u) => ({
      start: round6(u.start),
      end: round6(u.end),
      ...(u.probs
        ? { probs: probsRecord(model, u.probs) }
        : u.short
          ? { short: true as const }
          : { silent: true as const }),
      ...(u.novel ? { novel: true as const } : {}),
    })),
    ...(note ? { note } : {}),
  };
}

/** Why a decoded file's answer is doubtful, in the page's words (core `decodedDoubt`); null for a whole file. */
async function noteOf(
  file: string,
  decoded: Awaited<ReturnType<typeof decodeAudioFile>>,
): Promise<string | null> {
  if (!decoded.truncated && !decoded.damage) return null;
  return decodedDoubt(decoded, new Uint8Array(await readFile(file)));
}

/** One result per row of a CSV of features; rows it cannot score are returned as problems. */
async function classifyCsv(
  model: RunnableModel,
  file: string,
): Promise<{ results: ClassifyResult[]; problems: string[] }> {
  const { header, rows, lines } = parseCsv(decodeCsvBytes(await readFile(file)).text);
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
    // As in training: a row with an empty, non-numeric or out-of-range cell is left out and named, alone.
    const bad = picked.findIndex((c) => !isFloat32Number(row[c].trim()));
    if (bad >= 0) {
      const raw = row[picked[bad]].trim();
      const why =
        raw === ''
          ? 'empty value'
          : NUMBER.test(raw)
            ? `${raw.slice(0, 20)} is outside the float32 range`
            : `"${raw.slice(0, 20)}" is not a number`;
      problems.push(`${file}#${id} (line ${lines[r]}): ${why} in column "${columns[bad]}"`);
      return;
    }
    const at = kept.length * columns.length;
    picked.forEach((c, j) => (x[at + j] = Number(row[c])));
    try {
      // Standardised alone, so that a value the bundle's scale sends past float32 leaves out its row only.
      x.set(
        standardizeExamples(
          x.subarray(at, at + columns.length),
          model.meta.inputShape,
          model.meta.normalization,
        ),
        at,
      );
    } catch (error) {
      problems.push(`${file}#${id} (line ${lines[r]}): ${(error as Error).message}`);
      return;
    }
    kept.push(id);
  });
  const probs =
    kept.length === 0
      ? new Float32Array(0)
      : predictProbabilities(model, x.subarray(0, kept.length * columns.length));
  const k = model.meta.classNames.length;
  const results = kept.map((id, r) => {
    const p = probs.subarray(r * k, (r + 1) * k);
    return {
      file: `${file}#${id}`,
      top: model.meta.classNames[decideClass(model.meta, p)],
      probs: probsRecord(model, p),
      segments: [],
      units: [],
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
    else if (result.top === null) io.out(`${result.file}: no label (${result.reason})`);
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
          const result = await classifyAudio(model, file);
          print(result);
          if (result.note) io.err(`note: ${file}: ${result.note}`);
        }
      } catch (error) {
        failures++;
        io.err(`error: ${file}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  } finally {
    disposeRunnableModel(model);
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

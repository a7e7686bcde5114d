import path from 'node:path';
import { toCsv } from '../core/data/csv';
import { AUDIO_FEATURE_SETS, isAudioFeatureSet, meydaOptionsOf, specOf } from '../core/features/audioSets';
import { createGtzanAccumulator } from '../core/features/gtzanLibrosa';
import { extractFrameWindows } from '../core/features/frames';
import { extractTimbreWindows } from '../core/features/timbre';
import { meydaWindows } from '../core/features/meyda';
import { logMelSpectrogram, logmelSpec } from '../core/features/logmel';
import { ANALYSIS_SAMPLE_RATE } from '../core/audio/signal';
import { decodeAudioFileStream } from '../node/decodeFile';
import { flagValue, numberFlag, parseArgs, runCli, UsageError } from './args';

const USAGE = `usage: npm run -s features -- --set gtzan-librosa|frames|logmel|meyda [--window SECONDS] [--csv | --json] FILE...
  gtzan-librosa  one row per file: the 57 GTZAN columns, computed as librosa does
  frames         one row per window (default 3 s): frame features summarised by mean, std, skew, ...
  logmel         one row per frame: 128 log-mel bands
  meyda          one row per window (default 3 s): Meyda's extractors by Meyda's names, _mean and _std
                 (1,024-sample buffers every 512; meyda@BUFFER/HOP for 512|1024|2048 and another hop)`;

interface Row {
  filename: string;
  start?: number;
  end?: number;
  values: ArrayLike<number>;
}

/** Streams a file in 30-s chunks so that a 2-hour recording never sits in memory whole. */
async function* rowsForFile(file: string, set: string, windowSeconds: number): AsyncGenerator<Row> {
  const filename = path.basename(file);
  const meyda = meydaOptionsOf(set);
  const windowed = set === 'frames' || set === 'timbre' || meyda !== null;
  const chunkSeconds = windowed ? windowSeconds * Math.max(1, Math.round(30 / windowSeconds)) : 30;
  const chunks = decodeAudioFileStream(file, { chunkSeconds });
  if (set === 'gtzan-librosa') {
    const accumulator = createGtzanAccumulator();
    for await (const chunk of chunks) accumulator.push(chunk);
    yield { filename, values: accumulator.result() };
    return;
  }
  let offset = 0;
  for await (const chunk of chunks) {
    if (windowed) {
      const windows = meyda
        ? meydaWindows(chunk, meyda, windowSeconds)
        : set === 'timbre'
          ? extractTimbreWindows(chunk, windowSeconds)
          : extractFrameWindows(chunk, windowSeconds);
      for (const w of windows) {
        yield { filename, start: offset + w.start, end: offset + w.end, values: w.values };
      }
    } else {
      const mel = logMelSpectrogram(chunk);
      const hopSeconds = logmelSpec.hop / ANALYSIS_SAMPLE_RATE;
      for (let t = 0; t < mel.frames; t++) {
        const start = offset + t * hopSeconds;
        yield {
          filename,
          start,
          end: start + hopSeconds,
          values: mel.data.subarray(t * mel.bands, (t + 1) * mel.bands),
        };
      }
    }
    offset += chunk.length / ANALYSIS_SAMPLE_RATE;
  }
}

/** One CSV line (quoted as needed): `toCsv` with no body rows writes just its header line. */
const csvLine = (cells: readonly string[]): string => toCsv(cells, []);

function formatNumber(x: number): string {
  return Number.isInteger(x)
    ? String(x)
    : x
        .toPrecision(9)
        .replace(/\.?0+$/, '')
        .replace(/\.?0+e/, 'e');
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), ['set', 'window'], ['csv', 'json', 'help']);
  if (args.booleans.has('help')) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const set = flagValue(args, 'set');
  if (!isAudioFeatureSet(set)) {
    throw new UsageError(
      `Expected --set to be ${AUDIO_FEATURE_SETS.join(', ')} or meyda@BUFFER/HOP, got ${set ?? 'nothing'}`,
    );
  }
  const windowSeconds = numberFlag(args, 'window', 3, (n) => n > 0 && n <= 600);
  if (args.positional.length === 0) throw new UsageError('No input files');
  const json = args.booleans.has('json');
  const columns = specOf(set).columns;
  const timed = set !== 'gtzan-librosa';
  const header = ['filename', ...(timed ? ['start', 'end'] : []), ...columns];
  if (!json) process.stdout.write(csvLine(header));
  let failures = 0;
  for (const file of args.positional) {
    try {
      for await (const row of rowsForFile(file, set, windowSeconds)) {
        const values = Array.from(row.values, formatNumber);
        if (json) {
          const features = Object.fromEntries(columns.map((c, i) => [c, row.values[i]]));
          process.stdout.write(
            `${JSON.stringify({ filename: row.filename, start: row.start, end: row.end, features })}\n`,
          );
        } else {
          const times = timed ? [formatNumber(row.start ?? 0), formatNumber(row.end ?? 0)] : [];
          process.stdout.write(csvLine([row.filename, ...times, ...values]));
        }
      }
    } catch (error) {
      failures++;
      process.stderr.write(`error: ${file}: ${error instanceof Error ? error.message : String(error)}\n`);
    }
  }
  if (failures > 0) process.exitCode = 1;
}

runCli(main, USAGE);

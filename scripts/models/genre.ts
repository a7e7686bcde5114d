/**
 * The shipped `genre` model: the 10 GTZAN genres from the 57 librosa features of each 30-s track, with the
 * 10-s segment rows of the training tracks as more training rows (a track's segments never straddle the
 * split). Its feature spec is `gtzan-librosa`, so the app computes the same 57 numbers from any song.
 *
 * GTZAN repeats artists, so a random split scores a model on the artists it trained on. The model is trained
 * on the artist-filtered split (Kereliuk, Sturm & Larsen 2015; ../shared/data/tabular/gtzan/splits): the
 * train list, validated on the valid list, scored on the 290 test tracks, which the report names.
 *
 * Built through the CLI's own commands: `train --split` for the bundle and its held-out test figures,
 * `evaluate --split` for the same split trained on train + valid, `evaluate --cv` for the (artist-inflated)
 * random 10-fold figure that earlier reports quoted, `classify` for the check tracks (all three on the valid
 * list, never trained on) and the demo songs.
 *
 *   npx tsx scripts/models/genre.ts [--out DIR] [--seed N]     (or npm run build:models -- --only genre)
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { createGtzanAccumulator } from '../../src/core/features/gtzanLibrosa';
import { loadBundleModel } from '../../src/node/bundleModel';
import { namedSplit } from '../../src/core/data/namedSplit';
import { tabularFromCsv } from '../../src/core/data/tabular';
import {
  decideClass,
  disposeRunnableModel,
  predictRows,
  standardizeExamples,
} from '../../src/core/predict/modelRunner';
import { noveltyRuleOf, noveltyScores } from '../../src/core/predict/novelty';
import { readSplitFolder } from '../../src/cli/splitFolder';
import { classifyCommand, WHOLE_FILE, type ClassifyResult } from '../../src/cli/classify';
import { evaluateCommand } from '../../src/cli/evaluate';
import { isEntry, processIo, type CliIo } from '../../src/cli/io';
import { trainCommand } from '../../src/cli/train';
import { calibrationLine, type CalibrationSummary } from '../../src/core/train/calibrate';
import { decodeAudioFileStream } from '../../src/node/decodeFile';
import { genreCalibrationStudy } from './genreCalibration';
import { addMetrics, checkBundleSize, DATA, MODELS, seconds, shown, writeReport } from './report';

export const GENRE_TITLE = 'Genre (GTZAN, 10 genres)';
const GTZAN_30S = path.join(DATA, 'tabular/gtzan/features_30_sec.csv');
const GTZAN_10S = path.join(DATA, 'tabular/gtzan/features_10_sec.csv');
const CHECKS = ['blues.00000.wav', 'metal.00000.wav'].map((f) => path.join(DATA, 'gtzan-check', f));
const SONGS = path.join(DATA, 'songs');
const SPLITS = path.join(DATA, 'tabular/gtzan/splits');
const FOLDS = 10;

export interface GenreOptions {
  out?: string;
  seed?: number;
  io?: CliIo;
}

/** The three most probable classes, most probable first. */
function top3(probs: Record<string, number>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(probs)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3),
  );
}

/** The model on the features of the whole file at once (one accumulator over every 30-s chunk). */
async function wholeFileTop(dir: string, file: string): Promise<string> {
  const model = await loadBundleModel(dir);
  try {
    const accumulator = createGtzanAccumulator();
    for await (const chunk of decodeAudioFileStream(file, { chunkSeconds: 30 })) accumulator.push(chunk);
    return model.meta.classNames[decideClass(model.meta, predictRows(model, accumulator.result()))];
  } finally {
    disposeRunnableModel(model);
  }
}

/**
 * The shipped rule applied to the 30-s rows of the artist-filtered test tracks: how many get no label (their
 * features lie outside the training data), and the accuracy over those that keep one.
 */
async function testAbstention(dir: string) {
  const model = await loadBundleModel(dir);
  try {
    const ds = tabularFromCsv(await readFile(GTZAN_30S, 'utf8'), { drop: ['length'] });
    const split = namedSplit(ds.groups, await readSplitFolder(SPLITS));
    const columns = model.meta.featureSpec.columns.map((c) => ds.columns.indexOf(c));
    const size = columns.length;
    const x = new Float32Array(split.test.length * size);
    split.test.forEach((r, i) =>
      columns.forEach((c, j) => (x[i * size + j] = ds.features[r * ds.columns.length + c])),
    );
    const rule = noveltyRuleOf(model.meta);
    if (!rule) throw new Error('genre: the trained bundle carries no novelty rule');
    const z = standardizeExamples(x, model.meta.inputShape, model.meta.normalization);
    const scores = noveltyScores(rule, z, split.test.length, size);
    const probs = predictRows(model, x);
    const k = model.meta.classNames.length;
    let abstained = 0;
    let right = 0;
    split.test.forEach((r, i) => {
      if (scores[i] > rule.threshold) abstained++;
      else if (
        model.meta.classNames[decideClass(model.meta, probs.subarray(i * k, (i + 1) * k))] ===
        ds.classNames[ds.labels[r]]
      )
        right++;
    });
    const labelled = split.test.length - abstained;
    return {
      rule: { score: rule.score, threshold: rule.threshold, quantile: rule.quantile, margin: rule.margin },
      tracks: split.test.length,
      abstained,
      accuracyWhereLabelled: labelled > 0 ? right / labelled : 0,
    };
  } finally {
    disposeRunnableModel(model);
  }
}

export async function buildGenre(options: GenreOptions = {}): Promise<object> {
  const started = performance.now();
  const out = options.out ?? path.join(MODELS, 'genre');
  const seed = options.seed ?? 0;
  const io = options.io ?? processIo;
  const data = ['--data', GTZAN_30S, '--drop', 'length', '--extra', GTZAN_10S, '--seed', String(seed)];
  const quiet: CliIo = { out: () => {}, err: io.err };

  io.err(`genre: random ${FOLDS}-fold cross-validation (artists repeat across folds)`);
  const cvStarted = performance.now();
  const cv = await evaluateCommand([...data, '--cv', String(FOLDS), '--json'], quiet);
  const cvSeconds = seconds(cvStarted);

  io.err('genre: the artist-filtered split, trained on train + valid');
  const filtered = await evaluateCommand([...data, '--split', SPLITS, '--json'], quiet);

  io.err('genre: training the shipped model (artist-filtered train, valid, test)');
  const trainStarted = performance.now();
  const trained = await trainCommand(
    [...data, '--split', SPLITS, '--out', out, '--name', 'genre', '--task', 'genre'],
    quiet,
  );
  const trainSeconds = seconds(trainStarted);
  const crossValidation = {
    k: FOLDS,
    accuracy: cv.accuracy,
    macroF1: cv.macroF1,
    accuracyStd: cv.accuracyStd,
    seed,
  };
  const artistFiltered = {
    split: shown(SPLITS),
    testTracks: trained.split.testTracks?.length ?? 0,
    accuracy: trained.metrics.accuracy,
    macroF1: trained.metrics.macroF1,
    trainedOnTrainAndValid: { accuracy: filtered.accuracy, macroF1: filtered.macroF1 },
  };
  const meta = await addMetrics(out, { crossValidation, artistFiltered });
  const bytes = await checkBundleSize(out);

  io.err('genre: classifying the check tracks and the songs');
  const songs = (await readdir(SONGS))
    .filter((f) => f.endsWith('.ogg'))
    .sort()
    .map((f) => path.join(SONGS, f));
  const checksStarted = performance.now();
  const { results, failures } = await classifyCommand(['--model', out, '--json', ...CHECKS, ...songs], quiet);
  if (failures > 0) throw new Error(`genre: ${failures} of the check files could not be classified`);
  const predictions = [];
  for (const r of results as ClassifyResult[]) {
    predictions.push({
      file: shown(r.file),
      top: r.top,
      ...(r.reason ? { reason: r.reason } : {}),
      probs: top3(r.probs),
      segments: r.segments.length,
      segmentTops: r.segments.map((s) =>
        s.probs ? Object.entries(s.probs).sort((a, b) => b[1] - a[1])[0][0] : 'silent',
      ),
      // For comparison only: the model on features of the whole file at once.
      wholeFileFeaturesTop: await wholeFileTop(out, r.file),
    });
  }
  const checksSeconds = seconds(checksStarted);
  const abstention = await testAbstention(out);
  // What the validation ECE can show on 197 rows, and what other calibration maps would give (measured only).
  const calibrationStudy = await genreCalibrationStudy(out);
  io.err(
    `genre: abstains on ${abstention.abstained} of ${abstention.tracks} test tracks; ` +
      `accuracy ${abstention.accuracyWhereLabelled.toFixed(4)} on the rest`,
  );
  for (const [i, expected] of ['blues', 'metal'].entries()) {
    if (predictions[i].top !== expected)
      io.err(`warning: genre calls ${predictions[i].file} ${predictions[i].top}`);
  }

  const report = {
    name: 'genre',
    title: GENRE_TITLE,
    command: 'npm run build:models -- --only genre',
    data: {
      source: trained.data.source,
      files: [shown(GTZAN_30S), shown(GTZAN_10S)],
      tracks: trained.data.rows,
      classCounts: trained.data.classCounts,
      droppedColumns: ['length (the sample count)', 'filename (groups the 10-s rows by track)'],
      extraTrainingRows: trained.split.extraTrain,
    },
    split: trained.split,
    featureSpec: meta.featureSpec.name,
    config: trained.config,
    metrics: meta.metrics,
    crossValidation: {
      ...crossValidation,
      macroF1: cv.macroF1,
      folds: cv.folds,
      seconds: cv.seconds,
      note: 'random folds: the same artists on both sides, so this overstates accuracy on new artists',
    },
    artistFiltered,
    calibrationStudy,
    // The novelty rule's cost: how many held-out GTZAN tracks (real music of its genres) it declines to label.
    abstention,
    heldOut: {
      rows: trained.split.test,
      classNames: meta.classNames,
      confusion: meta.metrics.confusion,
      tracks: trained.split.testTracks,
    },
    checks: {
      files: CHECKS.map(shown),
      note: 'GTZAN tracks on the valid list of the artist-filtered split: never trained on',
    },
    wholeFile: WHOLE_FILE,
    predictions,
    bytes,
    seconds: {
      crossValidation: cvSeconds,
      training: trainSeconds,
      checks: checksSeconds,
      total: seconds(started),
    },
  };
  await writeReport(out, report);
  const calibration = meta.metrics.calibration as CalibrationSummary | undefined;
  if (calibration) io.err(`genre: ${calibrationLine(calibration)}`);
  io.err(
    `genre: artist-filtered test accuracy ${trained.metrics.accuracy.toFixed(4)} on ${artistFiltered.testTracks} tracks ` +
      `(${filtered.accuracy.toFixed(4)} trained on train + valid); random ${FOLDS}-fold CV ${cv.accuracy.toFixed(4)}; ${bytes} bytes`,
  );
  return report;
}

if (isEntry(import.meta.url)) {
  const argv = process.argv.slice(2);
  const at = (flag: string) => (argv.includes(flag) ? argv[argv.indexOf(flag) + 1] : undefined);
  buildGenre({ out: at('--out') && path.resolve(at('--out')!), seed: Number(at('--seed') ?? 0) }).catch(
    (error: unknown) => {
      processIo.err(`error: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    },
  );
}

/**
 * The shipped `reggaeton` model: reggaeton or not from a song's Spotify audio features (the Spike challenge
 * data: 70 reggaeton songs, 2,222 others after 8 empty rows). `popularity` and `id_new` say nothing about the
 * music and `time_signature` is only in one file, so those are left out; the 12 other columns are the inputs
 * (a `tabular` feature spec: the app reads them by name from a CSV).
 *
 * Built through the CLI's own commands: `evaluate` for the 5-fold ROC AUC, `train` for the bundle (60/20/20
 * split, so that the threshold, tuned for F1 on the validation part, sees 14 reggaeton songs, not 7),
 * `classify` for the 50 unlabelled songs of data_test.csv at that threshold and at the original study's 80 %.
 *
 *   npx tsx scripts/models/reggaeton.ts [--out DIR] [--seed N]     (or npm run build:models -- --only reggaeton)
 */
import path from 'node:path';
import { classifyCommand } from '../../src/cli/classify';
import { evaluateCommand } from '../../src/cli/evaluate';
import { isEntry, processIo, round6, type CliIo } from '../../src/cli/io';
import { trainCommand } from '../../src/cli/train';
import { calibrationLine, type CalibrationSummary } from '../../src/core/train/calibrate';
import { addMetrics, checkBundleSize, DATA, MODELS, seconds, shown, writeReport } from './report';

export const REGGAETON_TITLE = 'Reggaeton or not (Spotify audio features)';
const SPIKE = path.join(DATA, 'tabular/spike-reggaeton');
const POSITIVE = path.join(SPIKE, 'data_reggaeton.csv');
const NEGATIVE = path.join(SPIKE, 'data_todotipo.csv');
const UNLABELLED = path.join(SPIKE, 'data_test.csv');
const DROP = ['id_new', 'popularity', 'time_signature'];
const FOLDS = 5;
/** The original study's cut-off on the reggaeton probability (it marked 4 of the 50 test songs). */
const STUDY_CUTOFF = 0.8;

export interface ReggaetonOptions {
  out?: string;
  seed?: number;
  io?: CliIo;
}

export async function buildReggaeton(options: ReggaetonOptions = {}): Promise<object> {
  const started = performance.now();
  const out = options.out ?? path.join(MODELS, 'reggaeton');
  const seed = options.seed ?? 0;
  const io = options.io ?? processIo;
  const quiet: CliIo = { out: () => {}, err: io.err };
  const data = [
    '--data',
    `reggaeton=${POSITIVE}`,
    '--data',
    `other=${NEGATIVE}`,
    '--drop',
    DROP.join(','),
    '--positive',
    'reggaeton',
    '--seed',
    String(seed),
  ];

  io.err(`reggaeton: ${FOLDS}-fold cross-validation`);
  const cvStarted = performance.now();
  const cv = await evaluateCommand([...data, '--cv', String(FOLDS), '--json'], quiet);
  const cvSeconds = seconds(cvStarted);

  io.err('reggaeton: training the shipped model');
  const trainStarted = performance.now();
  const trained = await trainCommand(
    [...data, '--split', '0.6,0.2,0.2', '--out', out, '--name', 'reggaeton', '--task', 'reggaeton'],
    quiet,
  );
  const trainSeconds = seconds(trainStarted);
  const crossValidation = {
    k: FOLDS,
    auc: cv.auc ?? null,
    accuracy: cv.accuracy,
    macroF1: cv.macroF1,
    seed,
  };
  const meta = await addMetrics(out, { crossValidation });
  const bytes = await checkBundleSize(out);
  const threshold = meta.metrics.threshold;
  if (typeof threshold !== 'number') throw new Error('reggaeton: the trained bundle has no tuned threshold');

  io.err(`reggaeton: scoring ${shown(UNLABELLED)}`);
  const { results, failures } = await classifyCommand(['--model', out, '--json', UNLABELLED], quiet);
  if (failures > 0)
    throw new Error(`reggaeton: ${failures} rows of ${shown(UNLABELLED)} could not be scored`);
  const scored = results
    .map((r) => ({ id: r.file.slice(r.file.lastIndexOf('#') + 1), reggaeton: r.probs.reggaeton }))
    .sort((a, b) => b.reggaeton - a.reggaeton);
  const marked = (cut: number) => scored.filter((s) => s.reggaeton >= cut);
  const atThreshold = marked(threshold);
  const interval = meta.metrics.thresholdInterval as { low: number; high: number; level: number } | undefined;
  if (!interval) throw new Error('reggaeton: the trained bundle has no threshold interval');
  const atStudyCutoff = marked(STUDY_CUTOFF);

  const report = {
    name: 'reggaeton',
    title: REGGAETON_TITLE,
    command: 'npm run build:models -- --only reggaeton',
    data: {
      source: trained.data.source,
      files: [shown(POSITIVE), shown(NEGATIVE)],
      rows: trained.data.rows,
      classCounts: trained.data.classCounts,
      droppedRows: trained.data.dropped,
      droppedColumns: DROP,
      positiveClass: trained.positiveClass,
    },
    split: trained.split,
    featureSpec: meta.featureSpec.name,
    columns: meta.featureSpec.columns,
    config: trained.config,
    metrics: meta.metrics,
    crossValidation: { ...crossValidation, folds: cv.folds, seconds: cv.seconds },
    heldOut: {
      rows: trained.split.test,
      classNames: meta.classNames,
      confusion: meta.metrics.confusion,
      atThreshold: meta.metrics.atThreshold,
    },
    unlabelled: {
      file: shown(UNLABELLED),
      songs: scored.length,
      threshold: round6(threshold),
      markedAtThreshold: { count: atThreshold.length, ids: atThreshold.map((s) => s.id) },
      // The threshold was tuned on 14 reggaeton songs: over bootstrap resamples of them it ranges over
      // [low, high], and so does the number of songs it marks.
      thresholdInterval: interval,
      markedOverInterval: { atHigh: marked(interval.high).length, atLow: marked(interval.low).length },
      studyCutoff: STUDY_CUTOFF,
      markedAtStudyCutoff: { count: atStudyCutoff.length, ids: atStudyCutoff.map((s) => s.id) },
      studyMarkedAtCutoff: 4,
      top10: scored.slice(0, 10),
    },
    bytes,
    seconds: { crossValidation: cvSeconds, training: trainSeconds, total: seconds(started) },
  };
  await writeReport(out, report);
  const calibration = meta.metrics.calibration as CalibrationSummary | undefined;
  if (calibration) io.err(`reggaeton: ${calibrationLine(calibration)}`);
  io.err(
    `reggaeton: ${FOLDS}-fold CV AUC ${cv.auc?.toFixed(4)}, held-out AUC ${trained.metrics.auc?.toFixed(4)}, ` +
      `${atThreshold.length}/50 at the threshold ${threshold.toFixed(3)} ` +
      `(${marked(interval.high).length}–${marked(interval.low).length} over its ${interval.level * 100} % interval ` +
      `${interval.low.toFixed(3)}–${interval.high.toFixed(3)}), ${atStudyCutoff.length}/50 at ${STUDY_CUTOFF}`,
  );
  return report;
}

if (isEntry(import.meta.url)) {
  const argv = process.argv.slice(2);
  const at = (flag: string) => (argv.includes(flag) ? argv[argv.indexOf(flag) + 1] : undefined);
  buildReggaeton({ out: at('--out') && path.resolve(at('--out')!), seed: Number(at('--seed') ?? 0) }).catch(
    (error: unknown) => {
      processIo.err(`error: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    },
  );
}

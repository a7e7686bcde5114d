/**
 * The genre model's calibration, measured rather than argued (`genreCalibrationStudy`, which the genre build
 * records in report.json as `calibrationStudy`), and a vector scaling that can be folded into a bundle's logits
 * (`applyGenreVectorScaling`, `--apply`; the build does not, see below).
 *
 * Why the validation ECE stays above 0.05 with a temperature alone:
 * - 197 valid tracks give 197 30-s rows; on so few rows the 15-bin ECE of a perfectly calibrated model is about
 *   0.09 (calibrate.ts's eceNoiseFloor), so ≤ 0.05 cannot be shown on them whatever the model does. The valid
 *   tracks' 10-s rows (never trained on) bring them to 783, floor ≈ 0.044;
 * - the temperature is fitted on the very rows whose ECE is then reported (in-sample); cross-fitted by track it
 *   is worse;
 * - on new artists the model over-answers some genres; one temperature cannot move answers between classes,
 *   a scale and a bias per class (vector scaling, Guo et al. 2017) can. Fitted on the 783 valid rows (its ridge
 *   chosen by cross-fitted NLL) and measured nested-cross-fitted by track, its validation ECE is about 0.05 and
 *   its accuracy higher — but on the test tracks it costs accuracy (the study measures it), so it is offered,
 *   not shipped. Matrix scaling (110 parameters) is not tried.
 *
 *   npx tsx scripts/models/genreCalibration.ts [--bundle DIR] [--write]   the study (--write: into report.json)
 *   npx tsx scripts/models/genreCalibration.ts [--bundle DIR] --apply     folds the vector scaling into the bundle
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { loadBundle, saveBundle } from '../../src/core/bundle/bundle';
import type { BundleMeta } from '../../src/core/bundle/meta';
import { namedSplit } from '../../src/core/data/namedSplit';
import { tabularFromCsv } from '../../src/core/data/tabular';
import {
  expectedCalibrationError,
  fitTemperature,
  softmaxWithTemperature,
} from '../../src/core/eval/calibration';
import { confusionMatrix, macroF1 } from '../../src/core/eval/metrics';
import { standardizeExamples } from '../../src/core/predict/modelRunner';
import { createRng } from '../../src/core/random';
import { eceNoiseFloor, type CalibrationSummary } from '../../src/core/train/calibrate';
import {
  applyVectorScaling,
  fitVectorScaling,
  foldVectorScaling,
  type VectorScaling,
} from '../../src/core/train/vectorScaling';
import { readSplitFolder } from '../../src/cli/splitFolder';
import { isEntry } from '../../src/cli/io';
import { readBundleDir, writeBundleDir } from '../../src/node/bundleFiles';
import { initNodeTf } from '../../src/node/tf';
import { DATA, MODELS, writeReport } from './report';

const GTZAN_30S = path.join(DATA, 'tabular/gtzan/features_30_sec.csv');
const GTZAN_10S = path.join(DATA, 'tabular/gtzan/features_10_sec.csv');
const SPLITS = path.join(DATA, 'tabular/gtzan/splits');
const FOLDS = 5;
const BOOTSTRAP_DRAWS = 1000;
const round = (v: number) => Math.round(v * 10_000) / 10_000;

/** Rows of one part of the split: the model's logits, labels and the track each row belongs to. */
interface PartRows {
  logits: Float32Array;
  y: Int32Array;
  track: string[];
}

/** The model's logits for the rows of one part of the artist-filtered split in one GTZAN CSV. */
async function partRows(
  csv: string,
  model: tf.LayersModel,
  meta: BundleMeta,
  part: 'val' | 'test',
): Promise<PartRows> {
  const ds = tabularFromCsv(await readFile(csv, 'utf8'), { drop: ['length'] });
  const split = namedSplit(ds.groups, await readSplitFolder(SPLITS));
  const columns = meta.featureSpec.columns.map((c) => ds.columns.indexOf(c));
  if (columns.some((c) => c < 0)) throw new Error(`${csv} lacks a column the genre model reads`);
  const rows = split[part];
  const size = columns.length;
  const x = new Float32Array(rows.length * size);
  rows.forEach((r, i) =>
    columns.forEach((c, j) => (x[i * size + j] = ds.features[r * ds.columns.length + c])),
  );
  const standardized = standardizeExamples(x, meta.inputShape, meta.normalization);
  const logits = tf.tidy(
    () =>
      (model.predict(tf.tensor2d(standardized, [rows.length, size])) as tf.Tensor).dataSync() as Float32Array,
  );
  const y = Int32Array.from(rows, (r) => meta.classNames.indexOf(ds.classNames[ds.labels[r]]));
  const track = Array.from(rows, (r) => ds.groups[r].replace(/(\.\d+)?\.wav$/, ''));
  return { logits: Float32Array.from(logits), y, track };
}

/** 5 % and 95 % points of the ECE over tracks drawn with replacement (a track's rows stay together). */
function bootstrapInterval(probs: Float32Array, y: Int32Array, track: string[], k: number, seed = 1) {
  const byTrack = new Map<string, number[]>();
  track.forEach((t, r) => byTrack.set(t, [...(byTrack.get(t) ?? []), r]));
  const groups = [...byTrack.values()];
  const rng = createRng(seed);
  const values: number[] = [];
  for (let d = 0; d < BOOTSTRAP_DRAWS; d++) {
    const rows: number[] = [];
    for (let g = 0; g < groups.length; g++) rows.push(...groups[rng.int(groups.length)]);
    const p = new Float32Array(rows.length * k);
    rows.forEach((r, i) => p.set(probs.subarray(r * k, (r + 1) * k), i * k));
    values.push(
      expectedCalibrationError(
        p,
        Int32Array.from(rows, (r) => y[r]),
        k,
      ),
    );
  }
  values.sort((a, b) => a - b);
  return [
    round(values[Math.floor(0.05 * BOOTSTRAP_DRAWS)]),
    round(values[Math.floor(0.95 * BOOTSTRAP_DRAWS)]),
  ];
}

function predicted(probs: Float32Array, k: number): Int32Array {
  return Int32Array.from({ length: probs.length / k }, (_, r) => {
    const row = probs.subarray(r * k, (r + 1) * k);
    return row.indexOf(Math.max(...row));
  });
}

/** ECE (15 bins, as the build reports it), its bootstrap interval and noise floor, and accuracy. */
function measure(probs: Float32Array, y: Int32Array, track: string[], k: number) {
  const answers = predicted(probs, k);
  return {
    rows: y.length,
    tracks: new Set(track).size,
    accuracy: round(answers.filter((a, r) => a === y[r]).length / Math.max(1, y.length)),
    ece: round(expectedCalibrationError(probs, y, k)),
    interval90: bootstrapInterval(probs, y, track, k),
    floor: round(eceNoiseFloor(probs, k)),
  };
}

type Fit = (rows: PartRows) => (logits: Float32Array) => Float32Array;

/** Out-of-fold probabilities: each fold of tracks mapped by a fit on the other folds' rows. */
function crossFitted(rows: PartRows, k: number, fit: Fit): Float32Array {
  const { logits, y, track } = rows;
  const rng = createRng(7);
  const order = [...new Set(track)]
    .sort()
    .map((t) => ({ t, u: rng.next() }))
    .sort((p, q) => p.u - q.u);
  const foldOf = new Map(order.map(({ t }, i) => [t, i % FOLDS]));
  const out = new Float32Array(logits.length);
  for (let f = 0; f < FOLDS; f++) {
    const inFold = [...y.keys()].filter((r) => foldOf.get(track[r]) === f);
    const rest = [...y.keys()].filter((r) => foldOf.get(track[r]) !== f);
    const map = fit(subsetRows(rows, rest, k));
    const p = map(subsetRows(rows, inFold, k).logits);
    inFold.forEach((r, i) => out.set(p.subarray(i * k, (i + 1) * k), r * k));
  }
  return out;
}

function subsetRows(rows: PartRows, ids: number[], k: number): PartRows {
  const logits = new Float32Array(ids.length * k);
  ids.forEach((r, i) => logits.set(rows.logits.subarray(r * k, (r + 1) * k), i * k));
  return { logits, y: Int32Array.from(ids, (r) => rows.y[r]), track: ids.map((r) => rows.track[r]) };
}

const asIs = (k: number) => (l: Float32Array) => softmaxWithTemperature(l, k, 1);
const temperatureFit =
  (k: number): Fit =>
  ({ logits: l, y }) => {
    const t = fitTemperature(l, y, k);
    return (m) => softmaxWithTemperature(m, k, t);
  };
const vectorFit =
  (k: number, ridge?: number): Fit =>
  ({ logits: l, y }) => {
    const v = fitVectorScaling(l, y, k, ridge);
    return (m) => applyVectorScaling(m, k, v);
  };

/** Ridges of the vector scaling tried; the one with the lowest cross-fitted NLL on the rows at hand is used. */
const RIDGES = [1e-3, 1e-2, 3e-2, 1e-1, 3e-1, 1];

function meanNll(probs: Float32Array, y: Int32Array, k: number): number {
  let total = 0;
  y.forEach((c, r) => (total -= Math.log(Math.max(probs[r * k + c], 1e-12))));
  return total / Math.max(1, y.length);
}

/** The ridge whose vector scaling, cross-fitted by track on `rows`, gives the lowest NLL. */
function chooseRidge(rows: PartRows, k: number): number {
  let best = RIDGES[0];
  let bestNll = Infinity;
  for (const ridge of RIDGES) {
    const nll = meanNll(crossFitted(rows, k, vectorFit(k, ridge)), rows.y, k);
    if (nll < bestNll) [best, bestNll] = [ridge, nll];
  }
  return best;
}

/** Vector scaling with its ridge chosen by an inner cross-fit on the fitting rows only (nested in crossFitted). */
const vectorFitChosen =
  (k: number): Fit =>
  (rows) =>
    vectorFit(k, chooseRidge(rows, k))(rows);

function concat(a: PartRows, b: PartRows): PartRows {
  const logits = new Float32Array(a.logits.length + b.logits.length);
  logits.set(a.logits);
  logits.set(b.logits, a.logits.length);
  return { logits, y: Int32Array.from([...a.y, ...b.y]), track: [...a.track, ...b.track] };
}

async function partsOf(model: tf.LayersModel, meta: BundleMeta) {
  const valid30s = await partRows(GTZAN_30S, model, meta, 'val');
  const valid10s = await partRows(GTZAN_10S, model, meta, 'val');
  return {
    valid30s,
    valid10s,
    validAll: concat(valid30s, valid10s),
    test30s: await partRows(GTZAN_30S, model, meta, 'test'),
    test10s: await partRows(GTZAN_10S, model, meta, 'test'),
  };
}

async function openDir(dir: string) {
  await initNodeTf();
  return loadBundle(await readBundleDir(dir));
}

/** The figures of the bundle in `dir` as it is, and what cross-fitted temperature and vector scaling would give. */
export async function genreCalibrationStudy(dir: string) {
  const { model, meta } = await openDir(dir);
  try {
    const k = meta.classNames.length;
    const sets = await partsOf(model, meta);
    const asShipped = Object.fromEntries(
      Object.entries(sets).map(([name, s]) => [name, measure(asIs(k)(s.logits), s.y, s.track, k)]),
    );
    const cross = (rows: PartRows, fit: Fit) => measure(crossFitted(rows, k, fit), rows.y, rows.track, k);
    // The vector scaling `--apply` would fold in, and what it would do to the test tracks (measured, not chosen on).
    const ridge = chooseRidge(sets.validAll, k);
    const v = fitVectorScaling(sets.validAll.logits, sets.validAll.y, k, ridge);
    const testAfter = (rows: PartRows) =>
      measure(applyVectorScaling(rows.logits, k, v), rows.y, rows.track, k);
    return {
      by: 'npx tsx scripts/models/genreCalibration.ts',
      note: 'ece: 15 equal-width bins as the build reports; interval90: 5–95 % of the ECE over 1000 bootstrap draws of tracks (the ECE is biased upward, so the interval sits above the figure); floor: the mean ECE of a perfectly calibrated model with these confidences on as many rows (eceNoiseFloor); crossFitted: each of 5 folds of valid tracks mapped by a fit on the other 4, on top of the bundle as it is; validAll: the 30-s and the 10-s rows of the valid tracks',
      asIs: asShipped,
      crossFitted: {
        temperatureOnValid30s: cross(sets.valid30s, temperatureFit(k)),
        temperatureOnValidAll: cross(sets.validAll, temperatureFit(k)),
        vectorScalingOnValidAllByRidge: Object.fromEntries(
          RIDGES.map((r) => [r, cross(sets.validAll, vectorFit(k, r))]),
        ),
        vectorScalingOnValidAllRidgeChosenInside: cross(sets.validAll, vectorFitChosen(k)),
      },
      vectorScalingOption: {
        ridge,
        scale: v.scale.map(round),
        bias: v.bias.map(round),
        test30s: testAfter(sets.test30s),
        test10s: testAfter(sets.test10s),
      },
    };
  } finally {
    model.dispose();
  }
}

/** What the genre build records of its vector scaling (meta.metrics.calibration.vectorScaling). */
export interface GenreVectorScaling extends VectorScaling {
  ridge: number;
  fittedOn: string;
  /** Every row of the valid tracks, before (temperature only) and after, the latter cross-fitted by track. */
  validation: { before: ReturnType<typeof measure>; afterCrossFitted: ReturnType<typeof measure> };
  test: {
    before: ReturnType<typeof measure>;
    after: ReturnType<typeof measure>;
  };
  testMetrics: { accuracy: number; macroF1: number; confusion: number[][] };
}

/**
 * Fits vector scaling on every row of the valid tracks of the (temperature-calibrated) genre bundle in `dir`,
 * folds it into the logits layer and rewrites the bundle (files beside it are kept). Refuses a bundle that
 * already has one. Returns the figures, test ones included (30-s rows of the 290 test tracks, never fitted on).
 */
export async function applyGenreVectorScaling(dir: string): Promise<GenreVectorScaling> {
  const { model, meta } = await openDir(dir);
  try {
    const calibration = meta.metrics.calibration as
      (CalibrationSummary & { vectorScaling?: unknown }) | undefined;
    if (calibration?.vectorScaling) throw new Error(`${dir} already has a vector scaling folded in`);
    const k = meta.classNames.length;
    const sets = await partsOf(model, meta);
    const ridge = chooseRidge(sets.validAll, k);
    const v = fitVectorScaling(sets.validAll.logits, sets.validAll.y, k, ridge);
    const { y, track } = sets.test30s;
    const testAfterProbs = applyVectorScaling(sets.test30s.logits, k, v);
    const answers = predicted(testAfterProbs, k);
    const figures: GenreVectorScaling = {
      scale: v.scale.map(round),
      bias: v.bias.map(round),
      ridge,
      fittedOn: `the ${sets.validAll.y.length} rows (30-s and 10-s) of the ${new Set(sets.validAll.track).size} valid tracks, after the temperature; ridge (pull toward scale 1, bias 0) chosen among ${RIDGES.join(', ')} by the cross-fitted NLL on those rows`,
      validation: {
        before: measure(asIs(k)(sets.validAll.logits), sets.validAll.y, sets.validAll.track, k),
        // Nested: each fold of tracks scaled by a fit (its ridge chosen inside) on the other four.
        afterCrossFitted: measure(
          crossFitted(sets.validAll, k, vectorFitChosen(k)),
          sets.validAll.y,
          sets.validAll.track,
          k,
        ),
      },
      test: {
        before: measure(asIs(k)(sets.test30s.logits), y, track, k),
        after: measure(testAfterProbs, y, track, k),
      },
      testMetrics: {
        accuracy: answers.filter((a, r) => a === y[r]).length / y.length,
        macroF1: macroF1(y, answers, k),
        confusion: confusionMatrix(y, answers, k),
      },
    };
    foldVectorScaling(model, { scale: figures.scale, bias: figures.bias });
    const updated: BundleMeta = {
      ...meta,
      metrics: {
        ...meta.metrics,
        accuracy: figures.testMetrics.accuracy,
        macroF1: figures.testMetrics.macroF1,
        confusion: figures.testMetrics.confusion,
        calibration: { ...calibration, vectorScaling: figures },
      },
    };
    await writeBundleDir(dir, await saveBundle(model, updated));
    return figures;
  } finally {
    model.dispose();
  }
}

if (isEntry(import.meta.url)) {
  const argv = process.argv.slice(2);
  const dir = path.resolve(
    argv.includes('--bundle') ? argv[argv.indexOf('--bundle') + 1] : path.join(MODELS, 'genre'),
  );
  const job = argv.includes('--apply')
    ? applyGenreVectorScaling(dir)
    : genreCalibrationStudy(dir).then(async (study) => {
        if (argv.includes('--write')) {
          const file = path.join(dir, 'report.json');
          const report = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
          await writeReport(dir, { ...report, calibrationStudy: study });
        }
        return study;
      });
  job
    .then((result) => console.log(JSON.stringify(result, null, 2)))
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    });
}

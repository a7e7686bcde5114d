/**
 * A fast experiment loop for the instruments model: the real-recording 5-fold cross-validation by file of the
 * build (same rows, same folds, same seed), with a smaller model and fewer epochs, printing each fold's file
 * accuracy. Ideas are switched on by flags, one at a time, and compared against the baseline of the same loop.
 *
 *   npx tsx scripts/models/instruments/experiment.ts [--rows-only] ...
 */
import { appendFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMainThread } from 'node:worker_threads';
import {
  fitTemperature,
  softmaxWithTemperature,
  thresholdAtQuantile,
} from '../../../src/core/eval/calibration';
import { OTHER_CLASS, VOICE_CLASS } from '../../../src/core/instruments/classes';
import { energyScore } from '../../../src/core/predict/openSet';
import { initNodeTf } from '../../../src/node/tf';
import { parseArgs, type Args } from './args';
import { INSTRUMENTS_SPEC, log, REAL_FOLDS, ROOT, round, SAMPLED_PER_FONT, SPEECH_CLIPS } from './config';
import { concatScored, fileMeans, scoreFold, scoreRows, setFigures, type Scored } from './evaluate';
import { NO_IDEAS, type Ideas } from './ideas';
import { subset, type RowGroup, type RowSet } from './rows';
import { prepareRows } from './prepare';
import { fitModel, foldTrainingRows, trainingRowsWithout } from './train';

/** Where each experiment's figures are appended (one JSON object a line): the log of what was tried. */
export const EXPERIMENT_LOG = path.join(ROOT, 'scripts/models/instruments/experiments.jsonl');

const USAGE =
  '--name S, --seed N, --epochs N, --hidden A,B, --members N, --folds N, --colour DB, --colour-components J, --gain DB, --share P, --real-repeat N, --real-rough-repeat N, --recorded-repeat N, --noise STD, --model JSON, --training JSON, --voice N, --speech N, --phrases N, --sampled N, --leave-class-out, --rows-only, --no-log';

interface ExperimentArgs {
  name: string;
  epochs: number;
  hidden: number[];
  /** MLPs averaged per fold (different seeds), as the build's --members. */
  members: number;
  /** The networks' seed (the rows and folds keep the build's). */
  seed: number;
  folds: number;
  ideas: Ideas;
  /** Model and training config fields over the build's (JSON). */
  model: Record<string, unknown>;
  training: Record<string, unknown>;
  /** Synthesised speech clips in the `voice` class (the build's --voice). */
  voice: number;
  /** Recorded spoken words in `other` (the build's --speech). */
  speech: number;
  /** Training phrases per class (the build's --phrases; held-out parts get a sixth). */
  phrases: number;
  /** Sampled phrases a class and sound font (the build's --sampled). */
  sampled: number;
  /**
   * Instead of the folds: one model per class with real recordings, trained without any of that class's real
   * recordings and scored on them, which is how a real recording of a class with none to learn from is heard.
   */
  leaveClassOut: boolean;
  rowsOnly: boolean;
  log: boolean;
}

export function parseExperimentArgs(argv: string[]): ExperimentArgs {
  const out: ExperimentArgs = {
    name: 'baseline',
    epochs: 6,
    hidden: [256, 128],
    members: 1,
    seed: 7,
    folds: REAL_FOLDS,
    ideas: { ...NO_IDEAS },
    model: {},
    training: {},
    voice: 0,
    speech: SPEECH_CLIPS,
    phrases: 150,
    sampled: SAMPLED_PER_FONT,
    leaveClassOut: false,
    rowsOnly: false,
    log: true,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const num = () => {
      const v = Number(argv[++i]);
      if (!Number.isFinite(v) || v < 0) throw new Error(`Expected a number >= 0 after ${a}, got ${argv[i]}`);
      return v;
    };
    if (a === '--name') out.name = argv[++i] ?? '';
    else if (a === '--epochs') out.epochs = num();
    else if (a === '--hidden') out.hidden = (argv[++i] ?? '').split(',').map(Number);
    else if (a === '--members') out.members = num();
    else if (a === '--seed') out.seed = num();
    else if (a === '--folds') out.folds = num();
    else if (a === '--colour') out.ideas.colourDb = num();
    else if (a === '--colour-components') out.ideas.colourComponents = num();
    else if (a === '--gain') out.ideas.gainDb = num();
    else if (a === '--share') out.ideas.augmentShare = num();
    else if (a === '--real-repeat') out.ideas.realRepeat = num();
    else if (a === '--real-rough-repeat') out.ideas.realRoughRepeat = num();
    else if (a === '--recorded-repeat') out.ideas.recordedRepeat = num();
    else if (a === '--noise') out.ideas.noise = num();
    else if (a === '--model') out.model = JSON.parse(argv[++i] ?? '') as Record<string, unknown>;
    else if (a === '--training') out.training = JSON.parse(argv[++i] ?? '') as Record<string, unknown>;
    else if (a === '--voice') out.voice = num();
    else if (a === '--speech') out.speech = num();
    else if (a === '--phrases') out.phrases = num();
    else if (a === '--sampled') out.sampled = num();
    else if (a === '--leave-class-out') out.leaveClassOut = true;
    else if (a === '--rows-only') out.rowsOnly = true;
    else if (a === '--no-log') out.log = false;
    else throw new Error(`Unknown argument ${a} (expected ${USAGE})`);
  }
  if (!out.hidden.every((h) => Number.isInteger(h) && h > 0))
    throw new Error(`Expected --hidden to be whole numbers > 0, got ${out.hidden.join(',')}`);
  if (!(Number.isInteger(out.members) && out.members >= 1))
    throw new Error(`Expected --members to be a whole number >= 1, got ${out.members}`);
  if (!(Number.isInteger(out.folds) && out.folds >= 1 && out.folds <= REAL_FOLDS))
    throw new Error(`Expected --folds within 1 … ${REAL_FOLDS}, got ${out.folds}`);
  if (out.ideas.augmentShare > 1)
    throw new Error(`Expected --share within 0 … 1, got ${out.ideas.augmentShare}`);
  return out;
}

/**
 * Open-set figures of scored files under a score where higher means "more likely unknown" (per window, averaged
 * over the file): the share of `other` files answered `other` or unknown, and of known-instrument files
 * turned away (answered `other`, `voice` or unknown). Speech files (`voice`, when the classes have it) are in
 * neither count.
 */
export function openSetFiles(
  scored: Scored,
  k: number,
  other: number,
  temperature: number,
  unknownness: (logits: Float32Array, probs: Float32Array) => number,
  threshold: number,
  voice = -1,
) {
  const probs = softmaxWithTemperature(scored.logits, k, temperature);
  const files = fileMeans(probs, scored.y, scored.origin, k);
  const at = new Map(files.names.map((name, f) => [name, f]));
  const score = new Float64Array(files.names.length);
  const count = new Float64Array(files.names.length);
  scored.origin.forEach((o, r) => {
    const f = at.get(o)!;
    score[f] += unknownness(scored.logits.subarray(r * k, (r + 1) * k), probs.subarray(r * k, (r + 1) * k));
    count[f]++;
  });
  let n = 0;
  let of = 0;
  let rejected = 0;
  let known = 0;
  files.labels.forEach((y, f) => {
    const row = Array.from(files.probs.subarray(f * k, (f + 1) * k));
    const top = row.indexOf(Math.max(...row));
    const unknown = score[f] / count[f] > threshold;
    if (y === voice) return;
    if (y === other) {
      of++;
      if (top === other || unknown) n++;
    } else {
      known++;
      if (unknown || top === other || top === voice) rejected++;
    }
  });
  return { other: of > 0 ? round(n / of) : null, knownRejected: known > 0 ? round(rejected / known) : null };
}

async function main(): Promise<void> {
  const ex = parseExperimentArgs(process.argv.slice(2));
  const started = performance.now();
  const args = {
    ...parseArgs([]),
    epochs: ex.epochs,
    model: { hidden: ex.hidden, ...ex.model },
    training: ex.training,
    voice: ex.voice,
    speech: ex.speech,
    phrasesPerClass: ex.phrases,
    sampled: ex.sampled,
    members: ex.members,
    songs: false,
    workers: 2,
  };
  await initNodeTf();
  const { classNames, realFoldOf, rows } = await prepareRows(args);
  const k = classNames.length;
  const other = classNames.indexOf(OTHER_CLASS);
  const voice = classNames.indexOf(VOICE_CLASS);
  log('rows ready');
  if (ex.rowsOnly) return;
  const recordedOnly = (set: RowSet) => subset(set, (i) => set.kind[i] === 'recorded');
  const studioVal = recordedOnly(rows.val);
  const realRecorded = recordedOnly(rows.real);

  if (ex.leaveClassOut) {
    await leaveClassOut(ex, args, rows, k, classNames, studioVal, realRecorded, started);
    return;
  }
  const outOfFold: Scored[] = [];
  const valScored: Scored[] = [];
  const foldAccuracy: number[] = [];
  const valAccuracy: number[] = [];
  for (let fold = 0; fold < ex.folds; fold++) {
    const trainSet = foldTrainingRows(rows, realFoldOf, fold, ex.ideas);
    const fitted = await fitModel(
      trainSet,
      studioVal,
      k,
      // The rows, parts and folds keep the build's seed; only the networks take --seed.
      { ...args, seed: ex.seed },
      fold * 100,
      `${ex.name} fold ${fold}`,
      ex.ideas,
    );
    const scored = scoreFold(fitted, fold, realRecorded, realFoldOf, studioVal);
    outOfFold.push(scored.real);
    valScored.push(scored.validation);
    fitted.model.dispose();
    foldAccuracy.push(setFigures(outOfFold[fold], classNames, 1, null).fileAccuracy);
    valAccuracy.push(setFigures(valScored[fold], classNames, 1, null).fileAccuracy);
    log(
      `${ex.name} fold ${fold}: real files ${foldAccuracy[fold]}, studio validation files ${valAccuracy[fold]}`,
    );
  }
  const pooled = setFigures(concatScored(outOfFold), classNames, 1, null);
  // Temperature and open-set thresholds as the build chooses them, from validation windows.
  const all = concatScored([valScored[0], ...outOfFold]);
  const nVal = valScored[0].y.length;
  const weights = Float64Array.from(all.y, (_, r) => (r < nVal ? 1 / nVal : 1 / (all.y.length - nVal)));
  const temperature = fitTemperature(all.logits, all.y, k, weights);
  const probs = softmaxWithTemperature(all.logits, k, temperature);
  // Unknownness scores, higher = less like a known instrument: 1 − top probability, and the energy score.
  const scores = {
    maxProb: (_: Float32Array, p: Float32Array) => 1 - Math.max(...p),
    energy: (z: Float32Array) => energyScore(z, temperature),
  };
  const openSet = Object.entries(scores).flatMap(([score, unknownness]) => {
    const known: number[] = [];
    all.y.forEach((y, r) => {
      if (y !== other)
        known.push(unknownness(all.logits.subarray(r * k, (r + 1) * k), probs.subarray(r * k, (r + 1) * k)));
    });
    return [0, 0.05, 0.1, 0.2].map((q) => {
      const threshold = q === 0 ? Infinity : thresholdAtQuantile(known, 1 - q);
      return {
        score,
        quantile: q,
        threshold: round(threshold),
        studioValidation: openSetFiles(valScored[0], k, other, temperature, unknownness, threshold, voice),
        realOutOfFold: openSetFiles(
          concatScored(outOfFold),
          k,
          other,
          temperature,
          unknownness,
          threshold,
          voice,
        ).knownRejected,
      };
    });
  });
  const result = {
    name: ex.name,
    at: new Date().toISOString(),
    epochs: ex.epochs,
    hidden: ex.hidden,
    members: ex.members,
    seed: ex.seed,
    spec: INSTRUMENTS_SPEC.name,
    ideas: ex.ideas,
    model: ex.model,
    training: ex.training,
    voice: ex.voice,
    speech: ex.speech,
    phrases: ex.phrases,
    sampled: ex.sampled,
    realCvFileAccuracy: pooled.fileAccuracy,
    realCvWindowAccuracy: pooled.windowAccuracy,
    /** Recall by file of each real class. */
    realCvRecall: Object.fromEntries(
      pooled.fileEval.perClass.filter((c) => c.support > 0).map((c) => [c.name, round(c.recall)]),
    ),
    foldFileAccuracy: foldAccuracy,
    studioValidationFileAccuracy: round(valAccuracy.reduce((a, v) => a + v, 0) / valAccuracy.length),
    temperature: round(temperature),
    openSet,
    seconds: round((performance.now() - started) / 1000),
  };
  log(JSON.stringify(result));
  if (ex.log) await appendFile(EXPERIMENT_LOG, JSON.stringify(result) + '\n');
}

/**
 * One model per class with real recordings, trained on every row but that class's real recordings and scored on
 * them by file: the real-recording accuracy of a class the model knows only from studio notes and sampled
 * phrases (the situation of the 12 classes with no real recordings here).
 */
async function leaveClassOut(
  ex: ExperimentArgs,
  args: Args,
  rows: Record<RowGroup, RowSet>,
  k: number,
  classNames: string[],
  studioVal: RowSet,
  realRecorded: RowSet,
  started: number,
): Promise<void> {
  const labels = [...new Set(realRecorded.y)].sort((a, b) => a - b);
  const scored: Scored[] = [];
  const recall: Record<string, number> = {};
  for (const label of labels) {
    const trainSet = trainingRowsWithout(rows, (i) => rows.real.y[i] === label, ex.ideas);
    const name = `${ex.name} without real ${classNames[label]}`;
    const fitted = await fitModel(
      trainSet,
      studioVal,
      k,
      { ...args, seed: ex.seed },
      label * 100,
      name,
      ex.ideas,
    );
    const heldOut = subset(realRecorded, (i) => realRecorded.y[i] === label);
    scored.push(scoreRows(heldOut, (x) => fitted.model.predictLogits(x), fitted.normalize));
    fitted.model.dispose();
    recall[classNames[label]] = setFigures(scored.at(-1)!, classNames, 1, null).fileAccuracy;
    log(`${name}: its real files ${recall[classNames[label]]}`);
  }
  const pooled = setFigures(concatScored(scored), classNames, 1, null);
  const result = {
    name: ex.name,
    at: new Date().toISOString(),
    mode: 'leave-class-out',
    epochs: ex.epochs,
    hidden: ex.hidden,
    seed: ex.seed,
    spec: INSTRUMENTS_SPEC.name,
    ideas: ex.ideas,
    voice: ex.voice,
    speech: ex.speech,
    sampled: ex.sampled,
    leaveClassOutFileAccuracy: pooled.fileAccuracy,
    leaveClassOutRecall: recall,
    seconds: round((performance.now() - started) / 1000),
  };
  log(JSON.stringify(result));
  if (ex.log) await appendFile(EXPERIMENT_LOG, JSON.stringify(result) + '\n');
}

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

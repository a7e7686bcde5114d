/**
 * `npm run -s train -- --data PATH --out DIR [--config FILE]`: trains one model on labelled data and writes its
 * bundle (model.json, weights.bin, meta.json) into DIR. Per-epoch progress goes to stderr, a JSON summary to
 * stdout. The run itself is the app's training job (`src/core/train/trainJob.ts`): standardiser fitted on the
 * training split only, test-split metrics, a threshold tuned on validation for two classes, a 2-D projection.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { SavedBundle } from '../core/bundle/bundle';
import { namedSplit, namedSplitParts } from '../core/data/namedSplit';
import { trainValTestSplit } from '../core/data/split';
import { classCounts } from '../core/data/tabular';
import { accuracy, confusionMatrix, macroF1 } from '../core/eval/metrics';
import { positiveScores } from '../core/eval/roc';
import { bootstrapThreshold } from '../core/eval/threshold';
import type { EpochEvent } from '../core/train/train';
import { writeBundleDir } from '../node/bundleFiles';
import { initNodeTf } from '../node/tf';
import { calibrationLine, type CalibrationSummary } from '../core/train/calibrate';
import { runTrainJob } from '../core/train/trainJob';
import { describePcaOption, parsePcaOption } from '../core/train/pcaReduce';
import type { TrainJobInput } from '../core/train/trainJob';
import { flagValue, numberFlag, parseArgs, runCli, UsageError, type ParsedArgs } from './args';
import { isEntry, listOf, processIo, round6, type CliIo } from './io';
import { classicStepName } from '../core/models/classic/progress';
import { withFamilyFlag, FAMILY_USAGE } from './familyFlag';
import { readRecipeFile, resolveRecipe, DEFAULT_AUDIO_FEATURES, parseSplit } from './recipe';
import { isSplitFolder, readSplitFolder } from './splitFolder';
import { extraRowsFor, loadTrainingData, type DataOptions } from './trainingData';
import { AUDIO_FEATURE_SETS, isAudioFeatureSet, type AudioFeatureSet } from '../core/features/audioSets';

export const TRAIN_USAGE = `usage: npm run -s train -- --data PATH [--data ...] --out DIR [options]
  --data PATH          a CSV with a label column, a folder of audio with one sub-folder per class,
                       or LABEL=FILE.csv (repeat: every row of FILE is LABEL)
  --out DIR            where the bundle is written (model.json, weights.bin, meta.json)
  --config FILE        JSON: model, training, ensemble, features, split, pca (default: the engine's recommended)
  --pca N|SHARE        PCA after standardising, fitted on the training rows: N components (e.g. 16) or the
                       fewest that keep a share of the variance (e.g. 0.95); kept in the bundle
${FAMILY_USAGE}
  --label COL          label column of a single CSV (default label)
  --drop COL,...       columns to leave out (e.g. length)
  --keep COL,...       train on columns left out as suspect all the same (row ids such as id_new, or a
                       column that alone separates the classes; each is named on stderr when left out)
  --extra FILE.csv     more training rows (e.g. GTZAN 10-s segments), used for the training tracks only
  --features SET       audio folders: frames (1-s windows, default), gtzan-librosa, logmel, meyda
                       (Meyda's extractors, buffer 1024 hop 512) or meyda@BUFFER/HOP e.g. meyda@2048/1024
  --positive LABEL     two classes: the class the threshold is tuned for (default: the smaller one)
  --split T,V,T        train, validation, test fractions (default 0.8,0.1,0.1)
  --split DIR          a fixed split instead: train*.txt, valid*.txt, test*.txt lists of track names (e.g.
                       ../shared/data/tabular/gtzan/splits): trains on train, validates on valid, holds out test
  --seed N             seeds the split, the initial weights and the training (default 0)
  --name NAME          meta.name (default: DIR's name);  --task TASK  meta.task (default: NAME)`;

/** What `train` prints on stdout (and returns to scripts). */
export interface TrainSummary {
  out: string;
  name: string;
  task: string;
  featureSet: string;
  classNames: string[];
  /** Two classes: the class the threshold applies to. */
  positiveClass?: string;
  data: { source: string; rows: number; classCounts: Record<string, number>; dropped: number };
  split: {
    train: number;
    val: number;
    test: number;
    extraTrain: number;
    seed: number;
    /** `--split DIR`: the folder, and the tracks (groups) of the held-out test rows. */
    dir?: string;
    testTracks?: string[];
  };
  /** Held-out test split; accuracy, macro F1 and confusion of the most probable class. */
  metrics: {
    accuracy: number;
    macroF1: number;
    auc?: number;
    threshold?: number;
    /** Two classes: the central 90 % of thresholds tuned on bootstrap resamples of the validation part. */
    thresholdInterval?: { low: number; high: number; level: number; resamples: number };
    confusion: number[][];
    /** Temperature fitted on validation and folded into the logits layer; ECE before/after (train/calibrate.ts). */
    calibration?: CalibrationSummary;
    /** Two classes: the same split decided at the threshold (class 1 when its probability reaches it). */
    atThreshold?: ThresholdScores;
  };
  epochs: number;
  bestEpoch: number | null;
  stopReason: string;
  config: { model: unknown; training: unknown; why: string };
  /** The PCA step, when there is one: components kept and the share of variance they hold. */
  pca?: { components: number; explainedVariance: number };
  bytes: Record<string, number>;
  seconds: number;
}

const VALUE_FLAGS = [
  'family',
  'data',
  'out',
  'config',
  'label',
  'drop',
  'extra',
  'features',
  'pca',
  'positive',
  'keep',
  'split',
  'seed',
  'name',
  'task',
];

/** `--seed`, an integer (default 0). */
export function seedFlag(args: ParsedArgs): number {
  return numberFlag(args, 'seed', 0, (n) => Number.isSafeInteger(n) && n >= 0);
}

/** The data options shared with `evaluate`. */
export function dataOptions(args: ParsedArgs, features: AudioFeatureSet): DataOptions {
  return {
    data: args.flags.get('data') ?? [],
    label: flagValue(args, 'label'),
    drop: listOf(args.flags.get('drop')),
    features,
    extra: flagValue(args, 'extra'),
    positive: flagValue(args, 'positive'),
    keep: listOf(args.flags.get('keep')),
  };
}

/** `--features`, else the config's, else frames. */
export function featuresFlag(args: ParsedArgs, fromConfig: AudioFeatureSet | undefined): AudioFeatureSet {
  const raw = flagValue(args, 'features');
  if (raw === undefined) return fromConfig ?? DEFAULT_AUDIO_FEATURES;
  if (!isAudioFeatureSet(raw)) {
    throw new UsageError(
      `Expected --features to be one of ${AUDIO_FEATURE_SETS.join(', ')} or meyda@BUFFER/HOP (512|1024|2048 / 256…2048), got ${raw}`,
    );
  }
  return raw;
}

export interface ThresholdScores {
  accuracy: number;
  macroF1: number;
  confusion: number[][];
}

/** Accuracy, macro F1 and confusion of two-class probabilities decided at `threshold` on class 1. */
export function scoreAtThreshold(
  labels: Int32Array,
  probs: Float32Array,
  threshold: number,
): ThresholdScores {
  const predicted = Int32Array.from(labels, (_, r) => (probs[2 * r + 1] >= threshold ? 1 : 0));
  return {
    accuracy: round6(accuracy(labels, predicted)),
    macroF1: round6(macroF1(labels, predicted, 2)),
    confusion: confusionMatrix(labels, predicted, 2),
  };
}

function formatEpoch(e: EpochEvent): string {
  const val = e.valLoss === null ? '' : ` val_loss ${e.valLoss.toFixed(4)} val_acc ${e.valAcc?.toFixed(3)}`;
  const acc = e.acc === null ? '' : ` acc ${e.acc.toFixed(3)}`;
  return `${e.phase} epoch ${e.epoch}/${e.epochs} loss ${e.loss.toFixed(4)}${acc}${val} lr ${e.lr.toPrecision(3)} (${e.seconds.toFixed(1)} s)`;
}

/** Runs `train` with these arguments; writes the bundle and returns the summary (also printed on `io.out`). */
export async function trainCommand(argv: string[], io: CliIo): Promise<TrainSummary> {
  const started = performance.now();
  const args = parseArgs(argv, VALUE_FLAGS);
  if (args.positional.length > 0) throw new UsageError(`Unexpected argument ${args.positional[0]}`);
  const outFlag = flagValue(args, 'out');
  if (outFlag === undefined) throw new UsageError('No --out DIR given');
  const out = path.resolve(outFlag);
  const seed = seedFlag(args);
  const name = flagValue(args, 'name') ?? path.basename(out);
  const task = flagValue(args, 'task') ?? name;
  const recipeFile = withFamilyFlag(
    await readRecipeFile(flagValue(args, 'config')),
    flagValue(args, 'family'),
  );
  const splitFlag = flagValue(args, 'split');
  const splitFolder =
    splitFlag !== undefined && (await isSplitFolder(splitFlag)) ? await readSplitFolder(splitFlag) : null;
  if (splitFlag !== undefined && splitFolder === null) {
    const [train, val, test] = splitFlag.split(',').map(Number);
    try {
      recipeFile.split = parseSplit({ train, val, test }, '--split');
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
  }
  const pcaRaw = flagValue(args, 'pca');
  if (pcaRaw !== undefined) {
    try {
      recipeFile.pca = parsePcaOption(pcaRaw, '--pca');
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
  }
  const data = await loadTrainingData(dataOptions(args, featuresFlag(args, recipeFile.features)), io);
  const ds = data.dataset;
  const recipe = resolveRecipe(
    recipeFile,
    // Log-mel patches are images, not feature vectors: their recommended model is a CNN.
    data.featureSpec.name === 'logmel' ? 'logmel' : 'tabular',
    { rows: ds.rows + (data.extra?.rows ?? 0), classes: ds.classNames.length },
    seed,
  );
  if (recipe.ensemble > 1) {
    io.err(
      `note: the config averages ${recipe.ensemble} nets in evaluate; a bundle holds one net (seed ${seed})`,
    );
  }
  // A named split's valid list is the validation set (threshold, early stopping, checks on files the model
  // never trained on); its test list is held out.
  const split = splitFolder
    ? namedSplitParts(namedSplit(ds.groups, splitFolder), { heldOut: 'test', keepValidation: true })
    : trainValTestSplit(ds.labels, ds.groups, { ...recipe.split, seed });
  const trainGroups = new Set(Array.from(split.train, (r) => ds.groups[r]));
  const extra = extraRowsFor(data.extra, trainGroups);
  const counts = classCounts(ds);
  io.err(
    `data: ${ds.rows} rows, ${ds.columns.length} features, classes ${ds.classNames.map((c, i) => `${c} (${counts[i]})`).join(', ')}; ` +
      `split ${split.train.length}/${split.val.length}/${split.test.length}${extra ? ` + ${extra.rows} extra training rows` : ''}`,
  );
  io.err(`model: ${recipe.model.family} (${recipe.why})`);
  if (recipeFile.pca) io.err(`pca: ${describePcaOption(recipeFile.pca)}, fitted on the training rows`);

  const job: TrainJobInput = {
    runId: name,
    name,
    createdAt: new Date().toISOString(),
    task,
    x: ds.features,
    inputShape: data.inputShape,
    labels: ds.labels,
    ids: ds.ids,
    split,
    ...(extra ? { extraTrain: { x: extra.features, labels: extra.labels } } : {}),
    classNames: ds.classNames,
    featureSpec: data.featureSpec,
    source: data.source,
    model: recipe.model,
    training: recipe.training,
    modelSeed: seed,
    pca: recipeFile.pca ?? null,
  };
  await initNodeTf();
  let epochs = 0;
  const outcome = await runTrainJob(job, {
    onEpoch: (e) => {
      if (e.phase === 'train') epochs = e.epoch;
      if (!Number.isNaN(e.loss)) io.err(formatEpoch(e));
      // Trees or boosting rounds (of a classic family, or of a vote's classic model) have no loss to print: a
      // line every tenth of the way.
      else if (e.epoch === e.epochs || e.epoch % Math.ceil(e.epochs / 10) === 0) {
        io.err(
          `${classicStepName(job.model.family).toLowerCase()} ${e.epoch}/${e.epochs} (${e.seconds.toFixed(1)} s)`,
        );
      }
    },
  });
  if (outcome.status !== 'done') throw new Error('Training was cancelled');
  const { result, artifacts } = outcome;
  if (result.calibration) io.err(calibrationLine(result.calibration));
  const bundle: SavedBundle = artifacts.bundle;
  const threshold = bundle.meta.metrics.threshold;
  if (typeof threshold === 'number') {
    // The app decides two-class models at the tuned threshold, so the held-out split is scored that way too.
    bundle.meta.metrics.atThreshold = scoreAtThreshold(
      artifacts.test.labels,
      artifacts.test.probs,
      threshold,
    );
    const validation = artifacts.validation;
    if (validation && result.thresholdSource === 'validation') {
      // A threshold tuned on a small validation part moves with the draw: say how much.
      const interval = bootstrapThreshold(validation.labels, positiveScores(validation.probs, 2), {
        objective: 'f1',
        seed,
      });
      bundle.meta.metrics.thresholdInterval = {
        low: round6(interval.low),
        high: round6(interval.high),
        level: interval.level,
        resamples: interval.resamples,
      };
    }
  }
  const bytes: Record<string, number> = {};
  for (const file of await writeBundleDir(out, bundle)) bytes[path.basename(file)] = (await stat(file)).size;

  const metrics = bundle.meta.metrics;
  const summary: TrainSummary = {
    out,
    name,
    task,
    featureSet: data.featureSpec.name,
    classNames: [...ds.classNames],
    ...(ds.classNames.length === 2 ? { positiveClass: ds.classNames[1] } : {}),
    data: {
      source: data.source,
      rows: ds.rows,
      classCounts: bundle.meta.data.classCounts,
      dropped: ds.dropped.length,
    },
    split: {
      train: split.train.length,
      val: split.val.length,
      test: split.test.length,
      extraTrain: extra?.rows ?? 0,
      seed,
      ...(splitFolder
        ? { dir: splitFolder.dir, testTracks: [...new Set(Array.from(split.test, (r) => ds.groups[r]))] }
        : {}),
    },
    metrics: {
      accuracy: round6(result.evaluation.accuracy),
      macroF1: round6(result.evaluation.macroF1),
      ...(typeof metrics.auc === 'number' ? { auc: round6(metrics.auc) } : {}),
      ...(typeof metrics.threshold === 'number' ? { threshold: round6(metrics.threshold) } : {}),
      ...(metrics.thresholdInterval
        ? { thresholdInterval: metrics.thresholdInterval as TrainSummary['metrics']['thresholdInterval'] }
        : {}),
      confusion: result.evaluation.confusion,
      ...(result.calibration ? { calibration: result.calibration } : {}),
      ...(bundle.meta.metrics.atThreshold
        ? { atThreshold: bundle.meta.metrics.atThreshold as ThresholdScores }
        : {}),
    },
    epochs,
    bestEpoch: result.bestEpoch,
    stopReason: result.stopReason,
    config: { model: recipe.model, training: recipe.training, why: recipe.why },
    ...(bundle.meta.pca
      ? {
          pca: {
            components: bundle.meta.pca.components.length,
            explainedVariance: round6(bundle.meta.pca.explainedVariance.reduce((a, b) => a + b, 0)),
          },
        }
      : {}),
    bytes,
    seconds: Math.round((performance.now() - started) / 100) / 10,
  };
  io.out(JSON.stringify(summary));
  return summary;
}

if (isEntry(import.meta.url)) {
  const argv = process.argv.slice(2);
  if (argv.includes('--help')) processIo.out(TRAIN_USAGE);
  else runCli(() => trainCommand(argv, processIo).then(() => undefined), TRAIN_USAGE);
}

/**
 * `npm run -s evaluate -- --data PATH [--config FILE] --cv K [--json]`: K-fold cross-validation of a config on
 * labelled data, with stratified folds grouped by track or file (`crossValidate` of the core). Fold progress
 * goes to stderr; the result (accuracy, macro F1, AUC for two classes, seconds) to stdout.
 */
import { isClassicFamily } from '../core/models/classic/families';
import { namedSplit, namedSplitParts } from '../core/data/namedSplit';
import { crossValidate, type CrossValidationResult } from '../core/train/crossValidate';
import { initNodeTf } from '../node/tf';
import { flagValue, numberFlag, parseArgs, runCli, UsageError } from './args';
import { isEntry, processIo, round6, type CliIo } from './io';
import { withFamilyFlag, FAMILY_USAGE } from './familyFlag';
import { readRecipeFile, resolveRecipe } from './recipe';
import { dataOptions, featuresFlag, seedFlag } from './train';
import { isSplitFolder, readSplitFolder } from './splitFolder';
import { loadTrainingData } from './trainingData';

export const EVALUATE_USAGE = `usage: npm run -s evaluate -- --data PATH [--data ...] --cv K [--json] [options]
  --data PATH          a CSV with a label column, a folder of audio with one sub-folder per class,
                       or LABEL=FILE.csv (repeat: every row of FILE is LABEL)
  --cv K               folds, stratified and grouped by track / file (default 5)
  --split DIR          instead of folds, a fixed split: DIR holds train*.txt, valid*.txt, test*.txt lists of
                       track names (e.g. ../shared/data/tabular/gtzan/splits, the artist-filtered GTZAN split);
                       trains on train + valid and scores the test tracks
  --holdout valid      with --split: train on train only and score the valid tracks (for tuning)
  --json               one JSON object on stdout (else a few readable lines)
  --config FILE        JSON: model, training, ensemble, features (default: the engine's recommended)
${FAMILY_USAGE}
  --label COL, --drop COL,..., --keep COL,..., --extra FILE.csv, --features SET, --positive LABEL,
  --seed N: as for train`;

/** What `evaluate --json` prints (and returns to scripts). */
export interface EvaluateSummary {
  accuracy: number;
  macroF1: number;
  /** Two classes only: mean ROC AUC over the folds. */
  auc?: number;
  accuracyStd: number;
  k: number;
  seed: number;
  rows: number;
  classNames: string[];
  source: string;
  folds: Array<{ fold: number; accuracy: number; macroF1: number; auc?: number; seconds: number }>;
  /** With `--split DIR`: the fixed split, and the held-out tracks every figure above was scored on. */
  split?: {
    dir: string;
    heldOut: 'test' | 'valid';
    trainRows: number;
    validationRows: number;
    testRows: number;
    unlistedRows: number;
    heldOutTracks: string[];
  };
  config: { model: unknown; training: unknown; ensemble: number; why: string };
  /** Wall-clock seconds of the cross-validation (data loading excluded). */
  seconds: number;
}

const VALUE_FLAGS = [
  'family',
  'data',
  'config',
  'cv',
  'split',
  'holdout',
  'label',
  'drop',
  'extra',
  'features',
  'positive',
  'keep',
  'seed',
];

/** Runs `evaluate` with these arguments and returns the summary (also printed on `io.out`). */
export async function evaluateCommand(argv: string[], io: CliIo): Promise<EvaluateSummary> {
  const args = parseArgs(argv, VALUE_FLAGS, ['json']);
  if (args.positional.length > 0) throw new UsageError(`Unexpected argument ${args.positional[0]}`);
  const k = numberFlag(args, 'cv', 5, (n) => Number.isInteger(n) && n >= 2 && n <= 100);
  const splitDir = flagValue(args, 'split');
  const holdout = flagValue(args, 'holdout') ?? 'test';
  if (splitDir !== undefined && !(await isSplitFolder(splitDir))) {
    throw new UsageError(`Expected --split to name a folder of train/valid/test lists, got ${splitDir}`);
  }
  if (holdout !== 'test' && holdout !== 'valid') {
    throw new UsageError(`Expected --holdout to be test or valid, got ${holdout}`);
  }
  if (splitDir !== undefined && args.flags.has('cv'))
    throw new UsageError('Give --cv K or --split DIR, not both');
  if (splitDir === undefined && args.flags.has('holdout'))
    throw new UsageError('--holdout goes with --split DIR');
  const seed = seedFlag(args);
  const recipeFile = withFamilyFlag(
    await readRecipeFile(flagValue(args, 'config')),
    flagValue(args, 'family'),
  );
  const data = await loadTrainingData(dataOptions(args, featuresFlag(args, recipeFile.features)), io);
  const ds = data.dataset;
  const recipe = resolveRecipe(
    recipeFile,
    // Log-mel patches are images, not feature vectors: their recommended model is a CNN.
    data.featureSpec.name === 'logmel' ? 'logmel' : 'tabular',
    { rows: ds.rows + (data.extra?.rows ?? 0), classes: ds.classNames.length },
    seed,
  );
  const lists = splitDir === undefined ? null : await readSplitFolder(splitDir);
  const fixed = lists === null ? null : namedSplit(ds.groups, lists);
  // Early stopping watches the validation tracks, so then the model trains on the training tracks alone.
  const fold =
    fixed === null
      ? null
      : namedSplitParts(fixed, { heldOut: holdout, keepValidation: recipe.training.earlyStopping !== null });
  io.err(
    `data: ${ds.rows} rows, ${ds.columns.length} features, ${ds.classNames.length} classes; ` +
      (fold === null
        ? `${k} folds`
        : `split ${splitDir}: ${fold.train.length} training rows, ${fold.test.length} held-out ${holdout} rows` +
          `${fixed!.unlisted > 0 ? `, ${fixed!.unlisted} rows on no list left out` : ''}`),
  );
  io.err(`model: ${recipe.model.family} (${recipe.why})`);
  await initNodeTf();
  const result: CrossValidationResult = await crossValidate(ds, {
    model: recipe.model,
    training: recipe.training,
    k,
    ...(fold === null ? {} : { folds: [fold] }),
    seed,
    ensemble: recipe.ensemble,
    ...(data.extra ? { extraTraining: data.extra } : {}),
    // Early stopping watches a validation part carved from each fold's training tracks.
    validationFraction: recipe.training.earlyStopping && !isClassicFamily(recipe.model.family) ? 0.1 : 0,
    onFold: (f) =>
      io.err(
        `fold ${f.fold}/${fold === null ? k : 1}: accuracy ${f.accuracy.toFixed(3)} macro-F1 ${f.macroF1.toFixed(3)}` +
          `${f.auc === null ? '' : ` AUC ${f.auc.toFixed(3)}`} (${f.trainRows} train / ${f.testRows} test rows, ${f.seconds.toFixed(1)} s)`,
      ),
  });
  const summary: EvaluateSummary = {
    accuracy: round6(result.accuracy),
    macroF1: round6(result.macroF1),
    ...(result.auc === null ? {} : { auc: round6(result.auc) }),
    accuracyStd: round6(result.accuracyStd),
    k: fold === null ? k : 1,
    seed,
    rows: ds.rows,
    classNames: [...ds.classNames],
    source: data.source,
    folds: result.folds.map((f) => ({
      fold: f.fold,
      accuracy: round6(f.accuracy),
      macroF1: round6(f.macroF1),
      ...(f.auc === null ? {} : { auc: round6(f.auc) }),
      seconds: Math.round(f.seconds * 10) / 10,
    })),
    config: { model: recipe.model, training: recipe.training, ensemble: recipe.ensemble, why: recipe.why },
    seconds: Math.round(result.seconds * 10) / 10,
    ...(fold === null || fixed === null
      ? {}
      : {
          split: {
            dir: splitDir!,
            heldOut: holdout,
            trainRows: fold.train.length,
            validationRows: fold.val.length,
            testRows: fold.test.length,
            unlistedRows: fixed.unlisted,
            heldOutTracks: [...new Set(Array.from(fold.test, (r) => ds.groups[r]))],
          },
        }),
  };
  if (args.booleans.has('json')) {
    io.out(JSON.stringify(summary));
  } else {
    io.out(
      summary.split
        ? `accuracy ${summary.accuracy.toFixed(4)} on ${summary.split.heldOutTracks.length} held-out ${holdout} tracks of ${splitDir}`
        : `accuracy ${summary.accuracy.toFixed(4)} ± ${summary.accuracyStd.toFixed(4)} (${k}-fold)`,
    );
    io.out(`macro F1 ${summary.macroF1.toFixed(4)}`);
    if (summary.auc !== undefined)
      io.out(`ROC AUC  ${summary.auc.toFixed(4)} (${ds.classNames[1]} vs ${ds.classNames[0]})`);
    io.out(`seconds  ${summary.seconds}`);
  }
  return summary;
}

if (isEntry(import.meta.url)) {
  const argv = process.argv.slice(2);
  if (argv.includes('--help')) processIo.out(EVALUATE_USAGE);
  else runCli(() => evaluateCommand(argv, processIo).then(() => undefined), EVALUATE_USAGE);
}

/**
 * Gives the shipped instruments model a novelty rule without retraining its network: each column's range over
 * the rows the model trained on (fold 0's training rows, from the rows cache that prepareRows fills),
 * standardised by the bundle's own normaliser, and a threshold on how many of a window's 280 values may lie
 * outside it, set on the studio validation windows (novelty.ts's `range` rule). Written into meta.json
 * (`metrics.novelty`) and report.json (`novelty`).
 *
 * The held-out files are then measured through `applyModel`, the door the CLI and the page use: a file gets no
 * label when most of its sounding time lies outside the training data. The Mahalanobis-type distances were tried
 * first and fail here (a pure tone's probabilistic-PCA distance, 1.2–1.4, is below the 99th percentile of the
 * training rows'), which is why the rule counts columns instead.
 *
 *   npx tsx scripts/models/instruments/novelty.ts [--bundle DIR] [--dry-run]
 */
import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { formatJson } from '../../../src/core/bundle/files';
import { fitStandardizer } from '../../../src/core/data/normalize';
import { applyModel } from '../../../src/core/predict/applyModel';
import { fitRangeNoveltyRule, noveltyScores, type NoveltyRule } from '../../../src/core/predict/novelty';
import {
  disposeRunnableModel,
  standardizeExamples,
  type RunnableModel,
} from '../../../src/core/predict/modelRunner';
import { loadBundleModel } from '../../../src/node/bundleModel';
import { decodeAudioFile } from '../../../src/node/decodeFile';
import { parseArgs } from './args';
import { COLS, INSTRUMENTS, INSTRUMENTS_REAL, log, ROOT, round, SR } from './config';
import { prepareRows } from './prepare';
import { bundleDirOf } from './shipped';
import { foldTrainingRows } from './train';

/** The made-up signals no instrument model should name: 5 s each at the analysis rate (and one sample). */
export function madeUpSignals(): Record<string, Float32Array> {
  const n = 5 * SR;
  const sine = (hz: number, amp: number) =>
    Float32Array.from({ length: n }, (_, i) => amp * Math.sin((2 * Math.PI * hz * i) / SR));
  return {
    'tone 100 Hz': sine(100, 0.5),
    'tone 440 Hz': sine(440, 0.5),
    'tone 1 kHz, quiet': sine(1000, 0.05),
    'tone 3 kHz': sine(3000, 0.3),
    dc: Float32Array.from({ length: n }, () => 0.5),
    'square 440 Hz': Float32Array.from({ length: n }, (_, i) =>
      Math.floor((i * 880) / SR) % 2 ? 0.5 : -0.5,
    ),
    'one sample': Float32Array.from([0.5]),
  };
}

interface FileVerdict {
  name: string;
  className: string;
  top: string | null;
  reason: string | null;
  topProb: number;
}

/** The model's answer for one file, as `classify` gives it. */
function verdictOf(
  model: RunnableModel,
  name: string,
  className: string,
  samples: Float32Array,
): FileVerdict {
  const answer = applyModel(model, samples);
  const probs = answer.song ?? [];
  const topProb = probs.length ? Math.max(...probs) : 0;
  return {
    name,
    className,
    top: answer.top === null ? null : model.meta.classNames[answer.top],
    reason: answer.abstain?.reason ?? null,
    topProb: round(topProb),
  };
}

/** Refused (no label for being outside the training data) or not confident (top p < 0.5). */
const refused = (v: FileVerdict) => v.reason === 'unfamiliar';
const unsure = (v: FileVerdict) => v.top === null || v.topProb < 0.5;

function summary(verdicts: FileVerdict[]) {
  const kept = verdicts.filter((v) => v.top !== null);
  return {
    files: verdicts.length,
    refused: verdicts.filter(refused).length,
    refusedShare: round(verdicts.filter(refused).length / Math.max(1, verdicts.length)),
    accuracyOfKept: round(kept.filter((v) => v.top === v.className).length / Math.max(1, kept.length)),
    accuracyAll: round(verdicts.filter((v) => v.top === v.className).length / Math.max(1, verdicts.length)),
    noLabel: Object.fromEntries(
      ['too-short', 'silent', 'unfamiliar'].map((reason) => [
        reason,
        verdicts.filter((v) => v.reason === reason).length,
      ]),
    ),
  };
}

async function decodeAll(root: string, names: readonly string[]): Promise<Map<string, Float32Array>> {
  const out = new Map<string, Float32Array>();
  for (const name of names) out.set(name, (await decodeAudioFile(path.join(root, name))).samples);
  return out;
}

function judge(model: RunnableModel, audio: Map<string, Float32Array>): FileVerdict[] {
  return [...audio].map(([name, samples]) => verdictOf(model, name, name.split('/')[0], samples));
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const bundle = bundleDirOf(argv);
  const dryRun = argv.includes('--dry-run');
  const started = performance.now();

  const report = JSON.parse(await readFile(path.join(bundle, 'report.json'), 'utf8')) as {
    seed: number;
    split: { train: string[]; val: string[]; test: string[]; realHeldOut: string[] };
    [key: string]: unknown;
  };
  const args = parseArgs(['--seed', String(report.seed)]);
  const { rows, realFoldOf, parts, studio } = await prepareRows(args);
  // The rows must be the shipped model's: the same split by file as its report names.
  const trainNames = parts.train.map((f) => studio[f].name);
  if (JSON.stringify(trainNames) !== JSON.stringify(report.split.train))
    throw new Error(
      'The rows cache splits the studio files otherwise than the bundle report: rebuild the model',
    );
  const trainSet = foldTrainingRows(rows, realFoldOf, 0);
  const n = trainSet.y.length;

  const model = await loadBundleModel(bundle);
  if (!model.meta.normalization) throw new Error('Expected the instruments bundle to carry its normaliser');
  // Standardised as the app standardises a window before the model and the rule see it.
  const standardized = standardizeExamples(trainSet.x, model.meta.inputShape, model.meta.normalization);
  // The very rows the model trained on: the build's normaliser refitted on them is the bundle's (gap 0).
  const refitted = fitStandardizer(trainSet.x, n, COLS);
  const shipped = model.meta.normalization;
  let normaliserGap = 0;
  for (let j = 0; j < COLS; j++) {
    normaliserGap = Math.max(
      normaliserGap,
      Math.abs(refitted.mean[j] - shipped.mean[j]) / shipped.std[j],
      Math.abs(refitted.std[j] / shipped.std[j] - 1),
    );
  }
  if (n !== model.meta.data.rows || normaliserGap > 1e-4)
    throw new Error(
      `The cached rows are not the ones the bundle trained on (${n} rows, ${model.meta.data.rows} in meta; normaliser gap ${normaliserGap})`,
    );
  log(
    `${n} training rows of fold 0, the bundle's own (its normaliser refitted on them: gap ${normaliserGap})`,
  );

  const madeUp = madeUpSignals();
  const valNames = report.split.val;
  const valAudio = await decodeAll(INSTRUMENTS, valNames);
  log(`decoded ${valAudio.size} studio validation files`);
  const withRule = (rule: NoveltyRule | null) => {
    const metrics = model.meta.metrics as Record<string, unknown>;
    if (rule) metrics.novelty = rule;
    else delete metrics.novelty;
  };

  // Validation windows: the studio validation files' (as recorded and in phrases), never trained on.
  const validation = standardizeExamples(rows.val.x, model.meta.inputShape, model.meta.normalization);
  const rule = fitRangeNoveltyRule(standardized, n, validation, rows.val.y.length, COLS);
  const valCounts = noveltyScores(rule, validation, rows.val.y.length, COLS);
  const valBeyond = valCounts.filter((c) => c > rule.threshold).length;
  withRule(rule);
  const val = judge(model, valAudio);
  const validationFigures = {
    windowsBeyond: valBeyond,
    windows: rows.val.y.length,
    instrumentFiles: summary(val.filter((v) => v.className !== 'other')),
    everydaySoundFiles: summary(val.filter((v) => v.className === 'other')),
  };
  log(
    `threshold: more than ${rule.threshold} of ${COLS} values outside the training range; validation ${JSON.stringify(validationFigures)}`,
  );

  // The held-out figures, once, with the chosen rule and without any.
  const testAudio = await decodeAll(INSTRUMENTS, report.split.test);
  const realAudio = await decodeAll(INSTRUMENTS_REAL, report.split.realHeldOut);
  withRule(null);
  const before = { test: judge(model, testAudio), real: judge(model, realAudio) };
  const madeUpBefore = Object.entries(madeUp).map(([name, s]) => verdictOf(model, name, 'none', s));
  withRule(rule);
  const after = { test: judge(model, testAudio), real: judge(model, realAudio) };
  const madeUpAfter = Object.entries(madeUp).map(([name, s]) => verdictOf(model, name, 'none', s));
  const parts3 = (v: { test: FileVerdict[]; real: FileVerdict[] }) => ({
    realHeldOut: summary(v.real),
    studioTestInstruments: summary(v.test.filter((f) => f.className !== 'other')),
    everydaySounds: summary(v.test.filter((f) => f.className === 'other')),
  });
  const figures = { without: parts3(before), with: parts3(after) };
  log(`held out, without → with the rule: ${JSON.stringify(figures)}`);
  for (const s of madeUpAfter) log(`  ${s.name}: ${s.top ?? 'no label (' + s.reason + ')'} ${s.topProb}`);
  disposeRunnableModel(model);

  const novelty = {
    by: 'npx tsx scripts/models/instruments/novelty.ts',
    fittedOn: `the ${n} training rows of the shipped (fold-0) model (its normaliser refitted on them differs from the bundle's by ${normaliserGap}), standardised by its normaliser; the network is not retrained`,
    rule: { score: rule.score, threshold: rule.threshold, quantile: rule.quantile, margin: rule.margin },
    threshold: `a window is outside the training data when more than ${rule.threshold} of its ${COLS} standardised values lie outside that column's range over the training rows; the threshold is the ${rule.quantile} quantile of the studio validation windows' counts times ${rule.margin} (at least 1)`,
    abstainsWhen:
      'at least half of a file’s sounding time lies beyond the threshold (applyModel’s songVerdict)',
    validation: validationFigures,
    madeUpUnsure: madeUpAfter.every(unsure),
    madeUp: Object.fromEntries(
      madeUpAfter.map((s, i) => [
        s.name,
        {
          before:
            madeUpBefore[i].top === null
              ? madeUpBefore[i].reason
              : `${madeUpBefore[i].top} ${madeUpBefore[i].topProb}`,
          after: s.top === null ? s.reason : `${s.top} ${s.topProb}`,
        },
      ]),
    ),
    heldOut: figures,
    refusedFiles: after.real
      .concat(after.test)
      .filter(refused)
      .map((v) => v.name),
    seconds: round((performance.now() - started) / 1000),
  };
  if (dryRun) {
    log('dry run: nothing written');
    return;
  }
  const metaPath = path.join(bundle, 'meta.json');
  const meta = JSON.parse(await readFile(metaPath, 'utf8')) as { metrics: Record<string, unknown> };
  meta.metrics.novelty = rule;
  await writeFile(metaPath, formatJson(meta) + '\n');
  // The rule adds to meta.json: the bundle's size as the build measures it (its three files).
  let bytes = 0;
  for (const f of ['model.json', 'weights.bin', 'meta.json'])
    bytes += (await stat(path.join(bundle, f))).size;
  const targets = report.targets as Record<string, unknown> | undefined;
  const updated = {
    ...report,
    ...(targets ? { targets: { ...targets, bundleBytes: { target: 2 * 1024 * 1024, value: bytes } } } : {}),
    bundleBytes: bytes,
    novelty,
  };
  await writeFile(path.join(bundle, 'report.json'), JSON.stringify(updated, null, 2) + '\n');
  log(`wrote the rule into ${path.relative(ROOT, metaPath)} and its figures into report.json`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

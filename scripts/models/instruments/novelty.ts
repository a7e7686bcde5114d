/**
 * Gives the shipped instruments model a novelty rule without retraining its network: the rule is fitted on the
 * rows the model trained on (fold 0's training rows, from the rows cache that prepareRows fills), standardised
 * by the bundle's own normaliser, and written into meta.json (`metrics.novelty`) and report.json (`novelty`).
 *
 * 280 `frames` columns are too many to whiten whole in a bundle, so the rule is the probabilistic-PCA distance
 * (core/predict/subspaceNovelty.ts) with a number of directions chosen on the studio validation files and on
 * made-up signals (tone, DC, square): the fewest refused validation files among the choices that refuse every
 * made-up signal. Only then are the held-out files measured, through `applyModel`, the door the CLI and the
 * page use: a file gets no label when most of its sounding time lies outside the training data.
 *
 *   npx tsx scripts/models/instruments/novelty.ts [--bundle DIR] [--components 16,32,48] [--dry-run]
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { formatJson } from '../../../src/core/bundle/files';
import { applyModel } from '../../../src/core/predict/applyModel';
import { fitNoveltyRule, type NoveltyRule } from '../../../src/core/predict/novelty';
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
  const at = (flag: string) => (argv.includes(flag) ? argv[argv.indexOf(flag) + 1] : undefined);
  const bundle = path.resolve(at('--bundle') ?? path.join(ROOT, 'public/models/instruments'));
  const choices = (at('--components') ?? '16,32,48,64').split(',').map(Number);
  if (!choices.every((c) => Number.isInteger(c) && c >= 1 && c < COLS))
    throw new Error(
      `Expected --components to be whole numbers within 1 … ${COLS - 1}, got ${at('--components')}`,
    );
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
  // How closely these rows are the ones the bundle's normaliser was fitted on (0 when they are the very rows).
  let meanGap = 0;
  for (let j = 0; j < COLS; j++) {
    let s = 0;
    for (let r = 0; r < n; r++) s += standardized[r * COLS + j];
    meanGap = Math.max(meanGap, Math.abs(s / n));
  }
  log(
    `${n} training rows of fold 0; largest column mean after the bundle's normaliser ${meanGap.toExponential(2)}`,
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

  // Choose the number of directions on validation files and made-up signals only.
  const tried: Array<Record<string, unknown>> = [];
  let best: { components: number; rule: NoveltyRule; refusedVal: number } | null = null;
  for (const components of choices) {
    const t0 = performance.now();
    const rule = fitNoveltyRule(standardized, n, COLS, { subspaceComponents: components });
    withRule(rule);
    const signals = Object.entries(madeUp).map(([name, s]) => verdictOf(model, name, 'none', s));
    const val = judge(model, valAudio);
    const valKnown = summary(val.filter((v) => v.className !== 'other'));
    const valOther = summary(val.filter((v) => v.className === 'other'));
    const allSignalsUnsure = signals.every(unsure);
    tried.push({
      components,
      threshold: round(rule.threshold),
      madeUp: Object.fromEntries(
        signals.map((s) => [s.name, s.top === null ? s.reason : `${s.top} ${s.topProb}`]),
      ),
      allMadeUpUnsure: allSignalsUnsure,
      validationInstruments: valKnown,
      validationOther: valOther,
    });
    log(
      `${components} directions: threshold ${rule.threshold.toFixed(3)}; made-up ${signals.map((s) => `${s.name}: ${s.top ?? s.reason}${s.top ? ' ' + s.topProb : ''}`).join('; ')}; validation instruments refused ${valKnown.refused}/${valKnown.files}, other ${valOther.refused}/${valOther.files} (${((performance.now() - t0) / 1000).toFixed(0)} s)`,
    );
    if (allSignalsUnsure && (!best || valKnown.refused < best.refusedVal))
      best = { components, rule, refusedVal: valKnown.refused };
  }
  if (!best) throw new Error(`No choice of directions (${choices.join(', ')}) refuses every made-up signal`);
  log(`chosen: ${best.components} directions`);

  // The held-out figures, once, with the chosen rule and without any.
  const testAudio = await decodeAll(INSTRUMENTS, report.split.test);
  const realAudio = await decodeAll(INSTRUMENTS_REAL, report.split.realHeldOut);
  withRule(null);
  const before = { test: judge(model, testAudio), real: judge(model, realAudio) };
  const madeUpBefore = Object.entries(madeUp).map(([name, s]) => verdictOf(model, name, 'none', s));
  withRule(best.rule);
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
    fittedOn: `the ${n} training rows of the shipped (fold-0) model, standardised by its normaliser; the network is not retrained`,
    rule: {
      score: best.rule.score,
      components: best.components,
      threshold: round(best.rule.threshold),
      quantile: best.rule.quantile,
      margin: best.rule.margin,
    },
    abstainsWhen:
      'at least half of a file’s sounding time lies beyond the threshold (applyModel’s songVerdict)',
    chosenOn:
      'studio validation files and made-up signals: the fewest refused validation instrument files among the choices under which no made-up signal gets a confident label (top p >= 0.5)',
    tried,
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
  meta.metrics.novelty = best.rule;
  await writeFile(metaPath, formatJson(meta) + '\n');
  await writeFile(path.join(bundle, 'report.json'), JSON.stringify({ ...report, novelty }, null, 2) + '\n');
  log(`wrote the rule into ${path.relative(ROOT, metaPath)} and its figures into report.json`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

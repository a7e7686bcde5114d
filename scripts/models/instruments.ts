/**
 * Builds the shipped `instruments` model: an MLP on 1-s `frames` windows, trained on the single-note recordings
 * in ../shared/data/instruments (as recorded, through a rough microphone, and in phrases synthesised from them)
 * together with the real recordings in ../shared/data/instruments-real, split by file. The real recordings are
 * in 5 folds: the model of each fold trains on the other four and is scored on it (cross-validation by file);
 * the fold-0 model is shipped, so its held-out real files are named in report.json. A temperature fitted on
 * validation data (studio validation notes and the out-of-fold real windows) is folded into the logits layer,
 * and an open-set threshold on the calibrated top probability is stored in meta.json. Writes
 * public/models/instruments/{model.json,weights.bin,meta.json,report.json} and scores ../shared/data/songs
 * (reported, never trained or selected on). Parts: scripts/models/instruments/.
 *
 *   npx tsx scripts/models/instruments.ts [--quick] [--seed N] [--out DIR] [--folds N] ...
 */
import { readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMainThread } from 'node:worker_threads';
import { saveBundle } from '../../src/core/bundle/bundle';
import { fitTemperature, softmaxWithTemperature, thresholdAtQuantile } from '../../src/core/eval/calibration';
import { fitRangeNoveltyRule } from '../../src/core/predict/novelty';
import { OPEN_SET_VERSION, type StoredMaxProbRule } from '../../src/core/predict/openSet';
import { classKind, OTHER_CLASS, VOICE_CLASS } from '../../src/core/instruments/classes';
import { classifyWindows, summarizeClip, type WindowModel } from '../../src/core/instruments/predict';
import { SILENCE_DBFS } from '../../src/core/instruments/windows';
import { ClassifierModel } from '../../src/core/models/build';
import { writeBundleDir } from '../../src/node/bundleFiles';
import { decodeAudioFile } from '../../src/node/decodeFile';
import { initNodeTf } from '../../src/node/tf';
import { parseArgs } from './instruments/args';
import {
  AUDIO_EXTENSIONS,
  COLS,
  extractRowWindows,
  MODEL_COLUMNS,
  log,
  MAX_SECONDS,
  MAX_WINDOWS_PER_FILE,
  PARTS,
  PHRASE_BOOST,
  PHRASE_WINDOWS,
  REAL_FOLDS,
  REAL_REPEAT,
  REAL_ROUGH_COPIES,
  REAL_ROUGH_REPEAT,
  REAL_WINDOWS_PER_FILE,
  RECORDED_REPEAT,
  SAMPLED_REPEAT,
  SAMPLED_WINDOWS_PER_FILE,
  round,
  SONGS,
  SR,
  SYNTH,
} from './instruments/config';
import {
  concatScored,
  perClassFiles,
  scoreFold,
  scoreRows,
  setFigures,
  type Scored,
} from './instruments/evaluate';
import { bundleMeta, experimentLog, previousFigures } from './instruments/report';
import { subset, type RowSet } from './instruments/rows';
import { prepareRows } from './instruments/prepare';
import { SAMPLED_CLASSES, SOUND_FONTS } from './instruments/sampled';
import { gcomprisCheck } from './instruments/gcompris';
import { liveCheck } from './instruments/liveCheck';
import { RECORDED_SPEECH } from './instruments/speech';
import { REAL_SPEECH, realSpeechFiles } from './instruments/voice';
import {
  averageLogits,
  fitModel,
  foldTrainingRows,
  modelConfigOf,
  type FittedModel,
} from './instruments/train';

export { jobSeed, phraseCount, repeatRows, type RowSet } from './instruments/rows';
export { listFiles, listRealFiles, realFolds, splitFiles } from './instruments/data';

/** Share of known-instrument validation windows the open-set threshold may turn away. */
const OPEN_SET_REJECT = 0.05;

const recordedOnly = (set: RowSet) => subset(set, (i) => set.kind[i] === 'recorded');

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const started = performance.now();
  const backend = await initNodeTf();
  log(
    `backend ${backend}; seed ${args.seed}; ${args.quick ? 'quick' : 'full'} build; ${args.workers} workers`,
  );

  const { classNames, studio, real, sampled, parts, realFoldOf, heldOutPhrases, rows } =
    await prepareRows(args);
  const k = classNames.length;
  const other = classNames.indexOf(OTHER_CLASS);
  const voice = classNames.indexOf(VOICE_CLASS);
  const isInstrument = (label: number) => classKind(classNames[label]) === 'instrument';
  for (const group of [...PARTS, 'real'] as const) {
    const kinds = ['recorded', 'rough', 'phrase'].map(
      (kind) => `${rows[group].kind.filter((v) => v === kind).length} ${kind}`,
    );
    log(`${group}: rows ${kinds.join(', ')}`);
  }
  const studioVal = recordedOnly(rows.val);
  const studioTest = recordedOnly(rows.test);
  const realRecorded = recordedOnly(rows.real);

  // One model per real fold; fold 0's is shipped. Each is scored on its own held-out real files and on the
  // studio validation notes (which no model trains on).
  let shipped: FittedModel | null = null;
  let shippedTrainSet: RowSet | null = null;
  const outOfFold: Scored[] = [];
  const valScored: Scored[] = [];
  for (let fold = 0; fold < args.folds; fold++) {
    const trainSet = foldTrainingRows(rows, realFoldOf, fold);
    const fitted = await fitModel(trainSet, studioVal, k, args, fold * 100, `fold ${fold}`);
    const scored = scoreFold(fitted, fold, realRecorded, realFoldOf, studioVal);
    outOfFold.push(scored.real);
    valScored.push(scored.validation);
    const f = setFigures(outOfFold[fold], classNames, 1, null);
    log(`fold ${fold}: real files ${f.fileAccuracy} (${f.files}), windows ${f.windowAccuracy}`);
    if (fold === 0) {
      shipped = fitted;
      shippedTrainSet = trainSet;
    } else {
      fitted.model.dispose();
    }
  }
  if (!shipped || !shippedTrainSet) throw new Error('Expected the fold-0 model to be trained');

  // Temperature: fitted on validation data only, the studio validation notes and the out-of-fold real windows,
  // each source weighing half (there are ~5× more studio windows). For each fold's own figures, a temperature
  // fitted without that fold's real files (cross-fitting), so no real figure comes from data T was fitted on.
  const fitOn = (real: Scored[], val: Scored) => {
    const all = concatScored([val, ...real]);
    const nVal = val.y.length;
    const nReal = all.y.length - nVal;
    const weights = Float64Array.from(all.y, (_, r) => (r < nVal || nReal === 0 ? 1 / nVal : 1 / nReal));
    return fitTemperature(all.logits, all.y, k, weights);
  };
  const temperature = fitOn(outOfFold, valScored[0]);
  const foldTemperatures = outOfFold.map((_, fold) =>
    fitOn(
      outOfFold.filter((__, j) => j !== fold),
      valScored[fold],
    ),
  );
  log(
    `temperature ${temperature.toFixed(3)} (per fold, without its files: ${foldTemperatures.map((t) => t.toFixed(3)).join(', ')})`,
  );

  // Open set: the threshold under which OPEN_SET_REJECT of the known-instrument validation windows fall.
  const validation = concatScored([valScored[0], ...outOfFold]);
  const validationProbs = softmaxWithTemperature(validation.logits, k, temperature);
  const knownScores: number[] = [];
  validation.y.forEach((y, r) => {
    if (isInstrument(y)) knownScores.push(Math.max(...validationProbs.subarray(r * k, (r + 1) * k)));
  });
  const openSet: StoredMaxProbRule = {
    version: OPEN_SET_VERSION,
    score: 'max-prob',
    threshold: round(thresholdAtQuantile(knownScores, OPEN_SET_REJECT)),
  };
  log(`open-set threshold ${openSet.threshold} (rejects ${OPEN_SET_REJECT} of known validation windows)`);

  // Cross-validated real figures: each fold with its own model and cross-fitted temperature.
  const cvFolds = outOfFold.map((scored, fold) =>
    setFigures(scored, classNames, foldTemperatures[fold], openSet),
  );
  const pooled = setFigures(concatScored(outOfFold), classNames, 1, openSet);
  const cvFileAccuracy =
    cvFolds.reduce((a, f) => a + f.fileAccuracy * f.files, 0) / cvFolds.reduce((a, f) => a + f.files, 0);
  const cvEceBefore = cvFolds.reduce((a, f) => a + f.eceBefore * f.windows, 0) / pooled.windows;
  const cvEceAfter = cvFolds.reduce((a, f) => a + f.eceAfter * f.windows, 0) / pooled.windows;
  // Per-class recall of the pooled out-of-fold files (each with its fold's model and temperature).
  const perFile = cvFolds.flatMap((f) =>
    f.fileNames.map((name, i) => {
      const row = Array.from(f.fileProbs.subarray(i * k, (i + 1) * k));
      const top = row.indexOf(Math.max(...row));
      return { name, className: name.split('/')[0], predicted: classNames[top], prob: round(row[top]) };
    }),
  );
  const cvPerClass = [...new Set(perFile.map((p) => p.className))].map((className) => {
    const mine = perFile.filter((p) => p.className === className);
    const right = mine.filter((p) => p.predicted === className).length;
    const mistaken: Record<string, number> = {};
    for (const p of mine)
      if (p.predicted !== className) mistaken[p.predicted] = (mistaken[p.predicted] ?? 0) + 1;
    return { className, files: mine.length, recall: round(right / mine.length), mistakenFor: mistaken };
  });
  log(
    `CV by file on instruments-real: ${cvFileAccuracy.toFixed(4)} (folds ${cvFolds.map((f) => f.fileAccuracy).join(', ')}); ECE windows ${cvEceBefore.toFixed(3)} → ${cvEceAfter.toFixed(3)}`,
  );
  for (const c of cvPerClass)
    log(`  ${c.className.padEnd(12)} ${c.recall.toFixed(2)} of ${c.files} ${JSON.stringify(c.mistakenFor)}`);

  // The shipped graph: fold 0's members with the temperature folded into their logits layers.
  const modelConfig = modelConfigOf(args);
  const model = new ClassifierModel(averageLogits([shipped.model], COLS, temperature), modelConfig);
  shipped.model.dispose();
  const normalize = shipped.normalize;
  const predictLogits = (x: Float32Array) => model.predictLogits(x);
  const valFigures = setFigures(scoreRows(studioVal, predictLogits, normalize), classNames, 1, openSet);
  const valUncalibrated = setFigures(valScored[0], classNames, 1, null);
  const validationAfter = setFigures(
    { logits: validation.logits.map((v) => v / temperature), y: validation.y, origin: validation.origin },
    classNames,
    1,
    openSet,
  );
  const validationBefore = setFigures(validation, classNames, 1, null);
  const test = setFigures(scoreRows(studioTest, predictLogits, normalize), classNames, 1, openSet);
  const heldOutReal = setFigures(
    scoreRows(
      subset(realRecorded, (i) => realFoldOf.get(realRecorded.origin[i]) === 0),
      predictLogits,
      normalize,
    ),
    classNames,
    1,
    openSet,
  );
  // Everyday sounds and speech: held-out files answered with their own class (`other`, `voice`), with either of
  // them (not an instrument), or with those or "not an instrument I know".
  const isVoice = (origin: string) => origin.startsWith('voice/');
  const isSpeech = (origin: string) => origin.startsWith('speech/');
  const notInstrumentShares = (rows: RowSet, own: number) => {
    const figures = setFigures(scoreRows(rows, predictLogits, normalize), classNames, 1, openSet);
    let asOwn = 0;
    let notInstrument = 0;
    let orUnknown = 0;
    for (let f = 0; f < figures.files; f++) {
      const row = figures.fileProbs.subarray(f * k, (f + 1) * k);
      const top = row.indexOf(Math.max(...row));
      if (top === own) asOwn++;
      if (!isInstrument(top)) notInstrument++;
      if (!isInstrument(top) || row[top] < openSet.threshold) orUnknown++;
    }
    const share = (n: number) => (figures.files > 0 ? round(n / figures.files) : null);
    return {
      files: figures.files,
      [classNames[own] ?? 'own']: share(asOwn),
      notInstrument: share(notInstrument),
      notInstrumentOrUnknown: share(orUnknown),
    };
  };
  const everyday = notInstrumentShares(
    subset(studioTest, (i) => studioTest.y[i] === other),
    other,
  );
  const speech = notInstrumentShares(
    subset(studioTest, (i) => isVoice(studioTest.origin[i])),
    voice,
  );
  const recordedSpeech = notInstrumentShares(
    subset(studioTest, (i) => isSpeech(studioTest.origin[i])),
    voice,
  );
  log(
    `held-out studio: files ${test.fileAccuracy}, windows ${test.windowAccuracy}; everyday sounds → other ${everyday.other}, not an instrument ${everyday.notInstrument} (or unknown ${everyday.notInstrumentOrUnknown}) of ${everyday.files}; synthesised speech → voice ${speech.voice} of ${speech.files}; recorded speech (held-out languages) → voice ${recordedSpeech.voice}, not an instrument ${recordedSpeech.notInstrument} of ${recordedSpeech.files}; validation ECE ${validationBefore.eceBefore} → ${validationAfter.eceAfter}`,
  );

  const windowModel: WindowModel = {
    classNames,
    normalization: shipped.standardizer,
    predictProbs: (x) => model.predictProbs(x),
    columns: MODEL_COLUMNS,
  };
  const songs: Record<string, unknown>[] = [];
  const songNames = args.songs ? (await readdir(SONGS)).filter((f) => AUDIO_EXTENSIONS.test(f)).sort() : [];
  for (const name of songNames) {
    const decoded = await decodeAudioFile(path.join(SONGS, name));
    const results = classifyWindows(windowModel, extractRowWindows(decoded.samples, 1, 1));
    const summary = summarizeClip(classNames, results);
    const sounding = results.filter((r) => r.probs);
    const unknown = sounding.filter((r) => Math.max(...r.probs!) < openSet.threshold).length;
    songs.push({
      song: name,
      top: summary.top,
      windows: summary.windows,
      silentWindows: summary.silentWindows,
      unknownWindows: unknown,
      meanTop3: summary.mean.slice(0, 3).map((m) => ({ className: m.className, prob: round(m.prob) })),
      votesTop3: summary.votes.slice(0, 3).map((v) => ({ className: v.className, share: round(v.share) })),
    });
    const mean = summary.mean.slice(0, 3).map((m) => `${m.className} ${m.prob.toFixed(2)}`);
    const votes = summary.votes.slice(0, 3).map((v) => `${v.className} ${v.share.toFixed(2)}`);
    log(
      `song ${name.slice(0, 40).padEnd(40)} ${mean.join(', ')} | votes ${votes.join(', ')} | unknown ${unknown}/${sounding.length}`,
    );
  }

  // Real speech, never trained on: alsa-utils' announcements when this machine has them.
  const realSpeech: Record<string, unknown>[] = [];
  for (const file of await realSpeechFiles()) {
    const decoded = await decodeAudioFile(file);
    const results = classifyWindows(windowModel, extractRowWindows(decoded.samples, 1, 0.5));
    const summary = summarizeClip(classNames, results);
    const top = summary.mean[0];
    const notInstrument =
      summary.top === null || classKind(top.className) !== 'instrument' || top.prob < openSet.threshold;
    realSpeech.push({ file: path.basename(file), top: top.className, prob: round(top.prob), notInstrument });
    log(`speech ${path.basename(file)}: ${top.className} ${top.prob.toFixed(2)}`);
  }

  const strip = ({
    windowEval: _w,
    fileEval: _f,
    fileNames: _n,
    fileProbs: _p,
    ...figures
  }: ReturnType<typeof setFigures>) => figures;
  // Novelty: how many of a window's values lie outside the training rows' ranges; threshold from the studio
  // validation windows (figures through applyModel: scripts/models/instruments/novelty.ts).
  const novelty = fitRangeNoveltyRule(
    normalize(shippedTrainSet.x),
    shippedTrainSet.y.length,
    normalize(rows.val.x),
    rows.val.y.length,
    COLS,
  );
  log(`novelty: more than ${novelty.threshold} of ${COLS} values outside the training range`);
  const metrics = {
    novelty,
    accuracy: test.windowEval.accuracy,
    macroF1: test.windowEval.macroF1,
    confusion: test.windowEval.confusion,
    fileAccuracy: test.fileEval.accuracy,
    realCvFileAccuracy: round(cvFileAccuracy),
  };
  const meta = bundleMeta({
    classNames,
    standardizer: shipped.standardizer,
    modelConfig,
    trainingConfig: {
      ...shipped.runs[0].config,
      ensemble: {
        members: args.members,
        combine: "mean of the members' logits",
        seeds: shipped.runs.map((r) => r.config.seed),
      },
    },
    trainSet: shippedTrainSet,
    normalize,
    metrics,
    temperature,
    openSet,
    source: `1-s windows of ${parts.train.length} studio training files of ../shared/data/instruments (as recorded, through a rough microphone, in synthesised phrases) and ${real.length - cvFolds[0].files} real recordings of ../shared/data/instruments-real (as recorded and rough)`,
  });
  const bundle = await saveBundle(model.model, meta);
  const written = await writeBundleDir(args.out, bundle);
  let bytes = 0;
  for (const f of written) bytes += (await stat(f)).size;
  log(`bundle ${args.out}: ${(bytes / 1024).toFixed(0)} KiB`);
  // Real playing from another source, never trained on, as the CLI answers it (gcompris.ts).
  const gcompris = await gcomprisCheck(args.out);
  log(
    typeof gcompris === 'string'
      ? gcompris
      : `GCompris recordings: ${gcompris.accuracy} of ${gcompris.files} files (${gcompris.pitchedAccuracy} of the ${gcompris.pitchedFiles} not percussion)`,
  );

  // The languages of the spoken words in the test split: never trained or tuned on.
  const heldOutLanguages = [
    ...new Set(
      parts.test
        .map((f) => studio[f])
        .filter((f) => f.source === 'speech')
        .map((f) => f.name.split('/')[1]),
    ),
  ];
  // Live's headline on held-out speech and GCompris's playing, as the page would show it (liveCheck.ts).
  const liveHeadline = await liveCheck(args.out, heldOutLanguages);

  const report = {
    command: `npx tsx scripts/models/instruments.ts${process.argv.slice(2).length ? ' ' + process.argv.slice(2).join(' ') : ''}`,
    seed: args.seed,
    seconds: round((performance.now() - started) / 1000),
    backend,
    workers: args.workers,
    targets: {
      realCvFileAccuracy: { target: 0.8, value: round(cvFileAccuracy) },
      studioHeldOutFileAccuracy: { target: 0.93, value: test.fileAccuracy },
      validationEce: { target: 0.05, value: validationAfter.eceAfter },
      everydaySoundsOther: {
        target: 0.9,
        value: everyday.other,
        notInstrument: everyday.notInstrument,
        orUnknown: everyday.notInstrumentOrUnknown,
      },
      bundleBytes: { target: 2 * 1024 * 1024, value: bytes },
    },
    previous: await previousFigures(),
    experiments: {
      by: 'npx tsx scripts/models/instruments/experiment.ts: the same rows and real folds, a smaller MLP and fewer epochs; compare each idea with the baseline of the same loop, not with the figures above',
      runs: await experimentLog(),
    },
    realCrossValidation: {
      by: `file: ${REAL_FOLDS} folds of ../shared/data/instruments-real, stratified by class (percussion by drum), seeded; the model of fold f trains on studio training files and the real files of the other folds`,
      folds: args.folds,
      fileAccuracy: round(cvFileAccuracy),
      foldFileAccuracy: cvFolds.map((f) => f.fileAccuracy),
      windowAccuracy: round(cvFolds.reduce((a, f) => a + f.windowAccuracy * f.windows, 0) / pooled.windows),
      perClass: cvPerClass,
      ece: {
        windowsBefore: round(cvEceBefore),
        windowsAfter: round(cvEceAfter),
        note: 'each fold calibrated with a temperature fitted without its files',
      },
      fileUnknownShare: round(cvFolds.reduce((a, f) => a + f.fileUnknownShare * f.files, 0) / pooled.files),
      foldTemperatures: foldTemperatures.map(round),
      files: perFile,
    },
    calibration: {
      method: 'temperature scaling, folded into the logits layer (kernel and bias divided by T)',
      temperature: round(temperature),
      fittedOn: 'studio validation windows and out-of-fold real windows, each source weighing half',
      validation: {
        eceBefore: validationBefore.eceBefore,
        eceAfter: validationAfter.eceAfter,
        windows: validation.y.length,
      },
      studioValidation: { eceBefore: valUncalibrated.eceBefore, eceAfter: valFigures.eceBefore },
      studioTest: {
        eceBefore: setFigures(
          scoreRows(studioTest, (x) => model.predictLogits(x).map((v) => v * temperature), normalize),
          classNames,
          1,
          null,
        ).eceBefore,
        eceAfter: test.eceBefore,
      },
    },
    openSet: {
      ...openSet,
      chosenOn: `validation windows of known instruments (not other, not voice): the ${OPEN_SET_REJECT} quantile of their calibrated top probability`,
      everydaySoundFiles: everyday,
      studioTestUnknownShare: { windows: test.windowUnknownShare, files: test.fileUnknownShare },
      voice: {
        synthesisedHeldOut:
          args.voice > 0
            ? {
                by: `${args.voice} eSpeak NG clips in the voice class, split by file on their own (voice.ts)`,
                ...speech,
              }
            : 'none: built without --voice (recorded speech, --speech, took its place; experiments.md)',
        recordedHeldOut:
          args.speech > 0
            ? {
                by: `${args.speech} words spoken by real people in KTuberling (${RECORDED_SPEECH}, ktuberling-data, GPL-2+), the voice class, split by language on their own (speech.ts)`,
                heldOutLanguages,
                ...recordedSpeech,
              }
            : 'none: built without --speech',
        realSpeech:
          realSpeech.length > 0
            ? {
                source: `${REAL_SPEECH} (alsa-utils' speaker-test announcements, one speaker; never trained on)`,
                notAnInstrument: round(realSpeech.filter((r) => r.notInstrument).length / realSpeech.length),
                files: realSpeech,
              }
            : `no real speech on this machine (${REAL_SPEECH}, from alsa-utils)`,
      },
    },
    data: {
      studioRoot: '../shared/data/instruments',
      realRoot: '../shared/data/instruments-real',
      sampled:
        sampled.length > 0
          ? {
              by: `${args.sampled} phrases a class and sound font rendered with FluidSynth (sampled.ts), training only`,
              soundFonts: SOUND_FONTS.map((f) => f.path),
              classes: SAMPLED_CLASSES.filter((c) => classNames.includes(c)),
            }
          : 'none: built with --sampled 0',
      classes: classNames.map((c) => ({
        className: c,
        files: studio.filter((f) => f.className === c).length,
        realFiles: real.filter((f) => f.className === c).length,
        sampledFiles: sampled.filter((f) => f.className === c).length,
        trainRows: shippedTrainSet!.y.filter((y) => y === classNames.indexOf(c)).length,
      })),
      maxSecondsPerFile: MAX_SECONDS,
      rows: Object.fromEntries(
        ([...PARTS, 'real', 'sampled'] as const).map((p) => [
          p,
          Object.fromEntries(
            ['recorded', 'rough', 'phrase'].map((kind) => [
              kind,
              rows[p].kind.filter((v) => v === kind).length,
            ]),
          ),
        ]),
      ),
    },
    split: {
      by: 'file (studio: stratified, seeded trainValTestSplit 0.7 / 0.15 / 0.15; real: fold 0 of the folds above is held out)',
      train: parts.train.map((f) => studio[f].name),
      val: parts.val.map((f) => studio[f].name),
      test: parts.test.map((f) => studio[f].name),
      realHeldOut: real.filter((f) => realFoldOf.get(f.name) === 0).map((f) => f.name),
      realTrain: real.filter((f) => realFoldOf.get(f.name) !== 0).map((f) => f.name),
    },
    config: {
      windows: {
        seconds: 1,
        hopSeconds: 0.5,
        silenceDbfs: SILENCE_DBFS,
        soundingRangeDb: 30,
        maxPerFile: MAX_WINDOWS_PER_FILE,
        maxPerRealFile: REAL_WINDOWS_PER_FILE,
      },
      phrasesPerClass: { train: args.phrasesPerClass, val: heldOutPhrases, test: heldOutPhrases },
      voiceClips: args.voice,
      recordedSpeechClips: args.speech,
      sampledPerFont: args.sampled,
      sampledWindowsPerFile: SAMPLED_WINDOWS_PER_FILE,
      sampledRepeat: SAMPLED_REPEAT,
      phraseWindows: PHRASE_WINDOWS,
      phraseBoost: PHRASE_BOOST,
      recordedRepeat: RECORDED_REPEAT,
      realRepeat: REAL_REPEAT,
      realRoughCopies: REAL_ROUGH_COPIES,
      realRoughRepeat: REAL_ROUGH_REPEAT,
      synth: SYNTH,
      sampleRate: SR,
      model: modelConfig,
      training: shipped.runs[0].config,
      members: shipped.runs.map((r) => ({
        seed: r.config.seed,
        stopReason: r.stopReason,
        seconds: round(r.seconds),
      })),
    },
    heldOut: {
      studio: strip(test),
      studioPerClass: perClassFiles(test.fileEval),
      real: strip(heldOutReal),
      confusion: test.windowEval.confusion,
      fileConfusion: test.fileEval.confusion,
    },
    validation: strip(valFigures),
    songs,
    gcompris,
    liveHeadline,
    bundleBytes: bytes,
  };
  await writeFile(path.join(args.out, 'report.json'), JSON.stringify(report, null, 2) + '\n');
  model.dispose();
  log(`done in ${report.seconds} s`);
}

/** Run as a script (`tsx scripts/models/instruments.ts`, or by build.ts), not when a test imports it. */
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

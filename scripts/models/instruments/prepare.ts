/**
 * What the build and the experiment loop both start from: the studio and real files, the studio split by file,
 * the real files' folds, and every group's feature rows (cached, see rows.ts; the files are decoded only to
 * compute rows the cache lacks).
 */
import type { Args } from './args';
import { log, PARTS, REAL_FOLDS, type PartName } from './config';
import {
  listFiles,
  listRealFiles,
  listSampledFiles,
  listSpeechFiles,
  listVoiceFiles,
  loadAudio,
  realFolds,
  splitFiles,
} from './data';
import { buildRows } from './rows';
import { VOICE_CLASS } from '../../../src/core/instruments/classes';

export async function prepareRows(
  args: Pick<Args, 'seed' | 'phrasesPerClass' | 'workers' | 'voice' | 'speech' | 'sampled'>,
) {
  const listed = await listFiles();
  // Speech (synthesised, --voice N; recorded, --speech N) is a class of its own, `voice`, after the studio
  // folders' classes; its files join the studio files, split in the same shares but on their own (recorded
  // speech by language), so the studio notes' parts stay what they were.
  const classNames = args.voice + args.speech > 0 ? [...listed.classNames, VOICE_CLASS] : listed.classNames;
  const voice = [
    ...(await listVoiceFiles(classNames, args.voice, args.seed)),
    ...(await listSpeechFiles(classNames, args.speech, args.seed)),
  ];
  const studio = [...listed.files, ...voice];
  const real = await listRealFiles(classNames);
  // Sampled phrases (sampled.ts) come last: they are in no part, for training only.
  const sampled = await listSampledFiles(classNames, args.sampled, args.seed);
  const files = [...studio, ...real, ...sampled];
  const decode = async () => {
    const audio = await loadAudio(files);
    log(
      `decoded ${studio.length} studio, ${real.length} real and ${sampled.length} sampled files in ${classNames.length} classes`,
    );
    return audio;
  };
  const notes = splitFiles(listed.files, args.seed);
  const speech = voice.length > 0 ? splitFiles(voice, args.seed) : { train: [], val: [], test: [] };
  const parts = Object.fromEntries(
    PARTS.map((p) => [p, [...notes[p], ...speech[p].map((i) => i + listed.files.length)]]),
  ) as Record<PartName, number[]>;
  const folds = realFolds(real, REAL_FOLDS, args.seed);
  const realFoldOf = new Map(real.map((f, i) => [f.name, folds[i]]));
  // Phrases of the held-out parts: a sixth of the training phrases, at least 10 per class.
  const heldOutPhrases = Math.max(10, Math.round(args.phrasesPerClass / 6));
  const rows = await buildRows(
    { files, classNames, parts, seed: args.seed },
    decode,
    { train: args.phrasesPerClass, val: heldOutPhrases, test: heldOutPhrases },
    args.workers,
  );
  return { classNames, studio, real, sampled, files, parts, folds, realFoldOf, heldOutPhrases, rows };
}

/**
 * What the build and the experiment loop both start from: the studio and real files, the studio split by file,
 * the real files' folds, and every group's feature rows (cached, see rows.ts; the files are decoded only to
 * compute rows the cache lacks).
 */
import type { Args } from './args';
import { log, REAL_FOLDS } from './config';
import { listFiles, listRealFiles, loadAudio, realFolds, splitFiles } from './data';
import { buildRows } from './rows';

export async function prepareRows(args: Pick<Args, 'seed' | 'phrasesPerClass' | 'workers'>) {
  const { classNames, files: studio } = await listFiles();
  const real = await listRealFiles(classNames);
  const files = [...studio, ...real];
  const decode = async () => {
    const audio = await loadAudio(files);
    log(`decoded ${studio.length} studio and ${real.length} real files in ${classNames.length} classes`);
    return audio;
  };
  const parts = splitFiles(studio, args.seed);
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
  return { classNames, studio, real, files, parts, folds, realFoldOf, heldOutPhrases, rows };
}

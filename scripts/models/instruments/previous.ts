/**
 * Scores a shipped instruments bundle (by default the one in public/models/instruments, before a rebuild
 * replaces it) on the data the new build reports on: every real recording (the old model trained on none), the
 * held-out studio notes and everyday sounds of the same seeded split. Writes previous.json beside this file,
 * which the build copies into report.json as `previous`.
 *
 *   npx tsx scripts/models/instruments/previous.ts [--bundle DIR] [--commit HASH]
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadBundle } from '../../../src/core/bundle/bundle';
import { framesSpec } from '../../../src/core/features/frames';
import { ClassifierModel } from '../../../src/core/models/build';
import { parseModelConfig, type NetworkConfig } from '../../../src/core/models/config';
import { readBundleDir } from '../../../src/node/bundleFiles';
import { initNodeTf } from '../../../src/node/tf';
import { parseArgs } from './args';
import { COLS, ROOT } from './config';
import { listFiles, listRealFiles, loadAudio, splitFiles } from './data';
import { perClassFiles, setFigures } from './evaluate';
import { buildRows, subset, type RowSet } from './rows';

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const at = (flag: string) => (argv.includes(flag) ? argv[argv.indexOf(flag) + 1] : undefined);
  const dir = path.resolve(at('--bundle') ?? path.join(ROOT, 'public/models/instruments'));
  const args = parseArgs([]);
  await initNodeTf();
  const loaded = await loadBundle(await readBundleDir(dir), { supportedSpecs: [framesSpec] });
  const { meta } = loaded;
  const model = new ClassifierModel(loaded.model, parseModelConfig(meta.modelConfig) as NetworkConfig);
  const norm = meta.normalization!;
  const normalize = (x: Float32Array) => {
    const out = new Float32Array(x.length);
    for (let i = 0; i < x.length; i++) out[i] = (x[i] - norm.mean[i % COLS]) / norm.std[i % COLS];
    return out;
  };
  const { classNames, files: studio } = await listFiles();
  if (meta.classNames.join() !== classNames.join())
    throw new Error('Expected the bundle to have the same classes');
  const real = await listRealFiles(classNames);
  const files = [...studio, ...real];
  const parts = splitFiles(studio, args.seed);
  const heldOutPhrases = Math.max(10, Math.round(args.phrasesPerClass / 6));
  const rows = await buildRows(
    { audio: await loadAudio(files), files, classNames, parts, seed: args.seed },
    { train: args.phrasesPerClass, val: heldOutPhrases, test: heldOutPhrases },
    args.workers,
  );
  const recorded = (set: RowSet) => subset(set, (i) => set.kind[i] === 'recorded');
  const score = (set: RowSet) =>
    setFigures(
      { logits: model.predictLogits(normalize(set.x)), y: set.y, origin: set.origin },
      classNames,
      1,
      null,
    );
  const realFigures = score(recorded(rows.real));
  const test = score(recorded(rows.test));
  const other = classNames.indexOf('other');
  const strip = ({
    windowEval: _w,
    fileEval: _f,
    fileNames: _n,
    fileProbs: _p,
    ...f
  }: ReturnType<typeof score>) => f;
  const out = {
    model: `${path.relative(ROOT, dir)} as of commit ${at('--commit') ?? 'unknown'} (${meta.createdAt})`,
    command: `npx tsx scripts/models/instruments/previous.ts${argv.length ? ' ' + argv.join(' ') : ''}`,
    realAllFiles: { ...strip(realFigures), perClass: perClassFiles(realFigures.fileEval) },
    studioHeldOut: strip(test),
    everydaySoundsOther: test.fileEval.perClass[other].recall,
  };
  await writeFile(
    path.join(path.dirname(fileURLToPath(import.meta.url)), 'previous.json'),
    JSON.stringify(out, null, 2) + '\n',
  );
  console.log(
    JSON.stringify({ ...out, realAllFiles: { ...out.realAllFiles, perClass: undefined } }, null, 1),
  );
  model.dispose();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

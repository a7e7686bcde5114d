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
import { initNodeTf } from '../../../src/node/tf';
import { parseArgs } from './args';
import { prepareRows } from './prepare';
import { bundleDirOf, openInstrumentsBundle } from './shipped';
import { ROOT } from './config';
import { perClassFiles, setFigures } from './evaluate';
import { subset, type RowSet } from './rows';

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const at = (flag: string) => (argv.includes(flag) ? argv[argv.indexOf(flag) + 1] : undefined);
  const dir = bundleDirOf(argv);
  const args = parseArgs([]);
  await initNodeTf();
  const { meta, model, normalize } = await openInstrumentsBundle(dir);
  const { classNames, rows } = await prepareRows(args);
  if (meta.classNames.join() !== classNames.join())
    throw new Error('Expected the bundle to have the same classes');
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

/**
 * A second set of real playing, from a source nothing here trains on: the instrument recordings of GCompris's
 * "instruments" activity (Debian's `gcompris-qt-data`, GPL-3+; 5–12 s of one instrument each, other players,
 * rooms and microphones than ../shared/data). Twenty of them are instruments of our classes (eight are percussion),
 * six are not (accordion, electric guitar, harmonica, harp, organ, tuba: listed with what the model says, not
 * scored). Each file is classified as the CLI and the page do (`classify`: the whole file's answer, abstention
 * included), so "no label" counts as a miss.
 *
 *   npx tsx scripts/models/instruments/gcompris.ts [--bundle DIR] [--write]   (--write: into its report.json)
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { classifyCommand } from '../../../src/cli/classify';
import { isEntry, processIo, type CliIo } from '../../../src/cli/io';
import { initNodeTf } from '../../../src/node/tf';
import { cachedFolder } from './cachedFolder';
import { log, round } from './config';
import { readQtResources } from './qtResources';
import { bundleDirOf, writeIntoReport } from './shipped';

/** Where Debian's gcompris-qt-data keeps the activity's recordings. */
export const GCOMPRIS_INSTRUMENTS = '/usr/share/gcompris-qt/rcc/instruments.rcc';

/** The class each recording is of, by its file name; null for instruments outside our classes. */
export const GCOMPRIS_CLASSES: Record<string, string | null> = {
  banjo: 'banjo',
  cello: 'cello',
  clarinet: 'clarinet',
  flute_traversiere: 'flute',
  guitar: 'guitar',
  horn: 'french-horn',
  piano: 'piano',
  saxophone: 'saxophone',
  trombone: 'trombone',
  trumpet: 'trumpet',
  violin: 'violin',
  bongo: 'percussion',
  castanets: 'percussion',
  cymbal: 'percussion',
  drum_kit: 'percussion',
  maracas: 'percussion',
  snare_drum: 'percussion',
  tambourine: 'percussion',
  timpani: 'percussion',
  triangle: 'percussion',
  accordion: null,
  electric_guitar: null,
  harmonica: null,
  harp: null,
  organ: null,
  tuba: null,
};

/** The activity's recordings as files (extracted once into the build's cache), or [] without the package. */
export async function gcomprisRecordings(): Promise<string[]> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(GCOMPRIS_INSTRUMENTS);
  } catch {
    return [];
  }
  const oggs = readQtResources(bytes).filter((f) => f.path.endsWith('.ogg'));
  const folder = await cachedFolder(
    'gcompris',
    { bytes: bytes.byteLength, files: oggs.map((f) => f.path) },
    (dir) =>
      Promise.all(oggs.map((f) => writeFile(path.join(dir, path.basename(f.path)), f.data))).then(() => {}),
  );
  return oggs.map((f) => path.join(folder, path.basename(f.path))).sort();
}

export interface GcomprisFile {
  file: string;
  expected: string | null;
  top: string | null;
  prob: number | null;
  reason?: string;
}

/** The bundle's answers on the GCompris recordings, or a line saying why there are none. */
export async function gcomprisCheck(bundleDir: string, io?: CliIo) {
  const files = await gcomprisRecordings();
  if (files.length === 0)
    return `no GCompris recordings on this machine (${GCOMPRIS_INSTRUMENTS}, from gcompris-qt-data)`;
  const quiet: CliIo = { out: () => {}, err: io?.err ?? (() => {}) };
  const { results } = await classifyCommand(['--model', bundleDir, '--json', ...files], quiet);
  const answers: GcomprisFile[] = results.map((r) => {
    const name = path.basename(r.file, '.ogg');
    return {
      file: name,
      expected: GCOMPRIS_CLASSES[name] ?? null,
      top: r.top,
      prob: r.top === null ? null : round(r.probs[r.top]),
      ...(r.reason ? { reason: r.reason } : {}),
    };
  });
  const scored = answers.filter((a) => a.expected !== null);
  const right = (a: GcomprisFile) => a.top === a.expected;
  const notPercussion = scored.filter((a) => a.expected !== 'percussion');
  return {
    source: `${GCOMPRIS_INSTRUMENTS} (GCompris's instruments activity, gcompris-qt-data, GPL-3+; never trained on)`,
    accuracy: round(scored.filter(right).length / scored.length),
    files: scored.length,
    pitchedAccuracy: round(notPercussion.filter(right).length / notPercussion.length),
    pitchedFiles: notPercussion.length,
    answers,
  };
}

async function main(): Promise<void> {
  await initNodeTf();
  const dir = bundleDirOf(process.argv.slice(2));
  const check = await gcomprisCheck(dir, processIo);
  if (typeof check === 'string') {
    log(check);
    return;
  }
  for (const a of check.answers) {
    const said = a.top === null ? `no label (${a.reason})` : `${a.top} ${a.prob}`;
    const mark =
      a.expected === null
        ? '  (not one of our classes)'
        : a.top === a.expected
          ? '  ✓'
          : `  ✗ (${a.expected})`;
    log(`${a.file.padEnd(18)} ${said}${mark}`);
  }
  log(
    `GCompris recordings of our classes: ${check.accuracy} of ${check.files} files (${check.pitchedAccuracy} of the ${check.pitchedFiles} not percussion)`,
  );
  if (process.argv.includes('--write')) log(`written into ${await writeIntoReport(dir, 'gcompris', check)}`);
}

if (isEntry(import.meta.url))
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exitCode = 1;
  });

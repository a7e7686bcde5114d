/**
 * `npm run build:models [-- --only genre,reggaeton,instruments]`: rebuilds the shipped models from
 * ../shared/data, seeded, through the CLI's own code, into public/models/NAME/ (bundle + report.json), then
 * writes public/models/index.json listing every bundle there. Each bundle must stay under 2 MB.
 *
 * `instruments` is its own script (scripts/models/instruments.ts), run here as a subprocess.
 */
import { spawn } from 'node:child_process';
import { access, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { formatJson } from '../../src/core/bundle/files';
import {
  modelIndexEntry,
  parseModelIndex,
  MODEL_INDEX_VERSION,
  type ModelIndex,
} from '../../src/core/bundle/modelIndex';
import { initNodeTf } from '../../src/node/tf';
import { buildGenre, GENRE_TITLE } from './genre';
import { buildReggaeton, REGGAETON_TITLE } from './reggaeton';
import { checkBundleSize, MODELS, readMeta, ROOT, seconds } from './report';

const MODELS_BUILT = ['genre', 'reggaeton', 'instruments'] as const;
type ModelName = (typeof MODELS_BUILT)[number];
const TITLES: Record<string, string> = {
  genre: GENRE_TITLE,
  reggaeton: REGGAETON_TITLE,
  instruments: 'Instruments (1-s windows)',
};
const INSTRUMENTS_SCRIPT = path.join(ROOT, 'scripts/models/instruments.ts');

function parseOnly(argv: string[]): ModelName[] {
  const at = argv.indexOf('--only');
  const unknown = argv.filter((a, i) => a.startsWith('--') && a !== '--only' && i !== at + 1);
  if (unknown.length > 0)
    throw new Error(`Unknown option ${unknown[0]} (expected --only ${MODELS_BUILT.join(',')})`);
  if (at < 0) return [...MODELS_BUILT];
  const names = (argv[at + 1] ?? '').split(',').filter((n) => n !== '');
  if (names.length === 0) throw new Error(`Expected --only to name models: ${MODELS_BUILT.join(',')}`);
  for (const n of names) {
    if (!(MODELS_BUILT as readonly string[]).includes(n)) {
      throw new Error(`Unknown model "${n}" in --only: expected ${MODELS_BUILT.join(', ')}`);
    }
  }
  return names as ModelName[];
}

/** Runs the instruments build as its own process, its output passed through. */
async function buildInstruments(): Promise<void> {
  try {
    await access(INSTRUMENTS_SCRIPT);
  } catch {
    throw new Error(`${path.relative(ROOT, INSTRUMENTS_SCRIPT)} is not there yet: instruments not built`);
  }
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', INSTRUMENTS_SCRIPT], {
      cwd: ROOT,
      stdio: 'inherit',
    });
    child.on('error', reject);
    child.on('exit', resolve);
  });
  if (code !== 0) throw new Error(`scripts/models/instruments.ts exited with code ${code}`);
}

/** index.json of every bundle under public/models (those built now and earlier ones), in a fixed order. */
async function writeIndex(): Promise<ModelIndex> {
  const dirs = (await readdir(MODELS, { withFileTypes: true }))
    .filter((e) => e.isDirectory())
    .map((e) => e.name);
  const order = (name: string) => {
    const k = (MODELS_BUILT as readonly string[]).indexOf(name);
    return k < 0 ? MODELS_BUILT.length : k;
  };
  dirs.sort((a, b) => order(a) - order(b) || (a < b ? -1 : 1));
  const models = [];
  for (const name of dirs) {
    const dir = path.join(MODELS, name);
    try {
      await access(path.join(dir, 'meta.json'));
    } catch {
      continue;
    }
    await checkBundleSize(dir);
    models.push(modelIndexEntry(name, TITLES[name] ?? name, await readMeta(dir)));
  }
  const index = parseModelIndex({ version: MODEL_INDEX_VERSION, models });
  await writeFile(path.join(MODELS, 'index.json'), formatJson(index) + '\n');
  return index;
}

async function main(): Promise<void> {
  const started = performance.now();
  const only = parseOnly(process.argv.slice(2));
  await initNodeTf();
  const failed: string[] = [];
  for (const name of only) {
    const step = performance.now();
    try {
      if (name === 'genre') await buildGenre();
      else if (name === 'reggaeton') await buildReggaeton();
      else await buildInstruments();
      process.stderr.write(`build:models: ${name} done in ${seconds(step)} s\n`);
    } catch (error) {
      failed.push(name);
      process.stderr.write(`error: ${name}: ${error instanceof Error ? error.message : String(error)}\n`);
    }
  }
  const index = await writeIndex();
  process.stdout.write(
    `${JSON.stringify({ built: only.filter((n) => !failed.includes(n)), failed, index: index.models.map((m) => m.name), seconds: seconds(started) })}\n`,
  );
  if (failed.length > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});

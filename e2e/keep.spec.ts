import { expect, test } from '@playwright/test';
import JSZip from 'jszip';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { saveBundle } from '../src/core/bundle/bundle';
import { bundleFiles } from '../src/core/bundle/files';
import type { BundleMeta } from '../src/core/bundle/meta';
import { applyStandardizer, fitStandardizer } from '../src/core/data/normalize';
import { subsetDataset, tabularFromCsv } from '../src/core/data/tabular';
import { evaluate } from '../src/core/eval/metrics';
import { gtzanLibrosaSpec } from '../src/core/features/gtzanLibrosa';
import { buildClassifier } from '../src/core/models/build';
import { parseModelConfig, type NetworkConfig } from '../src/core/models/config';
import { train } from '../src/core/train/train';
import { initNodeTf } from '../src/node/tf';
import { KeepPage } from './pages/KeepPage';

const GENRES = ['blues', 'classical', 'metal'];

/**
 * A real bundle to import: a shipped one when the build has it (public/models/genre or reggaeton), else a
 * small MLP trained here, with the core engine, on the published GTZAN rows of three genres.
 */
async function bundleDirectory(): Promise<string> {
  for (const name of ['genre', 'reggaeton']) {
    const dir = path.resolve(process.cwd(), 'public/models', name);
    if (['model.json', 'weights.bin', 'meta.json'].every((f) => existsSync(path.join(dir, f)))) return dir;
  }
  await initNodeTf();
  const csv = readFileSync(
    path.resolve(process.cwd(), '../shared/data/tabular/gtzan/features_30_sec.csv'),
    'utf8',
  );
  const all = tabularFromCsv(csv, { drop: ['length'], source: 'features_30_sec.csv' });
  const wanted = GENRES.map((g) => all.classNames.indexOf(g));
  const rows = [...all.labels.keys()].filter((r) => wanted.includes(all.labels[r]));
  const picked = subsetDataset(all, rows);
  const labels = Int32Array.from(picked.labels, (l) => wanted.indexOf(l));
  const cols = picked.columns.length;
  const standardizer = fitStandardizer(picked.features, picked.rows, cols);
  const x = applyStandardizer(standardizer, picked.features, picked.rows, cols);
  const config = parseModelConfig({ family: 'mlp', hidden: [16], dropout: 0 }) as NetworkConfig;
  const classifier = buildClassifier(config, [cols], GENRES.length, 7);
  const run = await train(
    classifier,
    { train: { x, y: labels } },
    { config: { epochs: 8, batchSize: 32, seed: 3 } },
  );
  const scores = evaluate(labels, classifier.predictProbs(x), GENRES);
  const meta: BundleMeta = {
    format: 'oido-model',
    version: 1,
    name: 'Three GTZAN genres (e2e)',
    createdAt: '2024-05-01T12:00:00.000Z',
    task: 'genre',
    classNames: GENRES,
    featureSpec: structuredClone(gtzanLibrosaSpec),
    inputShape: [cols],
    normalization: { mean: standardizer.mean, std: standardizer.std },
    modelConfig: config,
    trainingConfig: run.config,
    metrics: { accuracy: scores.accuracy, macroF1: scores.macroF1 },
    data: {
      source: 'features_30_sec.csv',
      rows: picked.rows,
      classCounts: Object.fromEntries(GENRES.map((g, c) => [g, labels.filter((l) => l === c).length])),
    },
    kind: 'tf-layers',
  };
  const saved = await saveBundle(classifier.model, meta);
  classifier.dispose();
  const dir = mkdtempSync(path.join(tmpdir(), 'oido-keep-'));
  for (const file of bundleFiles(saved)) writeFileSync(path.join(dir, file.name), file.data);
  return dir;
}

let bundleDir: string;
let meta: BundleMeta;
const bundlePaths = () => ['model.json', 'weights.bin', 'meta.json'].map((f) => path.join(bundleDir, f));

test.beforeAll(async () => {
  test.setTimeout(180_000);
  bundleDir = await bundleDirectory();
  meta = JSON.parse(readFileSync(path.join(bundleDir, 'meta.json'), 'utf8')) as BundleMeta;
});

/** Uncaught exceptions in the page fail the test that caused them. */
let pageErrors: string[] = [];
test.beforeEach(({ page }) => {
  pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
});
test.afterEach(() => {
  expect(pageErrors, 'uncaught errors in the page').toEqual([]);
});

test("a model's files import, survive a reload, export as a .zip that imports again", async ({ page }) => {
  const keep = new KeepPage(page);
  await keep.open();
  await expect(keep.savedEmpty).toBeVisible();
  expect(await keep.storedBundleCount()).toBe(0);

  await keep.importFiles(bundlePaths());
  await expect(keep.status).toContainText(`Imported “${meta.name}” (${meta.classNames.length} classes)`);
  await expect(keep.savedModels).toHaveCount(1);
  const row = keep.savedModel(meta.name);
  await expect(row).toContainText(`${meta.classNames.length} classes`);
  await expect(row).toContainText(`${meta.featureSpec.name} features`);
  expect(await keep.storedBundleCount()).toBe(1);
  await keep.app.screenshot('keep-imported');

  await page.reload();
  await keep.app.openTab('train');
  await expect(keep.savedModel(meta.name)).toBeVisible();
  await expect(keep.savedModels).toHaveCount(1);

  // Export: one .zip with the three files, the same meta, the same weights.
  const { fileName, bytes } = await keep.exportModel(meta.name);
  expect(fileName).toMatch(/\.zip$/);
  await expect(keep.status).toContainText(`Exported ${fileName}`);
  const zip = await JSZip.loadAsync(bytes);
  expect(Object.keys(zip.files).sort()).toEqual(['meta.json', 'model.json', 'weights.bin']);
  expect(JSON.parse(await zip.file('meta.json')!.async('string'))).toEqual(meta);
  const weights = await zip.file('weights.bin')!.async('uint8array');
  expect(Buffer.from(weights).equals(readFileSync(path.join(bundleDir, 'weights.bin')))).toBe(true);

  // Deleted, then brought back from the exported zip alone.
  await keep.deleteModel(meta.name);
  await expect(keep.savedEmpty).toBeVisible();
  expect(await keep.storedBundleCount()).toBe(0);
  const zipPath = path.join(mkdtempSync(path.join(tmpdir(), 'oido-keep-zip-')), fileName);
  writeFileSync(zipPath, bytes);
  await keep.importFiles([zipPath]);
  await expect(keep.savedModel(meta.name)).toBeVisible();
  expect(await keep.storedBundleCount()).toBe(1);
  await expect(keep.app.error).toHaveCount(0);
});

test('a corrupt zip and a meta.json of another format are refused with a clear error, nothing stored', async ({
  page,
}) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'oido-keep-bad-'));
  // Seeded noise with a .zip name: no archive inside.
  let seed = 0xbad;
  const noise = Buffer.alloc(32 * 1024);
  for (let i = 0; i < noise.length; i++) {
    seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
    noise[i] = seed >>> 24;
  }
  const corrupt = path.join(dir, 'broken.zip');
  writeFileSync(corrupt, noise);
  // The real bundle with its meta.json claiming another format.
  const wrongDir = mkdtempSync(path.join(dir, 'wrong-'));
  writeFileSync(path.join(wrongDir, 'model.json'), readFileSync(path.join(bundleDir, 'model.json')));
  writeFileSync(path.join(wrongDir, 'weights.bin'), readFileSync(path.join(bundleDir, 'weights.bin')));
  writeFileSync(path.join(wrongDir, 'meta.json'), JSON.stringify({ ...meta, format: 'keras-model' }));

  const keep = new KeepPage(page);
  await keep.open();
  await keep.importFiles([corrupt]);
  await expect(keep.app.error).toContainText(
    'Could not import broken.zip: Not a zip file (no end-of-central-directory record)',
  );
  await keep.importFiles(['model.json', 'weights.bin', 'meta.json'].map((f) => path.join(wrongDir, f)));
  await expect(keep.app.error).toContainText(
    'Could not import model.json, weights.bin, meta.json: Expected meta.format to be "oido-model", got "keras-model"',
  );
  await expect(keep.savedEmpty).toBeVisible();
  await expect(keep.status).toHaveCount(0);
  expect(await keep.storedBundleCount()).toBe(0);
  await keep.app.screenshot('keep-errors');

  await page.reload();
  await keep.app.openTab('train');
  await expect(keep.savedEmpty).toBeVisible();
});

test('"use this model" makes Classify use an imported model for its role', async ({ page }) => {
  const keep = new KeepPage(page);
  await keep.open();
  await keep.importFiles(bundlePaths());
  const row = keep.savedModel(meta.name);
  await expect(row).toContainText(`${meta.featureSpec.name} features`);
  const id = await row.getAttribute('data-model-id');
  expect(id).toMatch(/^user:/);
  // gtzan-librosa summaries tell genres; a reggaeton bundle goes with the tabular scorer.
  const role = meta.task === 'reggaeton' ? 'reggaeton' : 'genre';
  await expect(row.getByTestId('train.use-role')).toHaveValue(role);
  await row.getByTestId('train.use-model').click();
  await expect(keep.status).toContainText(`Classify and Live now use “${meta.name}”`);
  await expect(row.getByTestId('train.in-use')).toContainText(`in use: ${role}`);
  await keep.app.screenshot('keep-in-use');

  await keep.app.openTab('classify');
  const inUse = page.getByTestId('classify.models').locator(`[data-role="${role}"]`);
  await expect(inUse).toHaveAttribute('data-model', id!);
  await expect(inUse).toContainText(meta.name);
});

import { expect, test } from './support/fixtures';
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

test("a model's files import, survive a reload, export as a .zip that imports again", async ({
  page,
  keepPage: keep,
}) => {
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
  keepPage: keep,
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

test('a failed import shows its message beside the import control, in view; repeats count, success clears it', async ({
  page,
  keepPage: keep,
}) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'oido-keep-field-'));
  const corrupt = path.join(dir, 'broken.zip');
  writeFileSync(corrupt, Buffer.from('not a zip at all, just words'));
  const message = 'Could not import broken.zip: Not a zip file';

  await keep.open();
  const importButton = page.getByTestId('train.import');
  await importButton.scrollIntoViewIfNeeded();
  await keep.importFiles([corrupt]);
  const beside = keep.keep.locator('[data-testid="field.error"][data-source="keep.import"]');
  await expect(beside).toContainText(message);
  // Seen where the eye is: beside the control and in the banner that follows the viewport, no scrolling up.
  await expect(beside).toBeInViewport();
  await expect(keep.app.error).toBeInViewport();
  await keep.app.page.screenshot({ path: path.join('e2e', 'artifacts', 'keep-error-beside-import.png') });

  // The same failure again: one entry that counts, not a stack.
  await keep.importFiles([corrupt]);
  await keep.importFiles([corrupt]);
  await expect(beside.getByTestId('error.count')).toHaveText('×3');
  await expect(keep.app.error.getByTestId('app.error-item')).toHaveCount(1);
  await expect(keep.app.error.getByTestId('error.count')).toHaveText('×3');
  await keep.app.page.screenshot({ path: path.join('e2e', 'artifacts', 'keep-error-repeated.png') });

  // The cause fixed (a good import): the message goes from both places.
  await keep.importFiles(bundlePaths());
  await expect(keep.status).toContainText('Imported');
  await expect(beside).toHaveCount(0);
  await expect(keep.app.error).toHaveCount(0);

  // Dismissable beside the control too.
  await keep.importFiles([corrupt]);
  await beside.getByRole('button', { name: 'Dismiss this message' }).click();
  await expect(beside).toHaveCount(0);
  await expect(keep.app.error).toHaveCount(0);
});

test('"use this model" makes Classify use an imported model for its role', async ({
  page,
  keepPage: keep,
}) => {
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

  // Remembered across a reload.
  await page.reload();
  await expect(inUse).toHaveAttribute('data-model', id!);
  await expect(inUse).toContainText(meta.name);
  await keep.app.screenshot('classify-model-remembered');

  // And a way back to the shipped model, also remembered.
  await inUse.getByTestId('classify.use-shipped').click();
  await expect(inUse).toHaveAttribute('data-model', `shipped:${role}`);
  await page.reload();
  await expect(inUse).toHaveAttribute('data-model', `shipped:${role}`);

  // Delete asks first: "Keep it" keeps it, and only the second Delete removes it.
  await keep.app.openTab('train');
  await row.getByTestId('train.delete').click();
  await expect(row.getByTestId('train.delete-cancel')).toBeFocused();
  await keep.app.screenshot('keep-delete-confirm');
  await row.getByTestId('train.delete-cancel').click();
  await expect(row).toHaveCount(1);
  await keep.deleteModel(meta.name);
  expect(await keep.storedBundleCount()).toBe(0);
});

const SPIKE = path.resolve(process.cwd(), '../shared/data/tabular/spike-reggaeton');
const GTZAN_CSV = path.resolve(process.cwd(), '../shared/data/tabular/gtzan/features_30_sec.csv');

test('a short run is judged, kept with its chosen threshold, survives a reload, and Classify scores with it', async ({
  page,
  keepPage: keep,
}) => {
  test.setTimeout(300_000);
  await keep.open();
  await expect(page.getByTestId('train.judge-empty')).toBeVisible();
  await keep.trainOnCsv({
    files: [path.join(SPIKE, 'data_reggaeton.csv'), path.join(SPIKE, 'data_todotipo.csv')],
    classNames: ['reggaeton', 'other'],
    dropFeatures: ['popularity', 'id_new'],
    fields: { 'training.epochs': '20' },
  });

  // Judge: the matrix counts every test row once, and agrees with the accuracy and AUC the run reports.
  await expect(keep.confusion).toBeVisible();
  const counts = await keep.confusionCounts();
  expect(counts).toHaveLength(2);
  const total = counts.flat().reduce((a, b) => a + b, 0);
  const right = counts[0][0] + counts[1][1];
  const accuracy = Number(await page.getByTestId('train.judge-accuracy').getAttribute('data-value'));
  expect(right / total).toBeCloseTo(accuracy, 12);
  expect(accuracy).toBeCloseTo(
    Number(await page.getByTestId('train.test-accuracy').getAttribute('data-value')),
    12,
  );
  expect(counts[0][0] + counts[0][1]).toBeGreaterThan(0); // reggaeton rows reached the test split
  const auc = Number(await page.getByTestId('train.roc').getAttribute('data-auc'));
  expect(auc).toBeGreaterThan(0.8);
  await expect(page.getByTestId('train.per-class').locator('tbody tr')).toHaveCount(2);

  // The threshold on P(reggaeton): recall can only fall as the cut-off rises; the readout follows the slider.
  await page.getByTestId('train.positive-class').selectOption({ label: 'reggaeton' });
  const slider = page.getByTestId('train.threshold');
  const readAt = async (value: string) => {
    await slider.fill(value);
    await expect(page.getByTestId('train.threshold-value')).toHaveText(Number(value).toFixed(3));
    const number = async (id: string) => Number(await page.getByTestId(id).getAttribute('data-value'));
    return {
      precision: await number('train.threshold-precision'),
      recall: await number('train.threshold-recall'),
    };
  };
  const low = await readAt('0.05');
  const high = await readAt('0.95');
  expect(low.recall).toBeGreaterThanOrEqual(high.recall);
  expect(low.recall).toBeGreaterThan(0);
  await readAt('0.3');
  await keep.app.screenshot('judge-spike');
  await page
    .getByTestId('train.judge')
    .screenshot({ path: path.join('e2e', 'artifacts', 'judge-spike-panel.png') });

  // Keep it: saved under the run's name, with the 0.3 cut-off on P(reggaeton).
  await keep.saveRun.click();
  await expect(keep.status).toContainText('in this browser');
  await expect(keep.savedModels).toHaveCount(1);
  const row = keep.savedModels.first();
  const name = (await row.getAttribute('data-model-name'))!;
  await expect(keep.status).toHaveText(`Saved “${name}” in this browser.`);
  await expect(row).toContainText('tabular features');

  await page.reload();
  await keep.app.openTab('train');
  await expect(keep.savedModel(name)).toBeVisible();
  await expect(page.getByTestId('train.judge-empty')).toBeVisible(); // runs live for one visit; models persist
  const saved = keep.savedModel(name);
  await expect(saved.getByTestId('train.use-role')).toHaveValue('reggaeton');
  await saved.getByTestId('train.use-model').click();
  await expect(saved.getByTestId('train.in-use')).toHaveText('in use: reggaeton (tabular)');
  await keep.app.screenshot('keep-saved-in-use');
  const id = (await saved.getAttribute('data-model-id')) ?? '';

  // Classify now scores a table with it, starting from the kept cut-off (on whichever class it reads).
  await keep.app.openTab('classify');
  await expect(page.getByTestId('classify.models').locator('[data-role="reggaeton"]')).toHaveAttribute(
    'data-model',
    id,
  );
  await page.getByTestId('classify.csv-input').setInputFiles(path.join(SPIKE, 'data_test.csv'));
  const summary = page.getByTestId('classify.table-summary');
  await expect(summary).toHaveAttribute('data-scored', '50', { timeout: 60_000 });
  await expect(page.getByTestId('classify.tabular')).toContainText(`Model: ${name}`);
  const cutoffLabel = await page.locator('label.cutoff').innerText();
  const expected = cutoffLabel.includes('P(reggaeton)') ? '0.30' : '0.70';
  expect(cutoffLabel).toMatch(/P\((reggaeton|other)\)/);
  await expect(page.getByTestId('classify.cutoff-value')).toHaveText(expected);
  await keep.app.screenshot('keep-classify-uses-it');
  await expect(keep.app.error).toHaveCount(0);
});

test('ten GTZAN genres: both axes name every genre; two runs compare, sorted and overlaid', async ({
  page,
  keepPage: keep,
}) => {
  test.setTimeout(300_000);
  await keep.open();
  await keep.trainOnCsv({
    files: [GTZAN_CSV],
    dropFeatures: ['length'],
    optimizer: 'adam',
    fields: { 'training.epochs': '15' },
  });
  await keep.trainOnCsv({
    files: [],
    optimizer: 'sgd',
    fields: { 'training.epochs': '10', 'training.optimizer.learningRate': '0.05' },
  });

  // Judge shows the latest run: 10 × 10 counts, every genre named on both axes, each row its class's support.
  const counts = await keep.confusionCounts();
  expect(counts).toHaveLength(10);
  const genres = [
    'blues',
    'classical',
    'country',
    'disco',
    'hiphop',
    'jazz',
    'metal',
    'pop',
    'reggae',
    'rock',
  ];
  const labels = await keep.confusion
    .locator('text.confusion__label')
    .evaluateAll((texts) => texts.map((t) => t.getAttribute('data-label')));
  expect(labels.sort()).toEqual([...genres, ...genres].sort());
  const rowSums = counts.map((r) => r.reduce((a, b) => a + b, 0));
  const supports = await page
    .getByTestId('train.per-class')
    .locator('tbody tr')
    .evaluateAll((trs) => trs.map((tr) => Number(tr.getAttribute('data-support'))));
  expect(rowSums).toEqual(supports);
  expect(Math.min(...rowSums)).toBeGreaterThan(0);
  await expect(page.getByTestId('train.roc')).toHaveCount(0); // ten classes: no ROC
  await keep.app.screenshot('judge-gtzan');
  await page
    .getByTestId('train.judge')
    .screenshot({ path: path.join('e2e', 'artifacts', 'judge-gtzan-panel.png') });

  // Compare: both runs, sortable by accuracy (best first, then flipped), curves overlaid for the two ticked.
  const rows = page.getByTestId('train.run-row');
  await expect(rows).toHaveCount(2);
  await page.getByTestId('train.runs-sort-accuracy').click();
  const accuracies = async () =>
    (await rows.locator('td:nth-child(8)').allTextContents()).map((t) => Number.parseFloat(t));
  const descending = await accuracies();
  expect(descending[0]).toBeGreaterThanOrEqual(descending[1]);
  await page.getByTestId('train.runs-sort-accuracy').click();
  expect(await accuracies()).toEqual([...descending].reverse());
  await expect(rows.first()).toContainText(/adam|sgd/);
  for (const box of await page.getByTestId('train.run-compare').all()) await box.check();
  await expect(page.getByTestId('train.runs-val-loss')).toHaveAttribute('data-series', '2');
  await expect(page.getByTestId('train.runs-val-acc').locator('path.recharts-curve[d]')).toHaveCount(2);
  await keep.app.screenshot('judge-compare');
  await page
    .getByTestId('train.runs')
    .screenshot({ path: path.join('e2e', 'artifacts', 'judge-compare-panel.png') });
});

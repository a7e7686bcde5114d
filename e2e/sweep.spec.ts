import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseCsv, toCsv } from '../src/core/data/csv';
import type { Page } from '@playwright/test';
import { expect, test } from './support/fixtures';
import type { TrainPage } from './pages/TrainPage';

const GTZAN_30S = path.resolve(process.cwd(), '../shared/data/tabular/gtzan/features_30_sec.csv');

// The tracer snapshots the DOM on the page's main thread at every step: not wanted during a search.
test.use({ trace: 'off' });

/** A small table made by the test: 12 tracks of each of four GTZAN genres (real librosa features). */
function smallGtzanCsv(): string {
  const csv = parseCsv(readFileSync(GTZAN_30S, 'utf8'));
  const label = csv.header.indexOf('label');
  const counts = new Map<string, number>();
  const rows = csv.rows.filter((row) => {
    const genre = row[label];
    if (!['classical', 'metal', 'pop', 'reggae'].includes(genre)) return false;
    counts.set(genre, (counts.get(genre) ?? 0) + 1);
    return counts.get(genre)! <= 12;
  });
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'oido-sweep-')), 'gtzan-four-genres.csv');
  writeFileSync(file, toCsv(csv.header, rows));
  return file;
}

/** The four-genre table loaded in Train, and a random 3-trial, 2-fold search of `family` started on it. */
async function startSmallSearch(page: Page, train: TrainPage, family: string): Promise<void> {
  await train.open();
  await page.getByTestId('train.source-csv').check({ force: true });
  await train.addCsvFiles([smallGtzanCsv()]);
  await expect(train.summary).toContainText('4 classes');
  await page.getByTestId('sweep.family').selectOption(family);
  await page.getByTestId('sweep.trials').fill('3');
  await page.getByTestId('sweep.folds').fill('2');
  await page.getByTestId('sweep.sampler').selectOption('random');
  await page.getByTestId('sweep.start').click();
}

test('a small search runs in the page, shows its trials and plots, and its best trains into a normal run', async ({
  page,
  trainPage: train,
}) => {
  test.setTimeout(240_000);
  const panel = page.getByTestId('sweep.panel');
  await startSmallSearch(page, train, 'mlp');
  await expect(panel.getByRole('heading', { name: 'Search settings' })).toBeVisible();
  await expect(page.getByTestId('sweep.status')).toHaveText('running');
  await expect(page.getByTestId('sweep.row')).toHaveCount(3);
  await expect(page.getByTestId('sweep.status')).toHaveText('done', { timeout: 180_000 });

  // Every trial scored: at least one trained in full, the rest stopped early or done; the best is the top full one.
  const rows = page.getByTestId('sweep.row');
  const statuses = await rows.evaluateAll((rs) => rs.map((r) => r.getAttribute('data-status')));
  expect(statuses.every((s) => s === 'done' || s === 'stopped')).toBe(true);
  expect(statuses).toContain('done');
  const accuracies = (await page.getByTestId('sweep.accuracy').allTextContents()).map(
    (t) => parseFloat(t) / 100,
  );
  expect(accuracies.every((a) => a >= 0 && a <= 1)).toBe(true);
  const best = page.getByTestId('sweep.best');
  await expect(best).toContainText('Best: trial');
  const bestAccuracy = Math.max(...accuracies.filter((_, i) => statuses[i] === 'done'));
  await expect(best).toContainText(`${(bestAccuracy * 100).toFixed(1)} %`);
  // Four well-separated genres: far above chance (25 %) after its full epochs.
  expect(bestAccuracy).toBeGreaterThan(0.5);
  // One scatter per setting of the MLP space, each with a dot per scored trial.
  await expect(page.getByTestId('sweep.plot')).toHaveCount(8);
  await expect(page.getByTestId('sweep.plot').first().locator('.recharts-scatter-symbol')).toHaveCount(3);
  await panel.screenshot({ path: 'e2e/artifacts/sweep-done.png' });

  // The best config trains as a normal run, which then sits in the runs table with its test scores.
  const hidden = (await best.textContent())!.match(/hidden ([\d-]+)/)![1];
  await page.getByTestId('sweep.train-best').click();
  await expect(train.status).toHaveText('done', { timeout: 120_000 });
  await expect(page.getByTestId('train.run-name')).toContainText(`MLP ${hidden}`);
  await expect(page.getByTestId('train.run-row')).toHaveCount(1);
  const testAccuracy = await train.numberOf(train.testAccuracy);
  expect(testAccuracy).toBeGreaterThan(0.4);
  await train.screenshot('sweep-best-run');
});

test('a vote search in the page tries other sets of voters, and its best trains into a vote run', async ({
  page,
  trainPage: train,
}) => {
  test.setTimeout(240_000);
  await startSmallSearch(page, train, 'voting');
  await expect(page.getByTestId('sweep.row')).toHaveCount(3);
  await expect(page.getByTestId('sweep.status')).toHaveText('done', { timeout: 180_000 });
  const statuses = await page
    .getByTestId('sweep.row')
    .evaluateAll((rs) => rs.map((r) => r.getAttribute('data-status')));
  expect(statuses.every((s) => s === 'done' || s === 'stopped')).toBe(true);
  // Trial 1 is the recommended vote; the table names each trial's voters.
  await expect(page.getByTestId('sweep.row').first()).toContainText('mlp+gradient-boosting');
  // A scatter per setting of the vote's space: its voters, the first one's weight, and the network's training.
  await expect(page.getByTestId('sweep.plot')).toHaveCount(6);
  await page.getByTestId('sweep.panel').screenshot({ path: 'e2e/artifacts/sweep-vote-done.png' });
  await page.getByTestId('sweep.train-best').click();
  await expect(train.status).toHaveText('done', { timeout: 120_000 });
  await expect(page.getByTestId('train.run-name')).toContainText('Vote:');
  expect(await train.numberOf(train.testAccuracy)).toBeGreaterThan(0.4);
});

test('a search can be cancelled, and bad settings are named', async ({ page, trainPage: train }) => {
  test.setTimeout(120_000);
  await train.open();
  await page.getByTestId('train.source-csv').check({ force: true });
  await train.addCsvFiles([smallGtzanCsv()]);
  await expect(train.summary).toContainText('4 classes');

  await page.getByTestId('sweep.folds').fill('20');
  await page.getByTestId('sweep.start').click();
  await expect(page.getByTestId('sweep.error')).toContainText('Expected k to be <= the smallest class count');
  await expect(page.getByTestId('sweep.status')).toHaveText('error');

  await page.getByTestId('sweep.folds').fill('2');
  await page.getByTestId('sweep.trials').fill('40');
  await page.getByTestId('sweep.start').click();
  await expect(page.getByTestId('sweep.status')).toHaveText('running');
  await expect(page.getByTestId('sweep.row').first()).toHaveAttribute('data-status', 'running');
  await page.getByTestId('sweep.cancel').click();
  await expect(page.getByTestId('sweep.status')).toHaveText('cancelled', { timeout: 30_000 });
  await expect(page.locator('[data-testid="sweep.row"][data-status="running"]')).toHaveCount(0);
  await expect(page.locator('[data-testid="sweep.row"][data-status="cancelled"]').first()).toBeVisible();
  // Cancelled long before the 40 trials were scored.
  const scored = Number((await page.getByTestId('sweep.progress').textContent())!.split('/')[0]);
  expect(scored).toBeLessThan(40);
});

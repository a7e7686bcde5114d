/**
 * The page's search ranks two-class trials by ROC AUC when asked (issue 10, the Spike target's objective): every
 * trial shows its AUC beside its accuracy, and the best is the one with the highest AUC.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseCsv, toCsv } from '../src/core/data/csv';
import { expect, test } from './support/fixtures';

const GTZAN_30S = path.resolve(process.cwd(), '../shared/data/tabular/gtzan/features_30_sec.csv');

// The tracer snapshots the DOM on the page's main thread at every step: not wanted during a search.
test.use({ trace: 'off' });

/** A two-class table made by the test: 15 tracks each of GTZAN's blues and rock (real librosa features). */
function twoGenreCsv(): string {
  const csv = parseCsv(readFileSync(GTZAN_30S, 'utf8'));
  const label = csv.header.indexOf('label');
  const counts = new Map<string, number>();
  const rows = csv.rows.filter((row) => {
    const genre = row[label];
    if (genre !== 'blues' && genre !== 'rock') return false;
    counts.set(genre, (counts.get(genre) ?? 0) + 1);
    return counts.get(genre)! <= 15;
  });
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'oido-sweep-auc-')), 'gtzan-blues-rock.csv');
  writeFileSync(file, toCsv(csv.header, rows));
  return file;
}

test('a two-class search ranked by ROC AUC shows each trial’s AUC and picks the highest', async ({
  page,
  trainPage: train,
}) => {
  test.setTimeout(180_000);
  await train.open();
  await page.getByTestId('train.source-csv').check({ force: true });
  await train.addCsvFiles([twoGenreCsv()]);
  await expect(train.summary).toContainText('2 classes');

  await page.getByTestId('sweep.family').selectOption('knn');
  await page.getByTestId('sweep.trials').fill('4');
  await page.getByTestId('sweep.folds').fill('3');
  await page.getByTestId('sweep.sampler').selectOption('grid');
  await page.getByTestId('sweep.objective').selectOption('auc');
  await page.getByTestId('sweep.start').click();
  await expect(page.getByTestId('sweep.status')).toHaveText('done', { timeout: 120_000 });
  await expect(page.getByTestId('sweep.error')).toHaveCount(0);

  const rows = page.getByTestId('sweep.row');
  await expect(rows).toHaveCount(4);
  const aucs = (await page.getByTestId('sweep.auc').allTextContents()).map(Number);
  expect(aucs).toHaveLength(4);
  for (const auc of aucs) {
    expect(auc).toBeGreaterThanOrEqual(0);
    expect(auc).toBeLessThanOrEqual(1);
  }
  // Blues and rock are close, but some k ranks them well above chance (k = 50 > the 20 training rows of a
  // fold gives every row the same votes: exactly 0.5).
  expect(Math.max(...aucs)).toBeGreaterThan(0.6);
  const best = page.getByTestId('sweep.best');
  await expect(best).toContainText('Best by ROC AUC: trial');
  await expect(best).toContainText(`AUC ${Math.max(...aucs).toFixed(4)}`);
  // The best row is the one with the highest AUC (the first such, on ties).
  const bestTrial = Number((await best.textContent())!.match(/trial (\d+)/)![1]);
  expect(aucs[bestTrial - 1]).toBe(Math.max(...aucs));
  // Each setting's plot shows the AUC it was ranked by.
  await expect(page.getByTestId('sweep.plot').first().locator('.recharts-scatter-symbol')).toHaveCount(4);
  await page.getByTestId('sweep.panel').screenshot({ path: 'e2e/artifacts/sweep-auc.png' });
});

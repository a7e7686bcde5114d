import { expect, test } from './support/fixtures';
import { instrumentFolder } from './support/instrumentFolder';

test.use({ trace: 'off' });

test('a small folder is judged by files and cross-validated by file: an interval, not one test figure', async ({
  page,
  trainPage: train,
}) => {
  test.setTimeout(420_000);
  await train.open();
  // Long cello notes give several 1-s windows each, the short flute and trumpet notes one.
  await train.pickFolder(instrumentFolder({ cello: 'long', flute: 'short', trumpet: 'short' }, 4));
  await expect(page.getByTestId('train.clip')).toHaveCount(12);
  await expect(train.summary).toContainText('3 classes', { timeout: 120_000 });
  await expect(train.status).toHaveText('idle');

  const counts = page.getByTestId('train.class-counts');
  // Imbalance is judged by files: four of each, so no hint to reweight, whatever the windows say.
  await expect(counts).toHaveAttribute('data-files', '4,4,4');
  await expect(page.getByTestId('train.class-files')).toContainText(
    'Files per class: cello 4, flute 4, trumpet 4',
  );
  await expect(page.getByTestId('train.imbalance-hint')).toHaveCount(0);
  // No cello note gives more than twice a short note's windows: at most 2 × 4 rows of cello.
  const rows = (await counts.getAttribute('data-counts'))!.split(',').map(Number);
  expect(rows[0]).toBeLessThanOrEqual(8);
  await expect(page.getByTestId('train.class-files')).toContainText('left out (at most 2 per file');

  await train.setField('training.epochs', '6');
  await train.start.click();
  await expect(train.status).toHaveText('done', { timeout: 360_000 });
  await expect(train.error).toHaveCount(0);

  // 12 files leave a test split of a row or two per class: the run is cross-validated by file as well.
  const cv = page.getByTestId('train.result-cv');
  await expect(cv).toBeVisible();
  await expect(cv).toHaveAttribute('data-folds', '3');
  await expect(cv).toHaveText(/^\d+ % ± \d+ \(3-fold cross-validation by file, folds \d+ %–\d+ %\)$/);
  const mean = Number(await cv.getAttribute('data-mean'));
  const std = Number(await cv.getAttribute('data-std'));
  expect(mean).toBeGreaterThanOrEqual(0);
  expect(mean).toBeLessThanOrEqual(1);
  expect(std).toBeGreaterThanOrEqual(0);
  await expect(page.getByTestId('train.result')).toContainText('rows: too few alone');
  const judge = page.getByTestId('train.judge-cv');
  await expect(judge).toHaveText(await cv.innerText());
  // The calibration line says what happened to the probabilities (too few validation rows to fit on here).
  await expect(page.getByTestId('train.judge-calibration')).toContainText('validation rows');
  console.log(`trust.spec: ${await cv.innerText()}; class rows ${rows.join(',')}`);
  await train.screenshot('trust-small-data');
});

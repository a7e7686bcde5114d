import path from 'node:path';
import { expect, test } from './support/fixtures';
import { instrumentFolder } from './support/instrumentFolder';
import { UMAP_MIN_POINTS } from '../src/core/eval/umap';

test('clips read as Meyda features (2,048-sample buffers) train with PCA on, and the run scatter switches to UMAP', async ({
  page,
  trainPage: train,
}) => {
  test.setTimeout(300_000);
  await train.open();

  // The feature set, with Meyda's buffer size and hop, chosen before the clips arrive.
  const featureSet = page.getByTestId('train.feature-set');
  await expect(featureSet).toHaveValue('frames');
  await featureSet.selectOption('meyda');
  await expect(page.getByTestId('train.meyda-buffer')).toHaveValue('1024');
  await page.getByTestId('train.meyda-buffer').selectOption('2048');
  await page.getByTestId('train.meyda-hop').selectOption('1024');
  await expect(page.getByTestId('train.meyda-hop')).toHaveValue('1024');
  await page
    .getByTestId('train.data')
    .screenshot({ path: path.join('e2e', 'artifacts', 'train-meyda-picker.png') });

  await train.pickFolder(instrumentFolder(['flute', 'trumpet'], 8));
  await expect(page.getByTestId('train.clip')).toHaveCount(16);
  await expect(train.summary).toContainText('2 classes', { timeout: 180_000 });
  await expect(train.status).toHaveText('idle');
  // Meyda's 39 extractor values per frame, each as a mean and a std: 78 columns by Meyda's names.
  await expect(page.getByTestId('train.kept-count')).toHaveText('78 of 78 features kept');
  const chooser = page.getByTestId('train.feature-chooser');
  for (const name of [
    'spectralCentroid_mean',
    'perceptualSharpness_std',
    'loudness_mean',
    'mfcc_13_mean',
    'chroma_12_std',
  ])
    await expect(chooser.locator(`tr[data-feature="${name}"]`)).toHaveCount(1);

  // PCA before the model: a bad value is named, a share of variance is read back in words.
  const pca = page.getByTestId('train.pca');
  await pca.fill('1.5');
  await expect(page.getByTestId('train.pca-hint')).toContainText('Expected PCA to be a number of components');
  await pca.fill('0.9');
  await expect(page.getByTestId('train.pca-hint')).toContainText('90 % of the variance');
  await train.setField('training.epochs', '15');
  await train.start.click();
  await expect(train.status).toHaveText('done', { timeout: 180_000 });
  await expect(page.getByTestId('train.run-name')).toContainText('PCA 90 % of the variance');
  const accuracy = await train.numberOf(train.testAccuracy);
  expect(accuracy).toBeGreaterThanOrEqual(0);
  await expect(train.error).toHaveCount(0);

  // The run's scatter: PCA first, then UMAP laid out in the projection worker.
  const scatter = page.getByTestId('train.scatter');
  await scatter.scrollIntoViewIfNeeded();
  await expect(scatter).toBeVisible();
  const testPoints = Number(await scatter.getAttribute('data-training-points'));
  expect(testPoints).toBeGreaterThan(0);
  await page.getByTestId('train.scatter-projection-umap').click();
  // A handful of test clips are too few for UMAP: the scatter says so and keeps PCA; the training rows are not.
  if (testPoints < UMAP_MIN_POINTS) {
    await expect(page.getByTestId('train.scatter-status')).toHaveText(
      `Too few points for UMAP (${testPoints}; it needs at least ${UMAP_MIN_POINTS}): showing PCA.`,
    );
    await expect(page.getByTestId('train.scatter')).toBeVisible();
  }
  await page.getByRole('button', { name: /^Training \(\d+\)$/ }).click();
  const pcaPoints = Number(
    (await page.getByRole('button', { name: /^Training \(\d+\)$/ }).textContent())!.match(/\d+/)![0],
  );
  expect(pcaPoints).toBeGreaterThanOrEqual(UMAP_MIN_POINTS);
  const umap = page.getByTestId('train.scatter-umap');
  await expect(umap).toBeVisible({ timeout: 60_000 });
  await expect(umap).toHaveAttribute('data-training-points', String(pcaPoints));
  await expect(umap).toContainText('UMAP of');
  await umap.scrollIntoViewIfNeeded();
  await train.screenshot('meyda-umap');
  // The scatter alone, large enough to look at.
  await umap.screenshot({ path: path.join('e2e', 'artifacts', 'train-meyda-umap-scatter.png') });
  await page.getByTestId('train.scatter-projection-pca').click();
  await expect(page.getByTestId('train.scatter')).toBeVisible();
  await expect(train.error).toHaveCount(0);
});

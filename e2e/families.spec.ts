import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './support/fixtures';
import type { KeepPage } from './pages/KeepPage';

const SPIKE = path.resolve(process.cwd(), '../shared/data/tabular/spike-reggaeton');

// The tracer snapshots the DOM on the page's main thread at every step: its long tasks would not be the app's.
test.use({ trace: 'off' });

/** The two Spike CSVs, one class each, without the columns that say nothing about the song. */
async function loadSpike(page: Page, keep: KeepPage): Promise<void> {
  await keep.open();
  await page.getByTestId('train.source-csv').check({ force: true });
  await page
    .getByTestId('train.csv-input')
    .setInputFiles([path.join(SPIKE, 'data_reggaeton.csv'), path.join(SPIKE, 'data_todotipo.csv')]);
  const classInputs = page.getByTestId('train.csv-class');
  for (const [i, name] of ['reggaeton', 'other'].entries()) {
    if ((await classInputs.nth(i).inputValue()) === name) continue;
    await classInputs.nth(i).fill(name);
    await classInputs.nth(i).press('Enter');
  }
  for (const name of ['popularity', 'id_new']) {
    const box = page.locator(`tr[data-feature="${name}"]`).getByTestId('train.keep-feature');
    if (await box.isChecked()) await box.uncheck();
  }
}

/**
 * Starts the run, waits for it, and checks the confusion matrix against the reported accuracy. The classic
 * families train without TF.js.
 */
async function trainAndJudge(
  page: Page,
  keep: KeepPage,
  backend: string | RegExp = 'Plain TypeScript (CPU)',
): Promise<{ accuracy: number; auc: number }> {
  await expect(page.getByTestId('train.config-errors')).toHaveCount(0);
  await page.getByTestId('train.start').click();
  await expect(page.getByTestId('train.status')).toHaveText('done', { timeout: 180_000 });
  await expect(page.getByTestId('train.backend')).toHaveText(backend);
  await expect(keep.confusion).toBeVisible();
  const counts = await keep.confusionCounts();
  expect(counts).toHaveLength(2);
  const total = counts.flat().reduce((a, b) => a + b, 0);
  const accuracy = Number(await page.getByTestId('train.judge-accuracy').getAttribute('data-value'));
  expect((counts[0][0] + counts[1][1]) / total).toBeCloseTo(accuracy, 12);
  const auc = Number(await page.getByTestId('train.roc').getAttribute('data-auc'));
  // No embedding: the scatter places the rows by their class probabilities.
  await expect(page.getByTestId('train.scatter')).toBeVisible();
  return { accuracy, auc };
}

/** Kept in the browser, the run's model survives a reload and Classify scores Spike's test table with it. */
async function keepAndClassify(page: Page, keep: KeepPage, screenshot: string): Promise<void> {
  await keep.saveRun.click();
  await expect(keep.savedModels).toHaveCount(1);
  const name = (await keep.savedModels.first().getAttribute('data-model-name'))!;
  await page.reload();
  await keep.app.openTab('train');
  const saved = keep.savedModel(name);
  await expect(saved).toBeVisible();
  await saved.getByTestId('train.use-model').click();
  await keep.app.openTab('classify');
  await page.getByTestId('classify.csv-input').setInputFiles(path.join(SPIKE, 'data_test.csv'));
  await expect(page.getByTestId('classify.table-summary')).toHaveAttribute('data-scored', '50', {
    timeout: 60_000,
  });
  await expect(page.getByTestId('classify.tabular')).toContainText(`Model: ${name}`);
  await keep.app.screenshot(screenshot);
  await expect(keep.app.error).toHaveCount(0);
}

test('a random forest trains on two Spike CSVs in the worker, without TF.js, and is judged by its confusion matrix', async ({
  page,
  keepPage: keep,
}) => {
  test.setTimeout(240_000);
  await loadSpike(page, keep);
  // The family picker offers every classic family; a forest shows its own options, no epochs.
  const family = page.getByTestId('train.family');
  for (const f of ['random-forest', 'gradient-boosting', 'svm', 'naive-bayes', 'decision-tree']) {
    await expect(family.locator(`option[value="${f}"]`)).toHaveCount(1);
  }
  await family.selectOption('random-forest');
  await expect(page.getByTestId('train.field-model.maxFeatures')).toHaveValue('sqrt');
  await page.getByTestId('train.field-model.nEstimators').fill('0');
  await expect(page.getByTestId('train.config-errors')).toContainText('nEstimators');
  await page.getByTestId('train.field-model.nEstimators').fill('40');
  const { accuracy, auc } = await trainAndJudge(page, keep);
  console.log(
    `families.spec: random forest (40 trees), test accuracy ${accuracy.toFixed(3)}, AUC ${auc.toFixed(3)}`,
  );
  expect(auc).toBeGreaterThan(0.85);
  await keep.app.screenshot('families-random-forest');

  await keepAndClassify(page, keep, 'families-classify');
});

test('a soft vote (voting) of the recommended network and boosted trees trains, is kept and used in Classify', async ({
  page,
  keepPage: keep,
  trainPage,
}) => {
  test.setTimeout(300_000);
  await loadSpike(page, keep);
  await page.getByTestId('train.family').selectOption('voting');
  // The data's recommendation: its network beside gradient boosting, equal weights.
  const familyOf = (i: number) => page.getByTestId(`train.field-model.models.${i}.family`);
  const weightOf = (i: number) => page.getByTestId(`train.field-model.weights.${i}`);
  await expect(familyOf(0)).toHaveValue('mlp');
  await expect(familyOf(1)).toHaveValue('gradient-boosting');
  await expect(weightOf(0)).toHaveValue('1');
  await expect(weightOf(1)).toHaveValue('1');
  await expect(familyOf(2)).toHaveCount(0);
  await expect(page.getByTestId('train.voting-remove-0')).toBeDisabled();

  // A third model, then a bad weight named beside it, then the model removed again.
  await page.getByTestId('train.voting-add').click();
  await familyOf(2).selectOption('naive-bayes');
  await expect(familyOf(2)).toHaveValue('naive-bayes');
  await expect(page.getByTestId('train.voting-remove-0')).toBeEnabled();
  await weightOf(2).fill('0');
  await expect(page.getByTestId('train.config-errors')).toContainText('weights[2]');
  await expect(page.getByTestId('train.voting').getByTestId('train.field-error')).toContainText('weights[2]');
  await keep.app.screenshot('families-voting-form');
  await page.getByTestId('train.voting-remove-2').click();
  await expect(familyOf(2)).toHaveCount(0);
  await expect(page.getByTestId('train.config-errors')).toHaveCount(0);

  // The network trains with the training fields (5 epochs keep software WebGL quick); boosting keeps its own.
  await page.getByTestId('train.field-training.epochs').fill('5');
  await trainPage.recordTimeline();
  const { accuracy, auc } = await trainAndJudge(page, keep, /WASM|WebGL|JavaScript/);
  console.log(
    `families.spec: vote of MLP (5 epochs) and boosted trees, test accuracy ${accuracy.toFixed(3)}, AUC ${auc.toFixed(3)}`,
  );
  expect(auc).toBeGreaterThan(0.85);
  // Each model reported its steps under its own name: every epoch of the network, every round of boosting
  // (read from the finished run, not from progress snapshots, which the page redraws at most every 250 ms and so
  // may skip a model that fits faster); no progress line showed a NaN; the curves drew the network's epochs only.
  await expect(page.getByTestId('train.vote-steps')).toHaveText(
    'Multilayer perceptron 5 epochs · Gradient-boosted trees 150 rounds',
  );
  const progress = await page.evaluate(() => (window.__trainTimeline ?? []).map((t) => t.progress));
  expect(progress.filter((p) => p.includes('NaN'))).toEqual([]);
  await expect(page.getByTestId('train.curves')).toHaveAttribute('data-epochs', '5');
  await expect(page.getByTestId('train.stopping')).toHaveText('all 5 run');
  await keep.app.screenshot('families-voting');

  await keepAndClassify(page, keep, 'families-voting-classify');
});

test('an RBF SVM (libsvm in asm.js) trains in the worker too', async ({ page, keepPage: keep }) => {
  test.setTimeout(240_000);
  await loadSpike(page, keep);
  await page.getByTestId('train.family').selectOption('svm');
  await expect(page.getByTestId('train.field-model.kernel')).toHaveValue('rbf');
  const { accuracy, auc } = await trainAndJudge(page, keep);
  console.log(`families.spec: SVM (rbf), test accuracy ${accuracy.toFixed(3)}, AUC ${auc.toFixed(3)}`);
  expect(auc).toBeGreaterThan(0.85);
  await keep.app.screenshot('families-svm');
});

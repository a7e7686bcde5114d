import { expect, type Locator, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { AppPage } from './AppPage';

/** The Train tab's Keep panel (saved models, import, export) and the Judge panel beside it. */
export class KeepPage {
  readonly app: AppPage;
  readonly keep: Locator;
  readonly importInput: Locator;
  readonly savedModels: Locator;
  readonly savedEmpty: Locator;
  readonly status: Locator;
  readonly saveRun: Locator;
  readonly confusion: Locator;

  constructor(readonly page: Page) {
    this.app = new AppPage(page);
    this.keep = page.getByTestId('train.keep');
    this.importInput = page.getByTestId('train.import-input');
    this.savedModels = page.getByTestId('train.saved-model');
    this.savedEmpty = page.getByTestId('train.saved-empty');
    this.status = page.getByTestId('train.keep-status');
    this.saveRun = page.getByTestId('train.save');
    this.confusion = page.getByTestId('train.confusion');
  }

  /** Opens the app on the Train tab and waits for the saved-model list to be read from IndexedDB. */
  async open(): Promise<void> {
    await this.app.goto();
    await this.app.openTab('train');
    await expect(this.keep).toBeVisible();
    await expect(this.savedEmpty.or(this.page.getByTestId('train.saved-list'))).toBeVisible();
  }

  async importFiles(paths: string[]): Promise<void> {
    await this.importInput.setInputFiles(paths.map((p) => path.resolve(p)));
  }

  savedModel(name: string): Locator {
    return this.savedModels.filter({ has: this.page.getByText(name, { exact: true }) });
  }

  /** Clicks a saved model's export button and returns the downloaded file's name and bytes. */
  async exportModel(name: string): Promise<{ fileName: string; bytes: Buffer }> {
    const [download] = await Promise.all([
      this.page.waitForEvent('download'),
      this.savedModel(name).getByTestId('train.export').click(),
    ]);
    const file = await download.path();
    return { fileName: download.suggestedFilename(), bytes: readFileSync(file) };
  }

  /** Deletes a saved model, answering the confirm question. */
  async deleteModel(name: string): Promise<void> {
    await this.savedModel(name).getByTestId('train.delete').click();
    await this.savedModel(name).getByTestId('train.delete-confirm').click();
    await expect(this.savedModel(name)).toHaveCount(0);
  }

  /**
   * Trains one run from CSV files through the part-1 panels (their test ids): CSV source, the files, class
   * names for files without a label column, features to leave out, a few settings; waits until it is done.
   * No files: train again on the data already loaded.
   */
  async trainOnCsv(options: {
    files: string[];
    classNames?: string[];
    dropFeatures?: string[];
    fields?: Record<string, string>;
    optimizer?: string;
  }): Promise<void> {
    const page = this.page;
    if (options.files.length > 0) {
      await page.getByTestId('train.source-csv').check({ force: true });
      await page.getByTestId('train.csv-input').setInputFiles(options.files.map((f) => path.resolve(f)));
    }
    const classInputs = page.getByTestId('train.csv-class');
    for (const [i, name] of (options.classNames ?? []).entries()) {
      if ((await classInputs.nth(i).inputValue()) === name) continue;
      await classInputs.nth(i).fill(name);
      await classInputs.nth(i).press('Enter');
    }
    for (const name of options.dropFeatures ?? []) {
      const box = page.locator(`tr[data-feature="${name}"]`).getByTestId('train.keep-feature');
      if (await box.isChecked()) await box.uncheck();
    }
    if (options.optimizer) {
      await page.getByTestId('train.field-training.optimizer.type').selectOption(options.optimizer);
    }
    for (const [field, value] of Object.entries(options.fields ?? {})) {
      await page.getByTestId(`train.field-${field}`).fill(value);
    }
    await expect(page.getByTestId('train.config-errors')).toHaveCount(0);
    const runs = await page.getByTestId('train.run-row').count();
    await page.getByTestId('train.start').click();
    await expect(page.getByTestId('train.run-row')).toHaveCount(runs + 1);
    await expect(page.getByTestId('train.status')).toHaveText('done', { timeout: 180_000 });
  }

  /** The counts in the confusion matrix, by [true][predicted]. */
  async confusionCounts(): Promise<number[][]> {
    const cells = await this.confusion
      .locator('[data-count]')
      .evaluateAll((gs) =>
        gs.map((g) => [
          Number(g.getAttribute('data-row')),
          Number(g.getAttribute('data-col')),
          Number(g.getAttribute('data-count')),
        ]),
      );
    const n = Math.round(Math.sqrt(cells.length));
    const m = Array.from({ length: n }, () => new Array<number>(n).fill(0));
    for (const [i, j, c] of cells) m[i][j] = c;
    return m;
  }

  /** Records in the app's IndexedDB model store, counted in the page (not through the app's own code). */
  async storedBundleCount(): Promise<number> {
    return this.page.evaluate(
      () =>
        new Promise<number>((resolve, reject) => {
          const open = indexedDB.open('oido-models');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const db = open.result;
            if (!db.objectStoreNames.contains('bundles')) {
              db.close();
              resolve(0);
              return;
            }
            const count = db.transaction('bundles', 'readonly').objectStore('bundles').count();
            count.onsuccess = () => {
              db.close();
              resolve(count.result);
            };
            count.onerror = () => reject(count.error);
          };
        }),
    );
  }
}

import { expect, type Locator, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import path from 'node:path';

export type TabName = 'classify' | 'live' | 'train' | 'about';

/** The app as a person sees it: tabs, the Classify drop zone, its results, and the error area. */
export class AppPage {
  readonly fileInput: Locator;
  readonly modelsBanner: Locator;
  readonly error: Locator;
  readonly results: Locator;
  readonly progress: Locator;

  constructor(readonly page: Page) {
    this.fileInput = page.getByTestId('classify.file-input');
    this.modelsBanner = page.getByTestId('app.models-banner');
    this.error = page.getByTestId('app.error');
    this.results = page.getByTestId('classify.result');
    this.progress = page.getByTestId('classify.progress');
  }

  async goto(): Promise<void> {
    await this.page.goto('/');
    await expect(this.page.getByRole('tablist')).toBeVisible();
  }

  async openTab(tab: TabName): Promise<void> {
    await this.page.getByTestId(`nav.${tab}`).click();
    await expect(this.page.getByTestId(`nav.${tab}`)).toHaveAttribute('aria-selected', 'true');
  }

  /** Gives files to the Classify file picker, as dropping them would. */
  async dropFiles(paths: string[]): Promise<void> {
    await this.fileInput.setInputFiles(paths.map((p) => path.resolve(p)));
  }

  /** Drops files on the drop zone as a drag from the desktop would (a real `drop` event with a DataTransfer). */
  async dragAndDropFiles(paths: string[]): Promise<void> {
    const files = paths.map((p) => ({ name: path.basename(p), base64: readFileSync(p).toString('base64') }));
    const dataTransfer = await this.page.evaluateHandle((list) => {
      const transfer = new DataTransfer();
      for (const { name, base64 } of list) {
        const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
        transfer.items.add(new File([bytes], name));
      }
      return transfer;
    }, files);
    const zone = this.page.getByTestId('classify.dropzone');
    await zone.dispatchEvent('dragover', { dataTransfer });
    await zone.dispatchEvent('drop', { dataTransfer });
  }

  /** The result card of the file with this name. */
  result(name: string): Locator {
    return this.results.filter({
      has: this.page.getByTestId('classify.file-name').getByText(name, { exact: true }),
    });
  }

  /** The duration a result card shows, in seconds, read from its machine-readable attribute. */
  async durationSeconds(name: string): Promise<number> {
    const value = await this.result(name).getByTestId('classify.duration').getAttribute('data-seconds');
    return Number(value);
  }

  /** How many samples the analysis signal (mono, 22,050 Hz) of a result holds. */
  async analysisSamples(name: string): Promise<number> {
    return Number(await this.result(name).getAttribute('data-analysis-samples'));
  }

  /** Feature name → value from a result card's table. */
  async features(name: string): Promise<Record<string, number>> {
    const rows = this.result(name).getByTestId('classify.features').locator('tbody tr');
    const entries = await rows.evaluateAll((trs) =>
      trs.map((tr) => [
        tr.getAttribute('data-feature') ?? '',
        Number(tr.querySelector('[data-value]')?.getAttribute('data-value')),
      ]),
    );
    return Object.fromEntries(entries);
  }

  /** A full-page screenshot under e2e/artifacts/ (git-ignored), for a person to look at. */
  async screenshot(name: string): Promise<void> {
    await this.page.screenshot({ path: path.join('e2e', 'artifacts', `${name}.png`), fullPage: true });
  }
}

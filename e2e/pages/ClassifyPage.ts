import { expect, type Download, type Locator, type Page } from '@playwright/test';
import { AppPage } from './AppPage';

/** The Classify tab: songs dropped, their genre / instruments / scatter, the results table and CSV scoring. */
export class ClassifyPage extends AppPage {
  readonly resultsTable: Locator;
  readonly exportCsv: Locator;
  readonly csvInput: Locator;
  readonly cutoff: Locator;
  readonly reggaetonList: Locator;
  readonly models: Locator;

  constructor(page: Page) {
    super(page);
    this.resultsTable = page.getByTestId('classify.results-table');
    this.exportCsv = page.getByTestId('classify.export-csv');
    this.csvInput = page.getByTestId('classify.csv-input');
    this.cutoff = page.getByTestId('classify.cutoff');
    this.reggaetonList = page.getByTestId('classify.reggaeton-list');
    this.models = page.getByTestId('classify.models');
  }

  /** Waits until a file's card says its analysis is done (or failed), however long software WebGL takes. */
  async waitDone(name: string, timeout = 180_000): Promise<Locator> {
    const card = this.result(name);
    await expect(card).toHaveAttribute('data-phase', /^(done|error)$/, { timeout });
    return card;
  }

  /** Class name → probability, from a card's genre bars. */
  async genreBars(card: Locator): Promise<Array<{ name: string; p: number }>> {
    return card.getByTestId('classify.genre-bar').evaluateAll((rows) =>
      rows.map((r) => ({
        name: r.getAttribute('data-class') ?? '',
        p: Number(r.getAttribute('data-prob')),
      })),
    );
  }

  /** The CSV export's text, downloaded as a person would. */
  async downloadCsv(): Promise<{ download: Download; text: string }> {
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.exportCsv.click()]);
    const path = await download.path();
    const { readFileSync } = await import('node:fs');
    return { download, text: readFileSync(path, 'utf8') };
  }

  async scoreCsv(path: string): Promise<void> {
    await this.csvInput.setInputFiles(path);
  }

  /** Scores shown in the reggaeton list, in order. */
  async listedScores(): Promise<number[]> {
    return this.reggaetonList
      .getByTestId('classify.reggaeton-row')
      .evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-score'))));
  }

  async setCutoff(value: number): Promise<void> {
    await this.cutoff.fill(String(value));
  }
}

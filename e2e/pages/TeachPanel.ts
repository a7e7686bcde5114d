import { expect, type Locator, type Page } from '@playwright/test';

/** Live's "Teach it your instrument" card. */
export class TeachPanel {
  readonly root: Locator;
  readonly classSelect: Locator;
  readonly name: Locator;
  readonly start: Locator;
  readonly finish: Locator;
  readonly cancel: Locator;
  readonly progress: Locator;
  readonly message: Locator;
  readonly notice: Locator;
  readonly taught: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('live.teach');
    this.classSelect = page.getByTestId('live.teach.class');
    this.name = page.getByTestId('live.teach.name');
    this.start = page.getByTestId('live.teach.start');
    this.finish = page.getByTestId('live.teach.finish');
    this.cancel = page.getByTestId('live.teach.cancel');
    this.progress = page.getByTestId('live.teach.progress');
    this.message = page.getByTestId('live.teach.message');
    this.notice = page.getByTestId('live.teach.notice');
    this.taught = page.getByTestId('live.taught-class');
  }

  /** Seconds of sound collected so far, as the panel shows them. */
  async seconds(): Promise<number> {
    return Number((await this.progress.getAttribute('data-seconds')) ?? 0);
  }

  /** Teaches `className` (one the model knows, or a new name) for `seconds` of sound, then presses Done. */
  async teach(className: string, seconds: number, options: { existing: boolean }): Promise<void> {
    if (options.existing) await this.classSelect.selectOption(className);
    else {
      await this.classSelect.selectOption('');
      await this.name.fill(className);
    }
    await this.start.click();
    await expect(this.progress).toBeVisible();
    await expect.poll(() => this.seconds(), { timeout: 60_000 }).toBeGreaterThanOrEqual(seconds);
    await this.finish.click();
    await expect(this.root).toHaveAttribute('data-phase', 'idle', { timeout: 30_000 });
  }

  /** Removes a taught class through its confirmation. */
  async remove(className: string): Promise<void> {
    const row = this.taught
      .filter({ has: this.page.locator(`[data-class="${className}"]`) })
      .or(this.page.locator(`[data-testid="live.taught-class"][data-class="${className}"]`));
    await row.getByTestId('live.teach.remove').click();
    await row.getByTestId('live.teach.confirm-remove').click();
  }
}

import { expect, type Locator, type Page } from '@playwright/test';
import { AppPage } from './AppPage';

/** The Live tab as a person sees it: Start/Stop, the headline, the figures, the canvases. */
export class LivePage {
  readonly app: AppPage;
  readonly start: Locator;
  readonly top: Locator;
  readonly confidence: Locator;
  readonly latency: Locator;
  readonly rate: Locator;
  readonly model: Locator;
  readonly backend: Locator;
  readonly input: Locator;
  readonly stats: Locator;
  readonly chart: Locator;
  readonly spectrogram: Locator;
  readonly smoothing: Locator;
  readonly threshold: Locator;

  constructor(readonly page: Page) {
    this.app = new AppPage(page);
    this.start = page.getByTestId('live.start');
    this.top = page.getByTestId('live.top');
    this.confidence = page.getByTestId('live.confidence');
    this.latency = page.getByTestId('live.latency');
    this.rate = page.getByTestId('live.rate');
    this.model = page.getByTestId('live.model');
    this.backend = page.getByTestId('live.backend');
    this.input = page.getByTestId('live.input');
    this.stats = page.getByTestId('live.stats');
    this.chart = page.getByTestId('live.chart');
    this.spectrogram = page.getByTestId('live.spectrogram');
    this.smoothing = page.getByTestId('live.smoothing');
    this.threshold = page.getByTestId('live.threshold');
  }

  async open(): Promise<void> {
    await this.app.goto();
    await this.app.openTab('live');
    await expect(this.start).toHaveText('Start');
  }

  /** Presses Start and waits until the view is listening (or has gone back to idle with an error). */
  async startListening(): Promise<void> {
    await this.start.click();
    await expect(this.start).not.toHaveAttribute('data-phase', 'starting', { timeout: 60_000 });
  }

  /** Predictions received since Start, the stream time of the latest (s) and the page's clock (s), read together. */
  async progress(): Promise<{ predictions: number; audioSeconds: number; pageSeconds: number }> {
    return this.stats.evaluate((el) => ({
      predictions: Number((el as HTMLElement).dataset.predictions ?? 0),
      audioSeconds: Number((el as HTMLElement).dataset.audioSeconds ?? 0),
      pageSeconds: performance.now() / 1000,
    }));
  }

  /** How many canvas pixels differ from the first one: zero for a blank canvas. */
  async paintedPixels(canvas: Locator): Promise<number> {
    return canvas.evaluate((el) => {
      const c = el as HTMLCanvasElement;
      const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let painted = 0;
      for (let i = 4; i < data.length; i += 4) {
        if (
          data[i] !== data[0] ||
          data[i + 1] !== data[1] ||
          data[i + 2] !== data[2] ||
          data[i + 3] !== data[3]
        )
          painted++;
      }
      return painted;
    });
  }
}

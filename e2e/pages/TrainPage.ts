import { expect, type Browser, type Locator, type Page } from '@playwright/test';
import path from 'node:path';
import { AppPage } from './AppPage';

declare global {
  interface Window {
    /** Main-thread tasks over 50 ms, collected by a PerformanceObserver from page load. */
    __longTasks?: { start: number; duration: number }[];
    /** When the status and progress lines changed, and to what (page time, ms). */
    __trainTimeline?: { at: number; status: string; progress: string }[];
  }
}

/** The Train tab, part 1: data in, explore, configure, train in the worker, watch. */
export class TrainPage {
  readonly app: AppPage;
  readonly folderInput: Locator;
  readonly csvInput: Locator;
  readonly summary: Locator;
  readonly problem: Locator;
  readonly start: Locator;
  readonly cancel: Locator;
  readonly status: Locator;
  readonly backend: Locator;
  readonly curves: Locator;
  readonly testAccuracy: Locator;
  readonly testAuc: Locator;
  readonly configErrors: Locator;
  readonly error: Locator;

  constructor(readonly page: Page) {
    this.app = new AppPage(page);
    this.folderInput = page.getByTestId('train.folder-input');
    this.csvInput = page.getByTestId('train.csv-input');
    this.summary = page.getByTestId('train.data-summary');
    this.problem = page.getByTestId('train.data-problem');
    this.start = page.getByTestId('train.start');
    this.cancel = page.getByTestId('train.cancel');
    this.status = page.getByTestId('train.status');
    this.backend = page.getByTestId('train.backend');
    this.curves = page.getByTestId('train.curves');
    this.testAccuracy = page.getByTestId('train.test-accuracy');
    this.testAuc = page.getByTestId('train.test-auc');
    this.configErrors = page.getByTestId('train.config-errors');
    this.error = page.getByTestId('app.error');
  }

  /** Opens the Train tab with a long-task observer running from the first script on. */
  async open(): Promise<void> {
    await this.page.addInitScript(() => {
      window.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) {
          window.__longTasks!.push({ start: entry.startTime, duration: entry.duration });
        }
      }).observe({ type: 'longtask', buffered: true });
    });
    await this.app.goto();
    await this.app.openTab('train');
    await expect(this.page.getByTestId('train.view')).toBeVisible();
  }

  /** Starts recording the page times at which `train.status` and `train.progress` change. */
  async recordTimeline(): Promise<void> {
    await this.page.evaluate(() => {
      const timeline: { at: number; status: string; progress: string }[] = [];
      window.__trainTimeline = timeline;
      const read = () => {
        const status = document.querySelector('[data-testid="train.status"]')?.textContent ?? '';
        const progress = document.querySelector('[data-testid="train.progress"]')?.textContent ?? '';
        const last = timeline[timeline.length - 1];
        if (!last || last.status !== status || last.progress !== progress) {
          timeline.push({ at: performance.now(), status, progress });
          const ended = progress.startsWith('Scoring') || ['done', 'cancelled', 'error'].includes(status);
          if (ended && performance.getEntriesByName('oido.training-ended').length === 0) {
            performance.mark('oido.training-ended');
          }
        }
      };
      read();
      new MutationObserver(read).observe(document.body, {
        subtree: true,
        childList: true,
        characterData: true,
      });
    });
  }

  /** Page time at which the training loop ended: the run moved on to scoring its test split (or stopped). */
  async trainingEndedAt(): Promise<number> {
    return this.page.evaluate(() => {
      const timeline = window.__trainTimeline ?? [];
      const end = timeline.find(
        (t) => t.progress.startsWith('Scoring') || ['done', 'cancelled', 'error'].includes(t.status),
      );
      if (!end) throw new Error('The timeline never saw the training loop end');
      return end.at;
    });
  }

  /** Marks the page's clock (a user-timing mark that also lands in a Chrome trace). */
  async mark(name: string): Promise<void> {
    await this.page.evaluate((n) => performance.mark(n), name);
  }

  /** Starts a Chrome trace of the page's threads (tasks with their wall and CPU time, user-timing marks). */
  async startTrace(browser: Browser): Promise<void> {
    await browser.startTracing(this.page, {
      categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink.user_timing'],
    });
  }

  /**
   * Stops the trace and returns the page's main-thread tasks between two user-timing marks, each with its
   * wall time and the CPU time the thread spent on it (ms). On a loaded machine a task's wall time includes
   * the time the OS gave other processes; its CPU time is the work the app did.
   */
  async stopTrace(
    browser: Browser,
    from: string,
    to: string,
  ): Promise<{ atMs: number; wallMs: number; cpuMs: number }[]> {
    const raw = (await browser.stopTracing()).toString('utf8');
    // E2E_TRACE_FILE=… keeps the trace, to open in DevTools' Performance panel when a task runs long.
    if (process.env.E2E_TRACE_FILE) (await import('node:fs')).writeFileSync(process.env.E2E_TRACE_FILE, raw);
    const trace = JSON.parse(raw) as {
      traceEvents: {
        name: string;
        ph: string;
        ts: number;
        dur?: number;
        tdur?: number;
        pid: number;
        tid: number;
      }[];
    };
    const events = trace.traceEvents;
    const start = events.find((e) => e.name === from);
    const end = events.find((e) => e.name === to);
    if (!start || !end) throw new Error(`The trace lacks the marks ${from} and ${to}`);
    return events
      .filter(
        (e) =>
          e.name === 'RunTask' &&
          e.ph === 'X' &&
          e.pid === start.pid &&
          e.tid === start.tid &&
          e.ts >= start.ts &&
          e.ts <= end.ts,
      )
      .map((e) => ({
        atMs: (e.ts - start.ts) / 1000,
        wallMs: (e.dur ?? 0) / 1000,
        cpuMs: (e.tdur ?? 0) / 1000,
      }));
  }

  async pickFolder(dir: string): Promise<void> {
    await this.folderInput.setInputFiles(path.resolve(dir));
  }

  async addCsvFiles(paths: string[]): Promise<void> {
    await this.csvInput.setInputFiles(paths.map((p) => path.resolve(p)));
  }

  /** Types into a Configure field by its draft path (e.g. `training.epochs`). */
  async setField(fieldPath: string, value: string): Promise<void> {
    const field = this.page.getByTestId(`train.field-${fieldPath}`);
    await field.fill(value);
  }

  field(fieldPath: string): Locator {
    return this.page.getByTestId(`train.field-${fieldPath}`);
  }

  /** The page's clock now (ms), to bracket a measurement. */
  async now(): Promise<number> {
    return this.page.evaluate(() => performance.now());
  }

  /** Long tasks that started between two page times. */
  async longTasksBetween(from: number, to: number): Promise<{ start: number; duration: number }[]> {
    return this.page.evaluate(
      ([a, b]) => (window.__longTasks ?? []).filter((t) => t.start >= a && t.start <= b),
      [from, to] as const,
    );
  }

  /** Epochs drawn in the curves (their data attribute) and how many drawn line paths there are. */
  async curvePoints(): Promise<{ epochs: number; lines: number }> {
    const epochs = Number(await this.curves.getAttribute('data-epochs'));
    const lines = await this.curves.locator('path.recharts-curve[d]').count();
    return { epochs, lines };
  }

  async numberOf(locator: Locator): Promise<number> {
    return Number(await locator.getAttribute('data-value'));
  }

  async screenshot(name: string): Promise<void> {
    await this.app.screenshot(`train-${name}`);
  }
}

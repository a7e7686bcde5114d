/**
 * A Chromium of a spec's own whose fake microphone loops a WAV the spec writes at test time (from
 * ../shared/data, read in place), and Live pages opened in it, guarded by the `pageErrors` fixture. Registers
 * the spec's beforeAll / afterAll / beforeEach hooks; the spec is skipped when the shipped instruments model
 * or its recording is missing.
 */
import { chromium, type Browser, type Page } from '@playwright/test';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LivePage } from '../pages/LivePage';
import { CHROMIUM_ARGS, CHROMIUM_PATH, FAKE_MICROPHONE_ARGS } from './chromium';
import { test, type PageErrors } from './fixtures';

/** The rate the fake microphone's WAV is written at. */
export const MIC_RATE = 48_000;

const INSTRUMENTS_SHIPPED = existsSync(path.resolve(process.cwd(), 'public/models/instruments/meta.json'));

export interface FakeMicrophone {
  /**
   * Live in a new context of the spec's browser; `init` runs in the page before its scripts, `beforeOpen` (e.g.
   * a `page.route`) before the app loads, so that nothing it fetches on opening (Classify preloads the shipped
   * models) escapes it.
   */
  openLive(
    baseURL: string | undefined,
    init?: () => void,
    beforeOpen?: (page: Page) => Promise<unknown>,
  ): Promise<{ live: LivePage; page: Page }>;
}

export function fakeMicrophoneBrowser(options: {
  /** The recording the WAV is made from (the spec is skipped without it). */
  recording: string;
  makeWav: (dir: string) => Promise<string>;
}): FakeMicrophone {
  let dir = '';
  let browser: Browser;
  let pageErrors: PageErrors;

  test.beforeAll(async () => {
    test.skip(
      !INSTRUMENTS_SHIPPED || !existsSync(options.recording),
      'needs the shipped instruments model and ../shared/data',
    );
    dir = mkdtempSync(path.join(tmpdir(), 'oido-microphone-'));
    const wav = await options.makeWav(dir);
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: [...CHROMIUM_ARGS, ...FAKE_MICROPHONE_ARGS, `--use-file-for-fake-audio-capture=${wav}`],
    });
  });

  test.afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  // The pages opened in the spec's own browser are guarded too (the `pageErrors` fixture fails the test).
  test.beforeEach(({ pageErrors: guard }) => {
    pageErrors = guard;
  });

  return {
    async openLive(baseURL, init, beforeOpen) {
      const context = await browser.newContext({
        baseURL,
        viewport: { width: 1280, height: 900 },
        // Requests reach the server (and page.route); e2e/offline.spec.ts tests the service worker.
        serviceWorkers: 'block',
      });
      if (init) await context.addInitScript(init);
      const page = await context.newPage();
      pageErrors.watch(page);
      if (beforeOpen) await beforeOpen(page);
      const live = new LivePage(page);
      await live.open();
      return { live, page };
    },
  };
}

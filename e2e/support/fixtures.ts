/**
 * What every spec is handed (Playwright `test.extend`): the page objects, and a guard that fails a test whose
 * page threw an uncaught error. Specs import `test` and `expect` from here, not from '@playwright/test'.
 */
import { expect, test as base, type Page } from '@playwright/test';
import { AppPage } from '../pages/AppPage';
import { ClassifyPage } from '../pages/ClassifyPage';
import { KeepPage } from '../pages/KeepPage';
import { LivePage } from '../pages/LivePage';
import { TrainPage } from '../pages/TrainPage';

export interface PageErrors {
  /** Uncaught errors so far, from the test's page and every page given to `watch`. */
  readonly messages: string[];
  /** Guards a page the test opened itself (another context or browser). */
  watch(page: Page): void;
}

interface Fixtures {
  pageErrors: PageErrors;
  appPage: AppPage;
  classifyPage: ClassifyPage;
  keepPage: KeepPage;
  livePage: LivePage;
  trainPage: TrainPage;
}

export const test = base.extend<Fixtures>({
  pageErrors: [
    async ({ page }, use) => {
      const messages: string[] = [];
      const watch = (p: Page) => p.on('pageerror', (error) => messages.push(error.message));
      watch(page);
      await use({ messages, watch });
      expect(messages, 'uncaught errors in the page').toEqual([]);
    },
    { auto: true },
  ],
  appPage: async ({ page }, use) => use(new AppPage(page)),
  classifyPage: async ({ page }, use) => use(new ClassifyPage(page)),
  keepPage: async ({ page }, use) => use(new KeepPage(page)),
  livePage: async ({ page }, use) => use(new LivePage(page)),
  trainPage: async ({ page }, use) => use(new TrainPage(page)),
});

export { expect };

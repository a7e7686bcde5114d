import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './e2e/support/chromium';

// E2E_PORT / E2E_DIST let several checkouts or agents test side by side without sharing a server.
const PORT = Number(process.env.E2E_PORT ?? 4179);
const DIST = process.env.E2E_DIST ?? 'dist';

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results/e2e',
  // Two cores on CI, and software WebGL is slow: one test at a time, generous time.
  workers: 1,
  fullyParallel: false,
  forbidOnly: true,
  retries: 0,
  timeout: 120_000,
  expect: { timeout: 30_000 },
  reporter: process.env.CI
    ? [['list']]
    : [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    browserName: 'chromium',
    headless: true,
    viewport: { width: 1280, height: 800 },
    actionTimeout: 30_000,
    navigationTimeout: 60_000,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
    // Every request reaches the server (and page.route) and no test pays for a 12 MB precache;
    // e2e/offline.spec.ts allows the service worker and tests it.
    serviceWorkers: 'block',
  },
  webServer: {
    // Serves the built app: npm test builds first; a bare `npx playwright test` builds only when dist/ is missing.
    command: `test -f ${DIST}/index.html || npx vite build --outDir ${DIST}; npx vite preview --outDir ${DIST} --host 127.0.0.1 --port ${PORT} --strictPort`,
    url: `http://127.0.0.1:${PORT}/`,
    reuseExistingServer: !process.env.CI,
    timeout: 120_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});

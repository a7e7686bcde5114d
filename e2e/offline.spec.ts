import { expect, test } from './support/fixtures';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

// The rest of the suite blocks service workers (playwright.config.ts); here they are the subject.
test.use({ serviceWorkers: 'allow' });

test('after one visit, a reload without network opens the app and classifies a demo song', async ({
  page,
  context,
  classifyPage: app,
}) => {
  await app.goto();
  // The service worker precaches the app, its workers and WASM, the models and the demo songs, then takes over.
  await expect
    .poll(
      () =>
        page.evaluate(async () => {
          await navigator.serviceWorker.ready;
          return navigator.serviceWorker.controller !== null;
        }),
      { timeout: 60_000 },
    )
    .toBe(true);
  const manifest = await page.evaluate(async () => {
    const link = document.querySelector<HTMLLinkElement>('link[rel="manifest"]');
    return link ? ((await (await fetch(link.href)).json()) as { name: string; icons: unknown[] }) : null;
  });
  expect(manifest?.name).toContain('Oído');
  expect(manifest?.icons.length).toBeGreaterThan(0);

  await context.setOffline(true);
  try {
    await page.reload();
    await expect(page.getByRole('tablist')).toBeVisible();
    // The network really is off: anything the service worker did not precache fails.
    const uncached = await page.evaluate(() =>
      fetch(`./not-precached-${Date.now()}.txt`).then(
        () => 'fetched',
        () => 'failed',
      ),
    );
    expect(uncached).toBe('failed');
    await expect(page.getByTestId('app.models-banner')).toHaveCount(0);
    await page.getByTestId('classify.demo').filter({ hasText: 'Solo trumpet' }).click();
    const card = await app.waitDone('solo-trumpet.ogg');
    await expect(card).toHaveAttribute('data-phase', 'done');
    // Both shipped models ran offline: the genre model's answer (it declines a solo trumpet) and the instruments.
    await expect(card.getByTestId('classify.abstain')).toHaveAttribute('data-reason', 'unfamiliar');
    await expect(card.getByTestId('classify.instruments-verdict')).toBeVisible();
    await expect(app.error).toHaveCount(0);
    await app.screenshot('offline-classified');
  } finally {
    await context.setOffline(false);
  }
});

test('a newly deployed version waits for the person: "A new version is ready — Reload"', async ({
  page,
  appPage: app,
}) => {
  await app.goto();
  await expect
    .poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null), { timeout: 60_000 })
    .toBe(true);
  await expect(page.getByTestId('app.update')).toHaveCount(0);

  // Deploy a new version: the service worker's precache manifest changes (one revision, same length, so the
  // preview server's precomputed headers still fit).
  const swPath = path.resolve(process.env.E2E_DIST ?? 'dist', 'sw.js');
  const original = readFileSync(swPath, 'utf8');
  const deployed = original.replace(/revision:"(.)/, (_, c: string) => `revision:"${c === 'a' ? 'b' : 'a'}`);
  expect(deployed).not.toBe(original);
  writeFileSync(swPath, deployed);
  try {
    await page.evaluate(async () => {
      await (await navigator.serviceWorker.getRegistration())?.update();
    });
    const prompt = page.getByTestId('app.update');
    await expect(prompt).toContainText('A new version of Oído is ready', { timeout: 60_000 });
    await page.screenshot({ path: path.join('e2e', 'artifacts', 'update-prompt.png') });
    await Promise.all([page.waitForEvent('load'), prompt.getByRole('button', { name: 'Reload' }).click()]);
    await expect(page.getByRole('tablist')).toBeVisible();
    await expect(page.getByTestId('app.update')).toHaveCount(0);
  } finally {
    writeFileSync(swPath, original);
  }
});

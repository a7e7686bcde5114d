import { expect, test } from './support/fixtures';

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
    expect((await app.genreBars(card)).length).toBeGreaterThanOrEqual(2);
    await expect(app.error).toHaveCount(0);
    await app.screenshot('offline-classified');
  } finally {
    await context.setOffline(false);
  }
});

import { expect, test } from './support/fixtures';
import type { Page } from '@playwright/test';

/** Tabs through the page from the top and describes each element that takes focus. */
async function tabStops(page: Page, count: number) {
  await page.locator('body').click({ position: { x: 2, y: 2 } });
  const stops: Array<{ tag: string; type: string; text: string; testId: string; outline: string }> = [];
  for (let i = 0; i < count; i++) {
    await page.keyboard.press('Tab');
    stops.push(
      await page.evaluate(() => {
        const el = document.activeElement as HTMLElement;
        const ringed = el.closest('label') ?? el;
        const style = getComputedStyle(ringed);
        return {
          tag: el.tagName.toLowerCase(),
          type: el.getAttribute('type') ?? '',
          text: (el.textContent ?? '').trim().slice(0, 40),
          testId: el.dataset.testid ?? '',
          outline: `${style.outlineStyle} ${style.outlineWidth}`,
        };
      }),
    );
  }
  return stops;
}

test('Classify: no invisible tab stops, the pickers are visible buttons with a focus ring', async ({
  page,
  appPage: app,
}) => {
  await app.goto();
  await expect(page.getByTestId('classify.demos')).toBeVisible();
  const stops = await tabStops(page, 16);
  expect(stops.filter((s) => s.type === 'file')).toEqual([]);
  const texts = stops.map((s) => s.text);
  expect(texts).toContain('Choose files…');
  expect(texts).toContain('Choose a folder…');
  for (const stop of stops.filter((s) => s.tag === 'button')) expect(stop.outline).not.toMatch(/^none/);
  // Each picker button opens its file chooser.
  const [chooser] = await Promise.all([
    page.waitForEvent('filechooser'),
    page.getByRole('button', { name: 'Choose files…' }).click(),
  ]);
  expect(chooser.isMultiple()).toBe(true);
});

test('Classify: a demo started from the keyboard keeps focus on its button', async ({
  page,
  classifyPage: app,
}) => {
  await app.goto();
  const trumpet = page.getByTestId('classify.demo').filter({ hasText: 'Solo trumpet' });
  await trumpet.focus();
  await page.keyboard.press('Enter');
  await app.waitDone('solo-trumpet.ogg');
  await expect(trumpet).toBeFocused();
});

test('Train: the file pickers are buttons, and a button-like label shows a ring when its input has focus', async ({
  page,
  appPage: app,
}) => {
  await app.goto();
  await app.openTab('train');
  // Audio: "Choose a folder…" is a real button; its hidden input takes no focus.
  await expect(page.getByTestId('train.folder-input')).toHaveAttribute('tabindex', '-1');
  const folder = page.getByRole('button', { name: 'Choose a folder…' });
  await folder.focus();
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Tab');
  await expect(folder).toBeFocused();
  expect(await folder.evaluate((el) => getComputedStyle(el).outlineStyle)).toBe('solid');
  await app.screenshot('train-focus-folder');

  // CSV: "Add CSV files…" is a label around its input; keyboard focus on the input rings the label.
  await page.getByTestId('train.source-csv').check({ force: true });
  const csvInput = page.getByTestId('train.csv-input');
  await csvInput.focus();
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Tab');
  await expect(csvInput).toBeFocused();
  const label = page.locator('label.button', { has: csvInput });
  expect(await label.evaluate((el) => getComputedStyle(el).outlineStyle)).toBe('solid');
  await app.screenshot('train-focus-csv-label');
});

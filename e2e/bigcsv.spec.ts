/**
 * Issue 12.6 in the page: a large spreadsheet export added in Train is read, decoded and parsed in the CSV
 * worker, so the page's main thread never works on it for long; changing its labelling parses it again there.
 */
import { expect, test } from './support/fixtures';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';

const GTZAN_10S = path.resolve(process.cwd(), '../shared/data/tabular/gtzan/features_10_sec.csv');
const COPIES = 16;
/** The budget for the longest main-thread task (its CPU time, which other processes do not inflate). */
const TASK_BUDGET_MS = 250;

// The tracer snapshots the DOM on the page's main thread at every step: its long tasks would not be the app's.
test.use({ trace: 'off' });

/** The 10-s GTZAN rows COPIES times over (each copy's tracks renamed, so that every row stays its own): ~30 MB. */
function bigCsv(): { file: string; rows: number } {
  const [header, ...lines] = readFileSync(GTZAN_10S, 'utf8').trim().split('\n');
  const out = [header];
  for (let c = 0; c < COPIES; c++) for (const line of lines) out.push(`copy${c}-${line}`);
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'oido-bigcsv-')), 'gtzan-x16.csv');
  writeFileSync(file, `${out.join('\n')}\n`);
  return { file, rows: lines.length * COPIES };
}

test('a 30 MB CSV is parsed off the main thread: no task over 250 ms of CPU, and the table is all there', async ({
  page,
  browser,
  trainPage: train,
}) => {
  test.setTimeout(240_000);
  const { file, rows } = bigCsv();
  const megabytes = statSync(file).size / 2 ** 20;
  expect(megabytes).toBeGreaterThan(25);
  await train.open();
  await page.getByTestId('train.source-csv').check({ force: true });

  await train.startTrace(browser);
  await train.mark('oido.add');
  await train.addCsvFiles([file]);
  await expect(page.getByTestId('train.csv-reading')).toBeVisible();
  await expect(train.summary).toContainText(`${rows.toLocaleString('en-US')} rows`, { timeout: 180_000 });
  await expect(train.summary).toContainText('10 classes');
  await expect(page.getByTestId('train.csv-reading')).toHaveCount(0);
  await expect(train.start).toBeEnabled();
  // Relabelled (every row one class, then the label column again): parsed again in the worker each time.
  await page.getByLabel('Every row is class').check();
  await expect(train.summary).toContainText('1 classes', { timeout: 180_000 });
  await expect(page.getByTestId('train.data-problem')).toContainText('Only one class');
  await page.getByLabel('Labels in column').check();
  await expect(train.summary).toContainText('10 classes', { timeout: 180_000 });
  await train.mark('oido.shown');
  const tasks = await train.stopTrace(browser, 'oido.add', 'oido.shown');

  const busiest = tasks.reduce((a, t) => (t.cpuMs > a.cpuMs ? t : a), { atMs: 0, wallMs: 0, cpuMs: 0 });
  console.log(
    `bigcsv.spec: ${megabytes.toFixed(1)} MB, ${rows} rows; ${tasks.length} main-thread tasks, the busiest ${busiest.cpuMs.toFixed(0)} ms of CPU (${busiest.wallMs.toFixed(0)} ms wall) at ${(busiest.atMs / 1000).toFixed(1)} s; load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores`,
  );
  expect(tasks.length).toBeGreaterThan(0);
  expect(busiest.cpuMs).toBeLessThan(TASK_BUDGET_MS);
  await expect(train.error).toHaveCount(0);
  await train.screenshot('bigcsv');
});

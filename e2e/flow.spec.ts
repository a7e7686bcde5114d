import { expect, test } from './support/fixtures';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseCsv } from '../src/core/data/csv';

const data = path.resolve(process.cwd(), '../shared/data');
const VIBE_ACE = path.join(data, 'songs/Kevin_MacLeod_-_Vibe_Ace.ogg');
const SPIKE_TEST = path.join(data, 'tabular/spike-reggaeton/data_test.csv');
const INSTRUMENTS_SHIPPED = existsSync(path.resolve(process.cwd(), 'public/models/instruments/meta.json'));

test('the playhead crosses every time axis of a result, and the scatter numbers segments without overlap', async ({
  classifyPage: app,
}) => {
  await app.goto();
  await app.dropFiles([VIBE_ACE]);
  const card = await app.waitDone(path.basename(VIBE_ACE));
  await expect(card).toHaveAttribute('data-phase', 'done');

  // Segment numbers: every one placed on its marker, beside it or left out, and no two boxes overlap.
  const scatter = card.getByTestId('classify.scatter');
  const points = Number(await scatter.getAttribute('data-highlighted-points'));
  expect(points).toBeGreaterThanOrEqual(2);
  const canvas = scatter.locator('canvas');
  await expect(canvas).toHaveAttribute('data-label-boxes', /\[/);
  const counts = await canvas.evaluate((el: HTMLCanvasElement) => ({
    on: Number(el.dataset.labelsOnMarker),
    beside: Number(el.dataset.labelsBeside),
    out: Number(el.dataset.labelsLeftOut),
    boxes: JSON.parse(el.dataset.labelBoxes ?? '[]') as Array<[number, number, number, number] | null>,
  }));
  expect(counts.on + counts.beside + counts.out).toBe(points);
  const boxes = counts.boxes.filter((b): b is [number, number, number, number] => b !== null);
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length; j++) {
      const [a, b] = [boxes[i], boxes[j]];
      const overlap = a[0] < b[0] + b[2] && b[0] < a[0] + a[2] && a[1] < b[1] + b[3] && b[1] < a[1] + a[3];
      expect(overlap, `labels ${i + 1} and ${j + 1} overlap`).toBe(false);
    }

  const timelineHead = card.getByTestId('classify.timeline-playhead');
  const stripHead = card.getByTestId('classify.instruments-playhead');
  await expect(timelineHead).toHaveCSS('opacity', '0');
  const audio = card.getByTestId('classify.audio');
  await audio.evaluate(async (element: HTMLAudioElement) => {
    element.muted = true;
    element.currentTime = 40;
    await element.play();
  });
  await expect(timelineHead).toHaveCSS('opacity', '1');
  const timelineX = () =>
    timelineHead.evaluate((el) =>
      Number(/translate\(([\d.]+)/.exec(el.getAttribute('transform') ?? '')?.[1]),
    );
  const first = await timelineX();
  await expect.poll(timelineX).toBeGreaterThan(first);
  if (INSTRUMENTS_SHIPPED) {
    await expect(stripHead).toHaveCSS('opacity', '1');
    const stripLeft = () => stripHead.evaluate((el) => parseFloat((el as HTMLElement).style.left));
    const left = await stripLeft();
    expect(left).toBeGreaterThan(5);
    await expect.poll(stripLeft).toBeGreaterThan(left);
  }
  await audio.evaluate((element: HTMLAudioElement) => element.pause());
  // Paused, the heads stay where the song is, on the waveform and the timeline alike.
  const seconds = await audio.evaluate((element: HTMLAudioElement) => element.currentTime);
  await expect(timelineHead).toHaveAttribute('data-seconds', seconds.toFixed(2));
  await card.getByTestId('classify.timeline').scrollIntoViewIfNeeded();
  await app.screenshot('flow-playhead-scatter');
});

test('the reggaeton list shows every scored row, marked at the cut-off, ordered, and exports as CSV', async ({
  page,
  classifyPage: app,
}) => {
  await app.goto();
  await app.scoreCsv(SPIKE_TEST);
  const summary = page.getByTestId('classify.table-summary');
  await expect(summary).toHaveAttribute('data-scored', '50', { timeout: 60_000 });
  await app.setCutoff(0.5);
  const list = app.reggaetonList;
  await expect(list).toHaveAttribute('data-rows', '50');
  const above = list.getByTestId('classify.reggaeton-row');
  const below = list.getByTestId('classify.below-row');
  const nAbove = await above.count();
  expect(nAbove + (await below.count())).toBe(50);
  expect(nAbove).toBeGreaterThan(0);
  expect(nAbove).toBeLessThan(50);
  await expect(list).toHaveAttribute('data-count', String(nAbove));

  const rows = () =>
    list.locator('li').evaluateAll((items) =>
      items.map((li) => ({
        score: Number(li.getAttribute('data-score')),
        line: Number(li.getAttribute('data-line')),
        above: li.getAttribute('data-testid') === 'classify.reggaeton-row',
      })),
    );
  const byScore = await rows();
  for (let i = 1; i < byScore.length; i++)
    expect(byScore[i - 1].score).toBeGreaterThanOrEqual(byScore[i].score);
  for (const r of byScore) expect(r.above).toBe(r.score >= 0.5);

  await page.getByTestId('classify.scored-order-file').click();
  await expect(list).toHaveAttribute('data-order', 'file');
  const byLine = await rows();
  expect(byLine.map((r) => r.line)).toEqual([...byLine.map((r) => r.line)].sort((a, b) => a - b));
  expect(byLine[0].line).toBe(2);
  await app.screenshot('flow-scored-rows');

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('classify.scored-export').click(),
  ]);
  expect(download.suggestedFilename()).toBe('data_test-scored.csv');
  const { readFileSync } = await import('node:fs');
  const csv = parseCsv(readFileSync(await download.path(), 'utf8'));
  expect(csv.header).toEqual(['id', 'line', 'p_reggaeton', 'cutoff', 'call']);
  expect(csv.rows).toHaveLength(50);
  expect(csv.rows.map((r) => Number(r[1]))).toEqual(byLine.map((r) => r.line));
  expect(csv.rows.filter((r) => r[4] === 'reggaeton')).toHaveLength(nAbove);
  csv.rows.forEach((r, i) => expect(Number(r[2])).toBeCloseTo(byLine[i].score, 5));

  // The same table as a spreadsheet in a decimal-comma locale saves it ("Unicode text": UTF-16 LE, ;) scores
  // the same, read in the worker.
  const spike = parseCsv(readFileSync(SPIKE_TEST, 'utf8'));
  const european = [spike.header, ...spike.rows]
    .map((r) => r.map((v) => (/^-?\d*\.\d+$/.test(v) ? v.replace('.', ',') : v)).join(';'))
    .join('\r\n');
  const units = '\ufeff' + european + '\r\n';
  const bytes = Buffer.alloc(units.length * 2);
  for (let i = 0; i < units.length; i++) bytes.writeUInt16LE(units.charCodeAt(i), i * 2);
  const dir = mkdtempSync(path.join(tmpdir(), 'oido-flow-'));
  const exported = path.join(dir, 'spike-export.csv');
  writeFileSync(exported, bytes);
  await app.scoreCsv(exported);
  await expect(summary).toContainText('spike-export.csv: 50 rows scored', { timeout: 60_000 });
  const again = await rows();
  expect(again.map((r) => [r.line, r.score])).toEqual(byLine.map((r) => [r.line, r.score]));
});

test('Train says how a run ended: all its epochs, or stopped early at epoch N with its best', async ({
  page,
  trainPage: train,
}) => {
  test.setTimeout(240_000);
  const spike = path.join(data, 'tabular/spike-reggaeton');
  await train.open();
  await page.getByTestId('train.source-csv').check({ force: true });
  await train.addCsvFiles([path.join(spike, 'data_reggaeton.csv'), path.join(spike, 'data_todotipo.csv')]);
  const classInputs = page.getByTestId('train.csv-class');
  await expect(classInputs).toHaveCount(2);
  await classInputs.nth(1).fill('other');
  await classInputs.nth(1).press('Enter');
  await expect(train.summary).toContainText('2 classes');

  const early = page.getByTestId('train.field-training.earlyStopping');
  await early.uncheck();
  await train.setField('training.epochs', '4');
  await train.start.click();
  await expect(train.status).toHaveText('done', { timeout: 120_000 });
  const stopping = page.getByTestId('train.stopping');
  await expect(stopping).toHaveText('all 4 run');
  await expect(stopping).toHaveAttribute('data-stop-reason', 'completed');
  await expect(page.getByTestId('train.result')).not.toContainText(/stopped/i);

  // Patience 1 over 300 epochs: validation loss fails to improve once long before the end.
  await early.check();
  await train.setField('training.earlyStopping.patience', '1');
  await train.setField('training.epochs', '300');
  await train.start.click();
  await expect(train.status).toHaveText('done', { timeout: 120_000 });
  await expect(stopping).toHaveAttribute('data-stop-reason', 'early-stopped');
  const [, at, best] =
    /^at epoch (\d+) of 300 \(best (\d+)\)/.exec((await stopping.textContent()) ?? '') ?? [];
  expect(Number(at)).toBeLessThan(300);
  expect(Number(best)).toBe(Number(at) - 1);
  await expect(page.getByTestId('train.result')).toContainText('Stopped early');
  await page.getByTestId('train.result').scrollIntoViewIfNeeded();
  await train.screenshot('flow-stopped-early');
});

import type { Page } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { resample } from '../src/core/audio/resample';
import { encodeWav16 } from '../src/core/audio/wav';
import { decodeAudioFile } from '../src/node/decodeFile';
import { LivePage } from './pages/LivePage';
import { TeachPanel } from './pages/TeachPanel';
import { fakeMicrophoneBrowser, MIC_RATE } from './support/fakeMicrophone';
import { expect, test } from './support/fixtures';

/*
 * "Teach it your instrument", end to end: Chromium's fake microphone loops a real guitar recording (from
 * ../shared/data, read in place; the WAV is written at test time) that the shipped instruments model never
 * trained on (its report's split.realHeldOut) and misnames (double-bass). Taught for 8 s into the class
 * "guitar", Live names it guitar.
 */
const CLIP = path.resolve(
  process.cwd(),
  '../shared/data/instruments-real/guitar/acoustic-guitar-70ca9c77.flac',
);

/** The clip's sounding part (up to the last 100 ms within 45 dB of full scale) as a 48 kHz WAV. */
async function makeClipWav(dir: string): Promise<string> {
  const { samples, sampleRate } = await decodeAudioFile(CLIP);
  const block = Math.round(sampleRate / 10);
  let end = 0;
  for (let at = 0; at + block <= samples.length; at += block) {
    let energy = 0;
    for (let i = at; i < at + block; i++) energy += samples[i] * samples[i];
    if (10 * Math.log10(energy / block) > -45) end = at + block;
  }
  expect(end / sampleRate, 'seconds of sound in the clip').toBeGreaterThan(2);
  const file = path.join(dir, 'clip-48k.wav');
  writeFileSync(file, encodeWav16(resample(samples.subarray(0, end), sampleRate, MIC_RATE), MIC_RATE));
  return file;
}

const microphone = fakeMicrophoneBrowser({ recording: CLIP, makeWav: makeClipWav });

async function openLive(
  baseURL: string | undefined,
  init?: () => void,
): Promise<{ live: LivePage; teach: TeachPanel; page: Page }> {
  const { live, page } = await microphone.openLive(baseURL, init);
  return { live, teach: new TeachPanel(page), page };
}

/** What the headline says, sampled every 100 ms for `seconds`: label → count. */
async function headlineOver(live: LivePage, seconds: number): Promise<Map<string, number>> {
  const named = new Map<string, number>();
  for (let i = 0; i < seconds * 10; i++) {
    const top = (await live.top.textContent()) ?? '';
    named.set(top, (named.get(top) ?? 0) + 1);
    await live.page.waitForTimeout(100);
  }
  return named;
}

const most = (named: Map<string, number>) => [...named].sort((a, b) => b[1] - a[1])[0][0];
const describe = (named: Map<string, number>) => [...named].map(([label, n]) => `${label} ${n}`).join(', ');

test('a guitar the model misnames, taught for 8 s, is named guitar; the taught class is kept and removable', async ({
  baseURL,
}) => {
  test.setTimeout(240_000);
  const { live, teach, page } = await openLive(baseURL);
  await live.startListening();
  await expect(live.start).toHaveText('Stop');
  await expect(live.model).not.toHaveText('none');
  await expect(teach.start).toBeEnabled();

  // Before: the shipped model does not call this guitar a guitar.
  await expect(live.top).toHaveAttribute('data-kind', /instrument|other|unknown/, { timeout: 60_000 });
  await page.waitForTimeout(1500);
  const before = await headlineOver(live, 3);
  console.log(`teach: before teaching, the headline said ${describe(before)}`);
  // With today's model this clip is never "guitar" (it says double-bass). Should a retrained model name it guitar
  // already, the test still shows teaching at work, with a new class.
  const misnamed = (before.get('guitar') ?? 0) === 0;
  const target = misnamed ? 'guitar' : 'my guitar';
  if (!misnamed)
    test
      .info()
      .annotations.push({ type: 'note', description: 'already named guitar: taught as a new class' });

  // Bad input is told, not crashed on: a name that clashes with a class, and Done before 2 s of sound.
  await teach.classSelect.selectOption('');
  await teach.name.fill('Cello');
  await teach.start.click();
  await expect(teach.message).toContainText('"Cello" is already a class ("cello")');
  await teach.name.fill('too short');
  await teach.start.click();
  await teach.finish.click();
  await expect(teach.message).toContainText(/Only \d\.\d s of sound was heard|Nothing was heard/);
  await expect(teach.taught).toHaveCount(0);

  // Teach 8 s of it into the existing class "guitar".
  const rateBefore = await live.progress();
  await teach.teach(target, 8, { existing: misnamed });
  await expect(teach.message).toContainText(`Taught "${target}" from`);
  await expect(teach.taught).toHaveCount(1);
  await expect(teach.taught.first()).toHaveAttribute('data-class', target);

  // After: the headline names it as taught, and keeps doing so.
  await expect(live.top).toHaveText(target, { timeout: 30_000 });
  const after = await headlineOver(live, 4);
  console.log(`teach: after teaching, the headline said ${describe(after)}`);
  expect(most(after)).toBe(target);
  expect((after.get(target) ?? 0) / 40).toBeGreaterThanOrEqual(0.8);

  // Still 10+ predictions a second with the taught head in the loop.
  const rateAfter = await live.progress();
  const audioRate =
    (rateAfter.predictions - rateBefore.predictions) / (rateAfter.audioSeconds - rateBefore.audioSeconds);
  expect(audioRate).toBeGreaterThanOrEqual(10);
  await expect(live.rate).toHaveText(/^\d+\.\d Hz$/);
  const shownHz = Number(await live.rate.getAttribute('data-hz'));
  console.log(`teach: rate shown ${shownHz} Hz, latency ${await live.latency.textContent()}`);
  await live.app.screenshot('live-taught-guitar');

  // Kept in the browser: a new session applies it again.
  await live.start.click();
  await expect(live.start).toHaveText('Start');
  await live.startListening();
  await expect(teach.taught).toHaveCount(1);
  await expect(live.top).toHaveText(target, { timeout: 30_000 });

  // Removed after a confirmation: the model's own answer comes back.
  await teach.remove(target);
  await expect(teach.taught).toHaveCount(0);
  await expect(teach.message).toContainText(`Removed "${target}"`);
  await expect(live.top).not.toHaveText(target, { timeout: 30_000 });
  console.log(
    `teach: after removing, the headline says ${await live.top.textContent()} (before: ${most(before)})`,
  );
  await live.app.screenshot('live-teach-removed');
  await expect(live.app.error).toHaveCount(0);

  // And stays removed in the next session.
  await live.start.click();
  await live.startListening();
  await expect(live.top).toHaveAttribute('data-kind', /instrument|other|unknown/, { timeout: 60_000 });
  await expect(teach.taught).toHaveCount(0);
  await page.context().close();
});

test('when browser storage fails, a taught class is still used for the session, and the page says it was not saved', async ({
  baseURL,
}) => {
  test.setTimeout(180_000);
  const { live, teach, page } = await openLive(baseURL, () => {
    const open = IDBFactory.prototype.open;
    IDBFactory.prototype.open = function (this: IDBFactory, name: string, version?: number) {
      if (name === 'oido-taught') throw new DOMException('storage blocked by the test', 'UnknownError');
      return open.call(this, name, version);
    };
  });
  await live.startListening();
  await expect(live.start).toHaveText('Stop');
  await expect(teach.notice).toContainText('Your taught classes could not be read');
  await teach.teach('my fiddle', 4, { existing: false });
  await expect(teach.notice).toContainText('used until you stop, but were not saved');
  await expect(teach.notice).toContainText('storage blocked by the test');
  await expect(live.top).toHaveText('my fiddle', { timeout: 30_000 });
  await live.app.screenshot('live-teach-storage-failed');
  await expect(live.app.error).toHaveCount(0);
  await page.context().close();
});

test('classes taught on another build of the model are refused with a message, and can be removed', async ({
  baseURL,
}) => {
  const { live, teach, page } = await openLive(baseURL);
  // As if taught before the shipped model was rebuilt: same name, another hash.
  await page.evaluate(async () => {
    const open = indexedDB.open('oido-taught', 1);
    open.onupgradeneeded = () => open.result.createObjectStore('heads', { keyPath: 'modelId' });
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const example = Array.from({ length: 256 }, (_, i) => (i === 0 ? 1 : 0));
    const head = {
      format: 'oido-taught-head',
      version: 1,
      base: { name: 'instruments', hash: 'ffffffffffffffff' },
      embeddingSize: 256,
      classes: [
        { name: 'kazoo', examples: [example], seconds: 6, entry: 0.8, taughtAt: '2026-01-01T00:00:00Z' },
      ],
    };
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction('heads', 'readwrite');
      tx.objectStore('heads').put({ modelId: 'shipped:instruments', head });
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    db.close();
  });
  await live.startListening();
  await expect(live.start).toHaveText('Stop');
  await expect(teach.notice).toContainText(
    'Your taught classes (kazoo) were taught on the model "instruments" (ffffffffffffffff), not on "instruments" (',
  );
  await expect(teach.notice).toContainText('they are not applied');
  await expect(page.getByTestId('live.taught')).toHaveAttribute('data-applied', 'false');
  await expect(teach.taught).toContainText('not in use');
  await expect(page.getByTestId('live.teach.class').locator('option', { hasText: 'kazoo' })).toHaveCount(0);
  await live.app.screenshot('live-teach-other-model');
  await teach.remove('kazoo');
  await expect(teach.taught).toHaveCount(0);
  await expect(teach.notice).toHaveCount(0);
  await expect(live.app.error).toHaveCount(0);
  await page.context().close();
});

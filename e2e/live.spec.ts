import { chromium, type Browser, type Page } from '@playwright/test';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { resample } from '../src/core/audio/resample';
import { encodeWav16 } from '../src/core/audio/wav';
import { decodeAudioFile } from '../src/node/decodeFile';
import { LivePage } from './pages/LivePage';
import { CHROMIUM_ARGS, CHROMIUM_PATH, FAKE_MICROPHONE_ARGS } from './support/chromium';
import { expect, test, type PageErrors } from './support/fixtures';

/*
 * Live runs against Chromium's fake microphone, which plays a WAV file in a loop. The file is made here, at
 * test time, from the solo trumpet recording in ../shared/data (read in place, never copied into the repo).
 */
const TRUMPET = path.resolve(process.cwd(), '../shared/data/songs/sorohanro_-_solo-trumpet-06.ogg');
/** A common microphone rate: the page resamples it to 22,050 Hz itself. */
const MIC_RATE = 48_000;
/** The instruments model ships once `npm run build:models` has built it; until then Live shows the sound only. */
const INSTRUMENTS_SHIPPED = existsSync(path.resolve(process.cwd(), 'public/models/instruments/meta.json'));

/**
 * The clip's playing part as a 48 kHz WAV. The player stops at about 3.4 s and the rest is the room's decay;
 * the loop keeps the part up to the last 100 ms that is within 45 dB of full scale.
 */
async function makeTrumpetWav(dir: string): Promise<string> {
  const { samples, sampleRate } = await decodeAudioFile(TRUMPET);
  const block = sampleRate / 10;
  let end = 0;
  for (let at = 0; at + block <= samples.length; at += block) {
    let energy = 0;
    for (let i = at; i < at + block; i++) energy += samples[i] * samples[i];
    if (10 * Math.log10(energy / block) > -45) end = at + block;
  }
  expect(end / sampleRate, 'seconds of trumpet in the clip').toBeGreaterThan(2.5);
  const file = path.join(dir, 'trumpet-48k.wav');
  writeFileSync(file, encodeWav16(resample(samples.subarray(0, end), sampleRate, MIC_RATE), MIC_RATE));
  return file;
}

let dir = '';
let fakeMicrophone: Browser;
/** A fake microphone (Chromium's beeping one) behind the permission prompt, which answers "deny". */
let deniedMicrophone: Browser;
/** Our server under a name that is not a secure context (the page's requests are routed to 127.0.0.1). */
const INSECURE_HOST = 'oido.test';

test.beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'oido-live-'));
  const wav = await makeTrumpetWav(dir);
  fakeMicrophone = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS, ...FAKE_MICROPHONE_ARGS, `--use-file-for-fake-audio-capture=${wav}`],
  });
  deniedMicrophone = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      ...CHROMIUM_ARGS,
      '--use-fake-device-for-media-stream',
      '--deny-permission-prompts',
      `--host-resolver-rules=MAP ${INSECURE_HOST} 127.0.0.1`,
    ],
  });
});

test.afterAll(async () => {
  await fakeMicrophone?.close();
  await deniedMicrophone?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The pages Live opens in their own contexts are guarded too (the `pageErrors` fixture fails the test). */
let pageErrors: PageErrors;
test.beforeEach(({ pageErrors: guard }) => {
  pageErrors = guard;
});

async function openLive(
  browser: Browser,
  baseURL: string | undefined,
  options: { grantMicrophone?: boolean; servedFrom?: string } = {},
): Promise<{ live: LivePage; page: Page }> {
  const context = await browser.newContext({
    baseURL,
    viewport: { width: 1280, height: 800 },
    // Requests reach the server (and page.route); e2e/offline.spec.ts tests the service worker.
    serviceWorkers: 'block',
  });
  if (options.grantMicrophone) await context.grantPermissions(['microphone']);
  const servedFrom = options.servedFrom;
  if (servedFrom) {
    // The page keeps its own origin; its requests are answered by the real server.
    await context.route('**/*', async (route) => {
      const url = new URL(route.request().url());
      const real = new URL(url.pathname + url.search, servedFrom);
      await route.fulfill({ response: await route.fetch({ url: real.toString() }) });
    });
  }
  const page = await context.newPage();
  pageErrors.watch(page);
  const live = new LivePage(page);
  await live.open();
  return { live, page };
}

test('without a shipped instruments model, Live says so and still shows the sound', async ({ baseURL }) => {
  test.skip(INSTRUMENTS_SHIPPED, 'an instruments model is shipped: the next test covers Live with it');
  const { live, page } = await openLive(fakeMicrophone, baseURL);
  await live.startListening();
  await expect(live.start).toHaveText('Stop');
  await expect(live.model).toHaveText('none');
  await expect(page.getByText('No instruments model is available: showing the sound only.')).toBeVisible();
  await expect.poll(() => live.paintedPixels(live.spectrogram), { timeout: 30_000 }).toBeGreaterThan(1000);
  await expect(live.app.error).toHaveCount(0);
  await live.app.screenshot('live-no-model');
  await live.start.click();
  await expect(live.start).toHaveText('Start');
  await page.context().close();
});

test('the microphone hears a trumpet: named live, at 10+ predictions a second, with its latency', async ({
  baseURL,
}) => {
  test.skip(!INSTRUMENTS_SHIPPED, 'no instruments model is shipped yet (npm run build:models builds it)');
  const { live, page } = await openLive(fakeMicrophone, baseURL);
  await live.startListening();
  await expect(live.start).toHaveText('Stop');
  await expect(live.app.error).toHaveCount(0);
  await expect(live.model).not.toHaveText('none');
  await expect(live.backend).toHaveText(/^(webgl|wasm|cpu)$/);
  await expect(live.input).toContainText('→ 22,050 Hz');

  // The shipped instruments model names the trumpet recording a brass instrument: trumpet has no real recordings
  // to learn from, and since the sampled phrases (experiments.md, fourth round) it hears this one as trombone
  // (trumpet second; before them, saxophone first). report.json's songs section shows the same.
  await expect(live.top).toHaveText(/^(trumpet|trombone)$/, { timeout: 60_000 });

  // The rate: prediction events counted in the page over a few seconds of its own clock.
  // Meanwhile, what the headline names, sampled every 100 ms.
  const before = await live.progress();
  const named = new Map<string, number>();
  for (let i = 0; i < 40; i++) {
    const top = (await live.top.textContent()) ?? '';
    named.set(top, (named.get(top) ?? 0) + 1);
    await page.waitForTimeout(100);
  }
  const after = await live.progress();
  console.log(`live: headline over ~4 s: ${[...named].map(([label, n]) => `${label} ${n}`).join(', ')}`);
  const predictions = after.predictions - before.predictions;
  const pageRate = predictions / (after.pageSeconds - before.pageSeconds);
  const audioRate = predictions / (after.audioSeconds - before.audioSeconds);
  const keptUp = (after.audioSeconds - before.audioSeconds) / (after.pageSeconds - before.pageSeconds);
  console.log(
    `live: ${predictions} predictions in ${(after.pageSeconds - before.pageSeconds).toFixed(2)} s of page time ` +
      `(${pageRate.toFixed(2)} Hz), ${audioRate.toFixed(2)} per second of audio, audio analysed at ${keptUp.toFixed(2)}× real time`,
  );
  test.info().annotations.push({ type: 'rate', description: `${pageRate.toFixed(2)} Hz page time` });
  // By design a prediction every 92.9 ms of audio, however fast the machine is.
  expect(audioRate).toBeGreaterThanOrEqual(10);
  // In page time as well, whenever the analysis keeps up with the microphone (it is real-time audio).
  if (keptUp > 0.95) expect(pageRate).toBeGreaterThanOrEqual(10);

  await expect(live.latency).toHaveText(/^\d+ ms$/);
  const latencyMs = Number(await live.latency.getAttribute('data-ms'));
  expect(latencyMs).toBeGreaterThan(0);
  await expect(live.rate).toHaveText(/^\d+\.\d Hz$/);
  console.log(
    `live: latency shown ${await live.latency.textContent()}, rate shown ${await live.rate.textContent()}`,
  );

  expect(await live.paintedPixels(live.chart)).toBeGreaterThan(1000);
  expect(await live.paintedPixels(live.spectrogram)).toBeGreaterThan(1000);
  await expect(live.top).toHaveText(/^(trumpet|trombone)$/);
  await live.app.screenshot('live-trumpet');

  // Stop releases the microphone and the view goes back to idle.
  await live.start.click();
  await expect(live.start).toHaveText('Start');
  await expect(live.start).toHaveAttribute('data-phase', 'idle');
  await expect(live.latency).toHaveText('—');
  await expect(live.app.error).toHaveCount(0);
  await page.context().close();
});

test('a denied microphone says so in app.error and the view stays usable', async ({ baseURL }) => {
  const { live, page } = await openLive(deniedMicrophone, baseURL);
  await live.start.click();
  await expect(live.app.error).toContainText('Microphone permission was denied', { timeout: 30_000 });
  await expect(live.start).toHaveText('Start');
  await expect(live.start).toHaveAttribute('data-phase', 'idle');
  await expect(live.top).toHaveText('Not listening');
  await live.app.screenshot('live-denied');

  // Shown beside Start too, where the eye is.
  const beside = page.locator('[data-testid="field.error"][data-source="live.start"]');
  await expect(beside).toContainText('Microphone permission was denied');

  // Still usable: the sliders move, a second try reports again (counted on the same entry), other tabs work.
  await live.smoothing.fill('0.8');
  await expect(page.getByText('Smoothing 80 %')).toBeVisible();
  await live.start.click();
  await expect(live.app.error.getByTestId('error.count')).toHaveText('×2');
  await expect(live.app.error.getByTestId('app.error-item')).toHaveCount(1);
  await expect(beside.getByTestId('error.count')).toHaveText('×2');
  await expect(live.start).toHaveAttribute('data-phase', 'idle');
  await live.app.openTab('about');
  await live.app.openTab('live');
  await expect(live.start).toHaveText('Start');
  await page.context().close();
});

test('losing the microphone while listening stops cleanly with a message', async ({ baseURL }) => {
  // Chromium's fake microphone behind a granted permission, which the test can take away.
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS, '--use-fake-device-for-media-stream'],
  });
  const { live, page } = await openLive(browser, baseURL, { grantMicrophone: true });
  await live.startListening();
  await expect(live.start).toHaveText('Stop');
  await expect.poll(async () => (await live.progress()).predictions, { timeout: 60_000 }).toBeGreaterThan(10);
  // Taking the permission away ends the capture track, as unplugging the device does.
  await page.context().clearPermissions();
  await expect(live.app.error).toContainText('The microphone stopped', { timeout: 30_000 });
  await expect(live.start).toHaveText('Start');
  await expect(live.start).toHaveAttribute('data-phase', 'idle');
  await expect(live.top).toHaveText('Not listening');
  // No predictions arrive after the stop.
  const stopped = (await live.progress()).predictions;
  await page.waitForTimeout(1000);
  expect((await live.progress()).predictions).toBe(stopped);
  await live.app.screenshot('live-unplugged');
  await browser.close();
});

test('an insecure page explains that the microphone needs https or localhost', async ({ baseURL }) => {
  const insecure = new URL(baseURL!);
  insecure.hostname = INSECURE_HOST;
  const { live, page } = await openLive(deniedMicrophone, insecure.toString(), { servedFrom: baseURL });
  expect(await page.evaluate(() => window.isSecureContext)).toBe(false);
  await live.start.click();
  await expect(live.app.error).toContainText('The microphone needs a secure page');
  await expect(live.app.error).toContainText(`http://${insecure.host}`);
  await expect(live.start).toHaveAttribute('data-phase', 'idle');
  await page.context().close();
});

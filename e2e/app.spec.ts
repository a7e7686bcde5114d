import { expect, test } from './support/fixtures';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MPEGDecoder } from 'mpg123-decoder';
import { readFileSync } from 'node:fs';
import { oggVorbisDurationSeconds } from './support/oggDuration';

const songs = path.resolve(process.cwd(), '../shared/data/songs');
const VIBE_ACE = path.join(songs, 'Kevin_MacLeod_-_Vibe_Ace.ogg');

test('the app loads with its tabs and says which models it ships', async ({ page, appPage: app }) => {
  await app.goto();
  await expect(page).toHaveTitle('Oído — music classification in your browser');
  for (const tab of ['Classify', 'Live', 'Train', 'About']) {
    await expect(page.getByRole('tab', { name: tab })).toBeVisible();
  }
  if (existsSync(path.resolve(process.cwd(), 'public/models/index.json'))) {
    // Shipped models: no banner, and the Classify tab names the model it uses for each job.
    await expect(page.getByTestId('classify.models')).toContainText('Genre:');
    await expect(app.modelsBanner).toHaveCount(0);
  } else {
    await expect(app.modelsBanner).toContainText('No trained models are shipped yet');
    await expect(app.modelsBanner).toContainText('npm run build:models');
  }
  await expect(app.fileInput).toHaveAttribute('accept', 'audio/*');
  await expect(app.error).toHaveCount(0);
  await app.screenshot('01-home');
});

test('the Live, Train and About tabs open on what they do', async ({ page, appPage: app }) => {
  await app.goto();
  await app.openTab('live');
  await expect(page.getByTestId('live.start')).toBeEnabled();
  await app.screenshot('02-live');
  await app.openTab('train');
  await expect(page.getByTestId('train.data')).toBeVisible();
  await app.openTab('about');
  const about = page.getByTestId('about.page');
  await expect(about).toContainText('No audio, feature or prediction leaves this machine');
  await expect(about).toContainText('Vibe Ace');
  await expect(about).toContainText('Philharmonia Orchestra');
  // The shipped models, each with its held-out figure.
  await expect(page.getByTestId('about.models').locator('li')).toHaveCount(
    JSON.parse(readFileSync('public/models/index.json', 'utf8')).models.length,
  );
  await app.screenshot('03-about');
});

test('dropping a real song shows its true duration, rate, waveform and features', async ({
  appPage: app,
}) => {
  await app.goto();
  await app.dropFiles([VIBE_ACE]);
  const name = path.basename(VIBE_ACE);
  const card = app.result(name);
  await expect(card).toBeVisible({ timeout: 90_000 });
  await expect(card).toHaveAttribute('data-phase', 'done', { timeout: 120_000 });
  await expect(app.progress).toHaveCount(0);

  const trueDuration = oggVorbisDurationSeconds(VIBE_ACE); // 61.46 s from the Ogg container
  expect(Math.abs((await app.durationSeconds(name)) - trueDuration)).toBeLessThan(0.1);
  await expect(card.getByTestId('classify.duration')).toHaveText('1:01.46');
  await expect(card.getByTestId('classify.sample-rate')).toHaveText('22,050 Hz');
  await expect(card.getByTestId('classify.waveform')).toBeVisible();

  const features = await app.features(name);
  expect(Object.keys(features)).toEqual(
    expect.arrayContaining(['rms_mean', 'centroid_mean', 'zcr_mean', 'flatness_mean', 'mfcc1_mean']),
  );
  for (const [feature, value] of Object.entries(features)) expect(Number.isFinite(value), feature).toBe(true);
  // A mastered jazz/electronic track: audible, tonal rather than noise, a brightness in the musical range.
  expect(features.rms_mean).toBeGreaterThan(0.01);
  expect(features.rms_mean).toBeLessThan(0.71); // a full-scale sine's RMS
  expect(features.centroid_mean).toBeGreaterThan(200);
  expect(features.centroid_mean).toBeLessThan(8000);
  expect(features.rolloff_mean).toBeGreaterThan(features.centroid_mean);
  expect(features.zcr_mean).toBeGreaterThan(0.005);
  expect(features.zcr_mean).toBeLessThan(0.5);
  expect(features.flatness_mean).toBeGreaterThanOrEqual(0);
  expect(features.flatness_mean).toBeLessThan(0.5);
  await expect(app.error).toHaveCount(0);
  await app.screenshot('04-classify-song');
});

test('a 44.1 kHz MP3 is resampled to 22,050 Hz for analysis and keeps its duration', async ({
  appPage: app,
}) => {
  // An everyday sound from the OLPC Berklee library (CC BY 3.0), read in place, never copied.
  const mp3 = path.resolve(process.cwd(), '../shared/data/instruments/other/tissue_1.mp3');
  const decoder = new MPEGDecoder();
  await decoder.ready;
  const reference = decoder.decode(new Uint8Array(readFileSync(mp3)));
  decoder.free();
  expect(reference.sampleRate).toBe(44_100);
  const referenceSeconds = reference.samplesDecoded / reference.sampleRate;

  await app.goto();
  await app.dropFiles([mp3]);
  const name = path.basename(mp3);
  await expect(app.result(name)).toBeVisible({ timeout: 60_000 });
  await expect(app.result(name).getByTestId('classify.sample-rate')).toHaveText('44,100 Hz');
  const seconds = await app.durationSeconds(name);
  // Decoders differ by an encoder delay at most (about 1,100 samples); 0.1 s is far beyond that.
  expect(Math.abs(seconds - referenceSeconds)).toBeLessThan(0.1);
  // Our resampler, not the browser's: the analysis signal has the 22,050 Hz length of the decoded audio.
  expect(Math.abs((await app.analysisSamples(name)) - seconds * 22_050)).toBeLessThanOrEqual(1);
  await expect(app.error).toHaveCount(0);
  await app.screenshot('05-classify-mp3-44k');
});

test('a corrupt file and an empty file each get a clear error, and a good file still works', async ({
  page,
  appPage: app,
}) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'oido-e2e-'));
  const corrupt = path.join(dir, 'corrupt.mp3');
  // Seeded bytes, so the same "file" every run: noise with no audio header.
  let seed = 0x5eed;
  const noise = Buffer.alloc(64 * 1024);
  for (let i = 0; i < noise.length; i++) {
    seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
    noise[i] = seed >>> 24;
  }
  writeFileSync(corrupt, noise);
  const empty = path.join(dir, 'empty.wav');
  writeFileSync(empty, Buffer.alloc(0));
  const trumpet = path.join(songs, 'sorohanro_-_solo-trumpet-06.ogg');

  await app.goto();
  await app.dropFiles([corrupt, empty, trumpet]);
  await expect(app.error).toBeVisible({ timeout: 60_000 });
  await expect(app.error).toContainText(
    'Could not decode "corrupt.mp3": not an audio file this browser can read',
  );
  await expect(app.error).toContainText('Could not decode "empty.wav": the file is empty (0 bytes)');
  await expect(app.result(path.basename(trumpet))).toHaveAttribute('data-phase', 'done', {
    timeout: 120_000,
  });
  // Every file keeps its card; the two that failed say so, and only the trumpet has a waveform.
  await expect(app.results).toHaveCount(3);
  await expect(app.results.and(page.locator('[data-phase="error"]'))).toHaveCount(2);
  await expect(app.result('corrupt.mp3')).toContainText('not an audio file this browser can read');
  await expect(page.getByTestId('classify.waveform')).toHaveCount(1);
  await app.screenshot('06-classify-errors');

  await app.error.getByRole('button', { name: 'Dismiss this message' }).first().click();
  await expect(app.error.locator('li')).toHaveCount(1);
});

test('the page makes no request outside its own origin', async ({ page, appPage: app }) => {
  const requests: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  await app.goto();
  // Dragged and dropped this time, through the drop zone's drop event rather than the file picker.
  await app.dragAndDropFiles([path.join(songs, 'sorohanro_-_solo-trumpet-06.ogg')]);
  await expect(app.results).toHaveCount(1, { timeout: 60_000 });
  for (const tab of ['live', 'train', 'about', 'classify'] as const) await app.openTab(tab);

  const origin = new URL(page.url()).origin;
  // Not vacuous: the page, the classify worker and the model index were all fetched.
  expect(requests.some((url) => /classify\.worker.*\.js$/.test(url))).toBe(true);
  expect(requests.some((url) => url.endsWith('/models/index.json'))).toBe(true);
  const outside = requests.filter((url) => !url.startsWith('data:') && new URL(url).origin !== origin);
  expect(outside).toEqual([]);
  await app.screenshot('07-offline');
});

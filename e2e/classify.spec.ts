import { expect, test } from './support/fixtures';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { resample } from '../src/core/audio/resample';
import { encodePcm16, wav16Header } from '../src/core/audio/wav';
import { parseCsv } from '../src/core/data/csv';
import { songSegments } from '../src/core/predict/applyModel';
import { decodeAudioFile } from '../src/node/decodeFile';
import { oggVorbisDurationSeconds } from './support/oggDuration';

const data = path.resolve(process.cwd(), '../shared/data');
const songs = path.join(data, 'songs');
const VIBE_ACE = path.join(songs, 'Kevin_MacLeod_-_Vibe_Ace.ogg');
const TRUMPET = path.join(songs, 'sorohanro_-_solo-trumpet-06.ogg');
const SPIKE_TEST = path.join(data, 'tabular/spike-reggaeton/data_test.csv');
/** The instruments model ships once `npm run build:models` has built it; until then the view says none is in use. */
const INSTRUMENTS_SHIPPED = existsSync(path.resolve(process.cwd(), 'public/models/instruments/meta.json'));

function scratchDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'oido-classify-'));
}

/** A 16-bit WAV of interleaved channels. */
function writeWav(file: string, channels: Float32Array[], sampleRate: number): void {
  const frames = channels[0].length;
  const interleaved = new Float32Array(frames * channels.length);
  for (let i = 0; i < frames; i++)
    for (let c = 0; c < channels.length; c++) interleaved[i * channels.length + c] = channels[c][i];
  writeFileSync(
    file,
    Buffer.concat([wav16Header(frames, sampleRate, channels.length), encodePcm16(interleaved)]),
  );
}

test('a real song gets genre bars, a timeline per 30-s segment, instruments over time and a scatter', async ({
  classifyPage: app,
}) => {
  await app.goto();
  await expect(app.models).toContainText('Genre:');
  await app.dropFiles([VIBE_ACE]);
  const name = path.basename(VIBE_ACE);
  const card = await app.waitDone(name);
  await expect(card).toHaveAttribute('data-phase', 'done');
  await expect(app.error).toHaveCount(0);

  // Genre: one bar per class shown, probabilities summing to 1, the top one named as the song's genre.
  const bars = await app.genreBars(card);
  const classes = await card.getByTestId('classify.timeline').locator('.legend__item').count();
  expect(classes).toBeGreaterThanOrEqual(2);
  expect(bars).toHaveLength(Math.min(10, classes));
  const sum = bars.reduce((a, b) => a + b.p, 0);
  expect(sum).toBeGreaterThan(0.99);
  expect(sum).toBeLessThan(1.01);
  for (let i = 1; i < bars.length; i++) expect(bars[i - 1].p).toBeGreaterThanOrEqual(bars[i].p);
  await expect(card.getByTestId('classify.top-genre')).toHaveText(bars[0].name);

  // Timeline: one column per segment of the true duration (the core's rule: 30 s, a tail under 3 s joining the
  // one before), every one classified.
  const duration = oggVorbisDurationSeconds(VIBE_ACE);
  const expected = songSegments(Math.round(duration * 22_050)).length;
  const segments = card.getByTestId('classify.timeline-segment');
  await expect(segments).toHaveCount(expected);
  await expect(card.getByTestId('classify.timeline').locator('[data-state="done"]')).toHaveCount(expected);
  const lastEnd = Number(await segments.last().getAttribute('data-end'));
  expect(Math.abs(lastEnd - duration)).toBeLessThan(0.1);

  // Instruments: a row per class of the model, over about one window a second, and a verdict.
  const instruments = card.getByTestId('classify.instruments');
  if (INSTRUMENTS_SHIPPED) {
    await expect(instruments).toBeVisible();
    const windows = Number(await instruments.getAttribute('data-windows'));
    expect(Math.abs(windows - Math.floor(duration))).toBeLessThanOrEqual(1);
    expect(await instruments.getByTestId('classify.instrument-row').count()).toBeGreaterThanOrEqual(2);
    // Only instruments it is confident of are listed; with none, it says it is not sure rather than guessing.
    const present = await instruments.locator('[data-present="true"]').count();
    const verdict = instruments.getByTestId('classify.instruments-verdict');
    await expect(verdict).toHaveAttribute('data-sure', String(present > 0));
    await expect(verdict).toContainText(present > 0 ? 'Heard:' : 'Not sure of any instrument');
  } else {
    await expect(app.models).toContainText('Instruments: none');
    await expect(instruments).toHaveCount(0);
  }

  // Scatter: the model's training points and one point per sounding segment.
  const scatter = card.getByTestId('classify.scatter');
  await expect(scatter).toBeVisible();
  expect(Number(await scatter.getAttribute('data-training-points'))).toBeGreaterThan(100);
  await expect(scatter).toHaveAttribute('data-highlighted-points', String(expected));

  // Waveform, spectrogram and a player for the file itself.
  await expect(card.getByTestId('classify.waveform')).toBeVisible();
  await expect(card.getByTestId('classify.spectrogram')).toBeVisible();
  await expect(card.getByTestId('classify.audio')).toHaveAttribute('src', /^blob:/);
  await expect(app.models).toContainText(/TensorFlow\.js on (WEBGL|WASM|CPU)/);

  // Playing moves the playhead (by requestAnimationFrame) across the waveform.
  const audio = card.getByTestId('classify.audio');
  await audio.evaluate(async (element: HTMLAudioElement) => {
    element.muted = true;
    element.currentTime = 20;
    await element.play();
  });
  const playhead = card.getByTestId('classify.playhead');
  await expect(playhead).toHaveCSS('opacity', '1');
  const offset = async () =>
    playhead.evaluate((el) => new DOMMatrixReadOnly(getComputedStyle(el).transform).m41);
  const first = await offset();
  await expect.poll(offset).toBeGreaterThan(first);
  const width = await card.getByTestId('classify.waveform').evaluate((el) => el.clientWidth);
  expect(first).toBeGreaterThan(width * (19 / duration));
  await audio.evaluate((element: HTMLAudioElement) => element.pause());
  await app.screenshot('classify-song');
});

test('two songs make a results table that exports as CSV', async ({ page, classifyPage: app }) => {
  await app.goto();
  await app.dropFiles([VIBE_ACE, TRUMPET]);
  await app.waitDone(path.basename(VIBE_ACE));
  await app.waitDone(path.basename(TRUMPET));
  const rows = app.resultsTable.locator('tbody tr');
  await expect(rows).toHaveCount(2);
  await expect(rows.first()).toContainText(path.basename(VIBE_ACE));
  await expect(rows.nth(1)).toContainText(path.basename(TRUMPET));

  const { download, text } = await app.downloadCsv();
  expect(download.suggestedFilename()).toBe('oido-results.csv');
  const csv = parseCsv(text);
  expect(csv.header).toEqual([
    'file',
    'duration_s',
    'top_genre',
    'top_genre_probability',
    'instruments',
    'status',
  ]);
  expect(csv.rows).toHaveLength(2);
  expect(csv.rows.map((r) => r[0])).toEqual([path.basename(VIBE_ACE), path.basename(TRUMPET)]);
  for (const row of csv.rows) expect(row[5]).toBe('done');
  expect(Number(csv.rows[0][3])).toBeGreaterThan(0);
  expect(Number(csv.rows[0][3])).toBeLessThanOrEqual(1);
  // The solo trumpet is no GTZAN genre: no label, so empty genre cells rather than "pop 97 %".
  expect(csv.rows[1].slice(2, 4)).toEqual(['', '']);
  expect(Math.abs(Number(csv.rows[0][1]) - oggVorbisDurationSeconds(VIBE_ACE))).toBeLessThan(0.1);
  await app.screenshot('classify-two-songs');

  // On a phone's width nothing pushes the page sideways (wide tables scroll inside their card).
  await page.setViewportSize({ width: 390, height: 844 });
  await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await app.screenshot('classify-narrow');
});

test('a folder: its audio files are analysed, other files left out', async ({ page, classifyPage: app }) => {
  const dir = scratchDir();
  const folder = path.join(dir, 'album');
  mkdirSync(folder);
  copyFileSync(TRUMPET, path.join(folder, '01 trumpet.ogg'));
  writeFileSync(path.join(folder, 'licence.txt'), 'CC BY 3.0\n');
  await app.goto();
  await page.getByTestId('classify.folder-input').setInputFiles(folder);
  await app.waitDone('01 trumpet.ogg');
  await expect(app.results).toHaveCount(1);
  await expect(app.error).toHaveCount(0);
  await app.screenshot('classify-folder');
});

test('with no song at hand, a demo song shipped with the app is analysed like a dropped one', async ({
  page,
  classifyPage: app,
}) => {
  await app.goto();
  const demos = page.getByTestId('classify.demo');
  await expect(demos).toHaveCount(3);
  await app.screenshot('classify-empty-demos');
  await demos.filter({ hasText: 'Solo trumpet' }).click();
  const card = await app.waitDone('solo-trumpet.ogg');
  await expect(card).toHaveAttribute('data-phase', 'done');
  // Analysed in full: the genre model declines it (a solo trumpet is no GTZAN genre), instruments are named.
  await expect(card.getByTestId('classify.abstain')).toHaveAttribute('data-reason', 'unfamiliar');
  await expect(card.getByTestId('classify.instruments')).toBeVisible();
  // Still offered beside the results, on one quiet line: another demo is one click away.
  await expect(page.getByTestId('classify.demos')).toBeVisible();
  await demos.filter({ hasText: 'Vibe Ace' }).click();
  await app.waitDone('vibe-ace.ogg');
  await expect(app.results).toHaveCount(2);
  await expect(demos).toHaveCount(3);
  await app.screenshot('classify-demos-after-results');
  await expect(app.error).toHaveCount(0);
});

test('the Spike CSV: 50 rows scored, the cut-off picks the reggaeton list', async ({
  page,
  classifyPage: app,
}) => {
  await app.goto();
  await app.scoreCsv(SPIKE_TEST);
  await expect(page.getByTestId('classify.table-summary')).toHaveAttribute('data-scored', '50', {
    timeout: 60_000,
  });
  await expect(page.getByTestId('classify.table-summary')).toHaveAttribute('data-skipped', '0');

  const atTuned = await app.listedScores();
  const tuned = Number(await page.getByTestId('classify.cutoff-value').textContent());
  for (const s of atTuned) expect(s).toBeGreaterThanOrEqual(tuned - 0.005);
  for (let i = 1; i < atTuned.length; i++) expect(atTuned[i - 1]).toBeGreaterThanOrEqual(atTuned[i]);

  await app.setCutoff(0);
  await expect(app.reggaetonList.getByTestId('classify.reggaeton-row')).toHaveCount(50);
  await app.setCutoff(1);
  const none = await app.listedScores();
  expect(none.every((s) => s >= 1)).toBe(true);
  expect(none.length).toBeLessThan(50);
  await app.setCutoff(0.5);
  const half = await app.listedScores();
  expect(half.every((s) => s >= 0.5)).toBe(true);
  await app.screenshot('classify-spike-csv');

  // A row with an empty value is listed and skipped; a CSV without the model's columns is refused by name.
  const dir = scratchDir();
  const lines = readFileSync(SPIKE_TEST, 'utf8').trim().split('\n');
  const header = lines[0].split(',');
  const energy = header.indexOf('"energy"');
  const broken = lines[3].split(',');
  broken[energy] = '';
  const withEmpty = path.join(dir, 'with-empty.csv');
  writeFileSync(withEmpty, [lines[0], lines[1], lines[2], broken.join(',')].join('\n'));
  await app.scoreCsv(withEmpty);
  await expect(page.getByTestId('classify.table-summary')).toHaveAttribute('data-scored', '2');
  await expect(page.getByTestId('classify.table-summary')).toHaveAttribute('data-skipped', '1');
  await page.getByTestId('classify.skipped-rows').locator('summary').click();
  await expect(page.getByTestId('classify.skipped-rows')).toContainText('empty energy');

  const missing = path.join(dir, 'missing.csv');
  const keep = header
    .map((h, i) => (['"danceability"', '"tempo"'].includes(h) ? -1 : i))
    .filter((i) => i >= 0);
  writeFileSync(
    missing,
    lines
      .slice(0, 4)
      .map((l) => keep.map((i) => l.split(',')[i]).join(','))
      .join('\n'),
  );
  await app.scoreCsv(missing);
  await expect(app.error).toContainText('"missing.csv"');
  await expect(app.error).toContainText('danceability');
  await expect(app.error).toContainText('tempo');
});

test('bad files get clear errors, silence a defined answer, and the good file still works', async ({
  classifyPage: app,
}) => {
  const dir = scratchDir();
  const corrupt = path.join(dir, 'corrupt.ogg');
  // A real Ogg file cut short and then overwritten past its headers: recognisable, but not decodable audio.
  const ogg = readFileSync(TRUMPET);
  const damaged = Buffer.from(ogg.subarray(0, 6000));
  let seed = 0x5eed;
  for (let i = 200; i < damaged.length; i++) {
    seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
    damaged[i] = seed >>> 24;
  }
  writeFileSync(corrupt, damaged);
  const text = path.join(dir, 'notes.txt');
  writeFileSync(text, 'not audio at all\n');
  const truncated = path.join(dir, 'truncated.ogg');
  writeFileSync(truncated, readFileSync(VIBE_ACE).subarray(0, 120_000));
  const silent = path.join(dir, 'silence.wav');
  writeWav(silent, [new Float32Array(22_050 * 5)], 22_050);
  const tone = path.join(dir, 'tone-440.wav');
  writeWav(
    tone,
    [Float32Array.from({ length: 22_050 * 5 }, (_, i) => 0.3 * Math.sin((2 * Math.PI * 440 * i) / 22_050))],
    22_050,
  );

  await app.goto();
  await app.dropFiles([corrupt, text, truncated, silent, tone, TRUMPET]);
  await app.waitDone(path.basename(TRUMPET));
  await expect(app.error).toContainText('Could not decode "notes.txt"');
  await expect(app.error).toContainText('"corrupt.ogg"');
  const quiet = await app.waitDone('silence.wav');
  await expect(quiet).toHaveAttribute('data-phase', 'done');
  await expect(quiet.getByTestId('classify.silent')).toContainText('silent');
  await expect(quiet.getByTestId('classify.timeline').locator('[data-state="silent"]')).toHaveCount(1);
  // A file cut short decodes as far as it goes: a defined, shorter answer (or a clear error), never a hang.
  const cut = await app.waitDone('truncated.ogg');
  if ((await cut.getAttribute('data-phase')) === 'done') {
    const seconds = Number(await cut.getByTestId('classify.duration').getAttribute('data-seconds'));
    expect(seconds).toBeGreaterThan(1);
    expect(seconds).toBeLessThan(oggVorbisDurationSeconds(VIBE_ACE));
  } else {
    await expect(app.error).toContainText('"truncated.ogg"');
  }
  await expect(app.result(path.basename(TRUMPET))).toHaveAttribute('data-phase', 'done');
  // A solo trumpet is no GTZAN genre: the genre model says so rather than "pop 97 %".
  const trumpet = app.result(path.basename(TRUMPET));
  await expect(trumpet.getByTestId('classify.abstain')).toHaveAttribute('data-reason', 'unfamiliar');
  await expect(trumpet.getByTestId('classify.abstain')).toContainText(
    'Does not sound like the music this model knows',
  );
  await expect(trumpet.getByTestId('classify.top-genre')).toHaveCount(0);
  // Its segment lies outside the training cloud, and the scatter marks it so (hollow, dashed, in the legend).
  const trumpetScatter = trumpet.getByTestId('classify.scatter');
  await expect(trumpetScatter).toHaveAttribute('data-outside-points', '1');
  await expect(trumpetScatter).toContainText("outside the model's training data (no label)");
  // A pure tone is no instrument the model knows: nothing listed as heard, and the strip says why.
  const sine = await app.waitDone('tone-440.wav');
  await expect(sine.getByTestId('classify.instruments-verdict')).toHaveAttribute('data-sure', 'false');
  await expect(sine.getByTestId('classify.instruments-verdict')).toContainText(
    'Does not sound like an instrument this model knows',
  );
  await app.screenshot('classify-bad-input');
});

test('a 3-minute song: timings per phase, and a long analysis can be cancelled', async ({
  page,
  classifyPage: app,
}) => {
  // Three songs end to end, 44.1 kHz stereo as a typical file: decoding, resampling and all 6 segments run.
  const pieces = await Promise.all(
    [
      VIBE_ACE,
      path.join(songs, 'Karissa_Hobbs_-_Lets_Go_Fishin.ogg'),
      path.join(songs, 'Kevin_MacLeod_-_P_I_Tchaikovsky_Dance_of_the_Sugar_Plum_Fairy.ogg'),
    ].map(async (file) => (await decodeAudioFile(file)).samples),
  );
  const target = 180 * 22_050;
  const joined = new Float32Array(target);
  let at = 0;
  for (const piece of pieces) {
    const take = Math.min(piece.length, target - at);
    joined.set(piece.subarray(0, take), at);
    at += take;
  }
  expect(at).toBe(target);
  const upsampled = resample(joined, 22_050, 44_100);
  const dir = scratchDir();
  const long = path.join(dir, 'three-minutes.wav');
  writeWav(long, [upsampled, upsampled], 44_100);

  await app.goto();
  const logs: string[] = [];
  page.on('console', (message) => {
    if (message.text().startsWith('[classify]')) logs.push(message.text());
  });
  await app.dropFiles([long]);
  const card = await app.waitDone('three-minutes.wav');
  await expect(card.getByTestId('classify.timeline-segment')).toHaveCount(6);
  await expect(card.getByTestId('classify.timings')).toContainText('first answer');
  console.log(logs.join('\n'));
  console.log(await card.getByTestId('classify.timings').textContent());
  await app.screenshot('classify-three-minutes');

  // Again, cancelled while it runs: the card says so, and nothing is left running.
  await app.dropFiles([long]);
  const second = app.results.nth(1);
  await expect(second.getByTestId('classify.cancel')).toBeVisible();
  await second.getByTestId('classify.cancel').click();
  await expect(second).toHaveAttribute('data-phase', 'cancelled');
  await expect(app.progress).toHaveCount(0);
  await expect(app.error).toHaveCount(0);
  // The workers start afresh: the next file is analysed as usual.
  await app.dropFiles([TRUMPET]);
  await expect(app.waitDone(path.basename(TRUMPET))).resolves.toBeTruthy();
  await expect(app.result(path.basename(TRUMPET))).toHaveAttribute('data-phase', 'done');
});

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
 * Live's headline on a fake microphone that loops a real violin phrase (../shared/data, read in place) and
 * then 2.5 s of silence: silence is shown as "Silence", the headline does not flicker, and an open-set rule
 * in the bundle's meta switches "not an instrument I know" on.
 */
const VIOLIN = path.resolve(
  process.cwd(),
  '../shared/data/instruments-real/violin/violin-or-fiddle-68589f79.flac',
);
const SILENCE_SECONDS = 2.5;

async function makeWav(dir: string): Promise<string> {
  const { samples, sampleRate } = await decodeAudioFile(VIOLIN);
  const sound = resample(samples, sampleRate, MIC_RATE);
  const wav = new Float32Array(sound.length + SILENCE_SECONDS * MIC_RATE);
  wav.set(sound);
  const file = path.join(dir, 'violin-then-silence-48k.wav');
  writeFileSync(file, encodeWav16(wav, MIC_RATE));
  return file;
}

const { openLive } = fakeMicrophoneBrowser({ recording: VIOLIN, makeWav });

/** The headline's kind and text every 100 ms for `seconds`. */
async function headlineTrace(live: LivePage, seconds: number): Promise<string[]> {
  const trace: string[] = [];
  for (let i = 0; i < seconds * 10; i++) {
    // Kind and text read together, so that a change between the two reads is not counted twice.
    trace.push(await live.top.evaluate((el) => `${(el as HTMLElement).dataset.kind}:${el.textContent}`));
    await live.page.waitForTimeout(100);
  }
  return trace;
}

test('silence is shown as Silence, and the headline does not flicker between sound and silence', async ({
  baseURL,
}) => {
  const { live, page } = await openLive(baseURL);
  await live.startListening();
  await expect(live.top).toHaveAttribute('data-kind', /instrument|other|unknown/, { timeout: 60_000 });
  const trace = await headlineTrace(live, 12);
  const changes = trace.filter((t, i) => i > 0 && t !== trace[i - 1]).length;
  const said = [...new Set(trace)];
  const runs: string[] = [];
  trace.forEach((t, i) => {
    if (i === 0 || t !== trace[i - 1]) runs.push(`${t} ×1`);
    else runs[runs.length - 1] = runs[runs.length - 1].replace(/×(\d+)$/, (_, n) => `×${Number(n) + 1}`);
  });
  console.log(`headline: over 12 s (every 100 ms): ${runs.join(' → ')}; ${changes} changes`);
  expect(said).toContain('silence:Silence');
  expect(said.some((s) => /^(instrument|other|unknown):/.test(s))).toBe(true);
  // Violin phrases then 2.5 s of silence, looped: the headline changes with the sound, not at every breath. How
  // many changes fall in 12 s depends on where in the loop the trace starts, so the rule is on how long each
  // answer stays: every answer between the first and the last is held for at least half a second.
  const held = runs.slice(1, -1).map((r) => Number(/×(\d+)$/.exec(r)![1]));
  for (const samples of held) expect(samples, runs.join(' → ')).toBeGreaterThanOrEqual(5);
  expect(changes).toBeGreaterThanOrEqual(2);
  await expect(live.top).toHaveText('Silence', { timeout: 10_000 });
  await live.app.screenshot('live-silence');
  await page.context().close();
});

test('an open-set rule in the bundle meta makes Live say "not an instrument I know"', async ({ baseURL }) => {
  // The shipped meta with an energy rule no sound can pass: every sounding window is "not known". Routed
  // before the app opens: Classify preloads the shipped models as it opens, and Live may reuse what it read.
  const { live, page } = await openLive(baseURL, undefined, (page) =>
    page.route('**/models/instruments/meta.json', async (route) => {
      const response = await route.fetch();
      const meta = (await response.json()) as { metrics: Record<string, unknown> };
      meta.metrics.openSet = { version: 1, score: 'energy', temperature: 1, threshold: -1000 };
      await route.fulfill({ response, json: meta });
    }),
  );
  await live.startListening();
  await expect(live.top).toHaveText('not an instrument I know', { timeout: 60_000 });
  await expect(live.top).toHaveAttribute('data-kind', 'unknown');
  await expect(page.getByTestId('live.open-set')).toHaveText(
    'energy score above -1000 (T = 1), from the model',
  );
  // Silence stays its own answer.
  await expect(live.top).toHaveText('Silence', { timeout: 15_000 });
  await expect(live.top).toHaveText('not an instrument I know', { timeout: 15_000 });
  await live.app.screenshot('live-not-known');
  // A class the user teaches is known, whatever the base model's score says.
  const teach = new TeachPanel(page);
  await teach.teach('my fiddle', 3, { existing: false });
  await expect(live.top).toHaveText('my fiddle', { timeout: 30_000 });
  await page.context().close();
});

import { expect, test } from './support/fixtures';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { encodeWav16 } from '../src/core/audio/wav';

const songs = path.resolve(process.cwd(), '../shared/data/songs');
const VIBE_ACE = path.join(songs, 'Kevin_MacLeod_-_Vibe_Ace.ogg');
const TRUMPET = path.join(songs, 'sorohanro_-_solo-trumpet-06.ogg');

function scratch(name: string, bytes: Uint8Array): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'oido-doubt-')), name);
  writeFileSync(file, bytes);
  return file;
}

test('a truncated Ogg and a WAV whose header promises more get a note and no label for the whole file; decoded segments keep theirs', async ({
  classifyPage: app,
}) => {
  await app.goto();
  const whole = readFileSync(VIBE_ACE);
  const cutOgg = scratch('vibe-ace-cut.ogg', whole.subarray(0, Math.floor(whole.length * 0.4)));
  // Six seconds of a chord promised, three present: the file ends mid data chunk.
  const tone = Float32Array.from(
    { length: 22_050 * 6 },
    (_, i) =>
      0.3 * Math.sin((2 * Math.PI * 220 * i) / 22_050) + 0.2 * Math.sin((2 * Math.PI * 330 * i) / 22_050),
  );
  const wav = encodeWav16(tone, 22_050);
  const cutWav = scratch('tone-cut.wav', wav.subarray(0, 44 + 22_050 * 2 * 3));
  await app.dropFiles([cutOgg, cutWav, TRUMPET]);

  const ogg = await app.waitDone('vibe-ace-cut.ogg');
  await expect(ogg).toHaveAttribute('data-phase', 'done');
  const oggNote = ogg.getByTestId('classify.doubt');
  await expect(oggNote).toContainText(
    /decoded (\d+\.\d) s of an Ogg whose pages break at (\d+\.\d) s: the file is cut short/,
  );
  const [, decoded, broke] = /decoded (\d+\.\d) s of an Ogg whose pages break at (\d+\.\d) s/.exec(
    (await oggNote.textContent()) ?? '',
  )!;
  expect(Math.abs(Number(decoded) - Number(broke))).toBeLessThan(1);
  const shown = Number(await ogg.getByTestId('classify.duration').getAttribute('data-seconds'));
  expect(Math.abs(shown - Number(decoded))).toBeLessThan(0.06);
  // No confident answer for the whole file: no label, the reason beside the note; the segments that decoded
  // keep their own answers on the timeline.
  await expect(ogg.getByTestId('classify.top-genre')).toHaveCount(0);
  await expect(ogg.getByTestId('classify.abstain')).toHaveAttribute('data-reason', 'doubtful');
  await expect(ogg.getByTestId('classify.abstain')).toContainText('No label for the whole file');
  await expect(ogg.getByTestId('classify.timeline-segment').first()).toBeVisible();

  const cut = await app.waitDone('tone-cut.wav');
  await expect(cut).toHaveAttribute('data-phase', 'done');
  await expect(cut.getByTestId('classify.doubt')).toContainText(
    'decoded 3.0 s of a WAV whose header promises 6.0 s: the file is cut short (or its header is wrong)',
  );

  // A whole file carries no note.
  const trumpet = await app.waitDone(path.basename(TRUMPET));
  await expect(trumpet).toHaveAttribute('data-phase', 'done');
  await expect(trumpet.getByTestId('classify.doubt')).toHaveCount(0);
  await ogg.scrollIntoViewIfNeeded();
  await app.screenshot('doubt-truncated');
});

test('an all-silent file gets no genre: the card says every segment is silent', async ({
  classifyPage: app,
}) => {
  await app.goto();
  const silent = scratch('silence.wav', encodeWav16(new Float32Array(22_050 * 5), 22_050));
  await app.dropFiles([silent]);
  const card = await app.waitDone('silence.wav');
  await expect(card).toHaveAttribute('data-phase', 'done');
  await expect(card.getByTestId('classify.silent')).toContainText('Every segment is silent');
  await expect(card.getByTestId('classify.top-genre')).toHaveCount(0);
  await expect(card.getByTestId('classify.doubt')).toHaveCount(0);
});

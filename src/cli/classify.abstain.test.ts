import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { encodeWav16 } from '../core/audio/wav';
import { initNodeTf } from '../node/tf';
import { classifyCommand } from './classify';
import { captureIo, ROOT, tempDir } from './testing';

const GENRE = path.join(ROOT, 'public/models/genre');
const INSTRUMENTS = path.join(ROOT, 'public/models/instruments');
/** Real recordings of the shipped instruments model's held-out fold (report.json split.realHeldOut). */
const REAL = path.join(ROOT, '../shared/data/instruments-real');
const REAL_HELD_OUT = [
  'percussion/hi-hat-5ec7ad26.flac',
  'double-bass/double-bass-19893aa8.flac',
  'flute/flute-84f5b84b.flac',
];
const RATE = 22_050;
let dir: string;

async function wav(name: string, samples: number, value: (i: number) => number): Promise<string> {
  const file = path.join(dir, `${name}.wav`);
  await writeFile(
    file,
    encodeWav16(
      Float32Array.from({ length: samples }, (_, i) => value(i)),
      RATE,
    ),
  );
  return file;
}

beforeAll(async () => {
  await initNodeTf();
  dir = await tempDir('abstain');
});

describe('classify abstains where the shipped genre model cannot know', () => {
  it('gives no confident genre for one sample, a DC offset, a square wave or a pure tone', async () => {
    const files = [
      await wav('one-sample', 1, () => 0.5),
      await wav('dc', 10 * RATE, () => 0.5),
      await wav('square', 10 * RATE, (i) => (Math.floor((i * 880) / RATE) % 2 ? 0.5 : -0.5)),
      await wav('tone', 10 * RATE, (i) => 0.5 * Math.sin((2 * Math.PI * 440 * i) / RATE)),
    ];
    const io = captureIo();
    const { results, failures } = await classifyCommand(['--model', GENRE, '--json', ...files], io);
    expect(failures).toBe(0);
    const byName = new Map(results.map((r) => [path.basename(r.file, '.wav'), r]));
    expect(byName.get('one-sample')).toMatchObject({ top: null });
    expect(byName.get('one-sample')?.reason).toMatch(/^Too short to tell/);
    for (const name of ['dc', 'square', 'tone']) {
      const r = byName.get(name)!;
      const confident = r.top !== null && r.probs[r.top] >= 0.5;
      expect(confident, `${name}: ${r.top} ${JSON.stringify(r.probs)}`).toBe(false);
      if (r.top === null) expect(r.reason).toMatch(/^Does not sound like the music this model knows/);
    }
    // One JSON line per file, with "top": null and the reason where it abstains.
    expect(JSON.parse(io.stdout[0])).toMatchObject({ top: null, reason: expect.any(String) });
  });
});

describe('classify abstains where the shipped instruments model cannot know', () => {
  it('names no instrument with confidence for a pure tone, a DC offset, a square wave or one sample', async () => {
    const files = [
      await wav('i-one-sample', 1, () => 0.5),
      await wav('i-dc', 5 * RATE, () => 0.5),
      await wav('i-square', 5 * RATE, (i) => (Math.floor((i * 880) / RATE) % 2 ? 0.5 : -0.5)),
      await wav('i-tone', 10 * RATE, (i) => 0.5 * Math.sin((2 * Math.PI * 440 * i) / RATE)),
      await wav('i-low-tone', 5 * RATE, (i) => 0.3 * Math.sin((2 * Math.PI * 110 * i) / RATE)),
    ];
    const io = captureIo();
    const { results, failures } = await classifyCommand(['--model', INSTRUMENTS, '--json', ...files], io);
    expect(failures).toBe(0);
    for (const r of results) {
      const confident = r.top !== null && r.probs[r.top] >= 0.5;
      expect(confident, `${path.basename(r.file)}: ${r.top} ${JSON.stringify(r.probs)}`).toBe(false);
    }
    const byName = new Map(results.map((r) => [path.basename(r.file, '.wav'), r]));
    expect(byName.get('i-one-sample')?.reason).toMatch(/^Too short to tell/);
    for (const name of ['i-dc', 'i-square', 'i-tone', 'i-low-tone']) {
      expect(byName.get(name)).toMatchObject({ top: null });
      expect(byName.get(name)?.reason).toMatch(/lies outside its training data/);
    }
  });

  it('still names real recordings it never trained on', async () => {
    const io = captureIo();
    const files = REAL_HELD_OUT.map((f) => path.join(REAL, f));
    const { results, failures } = await classifyCommand(['--model', INSTRUMENTS, '--json', ...files], io);
    expect(failures).toBe(0);
    expect(results.map((r) => r.top)).toEqual(REAL_HELD_OUT.map((f) => f.split('/')[0]));
  });
});

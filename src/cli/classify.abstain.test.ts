import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { encodeWav16 } from '../core/audio/wav';
import { initNodeTf } from '../node/tf';
import { classifyCommand } from './classify';
import { captureIo, ROOT, tempDir } from './testing';

const GENRE = path.join(ROOT, 'public/models/genre');
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

import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { encodeWav16 } from '../core/audio/wav';
import { createRng } from '../core/random';
import { initNodeTf } from '../node/tf';
import { classifyCommand } from './classify';
import { captureIo, ROOT, tempDir } from './testing';

const GENRE = path.join(ROOT, 'public/models/genre');
const RATE = 22_050;

beforeAll(async () => {
  await initNodeTf();
});

describe('the shipped genre model on noise', () => {
  it('gives white noise no label: it lies outside the 30-s rows the novelty rule was fitted on', async () => {
    const dir = await tempDir('noise');
    const rng = createRng(11);
    const files: string[] = [];
    for (const [name, amplitude] of [
      ['uniform', 0.5],
      ['quiet', 0.1],
    ] as const) {
      const file = path.join(dir, `${name}.wav`);
      const samples = Float32Array.from({ length: 30 * RATE }, () => amplitude * (2 * rng.next() - 1));
      await writeFile(file, encodeWav16(samples, RATE));
      files.push(file);
    }
    const { results, failures } = await classifyCommand(['--model', GENRE, '--json', ...files], captureIo());
    expect(failures).toBe(0);
    for (const r of results) {
      expect(r.top, `${path.basename(r.file)}: ${JSON.stringify(r.probs)}`).toBeNull();
      expect(r.reason).toMatch(/^Does not sound like the music this model knows/);
    }
  }, 60_000);
});

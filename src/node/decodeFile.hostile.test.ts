import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeWav16, wav16Header } from '../core/audio/wav';
import { decodeAudioFile } from './decodeFile';

const dir = mkdtempSync(path.join(os.tmpdir(), 'oido-hostile-decode-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('decodeAudioFile on hostile files', () => {
  it('checks the file size before reading any of it', async () => {
    const file = path.join(dir, 'big.wav');
    writeFileSync(file, encodeWav16(new Float32Array(22050), 22050));
    await expect(decodeAudioFile(file, { maxBytes: 1000 })).rejects.toMatchObject({
      code: 'too-long',
      message: expect.stringMatching(/is 44,144 bytes, more than the 1,000 bytes read whole/) as unknown,
    });
    await expect(decodeAudioFile(file)).resolves.toMatchObject({ durationSeconds: 1 });
  });

  it('refuses a WAV that declares 1 Hz with a message, not a typed-array error', async () => {
    const file = path.join(dir, 'one-hertz.wav');
    const bytes = new Uint8Array(44 + 2000);
    bytes.set(wav16Header(1000, 1));
    writeFileSync(file, bytes);
    await expect(decodeAudioFile(file)).rejects.toThrow(/sample rate of 1 Hz/);
  });

  it('reports where an Ogg is damaged mid-file, and decodes on past it', async () => {
    const song = path.resolve(process.cwd(), '../shared/data/songs/Kevin_MacLeod_-_Vibe_Ace.ogg');
    const bytes = new Uint8Array(readFileSync(song));
    const mid = bytes.length >> 1;
    for (let i = mid; i < mid + 64 * 1024; i++) bytes[i] = (i * 7919) & 0xff;
    const file = path.join(dir, 'damaged.ogg');
    writeFileSync(file, bytes);
    const decoded = await decodeAudioFile(file);
    expect(decoded.damage).toMatchObject({ message: expect.stringMatching(/\w/) as unknown });
    expect(decoded.damage!.atSeconds).toBeGreaterThan(5);
    expect(decoded.damage!.atSeconds).toBeLessThan(decoded.durationSeconds);
    expect((await decodeAudioFile(song)).damage).toBeNull();
  });
});

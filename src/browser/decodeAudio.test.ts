import { mkdtempSync, openAsBlob, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodePcm16, wav16Header } from '../core/audio/wav';
import { checkFileFits, MAX_DURATION_SECONDS, MAX_FILE_BYTES } from './decodeAudio';

const scratch = () => mkdtempSync(path.join(tmpdir(), 'oido-fits-'));

describe('checkFileFits: size and header before any decoding', () => {
  it('refuses a file over the byte cap from its size alone (a sparse file: nothing is read)', async () => {
    const file = path.join(scratch(), 'huge.wav');
    writeFileSync(file, '');
    truncateSync(file, MAX_FILE_BYTES + 1);
    const blob = await openAsBlob(file);
    await expect(checkFileFits(blob, 'huge.wav')).rejects.toThrow(
      'Could not analyse "huge.wav": it is 1,073,741,825 bytes; the limit is 1,073,741,824 bytes',
    );
  });

  it('refuses a WAV whose header declares 31 minutes, and passes one of 3 seconds with its length', async () => {
    const dir = scratch();
    const frames = 31 * 60 * 8000;
    const long = path.join(dir, 'long.wav');
    // Only the header is written; the sparse rest reads as zeros, so the declared data is all there.
    writeFileSync(long, wav16Header(frames, 8000));
    truncateSync(long, 44 + frames * 2);
    const error = await checkFileFits(await openAsBlob(long), 'long.wav').catch((e: unknown) => e);
    expect((error as Error).message).toBe(
      `Could not analyse "long.wav": its header says it lasts 31.0 minutes; the limit is ${(MAX_DURATION_SECONDS / 60).toFixed(1)} minutes`,
    );
    const short = path.join(dir, 'short.wav');
    const samples = new Float32Array(8000 * 3).map((_, i) => Math.sin(i / 9) * 0.4);
    writeFileSync(short, Buffer.concat([wav16Header(samples.length, 8000), encodePcm16(samples)]));
    await expect(checkFileFits(await openAsBlob(short), 'short.wav')).resolves.toEqual({
      seconds: 3,
      kind: 'exact',
    });
  });

  it('lets through what its header does not date (the decoder then stops it at the limit)', async () => {
    const file = path.join(scratch(), 'notes.txt');
    writeFileSync(file, 'not audio\n');
    await expect(checkFileFits(await openAsBlob(file), 'notes.txt')).resolves.toBeNull();
  });
});

import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AudioDecodeError } from '../core/audio/errors';
import { encodePcm16, wav16Header } from '../core/audio/wav';
import { decodeAudioFile, decodeAudioFileStream } from './decodeFile';

const RATE = 8000;
const HOURS = 2;
const SECONDS = HOURS * 3600;
const TONE_HZ = 440;
const AMPLITUDE = 0.5;

let dir: string;
let longWav: string;

/** Writes a 2-hour 8 kHz 16-bit mono WAV of a 440 Hz tone a minute at a time (never whole in memory). */
async function writeLongWav(file: string): Promise<void> {
  // 440 Hz fits exactly 440 times in one second at 8 kHz, so one-second blocks join seamlessly.
  const second = new Float32Array(RATE).map(
    (_, i) => AMPLITUDE * Math.sin((2 * Math.PI * TONE_HZ * i) / RATE),
  );
  const secondBytes = encodePcm16(second);
  const minute = new Uint8Array(secondBytes.length * 60);
  for (let s = 0; s < 60; s++) minute.set(secondBytes, s * secondBytes.length);
  const handle = await open(file, 'w');
  try {
    await handle.write(wav16Header(SECONDS * RATE, RATE));
    for (let m = 0; m < SECONDS / 60; m++) await handle.write(minute);
  } finally {
    await handle.close();
  }
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'oido-long-'));
  longWav = path.join(dir, 'two-hours-8k.wav');
  await writeLongWav(longWav);
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a two-hour file', () => {
  it('is about 115 MB on disk', () => {
    expect(statSync(longWav).size).toBe(44 + SECONDS * RATE * 2);
  });

  it('is refused by decodeAudioFile (over 20 minutes) without decoding it all', async () => {
    const progress: number[] = [];
    const error = await decodeAudioFile(longWav, { onProgress: (f) => progress.push(f) }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AudioDecodeError);
    expect((error as AudioDecodeError).code).toBe('too-long');
    expect((error as Error).message).toMatch(/20 minutes.*decodeAudioFileStream/);
    // It stopped within a piece of the 20-minute mark, a sixth of the way in.
    expect(progress.at(-1)!).toBeLessThan(0.2);
  }, 60_000);

  it('streams in 30-second chunks with bounded memory, progress reaching 1, and the tone intact', async () => {
    const startRss = process.memoryUsage().rss;
    let peakRss = startRss;
    let total = 0;
    let chunks = 0;
    let lastProgress = 0;
    let worstLevelDb = 0;
    for await (const chunk of decodeAudioFileStream(longWav, { onProgress: (f) => (lastProgress = f) })) {
      chunks++;
      total += chunk.length;
      // Every chunk away from the very ends holds the tone at its level.
      if (chunks > 1 && chunk.length === 30 * 22050) {
        let sum = 0;
        for (let i = 0; i < chunk.length; i++) sum += chunk[i] * chunk[i];
        const levelDb = 20 * Math.log10(Math.sqrt(sum / chunk.length) / (AMPLITUDE / Math.SQRT2));
        worstLevelDb = Math.max(worstLevelDb, Math.abs(levelDb));
      }
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }
    expect(total).toBe(SECONDS * 22050);
    expect(chunks).toBe(SECONDS / 30);
    expect(lastProgress).toBe(1);
    expect(worstLevelDb).toBeLessThan(0.05);
    expect(peakRss - startRss).toBeLessThan(200 * 1024 * 1024);
  }, 600_000);

  it('stops promptly with "cancelled" when aborted midway', async () => {
    const controller = new AbortController();
    let chunks = 0;
    let progressAtAbort = 0;
    let lastProgress = 0;
    const run = async () => {
      for await (const chunk of decodeAudioFileStream(longWav, {
        chunkSeconds: 60,
        signal: controller.signal,
        onProgress: (f) => (lastProgress = f),
      })) {
        expect(chunk.length).toBe(60 * 22050);
        chunks++;
        if (chunks === 5) {
          progressAtAbort = lastProgress;
          controller.abort();
        }
      }
    };
    const error = await run().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AudioDecodeError);
    expect((error as AudioDecodeError).code).toBe('cancelled');
    expect(chunks).toBe(5);
    // No more of the file was read after the abort.
    expect(lastProgress).toBe(progressAtAbort);
    expect(lastProgress).toBeLessThan(0.1);
  }, 120_000);
});

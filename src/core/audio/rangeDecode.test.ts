import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeAudioFile } from '../../node/decodeFile';
import { AudioDecodeError } from './errors';
import { decodeRanges, isStreamable, SignalBuffer, streamRanges, type RangeReader } from './rangeDecode';
import { encodePcm16, wav16Header } from './wav';

const data = path.resolve(process.cwd(), '../shared/data');
const VIBE_ACE = path.join(data, 'songs', 'Kevin_MacLeod_-_Vibe_Ace.ogg');

function readerOf(bytes: Uint8Array): { read: RangeReader; reads: Array<[number, number]> } {
  const reads: Array<[number, number]> = [];
  return {
    reads,
    read: async (start, end) => {
      reads.push([start, end]);
      return bytes.slice(start, end);
    },
  };
}

describe('decodeRanges', () => {
  it('gives the very samples the CLI decodes, reading the file in ranges with a rising percentage', async () => {
    const bytes = new Uint8Array(readFileSync(VIBE_ACE));
    const { read, reads } = readerOf(bytes);
    const fractions: number[] = [];
    const decoded = await decodeRanges(read, bytes.length, {
      rangeBytes: 64 * 1024,
      onProgress: (f) => fractions.push(f),
    });
    const cli = await decodeAudioFile(VIBE_ACE);
    expect(decoded.samples.length).toBe(cli.samples.length);
    let differing = 0;
    for (let i = 0; i < cli.samples.length; i++) if (decoded.samples[i] !== cli.samples[i]) differing++;
    expect(differing).toBe(0);
    expect(decoded.sourceSampleRate).toBe(cli.sourceSampleRate);
    expect(decoded.channels).toBe(cli.channels);
    expect(decoded.format).toBe('ogg-vorbis');
    expect(decoded.durationSeconds).toBeCloseTo(cli.samples.length / 22_050, 2);
    // No read is larger than a range (the head and tail probes included).
    expect(Math.max(...reads.map(([s, e]) => e - s))).toBeLessThanOrEqual(64 * 1024);
    expect(fractions.length).toBeGreaterThan(4);
    expect(fractions.at(-1)).toBe(1);
    for (let i = 1; i < fractions.length; i++) expect(fractions[i]).toBeGreaterThan(fractions[i - 1]);
  });

  it('stops a file past maxSeconds within a range, with a message naming the limit', async () => {
    const samples = new Float32Array(8000 * 90).map((_, i) => Math.sin(i / 7) * 0.3);
    const wav = new Uint8Array([...wav16Header(samples.length, 8000), ...encodePcm16(samples)]);
    const { read, reads } = readerOf(wav);
    const error = await decodeRanges(read, wav.length, { maxSeconds: 60, rangeBytes: 16 * 1024 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AudioDecodeError);
    expect((error as AudioDecodeError).code).toBe('too-long');
    expect((error as Error).message).toContain('1 minutes');
    // It stopped about a minute in, not at the end of the file.
    const last = reads.at(-1)![1];
    expect(last).toBeLessThan(wav.length * 0.75);
  });

  it('refuses empty and unknown bytes clearly, and says which containers it streams', async () => {
    await expect(decodeRanges(readerOf(new Uint8Array(0)).read, 0)).rejects.toThrow('empty');
    const text = new TextEncoder().encode('not audio at all, just some words in a file\n');
    await expect(decodeRanges(readerOf(text).read, text.length)).rejects.toThrow('Not an audio file');
    expect(isStreamable(text)).toBe(false);
    expect(isStreamable(new Uint8Array(readFileSync(VIBE_ACE)).subarray(0, 4096))).toBe(true);
    expect(isStreamable(wav16Header(10, 8000))).toBe(true);
  });

  it('streams a 44.1 kHz WAV as it decodes: room made once from the header, then pieces that join into the signal', async () => {
    // 40 s of a chirp at 44.1 kHz: the pieces are resampled to 22,050 Hz as they come.
    const rate = 44_100;
    const samples = new Float32Array(rate * 40).map((_, i) => Math.sin((i * i) / (rate * 4000)) * 0.5);
    const wav = new Uint8Array([...wav16Header(samples.length, rate), ...encodePcm16(samples)]);
    const events: string[] = [];
    let room = 0;
    const pieces: Float32Array[] = [];
    const info = await streamRanges(readerOf(wav).read, wav.length, {
      rangeBytes: 64 * 1024,
      onStart: ({ capacity }) => {
        events.push('start');
        room = capacity;
      },
      onSamples: (piece) => {
        events.push('samples');
        pieces.push(piece);
      },
    });
    const whole = await decodeRanges(readerOf(wav).read, wav.length, { rangeBytes: 1 << 30 });
    expect(events[0]).toBe('start');
    expect(events.filter((e) => e === 'start')).toHaveLength(1);
    expect(pieces.length).toBeGreaterThan(20);
    expect(pieces.every((p) => p.length > 0)).toBe(true);
    const gathered = new SignalBuffer(room);
    for (const piece of pieces) gathered.push(piece);
    expect(info.length).toBe(whole.samples.length);
    expect(gathered.view()).toEqual(whole.samples);
    // The declared length made room for the whole signal: it was allocated once.
    expect(room).toBeGreaterThanOrEqual(info.length);
    expect(room).toBeLessThan(info.length * 1.01 + 22_050 * 2);
    expect(info.sourceSampleRate).toBe(rate);
    expect(info.durationSeconds).toBeCloseTo(40, 3);
  });
});

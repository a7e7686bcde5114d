import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { flacTotalSamples, mpegFrameLength, MpegFrameWalker, OggPageWalker } from './containers';

const DATA = path.resolve(process.cwd(), '../shared/data');
const read = (file: string) => new Uint8Array(readFileSync(path.join(DATA, file)));

/** Feeds `bytes` to a walker in pieces of the given sizes (cycled). */
function walk<T extends { push(chunk: Uint8Array): void }>(walker: T, bytes: Uint8Array, sizes: number[]): T {
  for (let offset = 0, i = 0; offset < bytes.length; i++) {
    const size = sizes[i % sizes.length];
    walker.push(bytes.subarray(offset, offset + size));
    offset += size;
  }
  return walker;
}

describe('mpegFrameLength', () => {
  it('gives the frame sizes of the MPEG audio standard', () => {
    // MPEG-1 Layer III 128 kbps 44.1 kHz: 144 * 128000 / 44100 = 417 (418 with padding).
    expect(mpegFrameLength(new Uint8Array([0xff, 0xfb, 0x90, 0x00]), 0)).toBe(417);
    expect(mpegFrameLength(new Uint8Array([0xff, 0xfb, 0x92, 0x00]), 0)).toBe(418);
    // MPEG-2 Layer III 64 kbps 22.05 kHz: 72 * 64000 / 22050 = 208.
    expect(mpegFrameLength(new Uint8Array([0xff, 0xf3, 0x80, 0x00]), 0)).toBe(208);
    // MPEG-1 Layer II 192 kbps 48 kHz: 144 * 192000 / 48000 = 576.
    expect(mpegFrameLength(new Uint8Array([0xff, 0xfd, 0xa4, 0x00]), 0)).toBe(576);
    // MPEG-1 Layer I 32 kbps 32 kHz: (12 * 32000 / 32000) * 4 = 48.
    expect(mpegFrameLength(new Uint8Array([0xff, 0xff, 0x18, 0x00]), 0)).toBe(48);
  });

  it('returns 0 for non-headers, reserved values and free format', () => {
    expect(mpegFrameLength(new Uint8Array([0x00, 0xfb, 0x90, 0x00]), 0)).toBe(0);
    expect(mpegFrameLength(new Uint8Array([0xff, 0xfb, 0xf0, 0x00]), 0)).toBe(0);
    expect(mpegFrameLength(new Uint8Array([0xff, 0xfb, 0x0c, 0x00]), 0)).toBe(0);
    expect(mpegFrameLength(new Uint8Array([0xff, 0xfb, 0x90]), 0)).toBe(0);
  });
});

describe('MpegFrameWalker on real MP3s', () => {
  const flutes = readdirSync(path.join(DATA, 'instruments/flute'))
    .filter((f) => f.endsWith('.mp3'))
    .slice(0, 5);

  it.each(flutes)('%s: whole is complete, any cut inside a frame is truncated', (name) => {
    const bytes = read(`instruments/flute/${name}`);
    expect(walk(new MpegFrameWalker(), bytes, [bytes.length]).truncated).toBe(false);
    expect(walk(new MpegFrameWalker(), bytes, [1, 7, 333, 4096]).truncated).toBe(false);
    const half = bytes.subarray(0, Math.floor(bytes.length / 2));
    expect(walk(new MpegFrameWalker(), half, [1000]).truncated).toBe(true);
  });
});

describe('OggPageWalker on real Ogg files', () => {
  it('sees the end-of-stream page of a whole file, in any piece sizes', () => {
    const bytes = read('songs/sorohanro_-_solo-trumpet-06.ogg');
    expect(walk(new OggPageWalker(), bytes, [bytes.length]).truncated).toBe(false);
    expect(walk(new OggPageWalker(), bytes, [1, 13, 27, 28, 4000]).truncated).toBe(false);
  });

  it('calls a file cut anywhere truncated', () => {
    const bytes = read('songs/sorohanro_-_solo-trumpet-06.ogg');
    for (const fraction of [0.1, 0.5, 0.99]) {
      const cut = bytes.subarray(0, Math.floor(bytes.length * fraction));
      expect(walk(new OggPageWalker(), cut, [500]).truncated).toBe(true);
    }
    // Cut inside the last page's header.
    expect(walk(new OggPageWalker(), bytes.subarray(0, bytes.length - 1), [bytes.length]).truncated).toBe(
      true,
    );
  });
});

describe('flacTotalSamples', () => {
  it('reads the 36-bit sample count of STREAMINFO', () => {
    const head = new Uint8Array(8 + 34);
    head.set([0x66, 0x4c, 0x61, 0x43, 0x80, 0, 0, 34]);
    // 36-bit total 0x9_1234_5678 in the low nibble of byte 13 and bytes 14-17 of STREAMINFO.
    head.set([0x09, 0x12, 0x34, 0x56, 0x78], 8 + 13);
    expect(flacTotalSamples(head)).toBe(0x912345678);
    expect(flacTotalSamples(head.subarray(0, 20))).toBe(0);
    expect(flacTotalSamples(new Uint8Array(40))).toBe(0);
  });
});

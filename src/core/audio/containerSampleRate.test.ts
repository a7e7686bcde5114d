import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MPEGDecoder } from 'mpg123-decoder';
import { OggVorbisDecoder } from '@wasm-audio-decoders/ogg-vorbis';
import { readContainerInfo } from './containerSampleRate';

const data = path.resolve(process.cwd(), '../shared/data');
const read = (file: string) => new Uint8Array(readFileSync(file));

describe('readContainerInfo on real files', () => {
  it('reads the rate of every shipped demo song as the Vorbis decoder reports it', async () => {
    const decoder = new OggVorbisDecoder();
    await decoder.ready;
    try {
      const songs = readdirSync(path.join(data, 'songs')).filter((f) => f.endsWith('.ogg'));
      expect(songs.length).toBeGreaterThan(0);
      for (const song of songs) {
        const bytes = read(path.join(data, 'songs', song));
        const decoded = await decoder.decodeFile(bytes);
        expect(readContainerInfo(bytes), song).toEqual({
          format: 'ogg-vorbis',
          sampleRate: decoded.sampleRate,
        });
        await decoder.reset();
      }
    } finally {
      decoder.free();
    }
  });

  it('reads the rate of one MP3 per instrument folder as mpg123 reports it (ID3 tags skipped)', async () => {
    const decoder = new MPEGDecoder();
    await decoder.ready;
    try {
      const root = path.join(data, 'instruments');
      const folders = readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory());
      expect(folders.length).toBeGreaterThan(10);
      for (const folder of folders) {
        const files = readdirSync(path.join(root, folder.name)).filter((f) => f.endsWith('.mp3'));
        for (const file of [files[0], files[files.length - 1]]) {
          const bytes = read(path.join(root, folder.name, file));
          const decoded = decoder.decode(bytes);
          expect(readContainerInfo(bytes), file).toEqual({ format: 'mp3', sampleRate: decoded.sampleRate });
          await decoder.reset();
        }
      }
    } finally {
      decoder.free();
    }
  });

  it('reads 22,050 Hz from the GTZAN WAV files, as the dataset documents', () => {
    for (const file of ['blues.00000.wav', 'metal.00000.wav']) {
      expect(readContainerInfo(read(path.join(data, 'gtzan-check', file)))).toEqual({
        format: 'wav',
        sampleRate: 22_050,
      });
    }
  });
});

describe('readContainerInfo on headers built from the format specifications', () => {
  it('reads the 20-bit rate field of FLAC STREAMINFO', () => {
    const bytes = new Uint8Array(42);
    bytes.set([0x66, 0x4c, 0x61, 0x43, 0x80, 0, 0, 34]); // "fLaC", last block, STREAMINFO, length 34
    const rate = 96_000;
    bytes[18] = rate >> 12;
    bytes[19] = (rate >> 4) & 0xff;
    bytes[20] = ((rate & 0xf) << 4) | 0x02; // low nibble: channel bits, must be ignored
    expect(readContainerInfo(bytes)).toEqual({ format: 'flac', sampleRate: 96_000 });
  });

  it('reads the 16.16 rate of an mp4a sample entry nested in moov/trak/mdia/minf/stbl/stsd', () => {
    const box = (type: string, body: Uint8Array) => {
      const out = new Uint8Array(8 + body.length);
      new DataView(out.buffer).setUint32(0, out.length);
      out.set(
        [...type].map((c) => c.charCodeAt(0)),
        4,
      );
      out.set(body, 8);
      return out;
    };
    const entry = new Uint8Array(28);
    new DataView(entry.buffer).setUint32(24, 48_000 * 65_536);
    const stsdBody = new Uint8Array(8 + 8 + entry.length);
    new DataView(stsdBody.buffer).setUint32(4, 1); // one entry
    stsdBody.set(box('mp4a', entry), 8);
    const moov = box('moov', box('trak', box('mdia', box('minf', box('stbl', box('stsd', stsdBody))))));
    const ftyp = box('ftyp', new Uint8Array([0x4d, 0x34, 0x41, 0x20, 0, 0, 0, 0]));
    const file = new Uint8Array(ftyp.length + moov.length);
    file.set(ftyp);
    file.set(moov, ftyp.length);
    expect(readContainerInfo(file)).toEqual({ format: 'mp4', sampleRate: 48_000 });
  });

  it('returns null for bytes that are no audio container', () => {
    expect(readContainerInfo(new Uint8Array(0))).toBeNull();
    expect(
      readContainerInfo(new TextEncoder().encode('this is a plain text file, not audio at all')),
    ).toBeNull();
    // A seeded pseudo-random block (a corrupt download) must not pass for MP3 by a chance 0xFFE.
    let seed = 12_345;
    const noise = Uint8Array.from({ length: 8192 }, () => {
      seed = (seed * 1_103_515_245 + 12_345) >>> 0;
      return seed >>> 24;
    });
    expect(readContainerInfo(noise)).toBeNull();
  });
});

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MPEGDecoder } from 'mpg123-decoder';
import { OggVorbisDecoder } from '@wasm-audio-decoders/ogg-vorbis';
import { FLACDecoder } from '@wasm-audio-decoders/flac';
import { mpegFrameLength } from './containers';
import { HEADER_PROBE_BYTES, headerDuration } from './headerDuration';
import { id3v2Length } from './sniff';
import { encodePcm16, wav16Header } from './wav';

const data = path.resolve(process.cwd(), '../shared/data');
const read = (file: string) => new Uint8Array(readFileSync(file));

/** What the page reads: the first and last HEADER_PROBE_BYTES of the file, and its size. */
function probe(bytes: Uint8Array) {
  return headerDuration(
    bytes.subarray(0, HEADER_PROBE_BYTES),
    bytes.subarray(Math.max(0, bytes.length - HEADER_PROBE_BYTES)),
    bytes.length,
  );
}

describe('headerDuration, from a file’s first and last bytes, against what the decoders decode', () => {
  it('reads every demo song’s Ogg Vorbis length from its last granule', async () => {
    const decoder = new OggVorbisDecoder();
    await decoder.ready;
    try {
      for (const song of readdirSync(path.join(data, 'songs')).filter((f) => f.endsWith('.ogg'))) {
        const bytes = read(path.join(data, 'songs', song));
        const decoded = await decoder.decodeFile(bytes);
        await decoder.reset();
        const found = probe(bytes);
        expect(found?.kind, song).toBe('exact');
        expect(found!.seconds, song).toBeCloseTo(decoded.samplesDecoded / decoded.sampleRate, 2);
      }
    } finally {
      decoder.free();
    }
  });

  it('reads MP3 lengths within a frame or two (encoder delay and padding), from Xing or the bitrate', async () => {
    const decoder = new MPEGDecoder();
    await decoder.ready;
    try {
      const folder = path.join(data, 'instruments', 'bassoon');
      const files = readdirSync(folder)
        .filter((f) => f.endsWith('.mp3'))
        .slice(0, 6);
      expect(files.length).toBe(6);
      for (const file of files) {
        const bytes = read(path.join(folder, file));
        const decoded = await decoder.decode(bytes);
        await decoder.reset();
        const seconds = decoded.samplesDecoded / decoded.sampleRate;
        const found = probe(bytes);
        expect(found, file).not.toBeNull();
        expect(Math.abs(found!.seconds - seconds), file).toBeLessThan(0.1 + seconds * 0.02);
      }
    } finally {
      decoder.free();
    }
  });

  it('estimates a variable-bitrate MP3 with no Xing frame from its mean frame size, within 5 %', async () => {
    const bytes = read(path.join(data, 'instruments', 'other', 'synth_jungle_long_1.mp3'));
    const frames: Uint8Array[] = [];
    for (let at = id3v2Length(bytes, 0); at < bytes.length;) {
      const length = mpegFrameLength(bytes, at);
      if (length === 0 || at + length > bytes.length) break;
      const frame = bytes.subarray(at, at + length);
      if (!/Xing|Info/.test(Buffer.from(frame.subarray(0, 64)).toString('latin1'))) frames.push(frame);
      at += length;
    }
    const bare = new Uint8Array(Buffer.concat([...frames, ...frames, ...frames]));
    const decoder = new MPEGDecoder();
    await decoder.ready;
    try {
      const decoded = await decoder.decode(bare);
      const seconds = decoded.samplesDecoded / decoded.sampleRate;
      const found = probe(bare);
      expect(found?.kind).toBe('estimate');
      expect(Math.abs(found!.seconds - seconds) / seconds).toBeLessThan(0.05);
    } finally {
      decoder.free();
    }
  });

  it('reads a FLAC length from STREAMINFO', async () => {
    const decoder = new FLACDecoder();
    await decoder.ready;
    try {
      const folder = path.join(data, 'instruments-real', 'double-bass');
      const file = readdirSync(folder).find((f) => f.endsWith('.flac'))!;
      const bytes = read(path.join(folder, file));
      const decoded = await decoder.decodeFile(bytes);
      expect(probe(bytes)).toEqual({ seconds: decoded.samplesDecoded / decoded.sampleRate, kind: 'exact' });
    } finally {
      decoder.free();
    }
  });

  it('reads a WAV length from its data chunk, and a 31-minute header from the first bytes alone', () => {
    const samples = new Float32Array(8000 * 3).map((_, i) => Math.sin(i / 10) * 0.5);
    const wav = new Uint8Array([...wav16Header(samples.length, 8000), ...encodePcm16(samples)]);
    expect(probe(wav)).toEqual({ seconds: 3, kind: 'exact' });
    // Only the header is at hand: the size says how much data follows.
    const frames = 31 * 60 * 8000;
    const header = wav16Header(frames, 8000);
    expect(headerDuration(header, new Uint8Array(0), header.length + frames * 2)).toEqual({
      seconds: 31 * 60,
      kind: 'exact',
    });
  });

  it('says nothing (null) for bytes it cannot read, rather than guessing', () => {
    expect(probe(new TextEncoder().encode('not audio at all\n'))).toBeNull();
    expect(probe(new Uint8Array(0))).toBeNull();
    const riffOnly = new TextEncoder().encode('RIFF\0\0\0\0WAVE');
    expect(probe(riffOnly)).toBeNull();
  });
});

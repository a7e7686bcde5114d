import { openSync, readSync, closeSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeLeadingBytes, sniffAudioFormat, sniffOggCodec } from './sniff';

const DATA = path.resolve(process.cwd(), '../shared/data');

function head(file: string, bytes = 4096): Uint8Array {
  const fd = openSync(path.join(DATA, file), 'r');
  try {
    const buffer = new Uint8Array(bytes);
    return buffer.subarray(0, readSync(fd, buffer, 0, bytes, 0));
  } finally {
    closeSync(fd);
  }
}

const ascii = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));
const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
};

describe('sniffAudioFormat on real files', () => {
  it('recognises the shared WAV, Ogg and MP3 files', () => {
    expect(sniffAudioFormat(head('gtzan-check/blues.00000.wav'))).toBe('wav');
    expect(sniffAudioFormat(head('songs/sorohanro_-_solo-trumpet-06.ogg'))).toBe('ogg');
    expect(sniffAudioFormat(head('instruments/flute/flute_A4_1_forte_normal.mp3'))).toBe('mp3');
    expect(sniffAudioFormat(head('instruments/other/Pling2.mp3'))).toBe('mp3');
  });

  it('finds Vorbis inside the shared Ogg songs', () => {
    expect(sniffOggCodec(head('songs/sorohanro_-_solo-trumpet-06.ogg'))).toBe('vorbis');
    expect(sniffOggCodec(head('songs/Kevin_MacLeod_-_Vibe_Ace.ogg'))).toBe('vorbis');
  });
});

describe('sniffAudioFormat on headers', () => {
  it('knows FLAC, MP4/M4A, WebM and a bare MPEG frame', () => {
    expect(sniffAudioFormat(ascii('fLaC\0\0\0\x22'))).toBe('flac');
    expect(sniffAudioFormat(concat(new Uint8Array([0, 0, 0, 0x20]), ascii('ftypM4A \0\0\0\0')))).toBe('m4a');
    expect(sniffAudioFormat(new Uint8Array([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42]))).toBe('webm');
    // MPEG-1 Layer III, 128 kbps, 44.1 kHz.
    expect(sniffAudioFormat(new Uint8Array([0xff, 0xfb, 0x90, 0x64]))).toBe('mp3');
  });

  it('looks past an ID3v2 tag: FLAC behind it is FLAC', () => {
    const id3 = new Uint8Array([0x49, 0x44, 0x33, 3, 0, 0, 0, 0, 0, 4, 0, 0, 0, 0]);
    expect(sniffAudioFormat(concat(id3, ascii('fLaC')))).toBe('flac');
    expect(sniffAudioFormat(concat(id3, new Uint8Array([0xff, 0xfb, 0x90, 0x64])))).toBe('mp3');
  });

  it('returns null for text, AAC/ADTS, RIFF that is not WAVE, short and empty input', () => {
    expect(sniffAudioFormat(ascii('hello, this is a text file'))).toBeNull();
    expect(sniffAudioFormat(new Uint8Array([0xff, 0xf1, 0x50, 0x80]))).toBeNull();
    expect(sniffAudioFormat(ascii('RIFF\0\0\0\0AVI LIST'))).toBeNull();
    expect(sniffAudioFormat(new Uint8Array([0xff]))).toBeNull();
    expect(sniffAudioFormat(new Uint8Array(0))).toBeNull();
    // 0xFF 0xFF with a bad bitrate index is not an MPEG header.
    expect(sniffAudioFormat(new Uint8Array([0xff, 0xff, 0xff, 0xff]))).toBeNull();
  });

  it('names the codec of an Ogg stream from its first page', () => {
    const page = (payload: string) =>
      concat(ascii('OggS'), new Uint8Array(22), new Uint8Array([1, payload.length]), ascii(payload));
    expect(sniffOggCodec(page('OpusHead\x01\x02'))).toBe('opus');
    expect(sniffOggCodec(page('\x7fFLAC\x01\x00'))).toBe('flac');
    expect(sniffOggCodec(page('something else'))).toBeNull();
    expect(sniffOggCodec(ascii('OggS'))).toBeNull();
  });

  it('describes leading bytes for error messages', () => {
    expect(describeLeadingBytes(ascii('hello!\n'))).toBe('first bytes 68 65 6c 6c 6f 21 0a ("hello!.")');
  });
});

import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MPEGDecoder } from 'mpg123-decoder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AudioDecodeError } from '../core/audio/errors';
import { encodePcm16, encodeWav16, wav16Header } from '../core/audio/wav';
import { decodeAudioFile, decodeAudioFileStream, type DecodedAudioFile } from './decodeFile';

const DATA = path.resolve(process.cwd(), '../shared/data');
const TRUMPET_OGG = path.join(DATA, 'songs/sorohanro_-_solo-trumpet-06.ogg');
const VIBE_OGG = path.join(DATA, 'songs/Kevin_MacLeod_-_Vibe_Ace.ogg');
const FLUTE_MP3 = path.join(DATA, 'instruments/flute/flute_A4_1_forte_normal.mp3');
const BLUES_WAV = path.join(DATA, 'gtzan-check/blues.00000.wav');

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'oido-decode-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function tempFile(name: string, bytes: Uint8Array): string {
  const file = path.join(dir, name);
  writeFileSync(file, bytes);
  return file;
}

const readBytes = (file: string) => new Uint8Array(readFileSync(file));

/** Rounds to 16-bit integers as encodePcm16 does (so WAV and FLAC carry the very same values). */
function toInt16(samples: Float32Array): Int16Array {
  const bytes = encodePcm16(samples);
  return new Int16Array(bytes.buffer, bytes.byteOffset, samples.length);
}

/** A 16-bit PCM WAV file of several channels. */
function encodeWavMulti(channels: Int16Array[], sampleRate: number): Uint8Array {
  const frames = channels[0].length;
  const header = wav16Header(frames, sampleRate, channels.length);
  const out = new Uint8Array(header.length + frames * channels.length * 2);
  out.set(header);
  const view = new DataView(out.buffer);
  for (let i = 0; i < frames; i++)
    for (let c = 0; c < channels.length; c++)
      view.setInt16(header.length + (i * channels.length + c) * 2, channels[c][i], true);
  return out;
}

function crc8(bytes: number[]): number {
  let crc = 0;
  for (const b of bytes) {
    crc ^= b;
    for (let k = 0; k < 8; k++) crc = crc & 0x80 ? ((crc << 1) ^ 0x07) & 0xff : (crc << 1) & 0xff;
  }
  return crc;
}

function crc16(bytes: number[]): number {
  let crc = 0;
  for (const b of bytes) {
    crc ^= b << 8;
    for (let k = 0; k < 8; k++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x8005) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc;
}

function utf8Number(n: number): number[] {
  if (n < 0x80) return [n];
  if (n < 0x800) return [0xc0 | (n >> 6), 0x80 | (n & 0x3f)];
  return [0xe0 | (n >> 12), 0x80 | ((n >> 6) & 0x3f), 0x80 | (n & 0x3f)];
}

/**
 * A valid FLAC file of 16-bit samples in VERBATIM subframes (no compression), built by the FLAC format
 * specification: no FLAC encoder is installed here, and this exercises the real FLAC decoder all the same.
 */
function encodeFlacVerbatim(channels: Int16Array[], sampleRate: number, blockSize = 4096): Uint8Array {
  // Frames must name their rate: the decoder hands libFLAC the frames without STREAMINFO.
  const rateCode = { 8000: 4, 16000: 5, 22050: 6, 24000: 7, 32000: 8, 44100: 9, 48000: 10, 96000: 11 }[
    sampleRate
  ];
  if (rateCode === undefined) throw new Error(`No FLAC frame code for ${sampleRate} Hz`);
  const total = channels[0].length;
  const out: number[] = [0x66, 0x4c, 0x61, 0x43, 0x80, 0, 0, 34];
  out.push(blockSize >> 8, blockSize & 0xff, blockSize >> 8, blockSize & 0xff, 0, 0, 0, 0, 0, 0);
  const packed =
    (BigInt(sampleRate) << 44n) | (BigInt(channels.length - 1) << 41n) | (15n << 36n) | BigInt(total);
  for (let shift = 56n; shift >= 0n; shift -= 8n) out.push(Number((packed >> shift) & 0xffn));
  out.push(...new Array(16).fill(0)); // MD5 unknown
  for (let frame = 0, start = 0; start < total; frame++, start += blockSize) {
    const size = Math.min(blockSize, total - start);
    const header = [
      0xff,
      0xf8,
      0x70 | rateCode,
      ((channels.length - 1) << 4) | (0b100 << 1),
      ...utf8Number(frame),
      (size - 1) >> 8,
      (size - 1) & 0xff,
    ];
    const body = [...header, crc8(header)];
    for (const channel of channels) {
      body.push(0b00000010); // VERBATIM subframe, no wasted bits
      for (let i = start; i < start + size; i++) body.push((channel[i] >> 8) & 0xff, channel[i] & 0xff);
    }
    const crc = crc16(body);
    out.push(...body, crc >> 8, crc & 0xff);
  }
  return Uint8Array.from(out);
}

function rms(x: Float32Array): number {
  let sum = 0;
  for (const v of x) sum += v * v;
  return Math.sqrt(sum / x.length);
}

function maxAbsDifference(a: Float32Array, b: Float32Array): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}

/** Frequency in [lo, hi] Hz with the most energy in x (a plain DFT scan in 1 Hz steps). */
function strongestFrequency(x: Float32Array, rate: number, lo: number, hi: number): number {
  let best = lo;
  let bestPower = -1;
  for (let f = lo; f <= hi; f++) {
    let re = 0;
    let im = 0;
    for (let i = 0; i < x.length; i++) {
      const angle = (2 * Math.PI * f * i) / rate;
      re += x[i] * Math.cos(angle);
      im -= x[i] * Math.sin(angle);
    }
    if (re * re + im * im > bestPower) {
      bestPower = re * re + im * im;
      best = f;
    }
  }
  return best;
}

async function expectDecodeError(promise: Promise<unknown>, code: AudioDecodeError['code'], pattern: RegExp) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AudioDecodeError);
  expect((error as AudioDecodeError).code).toBe(code);
  expect((error as Error).message).toMatch(pattern);
}

function expectWellFormed(decoded: DecodedAudioFile) {
  expect(decoded.samples).toBeInstanceOf(Float32Array);
  expect(decoded.sampleRate).toBe(22050);
  expect(decoded.durationSeconds).toBeCloseTo(decoded.samples.length / 22050, 9);
  expect(decoded.samples.every(Number.isFinite)).toBe(true);
}

/** Granule position of the last Ogg page: for Vorbis, the stream's total samples per channel. */
function oggGranuleTotal(bytes: Uint8Array): number {
  for (let i = bytes.length - 27; i >= 0; i--) {
    if (bytes[i] === 0x4f && bytes[i + 1] === 0x67 && bytes[i + 2] === 0x67 && bytes[i + 3] === 0x53) {
      return Number(new DataView(bytes.buffer, bytes.byteOffset).getBigInt64(i + 6, true));
    }
  }
  throw new Error('no Ogg page');
}

describe('decodeAudioFile on the shared real files', () => {
  it('decodes the GTZAN WAV to exactly the length of its CSV row', async () => {
    const decoded = await decodeAudioFile(BLUES_WAV);
    expectWellFormed(decoded);
    expect(decoded.samples.length).toBe(661794);
    expect(decoded).toMatchObject({ sourceSampleRate: 22050, channels: 1, truncated: false });
    expect(rms(decoded.samples)).toBeGreaterThan(0.05);
  });

  it('decodes the solo-trumpet Ogg Vorbis to the sample count its last page declares', async () => {
    const decoded = await decodeAudioFile(TRUMPET_OGG);
    expectWellFormed(decoded);
    expect(decoded.sourceSampleRate).toBe(22050);
    expect(decoded.samples.length).toBe(oggGranuleTotal(readBytes(TRUMPET_OGG)));
    expect(decoded.truncated).toBe(false);
    expect(rms(decoded.samples)).toBeGreaterThan(0.01);
  });

  it('decodes a Philharmonia flute A4 MP3 (read in place) to about a second of a 440 Hz note', async () => {
    const decoded = await decodeAudioFile(FLUTE_MP3);
    expectWellFormed(decoded);
    expect(decoded).toMatchObject({ sourceSampleRate: 44100, channels: 2, truncated: false });
    expect(decoded.durationSeconds).toBeGreaterThan(0.8);
    expect(decoded.durationSeconds).toBeLessThan(1.5);
    const middle = decoded.samples.subarray(4410, 4410 + 4096);
    expect(Math.abs(strongestFrequency(middle, 22050, 200, 1000) - 440)).toBeLessThan(10);
  });
});

describe('the same audio in every format decodes alike', () => {
  it('MP3, stereo WAV and stereo FLAC of one 44.1 kHz clip give the same mono 22,050 Hz samples', async () => {
    // Reference PCM straight from the real MP3 decoder, written out as WAV and FLAC at the source rate.
    const mpeg = new MPEGDecoder();
    await mpeg.ready;
    const raw = mpeg.decode(readBytes(FLUTE_MP3));
    mpeg.free();
    const pcm = raw.channelData.map((c) => toInt16(c.subarray(0, raw.samplesDecoded)));
    const wavFile = tempFile('flute.wav', encodeWavMulti(pcm, raw.sampleRate));
    const flacFile = tempFile('flute.flac', encodeFlacVerbatim(pcm, raw.sampleRate));

    const [fromMp3, fromWav, fromFlac] = await Promise.all(
      [FLUTE_MP3, wavFile, flacFile].map((f) => decodeAudioFile(f)),
    );
    for (const decoded of [fromMp3, fromWav, fromFlac]) {
      expectWellFormed(decoded);
      expect(decoded).toMatchObject({ sourceSampleRate: 44100, channels: 2, truncated: false });
      expect(decoded.samples.length).toBe(Math.ceil((raw.samplesDecoded * 22050) / 44100));
    }
    expect(maxAbsDifference(fromWav.samples, fromFlac.samples)).toBe(0);
    // Only the 16-bit rounding of the WAV separates it from the MP3's float output.
    expect(maxAbsDifference(fromMp3.samples, fromWav.samples)).toBeLessThan(4 / 32768);
  });

  it('Ogg Vorbis, WAV and FLAC of the trumpet clip agree to 16-bit precision', async () => {
    const fromOgg = await decodeAudioFile(TRUMPET_OGG);
    const pcm = toInt16(fromOgg.samples);
    const fromWav = await decodeAudioFile(tempFile('trumpet.wav', encodeWav16(fromOgg.samples, 22050)));
    const fromFlac = await decodeAudioFile(tempFile('trumpet.flac', encodeFlacVerbatim([pcm], 22050)));
    expect(fromWav.samples.length).toBe(fromOgg.samples.length);
    expect(fromFlac.samples.length).toBe(fromOgg.samples.length);
    expect(maxAbsDifference(fromWav.samples, fromFlac.samples)).toBe(0);
    expect(maxAbsDifference(fromOgg.samples, fromWav.samples)).toBeLessThanOrEqual(1 / 32768);
    expect(rms(fromWav.samples)).toBeCloseTo(rms(fromOgg.samples), 4);
  });

  it('mixes channels by averaging and resamples a 48 kHz stereo sine to 22,050 Hz', async () => {
    const n = 48000;
    const left = new Float32Array(n);
    const right = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      left[i] = 0.8 * Math.sin((2 * Math.PI * 440 * i) / 48000);
      right[i] = 0.4 * Math.sin((2 * Math.PI * 440 * i) / 48000);
    }
    const decoded = await decodeAudioFile(
      tempFile('sine48k.wav', encodeWavMulti([toInt16(left), toInt16(right)], 48000)),
    );
    expectWellFormed(decoded);
    expect(decoded.samples.length).toBe(22050);
    expect(decoded).toMatchObject({ sourceSampleRate: 48000, channels: 2 });
    const middle = decoded.samples.subarray(2205, 22050 - 2205);
    expect(rms(middle) * Math.SQRT2).toBeCloseTo(0.6, 3);
    expect(strongestFrequency(middle.subarray(0, 8192), 22050, 300, 600)).toBe(440);
  });
});

describe('decodeAudioFileStream', () => {
  it('yields 30-second chunks whose concatenation is decodeAudioFile, with progress ending at 1', async () => {
    const whole = await decodeAudioFile(VIBE_OGG);
    const progress: number[] = [];
    const chunks: Float32Array[] = [];
    for await (const chunk of decodeAudioFileStream(VIBE_OGG, { onProgress: (f) => progress.push(f) }))
      chunks.push(chunk);
    expect(chunks.length).toBe(Math.ceil(whole.samples.length / (30 * 22050)));
    for (const chunk of chunks.slice(0, -1)) expect(chunk.length).toBe(30 * 22050);
    const joined = new Float32Array(whole.samples.length);
    let offset = 0;
    for (const chunk of chunks) {
      joined.set(chunk, offset);
      offset += chunk.length;
    }
    expect(offset).toBe(whole.samples.length);
    expect(maxAbsDifference(joined, whole.samples)).toBe(0);
    expect(progress.at(-1)).toBe(1);
    for (let i = 1; i < progress.length; i++) expect(progress[i]).toBeGreaterThanOrEqual(progress[i - 1]);
  });

  it('rejects a chunk length that is not positive, naming it', async () => {
    await expect(decodeAudioFileStream(BLUES_WAV, { chunkSeconds: 0 }).next()).rejects.toThrow(
      /chunkSeconds.*got 0/,
    );
  });
});

describe('bad input gives a defined result', () => {
  it('a text file named .wav is not an audio file', async () => {
    const file = tempFile('notes.wav', new TextEncoder().encode('These are my notes, not audio.\n'));
    await expectDecodeError(decodeAudioFile(file), 'unsupported-format', /Not an audio file.*54 68 65 73/);
  });

  it('an empty file is empty', async () => {
    await expectDecodeError(
      decodeAudioFile(tempFile('empty.mp3', new Uint8Array(0))),
      'empty',
      /This file is empty/,
    );
  });

  it('a missing file rejects with the path', async () => {
    await expect(decodeAudioFile(path.join(dir, 'missing.wav'))).rejects.toThrow(/missing\.wav/);
  });

  it.each([
    ['wav', BLUES_WAV],
    ['mp3', FLUTE_MP3],
    ['ogg', TRUMPET_OGG],
  ])('the first half of a real %s decodes what is there and says it was truncated', async (ext, source) => {
    const bytes = readBytes(source);
    const whole = await decodeAudioFile(source);
    const half = await decodeAudioFile(
      tempFile(`half.${ext}`, bytes.subarray(0, Math.floor(bytes.length / 2))),
    );
    expectWellFormed(half);
    expect(half.truncated).toBe(true);
    expect(half.samples.length / whole.samples.length).toBeGreaterThan(0.3);
    expect(half.samples.length / whole.samples.length).toBeLessThan(0.7);
  });

  it('the first half of a FLAC file decodes what is there and says it was truncated', async () => {
    const pcm = toInt16((await decodeAudioFile(TRUMPET_OGG)).samples);
    const flac = encodeFlacVerbatim([pcm], 22050);
    const half = await decodeAudioFile(tempFile('half.flac', flac.subarray(0, Math.floor(flac.length / 2))));
    expectWellFormed(half);
    expect(half.truncated).toBe(true);
    expect(half.samples.length / pcm.length).toBeGreaterThan(0.4);
    expect(half.samples.length / pcm.length).toBeLessThan(0.6);
  });

  it('silence decodes to finite zeros', async () => {
    const decoded = await decodeAudioFile(
      tempFile('silence.wav', encodeWav16(new Float32Array(44100), 44100)),
    );
    expectWellFormed(decoded);
    expect(decoded.samples.length).toBe(22050);
    expect(decoded.samples.every((v) => v === 0)).toBe(true);
  });

  it('a clip shorter than one 2,048-sample frame decodes to its few samples', async () => {
    const clip = new Float32Array(1000).map((_, i) => 0.5 * Math.sin(i / 5));
    const decoded = await decodeAudioFile(tempFile('short.wav', encodeWav16(clip, 44100)));
    expectWellFormed(decoded);
    expect(decoded.samples.length).toBe(500);
    expect(rms(decoded.samples)).toBeGreaterThan(0.2);
  });

  it('a WAV with no samples is too short', async () => {
    await expectDecodeError(
      decodeAudioFile(tempFile('nothing.wav', encodeWav16(new Float32Array(0), 22050))),
      'too-short',
      /no audio/,
    );
  });

  it('an MP3 that is only a tag and noise is corrupt; an Ogg with a broken first page is unsupported', async () => {
    const junk = new Uint8Array(5000).map((_, i) => (i * 7919) % 251);
    const mp3 = new Uint8Array(10 + junk.length);
    mp3.set([0x49, 0x44, 0x33, 3, 0, 0, 0, 0, 0, 0]);
    mp3.set(junk, 10);
    await expectDecodeError(decodeAudioFile(tempFile('junk.mp3', mp3)), 'corrupt', /MP3.*damaged|cut short/);
    const ogg = new Uint8Array(junk.length);
    ogg.set(junk);
    ogg.set([0x4f, 0x67, 0x67, 0x53]);
    await expectDecodeError(decodeAudioFile(tempFile('junk.ogg', ogg)), 'unsupported-format', /Ogg/);
  });

  it('refuses a file over the duration limit, pointing to the streaming path', async () => {
    const file = tempFile('three-seconds.wav', encodeWav16(new Float32Array(3 * 8000), 8000));
    await expectDecodeError(
      decodeAudioFile(file, { maxDurationSeconds: 1 }),
      'too-long',
      /longer than 1 seconds.*decodeAudioFileStream/,
    );
    expect((await decodeAudioFile(file, { maxDurationSeconds: 5 })).samples.length).toBe(3 * 22050);
  });

  it('stops with "cancelled" when aborted before or during decoding', async () => {
    await expectDecodeError(
      decodeAudioFile(VIBE_OGG, { signal: AbortSignal.abort() }),
      'cancelled',
      /cancelled/,
    );
    const controller = new AbortController();
    let calls = 0;
    const onProgress = (fraction: number) => {
      calls++;
      if (fraction > 0.3) controller.abort();
    };
    await expectDecodeError(
      decodeAudioFile(VIBE_OGG, { signal: controller.signal, onProgress }),
      'cancelled',
      /cancelled/,
    );
    expect(calls).toBeLessThan(5);
  });
});

/** File descriptors this process holds open on `file` (Linux /proc). */
function descriptorsOn(file: string): number {
  // /proc shows the resolved path: ../shared may be a symbolic link.
  const target = realpathSync(file);
  return readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`) === target;
    } catch {
      return false; // closed between listing and reading
    }
  }).length;
}

describe('decodeAudioFileStream clean-up', () => {
  it.skipIf(!existsSync('/proc/self/fd'))('closes the file when the consumer stops early', async () => {
    const before = descriptorsOn(VIBE_OGG);
    for await (const chunk of decodeAudioFileStream(VIBE_OGG, { chunkSeconds: 5 })) {
      expect(chunk.length).toBe(5 * 22050);
      expect(descriptorsOn(VIBE_OGG)).toBe(before + 1);
      break;
    }
    expect(descriptorsOn(VIBE_OGG)).toBe(before);
  });
});

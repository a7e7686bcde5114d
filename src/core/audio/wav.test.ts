import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AudioDecodeError } from './errors';
import { decodePcmFrames, decodeWav, encodeWav16, locateWavData, wav16Header } from './wav';

const GTZAN = path.resolve(process.cwd(), '../shared/data/gtzan-check');
const gtzanRows = readFileSync(
  path.resolve(process.cwd(), '../shared/data/tabular/gtzan/features_30_sec.csv'),
  'utf8',
)
  .split('\n')
  .map((line) => line.split(','));

/** Builds a RIFF/WAVE file from raw chunks, padding odd-sized ones as the spec says. */
function riff(chunks: Array<[string, Uint8Array]>, dataSizeOverride?: number): Uint8Array {
  const parts: number[] = [];
  const u32 = (v: number) => [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff];
  for (const [id, body] of chunks) {
    const size = id === 'data' && dataSizeOverride !== undefined ? dataSizeOverride : body.length;
    parts.push(...Array.from(id, (ch) => ch.charCodeAt(0)), ...u32(size), ...body);
    if (body.length & 1) parts.push(0);
  }
  return new Uint8Array([
    ...Array.from('RIFF', (c) => c.charCodeAt(0)),
    ...u32(parts.length + 4),
    ...Array.from('WAVE', (c) => c.charCodeAt(0)),
    ...parts,
  ]);
}

function fmt(
  tag: number,
  channels: number,
  rate: number,
  bits: number,
  extensibleSubTag?: number,
): Uint8Array {
  const body = new Uint8Array(extensibleSubTag === undefined ? 16 : 40);
  const view = new DataView(body.buffer);
  view.setUint16(0, tag, true);
  view.setUint16(2, channels, true);
  view.setUint32(4, rate, true);
  view.setUint32(8, (rate * channels * bits) / 8, true);
  view.setUint16(12, (channels * bits) / 8, true);
  view.setUint16(14, bits, true);
  if (extensibleSubTag !== undefined) {
    view.setUint16(16, 22, true);
    view.setUint16(18, bits, true);
    view.setUint32(20, 3, true);
    view.setUint16(24, extensibleSubTag, true);
  }
  return body;
}

function expectDecodeError(run: () => unknown, code: AudioDecodeError['code'], pattern: RegExp) {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(AudioDecodeError);
    expect((error as AudioDecodeError).code).toBe(code);
    expect((error as Error).message).toMatch(pattern);
    return;
  }
  throw new Error('expected an AudioDecodeError');
}

describe('decodeWav on real GTZAN files', () => {
  it.each(['blues.00000.wav', 'metal.00000.wav'])('%s has the sample count of its CSV row', (name) => {
    const decoded = decodeWav(new Uint8Array(readFileSync(path.join(GTZAN, name))));
    const row = gtzanRows.find((r) => r[0] === name);
    expect(row).toBeDefined();
    expect(decoded.sampleRate).toBe(22050);
    expect(decoded.channels).toHaveLength(1);
    expect(decoded.channels[0].length).toBe(Number(row![1]));
    expect(decoded.truncated).toBe(false);
    const peak = decoded.channels[0].reduce((m, x) => Math.max(m, Math.abs(x)), 0);
    expect(peak).toBeGreaterThan(0.1);
    expect(peak).toBeLessThanOrEqual(1);
  });

  it('decodes the samples present of a file cut in half and says it was truncated', () => {
    const bytes = new Uint8Array(readFileSync(path.join(GTZAN, 'blues.00000.wav')));
    const whole = decodeWav(bytes).channels[0];
    const half = decodeWav(bytes.subarray(0, Math.floor(bytes.length / 2) + 1));
    expect(half.truncated).toBe(true);
    expect(half.channels[0].length).toBe(Math.floor((Math.floor(bytes.length / 2) + 1 - 44) / 2));
    const part = half.channels[0];
    let mismatches = 0;
    for (let i = 0; i < part.length; i++) if (part[i] !== whole[i]) mismatches++;
    expect(mismatches).toBe(0);
  });
});

describe('decodeWav sample formats', () => {
  it('reads 8-bit unsigned, 16/24/32-bit signed PCM at full scale', () => {
    const u8 = decodeWav(
      riff([
        ['fmt ', fmt(1, 1, 8000, 8)],
        ['data', new Uint8Array([0, 128, 255])],
      ]),
    );
    expect(Array.from(u8.channels[0])).toEqual([-1, 0, 127 / 128]);
    const s16 = decodeWav(
      riff([
        ['fmt ', fmt(1, 1, 8000, 16)],
        ['data', new Uint8Array([0x00, 0x80, 0xff, 0x7f, 0, 0x40])],
      ]),
    );
    expect(Array.from(s16.channels[0])).toEqual([-1, 32767 / 32768, 0.5]);
    const s24 = decodeWav(
      riff([
        ['fmt ', fmt(1, 1, 8000, 24)],
        ['data', new Uint8Array([0, 0, 0x80, 0xff, 0xff, 0x7f, 0, 0, 0xc0])],
      ]),
    );
    expect(Array.from(s24.channels[0])).toEqual([-1, Math.fround(8388607 / 8388608), -0.5]);
    const s32 = decodeWav(
      riff([
        ['fmt ', fmt(1, 1, 8000, 32)],
        ['data', new Uint8Array([0, 0, 0, 0x80, 0, 0, 0, 0x40])],
      ]),
    );
    expect(Array.from(s32.channels[0])).toEqual([-1, 0.5]);
  });

  it('reads 32- and 64-bit float and zeroes non-finite values', () => {
    const f32 = new Float32Array([0.25, -0.75, NaN]);
    const d32 = decodeWav(
      riff([
        ['fmt ', fmt(3, 1, 44100, 32)],
        ['data', new Uint8Array(f32.buffer)],
      ]),
    );
    expect(Array.from(d32.channels[0])).toEqual([0.25, -0.75, 0]);
    const f64 = new Float64Array([0.125, -1, Infinity]);
    const d64 = decodeWav(
      riff([
        ['fmt ', fmt(3, 1, 96000, 64)],
        ['data', new Uint8Array(f64.buffer)],
      ]),
    );
    expect(d64.sampleRate).toBe(96000);
    expect(Array.from(d64.channels[0])).toEqual([0.125, -1, 0]);
  });

  it('de-interleaves stereo WAVE_FORMAT_EXTENSIBLE and skips odd-sized and LIST chunks before data', () => {
    const samples = new Int16Array([1000, -1000, 2000, -2000]);
    const file = riff([
      ['fmt ', fmt(0xfffe, 2, 48000, 16, 1)],
      ['LIST', new Uint8Array(Array.from('INFOISFT\x05\x00\x00\x00oido\x00\x00', (c) => c.charCodeAt(0)))],
      ['junk', new Uint8Array([1, 2, 3])],
      ['data', new Uint8Array(samples.buffer)],
    ]);
    const decoded = decodeWav(file);
    expect(decoded.sampleRate).toBe(48000);
    expect(Array.from(decoded.channels[0])).toEqual([1000 / 32768, 2000 / 32768]);
    expect(Array.from(decoded.channels[1])).toEqual([-1000 / 32768, -2000 / 32768]);
  });

  it('reads extensible float and treats an unknown (0xFFFFFFFF) data size as "to the end"', () => {
    const f32 = new Float32Array([0.5, -0.5]);
    const decoded = decodeWav(
      riff(
        [
          ['fmt ', fmt(0xfffe, 1, 16000, 32, 3)],
          ['data', new Uint8Array(f32.buffer)],
        ],
        0xffffffff,
      ),
    );
    expect(Array.from(decoded.channels[0])).toEqual([0.5, -0.5]);
    expect(decoded.truncated).toBe(false);
  });

  it('decodePcmFrames ignores a partial trailing frame', () => {
    const format = {
      encoding: 'pcm' as const,
      channels: 2,
      sampleRate: 8000,
      bitsPerSample: 16,
      blockAlign: 4,
    };
    const channels = decodePcmFrames(new Uint8Array([0, 0x40, 0, 0xc0, 1, 2, 3]), format);
    expect(Array.from(channels[0])).toEqual([0.5]);
    expect(Array.from(channels[1])).toEqual([-0.5]);
  });
});

describe('decodeWav bad input', () => {
  it('throws "empty" for zero bytes', () => {
    expectDecodeError(() => decodeWav(new Uint8Array(0)), 'empty', /empty/);
  });

  it('throws "unsupported-format" for text and for other RIFF files', () => {
    const text = new TextEncoder().encode('hello, I am a text file pretending to be a wav\n');
    expectDecodeError(() => decodeWav(text), 'unsupported-format', /Not an audio file.*'hell'/);
    const avi = riff([]);
    avi.set([0x41, 0x56, 0x49, 0x20], 8);
    expectDecodeError(() => decodeWav(avi), 'unsupported-format', /RIFF 'AVI '/);
  });

  it('names an unsupported WAV encoding', () => {
    expectDecodeError(
      () =>
        decodeWav(
          riff([
            ['fmt ', fmt(6, 1, 8000, 8)],
            ['data', new Uint8Array(4)],
          ]),
        ),
      'unsupported-format',
      /0x0006/,
    );
  });

  it('throws "corrupt" for missing fmt, missing data, zero channels and a header cut short', () => {
    expectDecodeError(() => decodeWav(riff([['data', new Uint8Array(4)]])), 'corrupt', /before its format/);
    expectDecodeError(() => decodeWav(riff([['fmt ', fmt(1, 1, 8000, 16)]])), 'corrupt', /no sample data/);
    expectDecodeError(
      () =>
        decodeWav(
          riff([
            ['fmt ', fmt(1, 0, 8000, 16)],
            ['data', new Uint8Array(4)],
          ]),
        ),
      'corrupt',
      /0 channels|block align/,
    );
    expectDecodeError(
      () => decodeWav(encodeWav16(new Float32Array(10), 8000).subarray(0, 30)),
      'corrupt',
      /format chunk/,
    );
    expectDecodeError(
      () => decodeWav(encodeWav16(new Float32Array(10), 8000).subarray(0, 8)),
      'corrupt',
      /header/,
    );
  });

  it('locateWavData asks for more bytes when the data header lies beyond the prefix', () => {
    const file = encodeWav16(new Float32Array(100), 8000);
    expect(locateWavData(file.subarray(0, 20), file.length)).toBeNull();
    expect(locateWavData(file.subarray(0, 44), file.length)).toMatchObject({
      dataOffset: 44,
      dataLength: 200,
    });
  });
});

describe('encodeWav16', () => {
  it('round-trips through decodeWav within 16-bit precision, clipping out-of-range values', () => {
    const samples = new Float32Array([0, 0.5, -0.5, 0.999, -1, 1.5, -2, NaN]);
    const decoded = decodeWav(encodeWav16(samples, 22050));
    expect(decoded.sampleRate).toBe(22050);
    const expected = [0, 0.5, -0.5, 0.999, -1, 1, -1, 0];
    decoded.channels[0].forEach((v, i) => expect(v).toBeCloseTo(expected[i], 4));
  });

  it('rejects bad rates and sizes naming the value', () => {
    expect(() => encodeWav16(new Float32Array(1), 0)).toThrow(/sampleRate.*got 0/);
    expect(() => wav16Header(-1, 8000)).toThrow(/frameCount.*got -1/);
  });
});

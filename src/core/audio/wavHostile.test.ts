import { describe, expect, it } from 'vitest';
import { ANALYSIS_SAMPLE_RATE } from './signal';
import { AudioStreamDecoder } from './streamDecoder';
import { decodeWav, encodePcm16, wav16Header } from './wav';

/** RIFF header + fmt (16-bit mono at `rate`) + a chunk header `id` declaring `size` bytes, nothing after. */
function headerWithChunk(rate: number, id: string, size: number): Uint8Array {
  const plain = wav16Header(0, rate);
  const out = new Uint8Array(36 + 8);
  out.set(plain.subarray(0, 36));
  const view = new DataView(out.buffer);
  for (let i = 0; i < 4; i++) out[36 + i] = id.charCodeAt(i);
  view.setUint32(40, size, true);
  return out;
}

function tone(seconds: number, rate: number): Float32Array {
  return Float32Array.from({ length: Math.round(seconds * rate) }, (_, i) => 0.5 * Math.sin(i / 10));
}

/** Pushes `pieces` through a stream decoder as a file of `total` bytes; returns the decoded sample count. */
async function streamLength(pieces: Iterable<Uint8Array>, head: Uint8Array, total: number): Promise<number> {
  const decoder = await AudioStreamDecoder.open(head, total);
  try {
    let length = 0;
    for (const piece of pieces) length += (await decoder.push(piece)).length;
    return length + (await decoder.finish()).length;
  } finally {
    decoder.free();
  }
}

describe('WAV decoding under hostile headers', () => {
  it('skips a 100 MB LIST chunk before the data by its declared size, without keeping it', async () => {
    const listBytes = 100 * 2 ** 20;
    const head = headerWithChunk(ANALYSIS_SAMPLE_RATE, 'LIST', listBytes);
    const pcm = encodePcm16(tone(5, ANALYSIS_SAMPLE_RATE));
    const data = new Uint8Array(8 + pcm.length);
    data.set([0x64, 0x61, 0x74, 0x61]);
    new DataView(data.buffer).setUint32(4, pcm.length, true);
    data.set(pcm, 8);
    const zeros = new Uint8Array(2 ** 20); // one MiB, pushed 100 times: the test never holds the chunk
    function* pieces() {
      yield head;
      for (let i = 0; i < 100; i++) yield zeros;
      yield data;
    }
    const started = performance.now();
    const length = await streamLength(pieces(), head, head.length + listBytes + data.length);
    expect(length).toBe(5 * ANALYSIS_SAMPLE_RATE);
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it('refuses sample rates of 1 and 3 Hz and 500 kHz, naming the rate, whole or streamed', async () => {
    for (const rate of [1, 3, 999, 500_000]) {
      const file = new Uint8Array(44 + 200);
      file.set(wav16Header(100, rate));
      expect(() => decodeWav(file)).toThrow(
        new RegExp(`sample rate of ${rate} Hz; this app reads 1,000 Hz to 384,000 Hz`),
      );
      await expect(streamLength([file], file, file.length)).rejects.toThrow(/sample rate of/);
    }
    const ok = new Uint8Array(44 + 200);
    ok.set(wav16Header(100, 1000));
    expect(decodeWav(ok).sampleRate).toBe(1000);
  });

  it('refuses a format chunk that declares more than 1 MiB', async () => {
    const file = headerWithChunk(ANALYSIS_SAMPLE_RATE, 'fmt ', 2 ** 21);
    file.set([0x4c, 0x49, 0x53, 0x54], 12); // the real fmt chunk becomes a LIST to skip
    await expect(streamLength([file], file, file.length + 2 ** 21)).rejects.toThrow(
      /format chunk declares 2097152 bytes/,
    );
    expect(() => decodeWav(file)).toThrow(/format chunk declares 2097152 bytes/);
  });

  it('names a header that ends inside a skipped chunk as a file with no sample data', async () => {
    const file = headerWithChunk(ANALYSIS_SAMPLE_RATE, 'LIST', 1000);
    await expect(streamLength([file], file, file.length)).rejects.toThrow(/it has no sample data/);
  });
});

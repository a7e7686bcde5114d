/**
 * A whole file to the analysis signal (mono, 22,050 Hz) through AudioStreamDecoder, reading it range by range
 * from any source (a Blob in the page's decode worker, a file handle in tests): memory holds one range and the
 * growing signal, which is sized from the container's declared length so it is allocated once, not copied.
 * `streamRanges` hands each range's samples out as they are decoded (the page's decode worker posts them, so
 * the page can start on the song's first segments while the rest decodes); `decodeRanges` gathers them.
 */
import { readContainerInfo, type ContainerFormat } from './containerSampleRate';
import { AudioDecodeError } from './errors';
import { HEADER_PROBE_BYTES, headerDuration } from './headerDuration';
import { ANALYSIS_SAMPLE_RATE } from './signal';
import { sniffAudioFormat, sniffOggCodec } from './sniff';
import { AudioStreamDecoder } from './streamDecoder';

/** Reads bytes [start, end) of the file. */
export type RangeReader = (start: number, end: number) => Promise<Uint8Array>;

export interface RangeDecodeOptions {
  /** Called after each range with the fraction of the file's bytes decoded so far (ending with 1). */
  onProgress?: (fraction: number) => void;
  /** Longer files stop with AudioDecodeError 'too-long' within one range of the limit. */
  maxSeconds?: number;
  /** Bytes per read; default 256 KiB. */
  rangeBytes?: number;
}

/** What is known once the header is read, before any samples. */
export interface DecodeStart {
  /** Analysis samples to make room for: the declared length and a little more, within `maxSeconds`. */
  capacity: number;
}

export interface RangeStreamOptions extends RangeDecodeOptions {
  onStart?: (start: DecodeStart) => void;
  /**
   * Each piece of the analysis signal, in order, once decoded: a fresh array the callee owns (it may transfer
   * its buffer). Their concatenation is the signal `decodeRanges` returns.
   */
  onSamples: (piece: Float32Array) => void;
}

/** The decoded file without its samples (they went out through `onSamples`). */
export type StreamedSignal = Omit<DecodedSignal, 'samples'> & { length: number };

export interface DecodedSignal {
  /** Mono at ANALYSIS_SAMPLE_RATE. */
  samples: Float32Array;
  sourceSampleRate: number;
  channels: number;
  durationSeconds: number;
  format: ContainerFormat | null;
  truncated: boolean;
  damage: { message: string; atSeconds: number } | null;
}

const RANGE_BYTES = 256 * 1024;

/** True when `head` (a file's first bytes) is a container AudioStreamDecoder reads: WAV, MP3, FLAC, Ogg Vorbis. */
export function isStreamable(head: Uint8Array): boolean {
  const format = sniffAudioFormat(head);
  if (format === 'ogg') return sniffOggCodec(head) === 'vorbis';
  return format === 'wav' || format === 'mp3' || format === 'flac';
}

/** A Float32Array filled piece by piece: one allocation when the guess is right, growth by half when it is not. */
export class SignalBuffer {
  private data: Float32Array;
  length = 0;

  constructor(capacity: number) {
    this.data = new Float32Array(Math.max(1, capacity));
  }

  push(piece: Float32Array): void {
    if (this.length + piece.length > this.data.length) {
      const grown = new Float32Array(Math.max(this.length + piece.length, Math.ceil(this.data.length * 1.5)));
      grown.set(this.data.subarray(0, this.length));
      this.data = grown;
    }
    this.data.set(piece, this.length);
    this.length += piece.length;
  }

  /** The samples so far, not copied (a later push that grows the buffer leaves this view as it was). */
  view(): Float32Array {
    return this.data.subarray(0, this.length);
  }

  /** The samples: the buffer itself when it is (nearly) full, else a right-sized copy that frees the rest. */
  take(): Float32Array {
    if (this.data.length - this.length <= Math.max(ANALYSIS_SAMPLE_RATE, this.length / 50))
      return this.data.subarray(0, this.length);
    return this.data.slice(0, this.length);
  }
}

/**
 * Decodes the `size`-byte file `read` gives into the analysis signal. Throws AudioDecodeError as
 * AudioStreamDecoder does ('empty', 'unsupported-format', 'corrupt', 'too-short') and 'too-long' past
 * `maxSeconds`.
 */
export async function decodeRanges(
  read: RangeReader,
  size: number,
  options: RangeDecodeOptions = {},
): Promise<DecodedSignal> {
  let out: SignalBuffer | null = null;
  const { length: _, ...info } = await streamRanges(read, size, {
    ...options,
    onStart: ({ capacity }) => (out = new SignalBuffer(capacity)),
    onSamples: (piece) => out!.push(piece),
  });
  return { ...info, samples: out!.take() };
}

/**
 * Decodes the `size`-byte file `read` gives, handing out the analysis signal a range at a time (`onSamples`);
 * throws as `decodeRanges` does.
 */
export async function streamRanges(
  read: RangeReader,
  size: number,
  options: RangeStreamOptions,
): Promise<StreamedSignal> {
  const { onProgress, onStart, onSamples, maxSeconds = Infinity, rangeBytes = RANGE_BYTES } = options;
  if (!(rangeBytes >= 1024)) throw new RangeError(`Expected rangeBytes >= 1024, got ${rangeBytes}`);
  if (size === 0) throw new AudioDecodeError('empty', 'This file is empty (0 bytes)');
  const head = await read(0, Math.min(size, HEADER_PROBE_BYTES));
  const tail = size > HEADER_PROBE_BYTES ? await read(Math.max(0, size - HEADER_PROBE_BYTES), size) : head;
  const declared = headerDuration(head, tail, size);
  const decoder = await AudioStreamDecoder.open(head, size);
  try {
    // Room for the declared length and a little more; a file with no declared length starts at a minute.
    const guess = declared ? declared.seconds * (declared.kind === 'exact' ? 1.001 : 1.1) + 1 : 60;
    onStart?.({ capacity: Math.ceil(Math.min(guess, maxSeconds + 1) * ANALYSIS_SAMPLE_RATE) });
    let length = 0;
    const hand = (piece: Float32Array) => {
      if (piece.length === 0) return;
      length += piece.length;
      onSamples(piece);
    };
    for (let position = 0; position < size;) {
      const end = Math.min(size, position + rangeBytes);
      const bytes = await read(position, end);
      if (bytes.length === 0) break; // the file shrank while we read it
      position += bytes.length;
      hand(await decoder.push(bytes));
      if (decoder.decodedSeconds > maxSeconds) {
        throw new AudioDecodeError(
          'too-long',
          `it lasts more than ${maxSeconds / 60} minutes (the limit), found while decoding`,
        );
      }
      if (position < size) onProgress?.(position / size);
    }
    hand(await decoder.finish());
    onProgress?.(1);
    return {
      length,
      sourceSampleRate: decoder.sourceSampleRate,
      channels: decoder.channels,
      durationSeconds: decoder.decodedSeconds,
      format: readContainerInfo(head)?.format ?? null,
      truncated: decoder.truncated,
      damage: decoder.damage,
    };
  } finally {
    decoder.free();
  }
}

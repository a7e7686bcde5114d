import { open, stat } from 'node:fs/promises';
import { AudioDecodeError } from '../core/audio/errors';
import { ANALYSIS_SAMPLE_RATE } from '../core/audio/signal';
import { AudioStreamDecoder } from '../core/audio/streamDecoder';

/** A whole audio file as mono samples at the analysis rate. */
export interface DecodedAudioFile {
  samples: Float32Array;
  sampleRate: typeof ANALYSIS_SAMPLE_RATE;
  durationSeconds: number;
  sourceSampleRate: number;
  channels: number;
  /** The file ends before its last frame, page or declared data did; `samples` hold what was there. */
  truncated: boolean;
  /** The first damage the codec met mid-file (decoding went on past it), or null. */
  damage: { message: string; atSeconds: number } | null;
}

export interface DecodeFileOptions {
  /** Called with the fraction of the file's bytes read so far, ending with 1. */
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
  /** Longer files throw 'too-long' (use decodeAudioFileStream for them). Default 20 minutes. */
  maxDurationSeconds?: number;
  /** Larger files throw 'too-long' before a byte is decoded. Default 1 GiB. */
  maxBytes?: number;
}

export interface DecodeFileStreamOptions {
  /** Length of each yielded chunk (the last may be shorter). Default 30 s. */
  chunkSeconds?: number;
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
}

export const DEFAULT_MAX_DURATION_SECONDS = 20 * 60;
/** 20 minutes of 8-channel 32-bit audio at 192 kHz is about 7 GB, but no song file is over 1 GiB. */
export const DEFAULT_MAX_FILE_BYTES = 1 << 30;
/** Bytes read from disk per step: small enough that cancellation is prompt, large enough to be cheap. */
const READ_BYTES = 256 * 1024;
const HEAD_BYTES = 64 * 1024;

function checkPositive(name: string, value: number): void {
  if (!(value > 0) || !Number.isFinite(value))
    throw new RangeError(`Expected ${name} to be a finite number > 0, got ${value}`);
}

function throwIfCancelled(signal: AbortSignal | undefined, path: string): void {
  if (signal?.aborted)
    throw new AudioDecodeError('cancelled', `Decoding ${path} was cancelled`, { cause: signal.reason });
}

/**
 * Decodes a WAV, MP3, Ogg Vorbis or FLAC file whole, into mono samples at 22,050 Hz.
 * Throws AudioDecodeError: 'empty', 'unsupported-format', 'corrupt', 'too-short' (no samples at all),
 * 'too-long' (over `maxDurationSeconds`: use decodeAudioFileStream) or 'cancelled'.
 */
export async function decodeAudioFile(
  path: string,
  options: DecodeFileOptions = {},
): Promise<DecodedAudioFile> {
  const {
    onProgress,
    signal,
    maxDurationSeconds = DEFAULT_MAX_DURATION_SECONDS,
    maxBytes = DEFAULT_MAX_FILE_BYTES,
  } = options;
  checkPositive('maxDurationSeconds', maxDurationSeconds);
  checkPositive('maxBytes', maxBytes);
  // The size first: a file is refused before any of it is read or decoded.
  const { size } = await stat(path);
  if (size > maxBytes) {
    throw new AudioDecodeError(
      'too-long',
      `This file is ${formatMegabytes(size)}, more than the ${formatMegabytes(maxBytes)} read whole: decode it in pieces with decodeAudioFileStream`,
    );
  }
  const pieces: Float32Array[] = [];
  let length = 0;
  const collect = (samples: Float32Array) => {
    if (samples.length > 0) pieces.push(samples);
    length += samples.length;
  };
  let decoder: AudioStreamDecoder | null = null;
  for await (const step of decodeSteps(path, signal, onProgress, collect)) {
    decoder = step;
    // Checked after every piece, so a long file stops within one piece of the limit, not gigabytes later.
    if (step.decodedSeconds > maxDurationSeconds) {
      throw new AudioDecodeError(
        'too-long',
        `This file is longer than ${formatMinutes(maxDurationSeconds)}: decode it in pieces with decodeAudioFileStream`,
      );
    }
  }
  if (decoder === null) throw new Error(`decodeSteps yielded nothing for ${path}`);
  const samples = new Float32Array(length);
  let offset = 0;
  for (const piece of pieces) {
    samples.set(piece, offset);
    offset += piece.length;
  }
  return {
    samples,
    sampleRate: ANALYSIS_SAMPLE_RATE,
    durationSeconds: length / ANALYSIS_SAMPLE_RATE,
    sourceSampleRate: decoder.sourceSampleRate,
    channels: decoder.channels,
    truncated: decoder.truncated,
    damage: decoder.damage,
  };
}

function formatMegabytes(bytes: number): string {
  if (bytes < 2 ** 20) return `${bytes.toLocaleString('en')} bytes`;
  return `${Math.round(bytes / 2 ** 20).toLocaleString('en')} MB`;
}

function formatMinutes(seconds: number): string {
  return seconds % 60 === 0 ? `${seconds / 60} minutes` : `${seconds} seconds`;
}

/**
 * Decodes a file of any length into consecutive mono 22,050 Hz chunks of `chunkSeconds` (the last one
 * shorter), holding only about one chunk in memory. Aborting `signal` makes the generator throw
 * AudioDecodeError 'cancelled' before the next piece is read.
 */
export async function* decodeAudioFileStream(
  path: string,
  options: DecodeFileStreamOptions = {},
): AsyncGenerator<Float32Array, void, undefined> {
  const { chunkSeconds = 30, onProgress, signal } = options;
  checkPositive('chunkSeconds', chunkSeconds);
  const chunkLength = Math.max(1, Math.round(chunkSeconds * ANALYSIS_SAMPLE_RATE));
  // Each decoded piece fills chunks; full ones wait in `ready` for the consumer, and reading waits for it.
  let chunk = new Float32Array(chunkLength);
  let filled = 0;
  const ready: Float32Array[] = [];
  const collect = (samples: Float32Array) => {
    let offset = 0;
    while (offset < samples.length) {
      const n = Math.min(chunkLength - filled, samples.length - offset);
      chunk.set(samples.subarray(offset, offset + n), filled);
      filled += n;
      offset += n;
      if (filled === chunkLength) {
        ready.push(chunk);
        chunk = new Float32Array(chunkLength);
        filled = 0;
      }
    }
  };
  // for-await closes the reader (file and decoder) however this generator ends, early returns included.
  for await (const _decoder of decodeSteps(path, signal, onProgress, collect)) {
    while (ready.length > 0) {
      yield ready.shift()!;
      throwIfCancelled(signal, path);
    }
  }
  if (filled > 0) yield chunk.slice(0, filled);
}

/**
 * Reads `path` piece by piece through an AudioStreamDecoder, handing each piece's mono 22,050 Hz samples to
 * `collect` and pausing after each (so the consumer sets the pace); yields the decoder for its running facts,
 * last after the file is finished. Frees the decoder and closes the file however it ends.
 */
async function* decodeSteps(
  path: string,
  signal: AbortSignal | undefined,
  onProgress: ((fraction: number) => void) | undefined,
  collect: (samples: Float32Array) => void,
): AsyncGenerator<AudioStreamDecoder, void, undefined> {
  throwIfCancelled(signal, path);
  const file = await open(path, 'r');
  let decoder: AudioStreamDecoder | null = null;
  try {
    const { size } = await file.stat();
    const buffer = new Uint8Array(Math.min(READ_BYTES, Math.max(size, 1)));
    const { bytesRead: headBytes } = await file.read(buffer, 0, Math.min(HEAD_BYTES, buffer.length), 0);
    decoder = await AudioStreamDecoder.open(buffer.subarray(0, headBytes), size);
    let position = 0;
    while (position < size) {
      throwIfCancelled(signal, path);
      const { bytesRead } = await file.read(buffer, 0, Math.min(buffer.length, size - position), position);
      if (bytesRead === 0) break; // the file shrank while we read it
      position += bytesRead;
      collect(await decoder.push(buffer.subarray(0, bytesRead)));
      if (position < size) onProgress?.(position / size);
      yield decoder;
    }
    throwIfCancelled(signal, path);
    collect(await decoder.finish());
    onProgress?.(1);
    yield decoder;
  } finally {
    decoder?.free();
    await file.close();
  }
}

import { AudioDecodeError } from '../core/audio/errors';
import { readContainerInfo, type ContainerFormat } from '../core/audio/containerSampleRate';
import { auditAudioBytesInSteps, doubtNote } from '../core/audio/integrity';
import { checkSourceSampleRate } from '../core/audio/sourceRate';

/** The one door from a file's bytes to samples in the browser: `decodeAudioData`, whatever it can read. */

/** Longer recordings are refused before analysis: the whole file is analysed, and memory is finite. */
export const MAX_DURATION_SECONDS = 30 * 60;

/** When the container is not one we can read a rate from, the browser decodes (and resamples) to this. */
const FALLBACK_DECODE_RATE = 48_000;
/** Chromium's OfflineAudioContext accepts rates from 3 kHz to 768 kHz. */
const MIN_CONTEXT_RATE = 3_000;

export interface DecodedChannels {
  name: string;
  /** One array per channel, at `sampleRate`. */
  channels: Float32Array[];
  /** The rate of `channels`: the file's own rate when we could read it. */
  sampleRate: number;
  /** The rate written in the file's header; null when the container was not recognised. */
  originalSampleRate: number | null;
  format: ContainerFormat | null;
  durationSeconds: number;
  byteLength: number;
  /** Why the result is doubtful (cut short, damaged, a header that promises another length); null if whole. */
  doubt: string | null;
}

const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

function formatMinutes(seconds: number): string {
  return `${(seconds / 60).toFixed(1)} minutes`;
}

async function bytesOf(input: Blob | ArrayBuffer): Promise<ArrayBuffer> {
  return input instanceof ArrayBuffer ? input.slice(0) : await input.arrayBuffer();
}

/**
 * Decodes a file to its channels at the file's own rate (so the only resampling is ours, later).
 * Throws `AudioDecodeError` with a message naming the file for empty, unreadable or over-long input.
 */
export async function decodeToChannels(input: Blob | ArrayBuffer, name: string): Promise<DecodedChannels> {
  const bytes = await bytesOf(input);
  if (bytes.byteLength === 0) {
    throw new AudioDecodeError('empty', `Could not decode "${name}": the file is empty (0 bytes)`);
  }
  // Read the header before decodeAudioData, which detaches the buffer.
  const info = readContainerInfo(new Uint8Array(bytes));
  if (info) checkSourceSampleRate(info.sampleRate, `"${name}"`);
  const decodeRate =
    info && info.sampleRate >= MIN_CONTEXT_RATE
      ? info.sampleRate
      : Math.max(info?.sampleRate ?? 0, FALLBACK_DECODE_RATE);
  const context = new OfflineAudioContext({ numberOfChannels: 1, length: 1, sampleRate: decodeRate });
  const byteLength = bytes.byteLength;
  // The container walked before decodeAudioData (which detaches the bytes, and decodes what it can without a
  // word about the rest), in steps between which the page's other work runs.
  const integrity = info
    ? await auditAudioBytesInSteps(new Uint8Array(bytes), info.format, info.sampleRate, nextTask)
    : null;
  let buffer: AudioBuffer;
  try {
    buffer = await context.decodeAudioData(bytes);
  } catch (cause) {
    // A recognised header that will not decode is a damaged file; anything else is not audio we can read.
    const code = info ? 'corrupt' : 'unsupported-format';
    const why = info
      ? `it looks like ${info.format} but the audio data is damaged`
      : 'not an audio file this browser can read';
    throw new AudioDecodeError(code, `Could not decode "${name}": ${why}`, { cause });
  }
  if (buffer.length === 0) {
    throw new AudioDecodeError('too-short', `Could not decode "${name}": it holds no audio samples`);
  }
  if (buffer.duration > MAX_DURATION_SECONDS) {
    throw new AudioDecodeError(
      'too-long',
      `Could not decode "${name}": it lasts ${formatMinutes(buffer.duration)}; the limit is ${formatMinutes(MAX_DURATION_SECONDS)}`,
    );
  }
  // Copies, not getChannelData views: the copies own their buffers, so they can be transferred to a worker.
  const channels = Array.from({ length: buffer.numberOfChannels }, (_, c) => {
    const channel = new Float32Array(buffer.length);
    buffer.copyFromChannel(channel, c);
    return channel;
  });
  return {
    name,
    channels,
    sampleRate: buffer.sampleRate,
    originalSampleRate: info?.sampleRate ?? null,
    format: info?.format ?? null,
    durationSeconds: buffer.duration,
    byteLength,
    doubt: integrity && info ? doubtNote(info.format, integrity, buffer.duration) : null,
  };
}

import { AudioDecodeError } from '../core/audio/errors';
import { readContainerInfo, type ContainerFormat } from '../core/audio/containerSampleRate';
import { HEADER_PROBE_BYTES, headerDuration, type HeaderDuration } from '../core/audio/headerDuration';
import { id3v2Length } from '../core/audio/sniff';
import { auditAudioBytesInSteps, doubtNote } from '../core/audio/integrity';
import { checkSourceSampleRate } from '../core/audio/sourceRate';

/**
 * The browser's doors from a file to samples: `decodeAudioData`, whatever it can read (the containers the
 * decode worker does not read: M4A, WebM, Opus), and the size check every file passes before any decoding.
 */

/** Longer recordings are refused before analysis: the whole file is analysed, and memory is finite. */
export const MAX_DURATION_SECONDS = 30 * 60;
/** Files larger than this are refused before reading: their decoded audio would not fit in memory. */
export const MAX_FILE_BYTES = 1024 * 1024 * 1024;
/**
 * A length guessed from an MP3's first frame (no Xing/VBRI header) can be off for variable bitrates: such a
 * guess refuses a file only when it is this far past the limit; the decoder stops the rest at the limit.
 */
const ESTIMATE_MARGIN = 1.25;

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

function formatMegabytes(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024)).toLocaleString('en')} MB`;
}

async function bytesAt(file: Blob, start: number, end: number): Promise<Uint8Array> {
  return new Uint8Array(await file.slice(start, end).arrayBuffer());
}

/**
 * Refuses a file too large or too long to analyse from its size and container header (its first and last
 * 64 KiB), before any of it is decoded. Returns the length the header declares (null when it does not say).
 * Throws AudioDecodeError 'too-long' with a message naming the file, its size or length, and the limit.
 */
export async function checkFileFits(file: Blob, name: string): Promise<HeaderDuration | null> {
  if (file.size > MAX_FILE_BYTES) {
    // Whole megabytes, unless they would read as equal to the limit.
    const close = formatMegabytes(file.size) === formatMegabytes(MAX_FILE_BYTES);
    const size = (bytes: number) => (close ? `${bytes.toLocaleString('en')} bytes` : formatMegabytes(bytes));
    throw new AudioDecodeError(
      'too-long',
      `Could not analyse "${name}": it is ${size(file.size)}; the limit is ${size(MAX_FILE_BYTES)}`,
    );
  }
  let head = await bytesAt(file, 0, Math.min(file.size, HEADER_PROBE_BYTES));
  let size = file.size;
  // Album art can make an MP3's ID3 tag longer than the probe: read the first frame after it.
  const tag = id3v2Length(head, 0);
  if (tag > head.length - 1024 && tag < file.size) {
    head = await bytesAt(file, tag, Math.min(file.size, tag + HEADER_PROBE_BYTES));
    size -= tag;
  }
  const tail = await bytesAt(file, Math.max(0, file.size - HEADER_PROBE_BYTES), file.size);
  const declared = headerDuration(head, tail, size);
  if (!declared) return null;
  const limit = declared.kind === 'exact' ? MAX_DURATION_SECONDS : MAX_DURATION_SECONDS * ESTIMATE_MARGIN;
  if (declared.seconds > limit) {
    const about = declared.kind === 'exact' ? '' : 'about ';
    throw new AudioDecodeError(
      'too-long',
      `Could not analyse "${name}": its header says it lasts ${about}${formatMinutes(declared.seconds)}; the limit is ${formatMinutes(MAX_DURATION_SECONDS)}`,
    );
  }
  return declared;
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

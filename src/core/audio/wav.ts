import { AudioDecodeError } from './errors';
import { checkSourceSampleRate } from './sourceRate';

/** How the sample data of a WAV file is laid out. */
export interface WavFormat {
  /** `pcm`: integer samples (8-bit unsigned, 16/24/32-bit signed); `float`: IEEE 754 32/64-bit. */
  encoding: 'pcm' | 'float';
  channels: number;
  sampleRate: number;
  /** Container size of one sample in bits (8, 16, 24, 32 or 64). */
  bitsPerSample: number;
  /** Bytes per frame (one sample of every channel). */
  blockAlign: number;
}

/** Where the samples of a WAV file lie, found from its first bytes. */
export interface WavLayout {
  format: WavFormat;
  /** Byte offset of the first sample. */
  dataOffset: number;
  /** Bytes of sample data actually present in the file (whole frames only). */
  dataLength: number;
  /** True when the data chunk claims more bytes than the file holds (a cut-off download or copy). */
  truncated: boolean;
}

export interface DecodedWav {
  /** One array per channel, all the same length. */
  channels: Float32Array[];
  sampleRate: number;
  /** True when the file ended before its data chunk did: the samples present were decoded. */
  truncated: boolean;
}

const WAVE_FORMAT_PCM = 0x0001;
const WAVE_FORMAT_IEEE_FLOAT = 0x0003;
const WAVE_FORMAT_EXTENSIBLE = 0xfffe;
/** Streaming writers that cannot seek back leave the data size at its maximum. */
const UNKNOWN_SIZE = 0xffffffff;

function fourCc(view: DataView, offset: number): string {
  return String.fromCharCode(
    view.getUint8(offset),
    view.getUint8(offset + 1),
    view.getUint8(offset + 2),
    view.getUint8(offset + 3),
  );
}

function viewOf(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function printable(bytes: Uint8Array): string {
  const head = Array.from(bytes.subarray(0, 4), (b) =>
    b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.',
  );
  return head.join('');
}

/** Reads a `fmt ` chunk's body at `offset`. */
export function parseFmt(view: DataView, offset: number, size: number): WavFormat {
  if (size < 16)
    throw new AudioDecodeError(
      'corrupt',
      `This WAV file is damaged: its format chunk has ${size} bytes, expected at least 16`,
    );
  let tag = view.getUint16(offset, true);
  const channels = view.getUint16(offset + 2, true);
  const sampleRate = view.getUint32(offset + 4, true);
  const blockAlign = view.getUint16(offset + 12, true);
  const bitsPerSample = view.getUint16(offset + 14, true);
  if (tag === WAVE_FORMAT_EXTENSIBLE) {
    if (size < 40)
      throw new AudioDecodeError(
        'corrupt',
        `This WAV file is damaged: its extensible format chunk has ${size} bytes, expected 40`,
      );
    // The first two bytes of the SubFormat GUID carry the plain format tag.
    tag = view.getUint16(offset + 24, true);
  }
  let encoding: WavFormat['encoding'];
  if (tag === WAVE_FORMAT_PCM && [8, 16, 24, 32].includes(bitsPerSample)) encoding = 'pcm';
  else if (tag === WAVE_FORMAT_IEEE_FLOAT && (bitsPerSample === 32 || bitsPerSample === 64))
    encoding = 'float';
  else {
    throw new AudioDecodeError(
      'unsupported-format',
      `Not an audio file this app can read: WAV format 0x${tag.toString(16).padStart(4, '0')} with ${bitsPerSample}-bit samples (supported: PCM 8/16/24/32-bit, float 32/64-bit)`,
    );
  }
  if (channels === 0)
    throw new AudioDecodeError('corrupt', 'This WAV file is damaged: it declares 0 channels');
  if (sampleRate === 0)
    throw new AudioDecodeError('corrupt', 'This WAV file is damaged: it declares a sample rate of 0 Hz');
  checkSourceSampleRate(sampleRate, 'This WAV file');
  const expectedAlign = channels * (bitsPerSample / 8);
  if (blockAlign !== expectedAlign) {
    throw new AudioDecodeError(
      'corrupt',
      `This WAV file is damaged: block align is ${blockAlign}, expected ${expectedAlign} for ${channels} channel(s) of ${bitsPerSample}-bit samples`,
    );
  }
  return { encoding, channels, sampleRate, bitsPerSample, blockAlign };
}

/** Bytes a WAV header may keep in memory before its data chunk: a `fmt ` chunk larger than this is refused. */
export const MAX_WAV_FMT_BYTES = 1 << 20;

/** Throws AudioDecodeError unless `head` (at least its first 12 bytes, when the file has them) starts a WAV file. */
export function checkRiffHeader(head: Uint8Array): void {
  const view = viewOf(head);
  if (head.length < 12) {
    if (head.length >= 4 && fourCc(view, 0) === 'RIFF')
      throw new AudioDecodeError(
        'corrupt',
        `This WAV file is damaged: it ends after ${head.length} bytes of header`,
      );
    throw new AudioDecodeError(
      'unsupported-format',
      `Not an audio file this app can read: only ${head.length} bytes long`,
    );
  }
  const riff = fourCc(view, 0);
  if (riff !== 'RIFF' || fourCc(view, 8) !== 'WAVE') {
    const kind =
      riff === 'RIFF' ? `a RIFF '${printable(head.subarray(8))}' file` : `starts with '${printable(head)}'`;
    throw new AudioDecodeError(
      'unsupported-format',
      `Not an audio file this app can read: not a WAV file (${kind})`,
    );
  }
}

/** Refuses a `fmt ` chunk too large to hold (its real content is 16 to 40 bytes). */
export function checkFmtSize(size: number): void {
  if (size > MAX_WAV_FMT_BYTES) {
    throw new AudioDecodeError(
      'corrupt',
      `This WAV file is damaged: its format chunk declares ${size} bytes (at most ${MAX_WAV_FMT_BYTES} are read)`,
    );
  }
}

/** The chunk id and declared size of the 8-byte chunk header at `offset`. */
export function chunkHeader(bytes: Uint8Array, offset: number): { id: string; size: number } {
  const view = viewOf(bytes);
  return { id: fourCc(view, offset), size: view.getUint32(offset + 4, true) };
}

/** Where the samples lie, given the data chunk's body offset and declared size. */
export function dataLayout(format: WavFormat, body: number, size: number, fileLength: number): WavLayout {
  const available = fileLength - body;
  const declared = size === UNKNOWN_SIZE ? available : size;
  const present = Math.min(declared, available);
  return {
    format,
    dataOffset: body,
    dataLength: present - (present % format.blockAlign),
    truncated: declared > available,
  };
}

/**
 * Finds the format and the sample data of a WAV file from its first bytes.
 * `head` may be a prefix of the file whose full size is `fileLength`; returns null when the data chunk's
 * header lies beyond `head` (read a longer prefix and call again). Throws AudioDecodeError for anything
 * that is not a readable WAV file.
 */
export function locateWavData(head: Uint8Array, fileLength: number = head.length): WavLayout | null {
  if (fileLength === 0) throw new AudioDecodeError('empty', 'This file is empty');
  checkRiffHeader(head);
  const view = viewOf(head);
  let format: WavFormat | null = null;
  let offset = 12;
  while (offset + 8 <= fileLength) {
    if (offset + 8 > head.length) return null;
    const id = fourCc(view, offset);
    const size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    if (id === 'fmt ') {
      checkFmtSize(size);
      if (body + Math.max(size, 16) > head.length) {
        if (body + size > fileLength)
          throw new AudioDecodeError('corrupt', 'This WAV file is damaged: it ends inside its format chunk');
        return null;
      }
      format = parseFmt(view, body, size);
    } else if (id === 'data') {
      if (format === null)
        throw new AudioDecodeError(
          'corrupt',
          'This WAV file is damaged: its sample data comes before its format chunk',
        );
      return dataLayout(format, body, size, fileLength);
    }
    // RIFF chunks are word-aligned: an odd-sized chunk is followed by one pad byte.
    offset = body + size + (size & 1);
  }
  throw new AudioDecodeError(
    'corrupt',
    format === null
      ? 'This WAV file is damaged: it has no format chunk'
      : 'This WAV file is damaged: it has no sample data',
  );
}

/**
 * Decodes whole frames of interleaved sample bytes into one Float32Array per channel in [-1, 1).
 * A partial frame at the end is ignored, so pieces of a data chunk cut at any multiple of blockAlign decode
 * independently.
 */
export function decodePcmFrames(bytes: Uint8Array, format: WavFormat): Float32Array[] {
  const { channels: channelCount, blockAlign, bitsPerSample, encoding } = format;
  const frames = Math.floor(bytes.length / blockAlign);
  const channels = Array.from({ length: channelCount }, () => new Float32Array(frames));
  const view = viewOf(bytes);
  const step = bitsPerSample / 8;
  for (let c = 0; c < channelCount; c++) {
    const out = channels[c];
    let p = c * step;
    if (encoding === 'float') {
      if (bitsPerSample === 32)
        for (let i = 0; i < frames; i++, p += blockAlign) out[i] = view.getFloat32(p, true);
      else for (let i = 0; i < frames; i++, p += blockAlign) out[i] = view.getFloat64(p, true);
      // Non-finite floats would poison every feature downstream.
      for (let i = 0; i < frames; i++) if (!Number.isFinite(out[i])) out[i] = 0;
    } else if (bitsPerSample === 8) {
      for (let i = 0; i < frames; i++, p += blockAlign) out[i] = (bytes[p] - 128) / 128;
    } else if (bitsPerSample === 16) {
      for (let i = 0; i < frames; i++, p += blockAlign) out[i] = view.getInt16(p, true) / 32768;
    } else if (bitsPerSample === 24) {
      for (let i = 0; i < frames; i++, p += blockAlign) {
        const v = bytes[p] | (bytes[p + 1] << 8) | (bytes[p + 2] << 16);
        out[i] = ((v << 8) >> 8) / 8388608;
      }
    } else {
      for (let i = 0; i < frames; i++, p += blockAlign) out[i] = view.getInt32(p, true) / 2147483648;
    }
  }
  return channels;
}

/** Decodes a whole WAV file held in memory. Throws AudioDecodeError for empty, non-WAV or damaged input. */
export function decodeWav(bytes: Uint8Array): DecodedWav {
  const layout = locateWavData(bytes);
  if (layout === null)
    throw new AudioDecodeError('corrupt', 'This WAV file is damaged: it ends inside a chunk header');
  const { format, dataOffset, dataLength, truncated } = layout;
  const channels = decodePcmFrames(bytes.subarray(dataOffset, dataOffset + dataLength), format);
  return { channels, sampleRate: format.sampleRate, truncated };
}

/** The 44-byte header of a 16-bit PCM WAV file holding `frameCount` frames. */
export function wav16Header(frameCount: number, sampleRate: number, channels = 1): Uint8Array {
  if (!Number.isInteger(sampleRate) || sampleRate <= 0 || sampleRate > 0xffffffff)
    throw new RangeError(`Expected sampleRate to be a positive integer, got ${sampleRate}`);
  if (!Number.isInteger(channels) || channels <= 0 || channels > 0xffff)
    throw new RangeError(`Expected channels to be a positive integer, got ${channels}`);
  const dataBytes = frameCount * channels * 2;
  if (!Number.isInteger(frameCount) || frameCount < 0 || dataBytes + 36 > 0xffffffff)
    throw new RangeError(`Expected frameCount to be an integer that fits a WAV file, got ${frameCount}`);
  const header = new Uint8Array(44);
  const view = viewOf(header);
  const ascii = (offset: number, text: string) => {
    for (let i = 0; i < text.length; i++) header[offset + i] = text.charCodeAt(i);
  };
  ascii(0, 'RIFF');
  view.setUint32(4, 36 + dataBytes, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, WAVE_FORMAT_PCM, true);
  view.setUint16(22, channels, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * channels * 2, true);
  view.setUint16(32, channels * 2, true);
  view.setUint16(34, 16, true);
  ascii(36, 'data');
  view.setUint32(40, dataBytes, true);
  return header;
}

/** Little-endian 16-bit PCM bytes of samples in [-1, 1] (clipped; NaN becomes 0). */
export function encodePcm16(samples: Float32Array): Uint8Array {
  const bytes = new Uint8Array(samples.length * 2);
  const view = viewOf(bytes);
  for (let i = 0; i < samples.length; i++) {
    const s = samples[i];
    const clipped = s > 1 ? 1 : s < -1 ? -1 : s === s ? s : 0;
    view.setInt16(i * 2, Math.round(clipped < 0 ? clipped * 32768 : clipped * 32767), true);
  }
  return bytes;
}

/** A complete mono 16-bit PCM WAV file of `samples`. */
export function encodeWav16(samples: Float32Array, sampleRate: number): Uint8Array {
  const header = wav16Header(samples.length, sampleRate);
  const out = new Uint8Array(header.length + samples.length * 2);
  out.set(header);
  out.set(encodePcm16(samples), header.length);
  return out;
}

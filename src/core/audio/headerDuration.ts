/**
 * How long a file lasts, read from its container before a byte of audio is decoded: a WAV's data size, a
 * FLAC's STREAMINFO, an MP3's Xing/Info/VBRI frame count (else its first frame's bitrate over the file's
 * size), an Ogg's last granule position. The page refuses an over-long file from this, and shows a percentage
 * from the first second. Pure byte parsing: runs in Node tests and in workers.
 */
import { readContainerInfo } from './containerSampleRate';
import { flacTotalSamples, mpegFrameLength } from './containers';
import { id3v2Length, sniffAudioFormat } from './sniff';
import { locateWavData } from './wav';

/** Bytes of a file's start and end that suffice for every container read here. */
export const HEADER_PROBE_BYTES = 64 * 1024;

export interface HeaderDuration {
  seconds: number;
  /** `exact`: declared by the container; `estimate`: a constant-bitrate guess from the file's size. */
  kind: 'exact' | 'estimate';
}

function ascii(bytes: Uint8Array, at: number, text: string): boolean {
  if (at < 0 || at + text.length > bytes.length) return false;
  for (let i = 0; i < text.length; i++) if (bytes[at + i] !== text.charCodeAt(i)) return false;
  return true;
}

function lastIndexOf(bytes: Uint8Array, text: string): number {
  for (let at = bytes.length - text.length; at >= 0; at--) if (ascii(bytes, at, text)) return at;
  return -1;
}

function wavDuration(head: Uint8Array, fileSize: number): HeaderDuration | null {
  try {
    const layout = locateWavData(head, fileSize);
    if (!layout) return null;
    const { blockAlign, sampleRate } = layout.format;
    return { seconds: layout.dataLength / blockAlign / sampleRate, kind: 'exact' };
  } catch {
    return null; // the decoder says what is wrong with it, in words
  }
}

function flacDuration(head: Uint8Array): HeaderDuration | null {
  const info = readContainerInfo(head);
  const samples = flacTotalSamples(head);
  if (!info || samples === 0) return null;
  return { seconds: samples / info.sampleRate, kind: 'exact' };
}

const SAMPLES_PER_FRAME = { mpeg1: 1152, mpeg2: 576 } as const;

function mp3Duration(head: Uint8Array, fileSize: number): HeaderDuration | null {
  // The first frame: after an ID3v2 tag, at most a few junk bytes on.
  let at = ascii(head, 0, 'ID3') ? id3v2Length(head, 0) : 0;
  const start = at;
  while (at + 4 <= head.length && at < start + 4096 && mpegFrameLength(head, at) === 0) at++;
  const length = mpegFrameLength(head, at);
  if (length === 0) return null;
  const info = readContainerInfo(head.subarray(at));
  if (!info) return null;
  const mpeg1 = ((head[at + 1] >> 3) & 3) === 3;
  const layer = 4 - ((head[at + 1] >> 1) & 3);
  const samplesPerFrame = layer === 1 ? 384 : layer === 3 && !mpeg1 ? SAMPLES_PER_FRAME.mpeg2 : 1152;
  const frame = head.subarray(at, Math.min(head.length, at + length));
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  // A Xing/Info header (VBR or LAME CBR) names the frame count; so does Fraunhofer's VBRI.
  for (const tag of ['Xing', 'Info']) {
    const t = lastIndexOf(frame.subarray(0, Math.min(frame.length, 64)), tag);
    if (t >= 0 && t + 12 <= frame.length && view.getUint32(t + 4) & 1) {
      const frames = view.getUint32(t + 8);
      if (frames > 0) return { seconds: (frames * samplesPerFrame) / info.sampleRate, kind: 'exact' };
    }
  }
  if (ascii(frame, 36, 'VBRI') && frame.length >= 36 + 18) {
    const frames = view.getUint32(36 + 14);
    if (frames > 0) return { seconds: (frames * samplesPerFrame) / info.sampleRate, kind: 'exact' };
  }
  // No frame count: the mean frame size over the frames at hand (a variable bitrate's first frame alone can
  // be far from the mean) over the rest of the file.
  let frames = 0;
  let bytes = 0;
  for (let next = at; next < head.length; frames++) {
    const size = mpegFrameLength(head, next);
    if (size === 0 || next + size > head.length) break;
    bytes += size;
    next += size;
  }
  if (frames === 0) [frames, bytes] = [1, length];
  return {
    seconds: (((fileSize - at) / (bytes / frames)) * samplesPerFrame) / info.sampleRate,
    kind: 'estimate',
  };
}

function oggDuration(head: Uint8Array, tail: Uint8Array): HeaderDuration | null {
  const last = lastIndexOf(tail, 'OggS');
  if (last < 0 || last + 14 > tail.length) return null;
  const view = new DataView(tail.buffer, tail.byteOffset, tail.byteLength);
  const granule = Number(view.getBigInt64(last + 6, true));
  const vorbis = indexOfText(head, '\x01vorbis');
  if (vorbis >= 0 && vorbis + 16 <= head.length) {
    const rate = new DataView(head.buffer, head.byteOffset).getUint32(vorbis + 12, true);
    return rate > 0 && granule > 0 ? { seconds: granule / rate, kind: 'exact' } : null;
  }
  const opus = indexOfText(head, 'OpusHead');
  if (opus >= 0 && opus + 12 <= head.length) {
    const preSkip = new DataView(head.buffer, head.byteOffset).getUint16(opus + 10, true);
    return granule > preSkip ? { seconds: (granule - preSkip) / 48_000, kind: 'exact' } : null;
  }
  return null;
}

function indexOfText(bytes: Uint8Array, text: string): number {
  const end = Math.min(bytes.length, 4096) - text.length;
  for (let at = 0; at <= end; at++) if (ascii(bytes, at, text)) return at;
  return -1;
}

/**
 * The duration a file declares, from its first and last bytes (`head`, `tail`: up to HEADER_PROBE_BYTES each;
 * the whole file when it is smaller) and its size; null when its container does not say (M4A, WebM, unknown
 * bytes, a damaged header): the decoder then finds out.
 */
export function headerDuration(head: Uint8Array, tail: Uint8Array, fileSize: number): HeaderDuration | null {
  let found: HeaderDuration | null;
  switch (sniffAudioFormat(head)) {
    case 'wav':
      found = wavDuration(head, fileSize);
      break;
    case 'flac':
      found = flacDuration(head);
      break;
    case 'mp3':
      found = mp3Duration(head, fileSize);
      break;
    case 'ogg':
      found = oggDuration(head, tail);
      break;
    default:
      return null;
  }
  return found && Number.isFinite(found.seconds) && found.seconds >= 0 ? found : null;
}

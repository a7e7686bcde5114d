/** Audio container formats recognised by their first bytes. */
export type AudioFormat = 'wav' | 'mp3' | 'ogg' | 'flac' | 'm4a' | 'webm';

/** Codec inside an Ogg stream, from the identification header of its first page. */
export type OggCodec = 'vorbis' | 'opus' | 'flac' | 'speex' | 'theora';

function startsWith(bytes: Uint8Array, ascii: string, at = 0): boolean {
  if (bytes.length < at + ascii.length) return false;
  for (let i = 0; i < ascii.length; i++) if (bytes[at + i] !== ascii.charCodeAt(i)) return false;
  return true;
}

/** True for a plausible MPEG-1/2/2.5 Layer I-III frame header at `at` (not AAC/ADTS, whose layer bits are 00). */
function isMpegFrameHeader(bytes: Uint8Array, at: number): boolean {
  if (bytes.length < at + 4) return false;
  const b1 = bytes[at + 1];
  const b2 = bytes[at + 2];
  if (bytes[at] !== 0xff || (b1 & 0xe0) !== 0xe0) return false;
  const version = (b1 >> 3) & 0b11; // 01 is reserved
  const layer = (b1 >> 1) & 0b11; // 00 is reserved (ADTS uses it)
  const bitrate = b2 >> 4; // 1111 is invalid
  const rate = (b2 >> 2) & 0b11; // 11 is reserved
  return version !== 0b01 && layer !== 0b00 && bitrate !== 0b1111 && rate !== 0b11;
}

/** Size of an ID3v2 tag starting at `at` (header, syncsafe size, optional footer), or 0 if there is none. */
export function id3v2Length(bytes: Uint8Array, at: number): number {
  if (!startsWith(bytes, 'ID3', at) || bytes.length < at + 10) return 0;
  const size =
    ((bytes[at + 6] & 0x7f) << 21) |
    ((bytes[at + 7] & 0x7f) << 14) |
    ((bytes[at + 8] & 0x7f) << 7) |
    (bytes[at + 9] & 0x7f);
  const footer = bytes[at + 5] & 0x10 ? 10 : 0;
  return 10 + size + footer;
}

/**
 * Names the container of an audio file from its first bytes (a few kilobytes are plenty), or null when
 * nothing matches. Looks past a leading ID3v2 tag, which MP3 files and some FLAC files carry.
 */
export function sniffAudioFormat(bytes: Uint8Array): AudioFormat | null {
  if (startsWith(bytes, 'RIFF') && startsWith(bytes, 'WAVE', 8)) return 'wav';
  if (startsWith(bytes, 'OggS')) return 'ogg';
  if (startsWith(bytes, 'fLaC')) return 'flac';
  if (startsWith(bytes, 'ftyp', 4)) return 'm4a';
  if (bytes.length >= 4 && bytes[0] === 0x1a && bytes[1] === 0x45 && bytes[2] === 0xdf && bytes[3] === 0xa3)
    return 'webm';
  const tag = id3v2Length(bytes, 0);
  if (tag > 0) {
    // The tag may be longer than the bytes we were given; ID3v2 on its own still means MP3 in practice.
    if (startsWith(bytes, 'fLaC', tag)) return 'flac';
    return 'mp3';
  }
  if (isMpegFrameHeader(bytes, 0)) return 'mp3';
  return null;
}

/** The codec of an Ogg stream, from the payload of its first page; null if unknown or cut short. */
export function sniffOggCodec(bytes: Uint8Array): OggCodec | null {
  if (!startsWith(bytes, 'OggS') || bytes.length < 27) return null;
  const segments = bytes[26];
  const payload = 27 + segments;
  if (startsWith(bytes, '\x01vorbis', payload)) return 'vorbis';
  if (startsWith(bytes, 'OpusHead', payload)) return 'opus';
  if (startsWith(bytes, '\x7fFLAC', payload)) return 'flac';
  if (startsWith(bytes, 'Speex   ', payload)) return 'speex';
  if (startsWith(bytes, '\x80theora', payload)) return 'theora';
  return null;
}

/** A short description of the first bytes, for error messages about unreadable files. */
export function describeLeadingBytes(bytes: Uint8Array): string {
  const head = bytes.subarray(0, 8);
  const hex = Array.from(head, (b) => b.toString(16).padStart(2, '0')).join(' ');
  const text = Array.from(head, (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
  return `first bytes ${hex} ("${text}")`;
}

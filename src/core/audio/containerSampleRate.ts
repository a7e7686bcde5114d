/**
 * Reads the sample rate a file was encoded at from its container header, without decoding it.
 *
 * `decodeAudioData` always resamples to its context's rate and never says what the file's own rate was, so
 * we read it here: the app shows it, and decoding at the file's own rate leaves the one resampling step to
 * the core resampler (the same code the CLI and model builds use).
 *
 * Pure byte parsing (no DOM), so it runs in Node tests and in workers.
 */

import { id3v2Length } from './sniff';
export type ContainerFormat = 'wav' | 'ogg-vorbis' | 'ogg-opus' | 'flac' | 'mp3' | 'mp4' | 'webm';

export interface ContainerInfo {
  format: ContainerFormat;
  /** The rate the browser's decoder produces natively (Opus always decodes at 48 kHz). */
  sampleRate: number;
}

const MP3_RATES: Record<number, readonly number[]> = {
  3: [44_100, 48_000, 32_000], // MPEG-1
  2: [22_050, 24_000, 16_000], // MPEG-2
  0: [11_025, 12_000, 8_000], // MPEG-2.5
};

function ascii(bytes: Uint8Array, at: number, length: number): string {
  if (at < 0 || at + length > bytes.length) return '';
  return String.fromCharCode(...bytes.subarray(at, at + length));
}

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function indexOf(bytes: Uint8Array, needle: string, from = 0, to = bytes.length): number {
  const first = needle.charCodeAt(0);
  const end = Math.min(to, bytes.length) - needle.length;
  outer: for (let i = Math.max(0, from); i <= end; i++) {
    if (bytes[i] !== first) continue;
    for (let j = 1; j < needle.length; j++) if (bytes[i + j] !== needle.charCodeAt(j)) continue outer;
    return i;
  }
  return -1;
}

const plausible = (rate: number): number | null => (rate >= 1_000 && rate <= 768_000 ? rate : null);

function wavRate(bytes: Uint8Array): number | null {
  const dv = view(bytes);
  let at = 12;
  while (at + 8 <= bytes.length) {
    const id = ascii(bytes, at, 4);
    const size = dv.getUint32(at + 4, true);
    if (id === 'fmt ') return at + 16 <= bytes.length ? plausible(dv.getUint32(at + 12, true)) : null;
    at += 8 + size + (size % 2); // chunks are word-aligned
  }
  return null;
}

function oggInfo(bytes: Uint8Array): ContainerInfo | null {
  // The identification header sits in the first page, within the first few hundred bytes.
  const limit = Math.min(bytes.length, 512);
  const vorbis = indexOf(bytes, '\x01vorbis', 0, limit);
  if (vorbis >= 0 && vorbis + 16 <= bytes.length) {
    const rate = plausible(view(bytes).getUint32(vorbis + 12, true));
    return rate ? { format: 'ogg-vorbis', sampleRate: rate } : null;
  }
  if (indexOf(bytes, 'OpusHead', 0, limit) >= 0) return { format: 'ogg-opus', sampleRate: 48_000 };
  return null;
}

function flacRate(bytes: Uint8Array): number | null {
  // "fLaC", a 4-byte metadata block header, then STREAMINFO: the rate is 20 bits at byte 18.
  if (bytes.length < 21 || (bytes[4] & 0x7f) !== 0) return null;
  return plausible((bytes[18] << 12) | (bytes[19] << 4) | (bytes[20] >> 4));
}

/** Skips ID3v2 tags (there may be several) and returns the offset of the audio. */
function skipId3(bytes: Uint8Array): number {
  let at = 0;
  for (let tag = id3v2Length(bytes, at); tag > 0; tag = id3v2Length(bytes, at)) at += tag;
  return at;
}

interface Mp3Frame {
  sampleRate: number;
  length: number;
}

function mp3Frame(bytes: Uint8Array, at: number): Mp3Frame | null {
  if (at + 4 > bytes.length || bytes[at] !== 0xff || (bytes[at + 1] & 0xe0) !== 0xe0) return null;
  const version = (bytes[at + 1] >> 3) & 3;
  const layer = (bytes[at + 1] >> 1) & 3;
  const bitrateIndex = bytes[at + 2] >> 4;
  const rateIndex = (bytes[at + 2] >> 2) & 3;
  if (version === 1 || layer === 0 || bitrateIndex === 0 || bitrateIndex === 15 || rateIndex === 3)
    return null;
  const sampleRate = MP3_RATES[version][rateIndex];
  const padding = (bytes[at + 2] >> 1) & 1;
  const mpeg1 = version === 3;
  // Bitrates in kbit/s for the layers we accept; layer III is by far the commonest.
  const l3 = mpeg1
    ? [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320]
    : [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];
  const l2 = mpeg1 ? [0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384] : l3;
  const l1 = mpeg1
    ? [0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448]
    : [0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256];
  const kbps = (layer === 1 ? l3 : layer === 2 ? l2 : l1)[bitrateIndex] * 1000;
  const length =
    layer === 3
      ? (Math.floor((12 * kbps) / sampleRate) + padding) * 4
      : Math.floor(((layer === 1 && !mpeg1 ? 72 : 144) * kbps) / sampleRate) + padding;
  return length > 4 ? { sampleRate, length } : null;
}

function mp3Rate(bytes: Uint8Array): number | null {
  const start = skipId3(bytes);
  const end = Math.min(bytes.length - 4, start + 64 * 1024);
  for (let at = start; at < end; at++) {
    const frame = mp3Frame(bytes, at);
    if (!frame) continue;
    // A lone 0xFFE pattern can occur by chance: trust it only when the next frame follows where it should.
    const next = at + frame.length;
    if (next + 4 > bytes.length) return frame.sampleRate;
    const following = mp3Frame(bytes, next);
    if (following && following.sampleRate === frame.sampleRate) return frame.sampleRate;
  }
  return null;
}

/** Walks ISO-BMFF boxes to moov/trak/mdia/minf/stbl/stsd and reads the first audio sample entry's rate. */
function mp4Rate(bytes: Uint8Array): number | null {
  const dv = view(bytes);
  const containers = new Set(['moov', 'trak', 'mdia', 'minf', 'stbl']);
  const audioEntries = new Set(['mp4a', 'alac', 'Opus', 'fLaC', 'ac-3', 'ec-3']);
  const walk = (from: number, to: number, depth: number): number | null => {
    let at = from;
    while (at + 8 <= to && depth < 8) {
      let size = dv.getUint32(at);
      const type = ascii(bytes, at + 4, 4);
      let header = 8;
      if (size === 1 && at + 16 <= to) {
        size = Number(dv.getBigUint64(at + 8));
        header = 16;
      } else if (size === 0) size = to - at;
      if (size < header || at + size > to) return null;
      if (containers.has(type)) {
        const found = walk(at + header, at + size, depth + 1);
        if (found) return found;
      } else if (type === 'stsd') {
        // Full box (4 bytes version/flags) + entry count (4), then sample entries.
        const entry = at + header + 8;
        const entryType = ascii(bytes, entry + 4, 4);
        if (audioEntries.has(entryType) && entry + 34 <= to) {
          const rate = entryType === 'Opus' ? 48_000 : dv.getUint16(entry + 32);
          return plausible(rate);
        }
      }
      at += size;
    }
    return null;
  };
  return walk(0, bytes.length, 0);
}

function webmInfo(bytes: Uint8Array): ContainerInfo | null {
  // MediaRecorder writes WebM with Opus; Chrome decodes Opus at 48 kHz whatever the header says.
  const head = Math.min(bytes.length, 4096);
  if (indexOf(bytes, 'A_OPUS', 0, head) >= 0) return { format: 'webm', sampleRate: 48_000 };
  return null;
}

/** Recognises the container and reads its sample rate; `null` when the bytes are none we know. */
export function readContainerInfo(bytes: Uint8Array): ContainerInfo | null {
  if (bytes.length < 12) return null;
  const magic = ascii(bytes, 0, 4);
  if ((magic === 'RIFF' || magic === 'RF64') && ascii(bytes, 8, 4) === 'WAVE') {
    const rate = wavRate(bytes);
    return rate ? { format: 'wav', sampleRate: rate } : null;
  }
  if (magic === 'OggS') return oggInfo(bytes);
  if (magic === 'fLaC') {
    const rate = flacRate(bytes);
    return rate ? { format: 'flac', sampleRate: rate } : null;
  }
  if (ascii(bytes, 4, 4) === 'ftyp') {
    const rate = mp4Rate(bytes);
    return rate ? { format: 'mp4', sampleRate: rate } : null;
  }
  if (bytes[0] === 0x1a && bytes[1] === 0x45 && bytes[2] === 0xdf && bytes[3] === 0xa3)
    return webmInfo(bytes);
  const rate = mp3Rate(bytes);
  return rate ? { format: 'mp3', sampleRate: rate } : null;
}

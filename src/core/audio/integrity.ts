/**
 * Whether a compressed or WAV file is whole, read from its bytes without decoding them: the browser's decoder
 * (like most codecs) decodes whatever frames it is given and says nothing of those that never arrived or were
 * garbled. Ogg pages are walked and their CRCs checked, MP3 frames are walked (and a Xing/Info frame count
 * read), a WAV's data chunk and a FLAC's STREAMINFO give the length the header promises. The result becomes
 * the note on a result card (`doubtNote`): "decoded 21.5 s of an Ogg whose pages break at 21.5 s".
 */
import { readContainerInfo, type ContainerFormat } from './containerSampleRate';
import { flacTotalSamples, mpegFrameLength } from './containers';
import { id3v2Length } from './sniff';
import { locateWavData } from './wav';

export interface AudioIntegrity {
  /** The file ends inside a page, frame or the data chunk, or an Ogg stream lacks its last page. */
  truncated: boolean;
  /** Seconds of audio in the whole pages / frames before the break (truncation or damage); null if unknown. */
  breakSeconds: number | null;
  /** Seconds the header promises (WAV data size, FLAC STREAMINFO, MP3 Xing frame count); null if none. */
  declaredSeconds: number | null;
  /** Where bytes that are no page / frame (or fail their CRC) sit between good ones, in seconds; null if none. */
  damageSeconds: number | null;
}

const WHOLE: AudioIntegrity = {
  truncated: false,
  breakSeconds: null,
  declaredSeconds: null,
  damageSeconds: null,
};

/** Audits a whole file's bytes; unknown formats (and a header this cannot read) give "whole". */
export function auditAudioBytes(
  bytes: Uint8Array,
  format: ContainerFormat | null,
  sampleRate: number,
): AudioIntegrity {
  const steps = auditSteps(bytes, format, sampleRate);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * The same audit, pausing (`pause`, e.g. a macrotask) after every few megabytes of Ogg pages whose checksums
 * it computes, so that a long file never holds the page's main thread for long.
 */
export async function auditAudioBytesInSteps(
  bytes: Uint8Array,
  format: ContainerFormat | null,
  sampleRate: number,
  pause: () => Promise<void>,
): Promise<AudioIntegrity> {
  const steps = auditSteps(bytes, format, sampleRate);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await pause();
  }
}

/** Bytes of Ogg pages checksummed between pauses (a few milliseconds of work). */
const STEP_BYTES = 2 << 20;

function* auditSteps(
  bytes: Uint8Array,
  format: ContainerFormat | null,
  sampleRate: number,
): Generator<void, AudioIntegrity> {
  if (!(sampleRate > 0)) return WHOLE;
  try {
    if (format === 'ogg-vorbis' || format === 'ogg-opus')
      return yield* auditOgg(bytes, format === 'ogg-opus' ? 48_000 : sampleRate);
    if (format === 'mp3') return auditMp3(bytes, sampleRate);
    if (format === 'wav') return auditWav(bytes);
    if (format === 'flac') {
      const total = flacTotalSamples(bytes.subarray(0, 1 << 20));
      return { ...WHOLE, declaredSeconds: total > 0 ? total / sampleRate : null };
    }
  } catch {
    // A header the decoder will name more precisely; nothing to add here.
  }
  return WHOLE;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let r = i << 24;
    for (let k = 0; k < 8; k++) r = r & 0x80000000 ? (r << 1) ^ 0x04c11db7 : r << 1;
    table[i] = r >>> 0;
  }
  return table;
})();

/** Ogg's page checksum: CRC-32, polynomial 0x04c11db7, not reflected, over the page with its CRC field as 0. */
function oggPageCrc(bytes: Uint8Array, start: number, end: number): number {
  let crc = 0;
  for (let i = start; i < end; i++) {
    const b = i >= start + 22 && i < start + 26 ? 0 : bytes[i];
    crc = ((crc << 8) ^ CRC_TABLE[((crc >>> 24) ^ b) & 0xff]) >>> 0;
  }
  return crc;
}

const isOggS = (b: Uint8Array, at: number) =>
  b[at] === 0x4f && b[at + 1] === 0x67 && b[at + 2] === 0x67 && b[at + 3] === 0x53;

function* auditOgg(bytes: Uint8Array, rate: number): Generator<void, AudioIntegrity> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  let granule = 0;
  let endOfStream = false;
  let truncated = false;
  let damageSeconds: number | null = null;
  let stepStart = 0;
  while (at < bytes.length) {
    if (at - stepStart >= STEP_BYTES) {
      yield;
      stepStart = at;
    }
    if (!isOggS(bytes, at)) {
      // Not a page: resynchronise at the next capture pattern; bytes skipped between pages are damage.
      let next = at + 1;
      while (next + 4 <= bytes.length && !isOggS(bytes, next)) next++;
      if (next + 4 > bytes.length) {
        truncated = true;
        break;
      }
      damageSeconds ??= granule / rate;
      at = next;
      continue;
    }
    if (at + 27 > bytes.length) {
      truncated = true;
      break;
    }
    const segments = bytes[at + 26];
    if (at + 27 + segments > bytes.length) {
      truncated = true;
      break;
    }
    let body = 0;
    for (let i = 0; i < segments; i++) body += bytes[at + 27 + i];
    const end = at + 27 + segments + body;
    if (end > bytes.length) {
      truncated = true;
      break;
    }
    if (oggPageCrc(bytes, at, end) !== view.getUint32(at + 22, true)) {
      damageSeconds ??= granule / rate;
    } else {
      const low = view.getUint32(at + 6, true);
      const high = view.getInt32(at + 10, true);
      // -1: no packet ends on this page.
      if (!(low === 0xffffffff && high === -1)) granule = Math.max(granule, high * 2 ** 32 + low);
      // A new stream (chained Ogg) must reach its own last page.
      if (bytes[at + 5] & 0x02) endOfStream = false;
      if (bytes[at + 5] & 0x04) endOfStream = true;
    }
    at = end;
  }
  truncated ||= !endOfStream;
  return {
    truncated,
    breakSeconds: truncated || damageSeconds !== null ? granule / rate : null,
    declaredSeconds: null,
    damageSeconds,
  };
}

/** Samples per MP3 frame: 1152 for MPEG-1 Layer II/III, 576 for MPEG-2/2.5 Layer III, 384 for Layer I. */
function samplesPerFrame(bytes: Uint8Array, at: number): number {
  const version = (bytes[at + 1] >> 3) & 3;
  const layer = 4 - ((bytes[at + 1] >> 1) & 3);
  if (layer === 1) return 384;
  return layer === 3 && version !== 3 ? 576 : 1152;
}

function auditMp3(bytes: Uint8Array, rate: number): AudioIntegrity {
  let at = id3v2Length(bytes, 0);
  let frames = 0;
  let samples = 0;
  let declaredSeconds: number | null = null;
  let damageSeconds: number | null = null;
  let truncated = false;
  let gap = false;
  while (at + 4 <= bytes.length) {
    if (at + 3 <= bytes.length && (ascii(bytes, at, 3) === 'TAG' || ascii(bytes, at, 8) === 'APETAGEX'))
      break;
    const length = mpegFrameLength(bytes, at);
    if (length === 0) {
      gap = frames > 0;
      at++;
      continue;
    }
    if (gap) {
      damageSeconds ??= samples / rate;
      gap = false;
    }
    if (at + length > bytes.length) {
      truncated = true;
      break;
    }
    if (frames === 0) declaredSeconds = xingSeconds(bytes, at, length, rate);
    frames++;
    samples += samplesPerFrame(bytes, at);
    at += length;
  }
  return {
    truncated,
    breakSeconds: truncated || damageSeconds !== null ? samples / rate : null,
    declaredSeconds,
    damageSeconds,
  };
}

/** The length a Xing / Info frame (the first frame of a VBR or LAME file) declares, or null. */
function xingSeconds(bytes: Uint8Array, at: number, length: number, rate: number): number | null {
  for (let i = at + 4; i + 12 <= at + length; i++) {
    const tag = ascii(bytes, i, 4);
    if (tag !== 'Xing' && tag !== 'Info') continue;
    const view = new DataView(bytes.buffer, bytes.byteOffset + i, 12);
    if ((view.getUint32(4) & 1) === 0) return null;
    return (view.getUint32(8) * samplesPerFrame(bytes, at)) / rate;
  }
  return null;
}

function auditWav(bytes: Uint8Array): AudioIntegrity {
  const layout = locateWavData(bytes, bytes.length);
  if (layout === null) return WHOLE;
  const { format, dataOffset, dataLength } = layout;
  const frameRate = format.blockAlign * format.sampleRate;
  const declared = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(
    dataOffset - 4,
    true,
  );
  return {
    truncated: layout.truncated,
    breakSeconds: layout.truncated ? dataLength / frameRate : null,
    declaredSeconds: declared === 0xffffffff ? null : declared / frameRate,
    damageSeconds: null,
  };
}

function ascii(bytes: Uint8Array, at: number, length: number): string {
  if (at + length > bytes.length) return '';
  return String.fromCharCode(...bytes.subarray(at, at + length));
}

const FORMAT_NAMES: Record<ContainerFormat, string> = {
  wav: 'a WAV',
  'ogg-vorbis': 'an Ogg',
  'ogg-opus': 'an Ogg Opus file',
  flac: 'a FLAC',
  mp3: 'an MP3',
  mp4: 'an MP4',
  webm: 'a WebM',
};
const UNITS: Partial<Record<ContainerFormat, string>> = {
  'ogg-vorbis': 'pages',
  'ogg-opus': 'pages',
  mp3: 'frames',
};

/** A declared length further than this from the decoded one (and 2 %) is doubtful, not rounding. */
const LENGTH_TOLERANCE_SECONDS = 0.5;

/**
 * The note a result carries when the file is not what it claims: cut short, damaged mid-file, or a header
 * promising a length the decoder did not find. Null for a whole file. The answer is still given (from what
 * decoded); the note says what it covers.
 */
export function doubtNote(
  format: ContainerFormat | null,
  integrity: AudioIntegrity,
  decodedSeconds: number,
): string | null {
  const name = format ? FORMAT_NAMES[format] : 'a file';
  const s = (seconds: number) => `${seconds.toFixed(1)} s`;
  const decoded = `decoded ${s(decodedSeconds)}`;
  const units = format ? UNITS[format] : undefined;
  if (integrity.truncated) {
    if (integrity.declaredSeconds !== null && format === 'wav') {
      return `${decoded} of ${name} whose header promises ${s(integrity.declaredSeconds)}: the file is cut short (or its header is wrong); the answer covers only what decoded`;
    }
    const where =
      units && integrity.breakSeconds !== null
        ? ` whose ${units} break at ${s(integrity.breakSeconds)}`
        : ' that is cut short';
    return `${decoded} of ${name}${where}: the file is cut short; the answer covers only what decoded`;
  }
  if (integrity.damageSeconds !== null) {
    return `${decoded} of ${name} damaged about ${s(integrity.damageSeconds)} in (${units ?? 'data'} that do not read back whole): the answer may be off`;
  }
  const declared = integrity.declaredSeconds;
  if (
    declared !== null &&
    Math.abs(declared - decodedSeconds) > Math.max(LENGTH_TOLERANCE_SECONDS, 0.02 * declared)
  ) {
    return `${decoded} of ${name} whose header declares ${s(declared)}: the file or its header is wrong; the answer covers only what decoded`;
  }
  return null;
}

/**
 * The note for a file a streaming decoder (the CLI's, the page's decode worker) decoded: when the decoder met
 * a cut or damage, the file's bytes (read again only then) are audited for the page's words; otherwise, or
 * when the audit finds nothing to add, the decoder's own report.
 */
export function decodedDoubt(
  decoded: {
    truncated: boolean;
    damage: { message: string; atSeconds: number } | null;
    durationSeconds: number;
  },
  bytes: Uint8Array | null,
): string | null {
  const seconds = decoded.durationSeconds;
  if (!decoded.truncated && !decoded.damage) return null;
  const info = bytes && readContainerInfo(bytes);
  if (bytes && info) {
    const note = doubtNote(info.format, auditAudioBytes(bytes, info.format, info.sampleRate), seconds);
    if (note) return note;
  }
  if (decoded.truncated)
    return `decoded ${seconds.toFixed(1)} s of a file that is cut short; the answer covers only what decoded`;
  return `decoded ${seconds.toFixed(1)} s of a file damaged about ${decoded.damage!.atSeconds.toFixed(1)} s in (${decoded.damage!.message.slice(0, 120)}): the answer may be off`;
}

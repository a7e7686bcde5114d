/**
 * Just enough container parsing to tell whether a compressed file was cut short: the codecs decode whatever
 * frames they are given and say nothing about the ones that never arrived.
 */

/** `unitLength` result: the header continues past the bytes received so far. */
const NEED_MORE = -2;
/** `unitLength` result: the stream ends cleanly here (a trailing tag, for instance). */
const END = -1;

/**
 * Follows a byte stream piece by piece and reports whether it ended on a boundary of the units it is made of.
 * `unitLength` returns the length of the unit starting at `at` in `view` (which holds at least `headerBytes`
 * bytes there), 0 for "no unit header here: resynchronise one byte on", END or NEED_MORE.
 */
abstract class BoundaryWalker {
  private pending = new Uint8Array(0);
  private pendingStart = 0;
  private next = 0;
  private ended = false;
  private received = 0;
  /** The walk stopped inside a unit header, waiting for bytes that have not arrived (yet). */
  protected waiting = false;
  protected abstract readonly headerBytes: number;
  protected abstract unitLength(view: Uint8Array, at: number, absolute: number): number;

  push(chunk: Uint8Array): void {
    const chunkStart = this.received;
    this.received += chunk.length;
    if (this.ended || this.next >= this.received) return;
    let view: Uint8Array;
    let viewStart: number;
    if (this.pending.length > 0) {
      view = new Uint8Array(this.pending.length + chunk.length);
      view.set(this.pending);
      view.set(chunk, this.pending.length);
      viewStart = this.pendingStart;
    } else {
      view = chunk;
      viewStart = chunkStart;
    }
    this.waiting = false;
    while (this.next < this.received) {
      if (this.next + this.headerBytes > this.received) {
        this.waiting = true;
        break;
      }
      const length = this.unitLength(view, this.next - viewStart, this.next);
      if (length === NEED_MORE) {
        this.waiting = true;
        break;
      }
      if (length === END) {
        this.ended = true;
        break;
      }
      this.next += length > 0 ? length : 1;
    }
    if (!this.ended && this.next < this.received) {
      this.pending = view.slice(this.next - viewStart);
      this.pendingStart = this.next;
    } else {
      this.pending = new Uint8Array(0);
    }
  }

  /** True when the last unit started but the stream ended before it did. */
  protected get cutShort(): boolean {
    return !this.ended && this.next > this.received;
  }
}

const MPEG1_BITRATES = [
  [0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448], // Layer I
  [0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384], // Layer II
  [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320], // Layer III
];
const MPEG2_BITRATES = [
  [0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256], // Layer I
  [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160], // Layers II and III
];
const SAMPLE_RATES: Record<number, number[]> = {
  0b11: [44100, 48000, 32000],
  0b10: [22050, 24000, 16000],
  0b00: [11025, 12000, 8000],
};

/** Byte length of the MPEG audio frame whose 4-byte header starts at `at`, or 0 if there is none there. */
export function mpegFrameLength(bytes: Uint8Array, at: number): number {
  if (at + 4 > bytes.length || bytes[at] !== 0xff || (bytes[at + 1] & 0xe0) !== 0xe0) return 0;
  const version = (bytes[at + 1] >> 3) & 3;
  const layerBits = (bytes[at + 1] >> 1) & 3;
  const bitrateIndex = bytes[at + 2] >> 4;
  const rateIndex = (bytes[at + 2] >> 2) & 3;
  const padding = (bytes[at + 2] >> 1) & 1;
  // Reserved values, and free-format frames (index 0) whose length the header does not give.
  if (version === 1 || layerBits === 0 || bitrateIndex === 0 || bitrateIndex === 15 || rateIndex === 3)
    return 0;
  const layer = 4 - layerBits; // 1, 2 or 3
  const sampleRate = SAMPLE_RATES[version][rateIndex];
  const mpeg1 = version === 3;
  const kbps = mpeg1
    ? MPEG1_BITRATES[layer - 1][bitrateIndex]
    : MPEG2_BITRATES[layer === 1 ? 0 : 1][bitrateIndex];
  const bitrate = kbps * 1000;
  if (layer === 1) return (Math.floor((12 * bitrate) / sampleRate) + padding) * 4;
  if (layer === 3 && !mpeg1) return Math.floor((72 * bitrate) / sampleRate) + padding;
  return Math.floor((144 * bitrate) / sampleRate) + padding;
}

function asciiAt(bytes: Uint8Array, at: number, text: string): boolean {
  if (at + text.length > bytes.length) return false;
  for (let i = 0; i < text.length; i++) if (bytes[at + i] !== text.charCodeAt(i)) return false;
  return true;
}

/** Walks MP3 frames (after a leading ID3v2 tag) to see whether the last frame is whole. */
export class MpegFrameWalker extends BoundaryWalker {
  protected readonly headerBytes = 10;

  protected unitLength(view: Uint8Array, at: number, absolute: number): number {
    if (absolute === 0 && asciiAt(view, at, 'ID3')) {
      const size =
        ((view[at + 6] & 0x7f) << 21) |
        ((view[at + 7] & 0x7f) << 14) |
        ((view[at + 8] & 0x7f) << 7) |
        (view[at + 9] & 0x7f);
      return 10 + size + (view[at + 5] & 0x10 ? 10 : 0);
    }
    // Trailing tags mark the end of the audio.
    if (asciiAt(view, at, 'TAG') || asciiAt(view, at, 'APETAGEX') || asciiAt(view, at, 'LYRICSBEG'))
      return END;
    return mpegFrameLength(view, at);
  }

  /** True when the file ends inside an MP3 frame. */
  get truncated(): boolean {
    return this.cutShort;
  }
}

/** Walks Ogg pages to see whether the stream reached its end-of-stream page. */
export class OggPageWalker extends BoundaryWalker {
  protected readonly headerBytes = 27;
  private sawEndOfStream = false;
  private sawPage = false;

  protected unitLength(view: Uint8Array, at: number): number {
    if (!asciiAt(view, at, 'OggS')) return 0;
    const segments = view[at + 26];
    if (at + 27 + segments > view.length) return NEED_MORE;
    let body = 0;
    for (let i = 0; i < segments; i++) body += view[at + 27 + i];
    this.sawPage = true;
    if (view[at + 5] & 0x04) this.sawEndOfStream = true;
    return 27 + segments + body;
  }

  /** True when the stream has no end-of-stream page or ends inside a page. */
  get truncated(): boolean {
    return this.sawPage && (this.cutShort || this.waiting || !this.sawEndOfStream);
  }
}

/** Total samples per channel declared in a FLAC STREAMINFO block (0 when unknown), from the file's start. */
export function flacTotalSamples(head: Uint8Array): number {
  let at = 0;
  if (asciiAt(head, 0, 'ID3'))
    at =
      10 + (((head[6] & 0x7f) << 21) | ((head[7] & 0x7f) << 14) | ((head[8] & 0x7f) << 7) | (head[9] & 0x7f));
  if (!asciiAt(head, at, 'fLaC') || head.length < at + 8 + 18) return 0;
  const info = at + 8; // after "fLaC" and the metadata block header; STREAMINFO comes first
  if ((head[at + 4] & 0x7f) !== 0) return 0;
  // 36 bits starting at the low nibble of byte 13 of STREAMINFO.
  return (
    (head[info + 13] & 0x0f) * 2 ** 32 +
    ((head[info + 14] << 24) >>> 0) +
    (head[info + 15] << 16) +
    (head[info + 16] << 8) +
    head[info + 17]
  );
}

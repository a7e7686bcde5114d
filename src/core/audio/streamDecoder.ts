import { flacTotalSamples, MpegFrameWalker, OggPageWalker } from './containers';
import { AudioDecodeError } from './errors';
import { resampledLength, StreamResampler } from './resample';
import { ANALYSIS_SAMPLE_RATE, mixToMono } from './signal';
import { describeLeadingBytes, sniffAudioFormat, sniffOggCodec, type AudioFormat } from './sniff';
import { checkSourceSampleRate } from './sourceRate';
import {
  checkFmtSize,
  checkRiffHeader,
  chunkHeader,
  dataLayout,
  decodePcmFrames,
  parseFmt,
  type WavFormat,
  type WavLayout,
} from './wav';

/** Formats this module decodes without a browser (the others need the browser's own decoder). */
export type StreamableFormat = 'wav' | 'mp3' | 'ogg' | 'flac';

const FORMAT_NAMES: Record<AudioFormat, string> = {
  wav: 'WAV',
  mp3: 'MP3',
  ogg: 'Ogg',
  flac: 'FLAC',
  m4a: 'M4A/AAC',
  webm: 'WebM',
};

/** One block of decoded PCM, one array per channel. */
interface PcmBlock {
  channelData: Float32Array[];
  samplesDecoded: number;
  sampleRate: number;
  errors: ReadonlyArray<{ message: string }>;
}

/** What every codec adapter offers: bytes in, PCM out, and whether the input stopped early. */
interface Codec {
  decode(bytes: Uint8Array): Promise<PcmBlock>;
  flush(): Promise<PcmBlock | null>;
  readonly truncated: boolean;
  free(): void;
}

const EMPTY_BLOCK: PcmBlock = { channelData: [], samplesDecoded: 0, sampleRate: 0, errors: [] };

/**
 * WAV from a byte stream: walks the chunk headers as the bytes come, keeping only the header in hand (at most
 * a `fmt ` body) and skipping every other chunk by its declared size, then converts whole frames.
 */
class WavCodec implements Codec {
  private stage: 'riff' | 'chunk' | 'fmt' | 'skip' = 'riff';
  /** Bytes of the RIFF header, a chunk header or the `fmt ` body gathered so far; `need` completes them. */
  private pending = new Uint8Array(0);
  private need = 12;
  private skipLeft = 0;
  private fmtSize = 0;
  private format: WavFormat | null = null;
  private layout: WavLayout | null = null;
  private received = 0;
  private dataLeft = 0;
  private carry = new Uint8Array(0);

  constructor(private readonly totalBytes: number) {}

  get truncated(): boolean {
    return this.layout?.truncated ?? false;
  }

  async decode(bytes: Uint8Array): Promise<PcmBlock> {
    let start = this.received;
    this.received += bytes.length;
    if (this.layout === null) {
      const used = this.walkHeader(bytes, start);
      if (this.layout === null) return EMPTY_BLOCK;
      this.dataLeft = (this.layout as WavLayout).dataLength;
      bytes = bytes.subarray(used);
      start += used;
    }
    const { format, dataOffset } = this.layout;
    const from = Math.max(0, dataOffset - start);
    const take = Math.min(bytes.length - from, this.dataLeft);
    if (take <= 0) return EMPTY_BLOCK;
    this.dataLeft -= take;
    let piece = bytes.subarray(from, from + take);
    if (this.carry.length > 0) {
      const joined = new Uint8Array(this.carry.length + piece.length);
      joined.set(this.carry);
      joined.set(piece, this.carry.length);
      piece = joined;
    }
    const whole = piece.length - (piece.length % format.blockAlign);
    this.carry = piece.slice(whole);
    const channelData = decodePcmFrames(piece.subarray(0, whole), format);
    return { channelData, samplesDecoded: channelData[0].length, sampleRate: format.sampleRate, errors: [] };
  }

  /** Reads header bytes from `bytes` (the file's bytes from `start`); returns how many it used. */
  private walkHeader(bytes: Uint8Array, start: number): number {
    let i = 0;
    while (this.layout === null && i < bytes.length) {
      if (this.stage === 'skip') {
        const n = Math.min(this.skipLeft, bytes.length - i);
        i += n;
        this.skipLeft -= n;
        if (this.skipLeft === 0) this.expect('chunk', 8);
        continue;
      }
      const n = Math.min(this.need - this.pending.length, bytes.length - i);
      const joined = new Uint8Array(this.pending.length + n);
      joined.set(this.pending);
      joined.set(bytes.subarray(i, i + n), this.pending.length);
      this.pending = joined;
      i += n;
      if (this.pending.length === this.need) this.complete(start + i);
    }
    return i;
  }

  private expect(stage: WavCodec['stage'], need: number): void {
    this.stage = stage;
    this.need = need;
    this.pending = new Uint8Array(0);
  }

  private skip(bytes: number): void {
    if (bytes === 0) return this.expect('chunk', 8);
    this.stage = 'skip';
    this.skipLeft = bytes;
    this.pending = new Uint8Array(0);
  }

  /** `pending` holds what the stage needed; `offset` is the file offset just past it. */
  private complete(offset: number): void {
    if (this.stage === 'riff') {
      checkRiffHeader(this.pending);
      return this.expect('chunk', 8);
    }
    if (this.stage === 'fmt') {
      this.format = parseFmt(new DataView(this.pending.buffer), 0, this.fmtSize);
      // RIFF chunks are word-aligned: an odd-sized chunk is followed by one pad byte.
      return this.skip(this.need - this.fmtSize + (this.fmtSize & 1));
    }
    const { id, size } = chunkHeader(this.pending, 0);
    if (id === 'fmt ') {
      checkFmtSize(size);
      this.fmtSize = size;
      return this.expect('fmt', Math.max(size, 16));
    }
    if (id === 'data') {
      if (this.format === null)
        throw new AudioDecodeError(
          'corrupt',
          'This WAV file is damaged: its sample data comes before its format chunk',
        );
      this.layout = dataLayout(this.format, offset, size, this.totalBytes);
      return;
    }
    this.skip(size + (size & 1));
  }

  async flush(): Promise<PcmBlock | null> {
    if (this.layout !== null) return null;
    if (this.stage === 'riff') checkRiffHeader(this.pending);
    if (this.stage === 'fmt')
      throw new AudioDecodeError('corrupt', 'This WAV file is damaged: it ends inside its format chunk');
    throw new AudioDecodeError(
      'corrupt',
      this.format === null
        ? 'This WAV file is damaged: it has no format chunk'
        : 'This WAV file is damaged: it has no sample data',
    );
  }

  free(): void {}
}

class Mp3Codec implements Codec {
  private readonly walker = new MpegFrameWalker();
  constructor(private readonly decoder: import('mpg123-decoder').MPEGDecoder) {}

  static async create(): Promise<Mp3Codec> {
    const { MPEGDecoder } = await import('mpg123-decoder');
    const decoder = new MPEGDecoder();
    await decoder.ready;
    return new Mp3Codec(decoder);
  }

  get truncated(): boolean {
    return this.walker.truncated;
  }

  async decode(bytes: Uint8Array): Promise<PcmBlock> {
    this.walker.push(bytes);
    return this.decoder.decode(bytes);
  }

  async flush(): Promise<PcmBlock | null> {
    return null;
  }

  free(): void {
    this.decoder.free();
  }
}

/** The wasm-audio-decoders shape shared by the Vorbis and FLAC decoders. */
interface FlushingDecoder {
  decode(bytes: Uint8Array): Promise<PcmBlock & { bitDepth?: number }>;
  flush(): Promise<PcmBlock & { bitDepth?: number }>;
  free(): void;
}

class OggVorbisCodec implements Codec {
  private readonly walker = new OggPageWalker();
  constructor(private readonly decoder: FlushingDecoder) {}

  static async create(): Promise<OggVorbisCodec> {
    const { OggVorbisDecoder } = await import('@wasm-audio-decoders/ogg-vorbis');
    const decoder = new OggVorbisDecoder();
    await decoder.ready;
    return new OggVorbisCodec(decoder);
  }

  get truncated(): boolean {
    return this.walker.truncated;
  }

  async decode(bytes: Uint8Array): Promise<PcmBlock> {
    this.walker.push(bytes);
    return this.decoder.decode(bytes);
  }

  async flush(): Promise<PcmBlock | null> {
    return this.decoder.flush();
  }

  free(): void {
    this.decoder.free();
  }
}

class FlacCodec implements Codec {
  private decoded = 0;
  private flushed = false;
  constructor(
    private readonly decoder: FlushingDecoder,
    private readonly declaredSamples: number,
  ) {}

  static async create(head: Uint8Array): Promise<FlacCodec> {
    const { FLACDecoder } = await import('@wasm-audio-decoders/flac');
    const decoder = new FLACDecoder();
    await decoder.ready;
    return new FlacCodec(decoder, flacTotalSamples(head));
  }

  get truncated(): boolean {
    return this.flushed && this.declaredSamples > 0 && this.decoded < this.declaredSamples;
  }

  async decode(bytes: Uint8Array): Promise<PcmBlock> {
    const block = FlacCodec.rescale(await this.decoder.decode(bytes));
    this.decoded += block.samplesDecoded;
    return block;
  }

  async flush(): Promise<PcmBlock | null> {
    const block = FlacCodec.rescale(await this.decoder.flush());
    this.decoded += block.samplesDecoded;
    this.flushed = true;
    return block;
  }

  /**
   * libFLAC's wrapper divides b-bit integers by 2^(b-1) - 1; WAV readers, libsndfile and so librosa divide
   * by 2^(b-1). Rescaling makes a FLAC file decode to exactly the samples of the same PCM in a WAV file.
   */
  private static rescale(block: PcmBlock & { bitDepth?: number }): PcmBlock {
    const bits = block.bitDepth ?? 0;
    if (bits < 2 || bits > 32) return block;
    const scale = (2 ** (bits - 1) - 1) / 2 ** (bits - 1);
    for (const channel of block.channelData) for (let i = 0; i < channel.length; i++) channel[i] *= scale;
    return block;
  }

  free(): void {
    this.decoder.free();
  }
}

async function openCodec(format: AudioFormat, head: Uint8Array, totalBytes: number): Promise<Codec> {
  switch (format) {
    case 'wav':
      return new WavCodec(totalBytes);
    case 'mp3':
      return Mp3Codec.create();
    case 'flac':
      return FlacCodec.create(head);
    case 'ogg': {
      const codec = sniffOggCodec(head);
      if (codec === 'vorbis') return OggVorbisCodec.create();
      throw new AudioDecodeError(
        'unsupported-format',
        codec === null
          ? 'Not an audio file this app can read: an Ogg file whose first page is damaged'
          : `Not an audio file this app can read here: Ogg ${codec[0].toUpperCase()}${codec.slice(1)} (Ogg Vorbis is supported)`,
      );
    }
    default:
      throw new AudioDecodeError(
        'unsupported-format',
        `Not an audio file this app can read here: ${FORMAT_NAMES[format]} (WAV, MP3, Ogg Vorbis and FLAC are supported)`,
      );
  }
}

/**
 * Decodes an audio file that arrives in pieces into mono samples at one rate (22,050 Hz unless told
 * otherwise): channels are averaged as librosa's to_mono, then resampled with StreamResampler.
 * Memory stays bounded by the piece size; push the file's bytes in order from its first byte.
 */
export class AudioStreamDecoder {
  readonly format: StreamableFormat;
  readonly targetRate: number;
  private readonly codec: Codec;
  private resampler: StreamResampler | null = null;
  private rate = 0;
  private channelCount = 0;
  private sourceSamples = 0;
  private outputSamples = 0;
  private firstError: string | null = null;
  private firstErrorSeconds = 0;
  private freed = false;

  private constructor(format: StreamableFormat, codec: Codec, targetRate: number) {
    this.format = format;
    this.codec = codec;
    this.targetRate = targetRate;
  }

  /**
   * Opens a decoder for the file whose first bytes are `head` (a few kilobytes; more is fine) and whose
   * size is `totalBytes`. Throws AudioDecodeError: 'empty' for a zero-byte file, 'unsupported-format' for
   * anything that is not WAV, MP3, Ogg Vorbis or FLAC.
   */
  static async open(
    head: Uint8Array,
    totalBytes: number,
    targetRate: number = ANALYSIS_SAMPLE_RATE,
  ): Promise<AudioStreamDecoder> {
    if (totalBytes === 0) throw new AudioDecodeError('empty', 'This file is empty');
    const format = sniffAudioFormat(head);
    if (format === null) {
      throw new AudioDecodeError(
        'unsupported-format',
        `Not an audio file this app can read: not WAV, MP3, Ogg, FLAC, M4A or WebM (${describeLeadingBytes(head)})`,
      );
    }
    // Validates targetRate early, naming it.
    resampledLength(0, targetRate, targetRate);
    const codec = await openCodec(format, head, totalBytes);
    return new AudioStreamDecoder(format as StreamableFormat, codec, targetRate);
  }

  /** Sample rate of the source, once the first samples are decoded (0 before). */
  get sourceSampleRate(): number {
    return this.rate;
  }

  /** Channels in the source, once the first samples are decoded (0 before). */
  get channels(): number {
    return this.channelCount;
  }

  /** Samples per channel decoded from the source so far. */
  get decodedSourceSamples(): number {
    return this.sourceSamples;
  }

  /** Seconds of audio decoded so far. */
  get decodedSeconds(): number {
    return this.rate === 0 ? 0 : this.sourceSamples / this.rate;
  }

  /** The first damage the codec reported and about where in the audio (seconds decoded by then); null if none. */
  get damage(): { message: string; atSeconds: number } | null {
    return this.firstError === null ? null : { message: this.firstError, atSeconds: this.firstErrorSeconds };
  }

  /** Whether the file turned out to end before its last frame, page or declared data did (final after finish). */
  get truncated(): boolean {
    return this.codec.truncated;
  }

  /** Decodes the next bytes of the file; returns the mono samples at `targetRate` they complete. */
  async push(bytes: Uint8Array): Promise<Float32Array> {
    if (this.freed) throw new Error('AudioStreamDecoder used after free()');
    return this.take(await this.codec.decode(bytes));
  }

  /** Ends the file: returns the last samples. Throws AudioDecodeError if no audio at all could be decoded. */
  async finish(): Promise<Float32Array> {
    if (this.freed) throw new Error('AudioStreamDecoder used after free()');
    const last = await this.codec.flush();
    const tail = last === null ? new Float32Array(0) : this.take(last);
    if (this.sourceSamples === 0) {
      const name = FORMAT_NAMES[this.format];
      if (this.format === 'wav')
        throw new AudioDecodeError('too-short', `This ${name} file holds no audio (0 samples)`);
      if (this.codec.truncated)
        throw new AudioDecodeError(
          'corrupt',
          `This ${name} file is cut short before its first complete frame`,
        );
      throw new AudioDecodeError(
        'corrupt',
        `This ${name} file is damaged: no audio could be decoded from it${this.firstError === null ? '' : ` (${this.firstError})`}`,
      );
    }
    if (this.resampler === null) return tail;
    const rest = this.resampler.flush();
    this.outputSamples += rest.length;
    if (tail.length === 0) return rest;
    const out = new Float32Array(tail.length + rest.length);
    out.set(tail);
    out.set(rest, tail.length);
    return out;
  }

  /** Releases the codec's WebAssembly memory. Safe to call more than once. */
  free(): void {
    if (this.freed) return;
    this.freed = true;
    this.codec.free();
  }

  private take(block: PcmBlock): Float32Array {
    if (this.firstError === null && block.errors.length > 0) {
      const error = block.errors[0] as { message: string; outputSamples?: unknown };
      const rate = block.sampleRate || this.rate;
      this.firstError = error.message.trim();
      // The wasm decoders say how many samples they had output when they met it; else, where this block began.
      this.firstErrorSeconds =
        typeof error.outputSamples === 'number' && rate > 0
          ? error.outputSamples / rate
          : this.decodedSeconds;
    }
    if (block.samplesDecoded === 0 || block.channelData.length === 0) return new Float32Array(0);
    if (this.rate === 0) {
      checkSourceSampleRate(block.sampleRate, `This ${FORMAT_NAMES[this.format]} file`);
      this.rate = block.sampleRate;
      this.channelCount = block.channelData.length;
      this.resampler = new StreamResampler(block.sampleRate, this.targetRate);
    } else if (block.sampleRate !== this.rate) {
      throw new AudioDecodeError(
        'unsupported-format',
        `Not an audio file this app can read: its sample rate changes midway, from ${this.rate} to ${block.sampleRate} Hz`,
      );
    }
    this.sourceSamples += block.samplesDecoded;
    const mono = mixToMono(block.channelData.map((c) => c.subarray(0, block.samplesDecoded)));
    const out = this.resampler!.push(mono);
    this.outputSamples += out.length;
    return out;
  }
}

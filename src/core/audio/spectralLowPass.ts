import FFT from 'fft.js';
import { KaiserSinc, SampleQueue } from './polyphase';

/**
 * A long linear-phase low-pass applied by FFT (overlap-save), optionally upsampling by 2 on the way by
 * zero-padding each block's spectrum. It does the expensive, sharp part of resampling at a cost that hardly
 * depends on the filter's length, leaving only a short filter for the polyphase stage.
 *
 * Output index m (at `factor` times the input rate) is the zero-phase filtered signal at input time
 * m / factor; there are exactly factor * n outputs for n inputs. Results depend only on the input, never on
 * how it was split into pushes: blocks sit on a fixed grid and are transformed two at a time (one as the real
 * part, one as the imaginary part of one complex FFT, which a real, symmetric spectrum keeps apart).
 */
/** The fixed part of a SpectralLowPass: kernel spectrum, FFTs and scratch space (shared; single-threaded). */
export class SpectralLowPassDesign {
  readonly factor: 1 | 2;
  readonly radius: number;
  readonly size: number;
  readonly hop: number;
  readonly fft: FFT;
  readonly inverse: FFT;
  /** Real frequency response at the N bins (the kernel is symmetric about 0, so its spectrum is real). */
  readonly response: Float64Array;
  readonly time: number[];
  readonly spectrum: number[];
  readonly wide: number[];
  readonly result: number[];

  /**
   * Passes [0, passHz], stops [stopHz, ...] (STOPBAND_DB) at `rate`; upsamples by `factor`. `minSize` is the
   * smallest FFT block (a power of two; grown to 8 × the filter's radius): smaller blocks hold back less input
   * (live audio) at a higher cost per sample, larger ones are cheaper for whole files.
   */
  constructor(rate: number, passHz: number, stopHz: number, factor: 1 | 2, minSize = 8192) {
    if (factor === 2 && stopHz > rate / 2)
      throw new RangeError(`Expected stopHz <= ${rate / 2} to upsample, got ${stopHz}`);
    if (!Number.isInteger(minSize) || minSize < 64 || (minSize & (minSize - 1)) !== 0)
      throw new RangeError(`Expected minSize to be a power of two >= 64, got ${minSize}`);
    const filter = new KaiserSinc(passHz / rate, stopHz / rate);
    this.factor = factor;
    this.radius = Math.ceil(filter.halfWidth);
    let size = minSize;
    while (size < 8 * this.radius) size *= 2;
    this.size = size;
    this.hop = size - 2 * this.radius;
    this.fft = new FFT(size);
    this.inverse = factor === 1 ? this.fft : new FFT(size * factor);
    // Kernel laid out circularly around index 0, then transformed once.
    const kernel = this.fft.createComplexArray() as number[];
    let sum = 0;
    for (let t = -this.radius; t <= this.radius; t++) sum += filter.at(t);
    for (let t = -this.radius; t <= this.radius; t++) kernel[2 * ((t + size) % size)] = filter.at(t) / sum;
    const kernelSpectrum = this.fft.createComplexArray() as number[];
    this.fft.transform(kernelSpectrum, kernel);
    this.response = new Float64Array(size);
    for (let k = 0; k < size; k++) this.response[k] = kernelSpectrum[2 * k];
    this.time = this.fft.createComplexArray() as number[];
    this.spectrum = this.fft.createComplexArray() as number[];
    this.wide = this.inverse.createComplexArray() as number[];
    this.result = this.inverse.createComplexArray() as number[];
  }
}

/**
 * Streams a signal through a SpectralLowPassDesign. Output index m (at `factor` times the input rate) is the
 * zero-phase filtered signal at input time m / factor; there are exactly factor * n outputs for n inputs.
 */
export class SpectralLowPass {
  private readonly queue: SampleQueue;
  private nextBlock = 0;
  private inputLength = 0;
  private produced = 0;

  constructor(private readonly design: SpectralLowPassDesign) {
    this.queue = new SampleQueue(-design.radius, 2 * design.size);
  }

  /** Filters the next piece of input; returns the outputs of every pair of blocks it completes. */
  push(chunk: Float32Array): Float32Array {
    this.queue.append(chunk);
    this.inputLength += chunk.length;
    const pieces: Float32Array[] = [];
    // Block b reads input [b*hop - radius, b*hop - radius + size).
    const { hop, radius, size, factor } = this.design;
    while ((this.nextBlock + 1) * hop - radius + size <= this.queue.end) pieces.push(this.processPair(true));
    const out = concat(pieces, factor * hop * 2 * pieces.length);
    this.produced += out.length;
    return out;
  }

  /** Ends the input (zeros after it) and returns the remaining outputs. */
  flush(): Float32Array {
    const { hop, radius, size, factor } = this.design;
    const total = factor * this.inputLength;
    const blocks = Math.ceil(this.inputLength / hop);
    const pieces: Float32Array[] = [];
    if (this.nextBlock < blocks) {
      this.queue.appendZeros((blocks + 1) * hop - radius + size - this.queue.end);
      while (this.nextBlock < blocks) pieces.push(this.processPair(this.nextBlock + 1 < blocks));
    }
    const out = concat(
      pieces,
      pieces.reduce((n, p) => n + p.length, 0),
    );
    const keep = Math.max(0, Math.min(out.length, total - this.produced));
    this.produced += keep;
    return out.subarray(0, keep);
  }

  private processPair(both: boolean): Float32Array {
    const { size, hop, radius, factor, time, spectrum, wide, result, response, fft, inverse } = this.design;
    const queue = this.queue;
    const startA = this.nextBlock * hop - radius - queue.start;
    const startB = startA + hop;
    const data = queue.data;
    for (let m = 0; m < size; m++) {
      time[2 * m] = data[startA + m];
      time[2 * m + 1] = both ? data[startB + m] : 0;
    }
    fft.transform(spectrum, time);
    for (let k = 0; k < size; k++) {
      spectrum[2 * k] *= response[k];
      spectrum[2 * k + 1] *= response[k];
    }
    let source = spectrum;
    if (factor === 2) {
      // Zero-pad the spectrum: positive frequencies first, negative last, nothing in between.
      wide.fill(0);
      const half = size / 2;
      for (let i = 0; i < size; i++) wide[i] = spectrum[i] * 2;
      for (let i = size + 2; i < 2 * size; i++) wide[2 * size + i] = spectrum[i] * 2;
      // The Nyquist bin is split between +N/2 and -N/2 (it is ~0 anyway: the filter stops before it).
      wide[2 * half] = spectrum[2 * half];
      wide[2 * half + 1] = spectrum[2 * half + 1];
      wide[2 * (size + half)] = spectrum[2 * half];
      wide[2 * (size + half) + 1] = spectrum[2 * half + 1];
      source = wide;
    }
    inverse.inverseTransform(result, source);
    const blockOut = factor * hop;
    const out = new Float32Array(both ? 2 * blockOut : blockOut);
    const first = factor * radius;
    for (let m = 0; m < blockOut; m++) out[m] = result[2 * (first + m)];
    if (both) for (let m = 0; m < blockOut; m++) out[blockOut + m] = result[2 * (first + m) + 1];
    this.nextBlock += both ? 2 : 1;
    queue.dropBefore(this.nextBlock * hop - radius);
    return out;
  }
}

function concat(pieces: Float32Array[], length: number): Float32Array {
  if (pieces.length === 1) return pieces[0];
  const out = new Float32Array(length);
  let offset = 0;
  for (const piece of pieces) {
    out.set(piece, offset);
    offset += piece.length;
  }
  return out;
}

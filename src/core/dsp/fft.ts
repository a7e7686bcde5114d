import FFT from 'fft.js';

/**
 * A real FFT of one fixed size, with its scratch buffers, so that a frame loop allocates nothing.
 * Spectra have `size / 2 + 1` bins, as numpy's rfft.
 */
export class RealFft {
  readonly size: number;
  readonly bins: number;
  private readonly fft: FFT;
  private readonly input: Float64Array;
  private readonly output: Float64Array;

  constructor(size: number) {
    if (!Number.isInteger(size) || size < 2 || (size & (size - 1)) !== 0) {
      throw new Error(`Expected FFT size to be a power of two >= 2, got ${size}`);
    }
    this.size = size;
    this.bins = size / 2 + 1;
    this.fft = new FFT(size);
    this.input = new Float64Array(size);
    this.output = new Float64Array(2 * size);
  }

  /** Complex spectrum (interleaved re, im) of `frame`, the first `bins` bins. */
  complex(frame: ArrayLike<number>, out: Float64Array = new Float64Array(2 * this.bins)): Float64Array {
    this.transform(frame);
    out.set(this.output.subarray(0, 2 * this.bins));
    return out;
  }

  /** |X[k]|^2 of `frame` into `out` (length `bins`). */
  power(frame: ArrayLike<number>, out: Float32Array = new Float32Array(this.bins)): Float32Array {
    this.transform(frame);
    const o = this.output;
    for (let k = 0; k < this.bins; k++) {
      const re = o[2 * k];
      const im = o[2 * k + 1];
      out[k] = re * re + im * im;
    }
    return out;
  }

  private transform(frame: ArrayLike<number>): void {
    if (frame.length !== this.size) {
      throw new Error(`Expected a frame of ${this.size} samples, got ${frame.length}`);
    }
    this.input.set(frame);
    this.fft.realTransform(this.output, this.input);
  }
}

const cache = new Map<number, RealFft>();

/** A shared RealFft per size (single-threaded use only). */
export function realFft(size: number): RealFft {
  let fft = cache.get(size);
  if (!fft) {
    fft = new RealFft(size);
    cache.set(size, fft);
  }
  return fft;
}

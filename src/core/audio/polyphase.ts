/**
 * Kaiser-windowed sinc low-pass filters and the polyphase filter bank that evaluates one between two rates.
 * Building blocks of resample.ts.
 */

/** Attenuation every filter here is designed for, in dB. */
export const STOPBAND_DB = 90;
/** Ratios whose reduced numerator exceeds this use an interpolated table instead of one phase per position. */
const MAX_EXACT_PHASES = 1024;
/** Phases of the interpolated table (each between-phase coefficient is linearly interpolated). */
const INTERPOLATED_PHASES = 1024;

export function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/** Zeroth-order modified Bessel function of the first kind (power series), for the Kaiser window. */
function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  const q = (x * x) / 4;
  for (let k = 1; k < 500; k++) {
    term *= q / (k * k);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return sum;
}

/** A linear-phase low-pass by Kaiser's window method, in units of one sample period of its rate. */
export class KaiserSinc {
  /** -6 dB point, cycles per sample. */
  readonly cutoff: number;
  /** The impulse response is zero at and beyond this distance, in samples. */
  readonly halfWidth: number;
  private readonly beta: number;
  private readonly i0Beta: number;

  /** Passes [0, pass] and attenuates [stop, ...] by STOPBAND_DB (both in cycles per sample, pass < stop). */
  constructor(pass: number, stop: number) {
    if (!(pass > 0 && stop > pass))
      throw new RangeError(`Expected 0 < pass < stop, got pass ${pass}, stop ${stop}`);
    this.cutoff = (pass + stop) / 2;
    this.beta = 0.1102 * (STOPBAND_DB - 8.7);
    this.i0Beta = besselI0(this.beta);
    // Kaiser's estimate of the length for this attenuation and transition width.
    this.halfWidth = (STOPBAND_DB - 7.95) / (2.285 * 2 * Math.PI * (stop - pass)) / 2;
  }

  /** Impulse response at `t` samples from its centre (unit DC gain for the continuous filter). */
  at(t: number): number {
    const r = t / this.halfWidth;
    if (r <= -1 || r >= 1) return 0;
    const x = 2 * this.cutoff * t;
    const sinc = x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
    return 2 * this.cutoff * sinc * (besselI0(this.beta * Math.sqrt(1 - r * r)) / this.i0Beta);
  }
}

/**
 * A polyphase filter bank from `fromRate` to `toRate` around a Kaiser low-pass given in Hz.
 * Output k sits at input position k * fromRate / toRate and reads input base - half + 1 ... base + half.
 */
export class PolyphaseKernel {
  /** toRate / fromRate in lowest terms: up / down. */
  readonly up: number;
  readonly down: number;
  readonly taps: number;
  readonly half: number;
  readonly exact: boolean;
  /** Row-major: coefficients of phase p at p * taps. */
  readonly coefficients: Float64Array;

  constructor(fromRate: number, toRate: number, passHz: number, stopHz: number) {
    const g = gcd(fromRate, toRate);
    this.up = toRate / g;
    this.down = fromRate / g;
    const filter = new KaiserSinc(passHz / fromRate, stopHz / fromRate);
    // An even half-width makes the tap count a multiple of 4 for the unrolled inner loop.
    this.half = Math.max(2, 2 * Math.ceil(filter.halfWidth / 2));
    this.taps = 2 * this.half;
    this.exact = this.up <= MAX_EXACT_PHASES;
    const rows = this.exact ? this.up : INTERPOLATED_PHASES + 1;
    const step = this.exact ? this.up : INTERPOLATED_PHASES;
    this.coefficients = new Float64Array(rows * this.taps);
    for (let p = 0; p < rows; p++) {
      const frac = p / step;
      const row = p * this.taps;
      let sum = 0;
      for (let j = 0; j < this.taps; j++) {
        const value = filter.at(frac + this.half - 1 - j);
        this.coefficients[row + j] = value;
        sum += value;
      }
      // Each phase alone must pass DC at unit gain, or a constant signal would ripple at the phase rate.
      for (let j = 0; j < this.taps; j++) this.coefficients[row + j] /= sum;
    }
  }

  /** ceil(n * up / down), exactly. */
  outputLength(inputLength: number): number {
    return Math.floor((inputLength * this.up + this.down - 1) / this.down);
  }

  /** Integer part of output k's input position. */
  baseOf(k: number): number {
    return Math.floor((k * this.down) / this.up);
  }

  /**
   * Writes outputs [kStart, kEnd) into `out` at `outOffset` from `buffer`, whose element 0 holds input
   * index `bufferStart`; the buffer must cover every tap of those outputs.
   */
  render(
    buffer: Float32Array,
    bufferStart: number,
    kStart: number,
    kEnd: number,
    out: Float32Array,
    outOffset: number,
  ): void {
    const { up, down, taps, half, coefficients } = this;
    const whole = Math.floor(down / up);
    const rest = down % up;
    let base = this.baseOf(kStart);
    let phase = kStart * down - base * up; // output position = base + phase / up
    let o = outOffset;
    for (let k = kStart; k < kEnd; k++) {
      let p = base - half + 1 - bufferStart;
      if (this.exact) {
        // Four independent sums keep the floating-point adders busy instead of waiting on one chain.
        let a0 = 0;
        let a1 = 0;
        let a2 = 0;
        let a3 = 0;
        for (let c = phase * taps, end = c + taps; c < end; c += 4, p += 4) {
          a0 += buffer[p] * coefficients[c];
          a1 += buffer[p + 1] * coefficients[c + 1];
          a2 += buffer[p + 2] * coefficients[c + 2];
          a3 += buffer[p + 3] * coefficients[c + 3];
        }
        out[o++] = a0 + a1 + (a2 + a3);
      } else {
        const position = (phase / up) * INTERPOLATED_PHASES;
        const lower = Math.min(Math.floor(position), INTERPOLATED_PHASES - 1);
        const a = position - lower;
        const row0 = lower * taps;
        const row1 = row0 + taps;
        let acc0 = 0;
        let acc1 = 0;
        for (let j = 0; j < taps; j++, p++) {
          const x = buffer[p];
          acc0 += x * coefficients[row0 + j];
          acc1 += x * coefficients[row1 + j];
        }
        out[o++] = acc0 + a * (acc1 - acc0);
      }
      base += whole;
      phase += rest;
      if (phase >= up) {
        phase -= up;
        base++;
      }
    }
  }
}

/** Grows-as-needed sample queue whose element 0 is input index `start`. */
export class SampleQueue {
  data: Float32Array;
  start: number;
  length = 0;

  constructor(start: number, capacity: number) {
    this.start = start;
    this.data = new Float32Array(Math.max(16, capacity));
    // Indices before 0 are zeros: they are already in place.
    this.length = Math.max(0, -start);
  }

  /** One past the last queued index. */
  get end(): number {
    return this.start + this.length;
  }

  append(chunk: Float32Array): void {
    const needed = this.length + chunk.length;
    if (needed > this.data.length) {
      const grown = new Float32Array(Math.max(needed, this.data.length * 2));
      grown.set(this.data.subarray(0, this.length));
      this.data = grown;
    }
    this.data.set(chunk, this.length);
    this.length = needed;
  }

  appendZeros(count: number): void {
    if (count > 0) this.append(new Float32Array(count));
  }

  /** Forgets every index before `index`. */
  dropBefore(index: number): void {
    const drop = Math.min(this.length, Math.max(0, index - this.start));
    if (drop === 0) return;
    this.data.copyWithin(0, drop, this.length);
    this.start += drop;
    this.length -= drop;
  }
}

/** Streams a signal through a PolyphaseKernel: zeros before index 0, and after the end on `flush`. */
export class PolyphaseStream {
  private readonly queue: SampleQueue;
  private inputLength = 0;
  private produced = 0;

  constructor(private readonly kernel: PolyphaseKernel) {
    this.queue = new SampleQueue(-kernel.half, 4 * kernel.taps);
  }

  push(chunk: Float32Array): Float32Array {
    this.queue.append(chunk);
    this.inputLength += chunk.length;
    const { kernel } = this;
    // Output k is complete once input base(k) + half is queued.
    let kEnd = Math.max(this.produced, kernel.outputLength(Math.max(0, this.queue.end - kernel.half)));
    while (kEnd > this.produced && kernel.baseOf(kEnd - 1) + kernel.half >= this.queue.end) kEnd--;
    return this.emit(kEnd);
  }

  flush(): Float32Array {
    const { kernel } = this;
    const total = kernel.outputLength(this.inputLength);
    if (total > this.produced)
      this.queue.appendZeros(kernel.baseOf(total - 1) + kernel.half + 1 - this.queue.end);
    return this.emit(total);
  }

  private emit(kEnd: number): Float32Array {
    const count = Math.max(0, kEnd - this.produced);
    const out = new Float32Array(count);
    if (count === 0) return out;
    this.kernel.render(this.queue.data, this.queue.start, this.produced, kEnd, out, 0);
    this.produced = kEnd;
    this.queue.dropBefore(this.kernel.baseOf(this.produced) - this.kernel.half + 1);
    return out;
  }
}

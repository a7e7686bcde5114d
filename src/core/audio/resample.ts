/**
 * Band-limited sample-rate conversion: a Kaiser-windowed sinc low-pass evaluated as a polyphase filter bank.
 *
 * Output sample k sits at input time k * fromRate / toRate (time 0 aligned, zero-phase filter, zeros beyond
 * both ends) and there are ceil(n * toRate / fromRate) of them, as librosa.resample (soxr) returns.
 * The low-pass passes up to PASSBAND of the lower Nyquist and reaches STOPBAND_DB of attenuation at that
 * Nyquist, so nothing above it folds back.
 */

/** Passband edge as a fraction of the lower of the two Nyquist frequencies. */
const PASSBAND = 0.9;
/** Attenuation the Kaiser design targets from the lower Nyquist upwards. */
const STOPBAND_DB = 90;
/** Ratios whose reduced numerator exceeds this use an interpolated table instead of one phase per position. */
const MAX_EXACT_PHASES = 1024;
/** Phases of the interpolated table (each between-phase coefficient is linearly interpolated). */
const INTERPOLATED_PHASES = 1024;
const MAX_RATE = 10_000_000;

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/** Zeroth-order modified Bessel function of the first kind (power series), for the Kaiser window. */
function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  const q = (x * x) / 4;
  for (let k = 1; k < 200; k++) {
    term *= q / (k * k);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return sum;
}

function checkRate(name: string, rate: number): void {
  if (!Number.isInteger(rate) || rate <= 0 || rate > MAX_RATE)
    throw new RangeError(`Expected ${name} to be a whole number of Hz in 1..${MAX_RATE}, got ${rate}`);
}

/** A polyphase filter bank for one pair of rates; shared by the batch and streaming paths. */
class PolyphaseKernel {
  /** toRate / fromRate in lowest terms: up / down. */
  readonly up: number;
  readonly down: number;
  /** Taps per phase; output at position base + frac reads input base - half + 1 ... base + half. */
  readonly taps: number;
  readonly half: number;
  /** Number of phases stored: `up` when exact, INTERPOLATED_PHASES (+1 guard row) otherwise. */
  readonly phases: number;
  readonly exact: boolean;
  /** Row-major: coefficients of phase p at p * taps. */
  readonly coefficients: Float64Array;

  constructor(fromRate: number, toRate: number) {
    const g = gcd(fromRate, toRate);
    this.up = toRate / g;
    this.down = fromRate / g;
    const lowNyquistFraction = Math.min(1, toRate / fromRate); // lower Nyquist in units of the input Nyquist
    // Kaiser's design rule: transition width (cycles per input sample) and attenuation give the length.
    const transition = 0.5 * lowNyquistFraction * (1 - PASSBAND);
    const cutoff = 0.5 * lowNyquistFraction * (1 + PASSBAND) * 0.5; // cycles per input sample, -6 dB point
    const beta = 0.1102 * (STOPBAND_DB - 8.7);
    const length = (STOPBAND_DB - 7.95) / (2.285 * 2 * Math.PI * transition);
    const halfWidth = length / 2; // in input samples
    // An even half-width makes the tap count a multiple of 4 for the unrolled inner loop.
    this.half = 2 * Math.ceil(halfWidth / 2);
    this.taps = 2 * this.half;
    this.exact = this.up <= MAX_EXACT_PHASES;
    this.phases = this.exact ? this.up : INTERPOLATED_PHASES + 1;
    const rows = this.phases;
    const step = this.exact ? this.up : INTERPOLATED_PHASES;
    this.coefficients = new Float64Array(rows * this.taps);
    const i0Beta = besselI0(beta);
    for (let p = 0; p < rows; p++) {
      const frac = p / step;
      const row = p * this.taps;
      let sum = 0;
      for (let j = 0; j < this.taps; j++) {
        // Input index base - half + 1 + j lies at distance t from the output position base + frac.
        const t = frac + this.half - 1 - j;
        const r = t / halfWidth;
        if (r <= -1 || r >= 1) continue;
        const x = 2 * cutoff * t;
        const sinc = x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
        const value = 2 * cutoff * sinc * (besselI0(beta * Math.sqrt(1 - r * r)) / i0Beta);
        this.coefficients[row + j] = value;
        sum += value;
      }
      // Each phase alone must pass DC at unit gain, or a constant signal would ripple at the phase rate.
      for (let j = 0; j < this.taps; j++) this.coefficients[row + j] /= sum;
    }
  }

  /** Output samples for an input of `inputLength` samples. */
  outputLength(inputLength: number): number {
    // ceil(n * up / down) without floating-point error for large n.
    return Math.floor((inputLength * this.up + this.down - 1) / this.down);
  }

  /** Input index at which output k is centred (its integer part), exact for all k below 2^53 / down. */
  baseOf(k: number): number {
    return Math.floor((k * this.down) / this.up);
  }

  /**
   * Writes outputs [kStart, kEnd) into `out` from `buffer`, whose element 0 holds input index `bufferStart`.
   * The caller guarantees the buffer covers every tap of those outputs.
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
    let phase = kStart * down - base * up; // numerator of frac = phase / up
    let o = outOffset;
    if (this.exact) {
      for (let k = kStart; k < kEnd; k++) {
        const row = phase * taps;
        let p = base - half + 1 - bufferStart;
        // Four independent sums keep the floating-point adders busy instead of waiting on one chain.
        let a0 = 0;
        let a1 = 0;
        let a2 = 0;
        let a3 = 0;
        for (let c = row, end = row + taps; c < end; c += 4, p += 4) {
          a0 += buffer[p] * coefficients[c];
          a1 += buffer[p + 1] * coefficients[c + 1];
          a2 += buffer[p + 2] * coefficients[c + 2];
          a3 += buffer[p + 3] * coefficients[c + 3];
        }
        out[o++] = a0 + a1 + (a2 + a3);
        base += whole;
        phase += rest;
        if (phase >= up) {
          phase -= up;
          base++;
        }
      }
      return;
    }
    for (let k = kStart; k < kEnd; k++) {
      const position = (phase / up) * INTERPOLATED_PHASES;
      const lower = Math.min(Math.floor(position), INTERPOLATED_PHASES - 1);
      const a = position - lower;
      const row0 = lower * taps;
      const row1 = row0 + taps;
      let p = base - half + 1 - bufferStart;
      let acc0 = 0;
      let acc1 = 0;
      for (let j = 0; j < taps; j++, p++) {
        const x = buffer[p];
        acc0 += x * coefficients[row0 + j];
        acc1 += x * coefficients[row1 + j];
      }
      out[o++] = acc0 + a * (acc1 - acc0);
      base += whole;
      phase += rest;
      if (phase >= up) {
        phase -= up;
        base++;
      }
    }
  }
}

const kernelCache = new Map<string, PolyphaseKernel>();

function kernelFor(fromRate: number, toRate: number): PolyphaseKernel {
  const key = `${fromRate}:${toRate}`;
  let kernel = kernelCache.get(key);
  if (kernel === undefined) {
    kernel = new PolyphaseKernel(fromRate, toRate);
    if (kernelCache.size > 32) kernelCache.clear();
    kernelCache.set(key, kernel);
  }
  return kernel;
}

/** Output length of `resample` for `inputLength` samples: ceil(inputLength * toRate / fromRate). */
export function resampledLength(inputLength: number, fromRate: number, toRate: number): number {
  checkRate('fromRate', fromRate);
  checkRate('toRate', toRate);
  if (!Number.isInteger(inputLength) || inputLength < 0)
    throw new RangeError(`Expected inputLength to be a whole number >= 0, got ${inputLength}`);
  if (fromRate === toRate) return inputLength;
  return kernelFor(fromRate, toRate).outputLength(inputLength);
}

/**
 * Converts `input` sampled at `fromRate` Hz to `toRate` Hz. Returns `input` itself when the rates match.
 * Throws a RangeError naming the value for a rate that is not a whole number of Hz in 1..10,000,000.
 */
export function resample(input: Float32Array, fromRate: number, toRate: number): Float32Array {
  checkRate('fromRate', fromRate);
  checkRate('toRate', toRate);
  if (fromRate === toRate) return input;
  const kernel = kernelFor(fromRate, toRate);
  const outLength = kernel.outputLength(input.length);
  const out = new Float32Array(outLength);
  if (outLength === 0) return out;
  const n = input.length;
  const { half } = kernel;
  // Outputs whose taps all lie inside the input read it in place; the few near either end read a
  // zero-padded copy of their stretch, so the inner loop never checks bounds.
  let kA = 0;
  while (kA < outLength && kernel.baseOf(kA) - half + 1 < 0) kA++;
  let kB = outLength;
  while (kB > kA && kernel.baseOf(kB - 1) + half > n - 1) kB--;
  const renderPadded = (k0: number, k1: number) => {
    if (k1 <= k0) return;
    const start = kernel.baseOf(k0) - half + 1;
    const stretch = new Float32Array(kernel.baseOf(k1 - 1) + half + 1 - start);
    const from = Math.max(0, start);
    const to = Math.min(n, start + stretch.length);
    if (to > from) stretch.set(input.subarray(from, to), from - start);
    kernel.render(stretch, start, k0, k1, out, k0);
  };
  renderPadded(0, kA);
  if (kB > kA) kernel.render(input, 0, kA, kB, out, kA);
  renderPadded(kB, outLength);
  return out;
}

/**
 * Resamples a signal that arrives in pieces with bounded memory. The concatenation of every `push` result
 * and the final `flush` equals `resample` on the whole signal, sample for sample.
 */
export class StreamResampler {
  readonly fromRate: number;
  readonly toRate: number;
  private readonly kernel: PolyphaseKernel | null;
  /** Pending input; element 0 holds input index `bufferStart`. Only `bufferLength` elements are live. */
  private buffer: Float32Array;
  private bufferStart: number;
  private bufferLength = 0;
  private inputLength = 0;
  private produced = 0;
  private flushed = false;

  constructor(fromRate: number, toRate: number) {
    checkRate('fromRate', fromRate);
    checkRate('toRate', toRate);
    this.fromRate = fromRate;
    this.toRate = toRate;
    this.kernel = fromRate === toRate ? null : kernelFor(fromRate, toRate);
    const half = this.kernel?.half ?? 0;
    // Start with the left zero padding already in place.
    this.buffer = new Float32Array(Math.max(1024, half * 4));
    this.bufferStart = -half;
    this.bufferLength = half;
  }

  /** Feeds the next piece of input; returns every output sample that piece completes. */
  push(chunk: Float32Array): Float32Array {
    if (this.flushed) throw new Error('StreamResampler.push called after flush()');
    if (this.kernel === null) {
      this.inputLength += chunk.length;
      return chunk.slice();
    }
    this.append(chunk);
    this.inputLength += chunk.length;
    const kernel = this.kernel;
    // Output k is complete once input base(k) + half is buffered.
    const available = this.bufferStart + this.bufferLength; // one past the last buffered input index
    let kEnd = Math.max(this.produced, kernel.outputLength(Math.max(0, available - kernel.half)));
    while (kEnd > this.produced && kernel.baseOf(kEnd - 1) + kernel.half >= available) kEnd--;
    return this.emit(kEnd);
  }

  /** Ends the signal: returns the remaining output samples (zeros are assumed after the last input). */
  flush(): Float32Array {
    if (this.flushed) return new Float32Array(0);
    this.flushed = true;
    if (this.kernel === null) return new Float32Array(0);
    const kernel = this.kernel;
    const total = kernel.outputLength(this.inputLength);
    if (total > this.produced) {
      const end = kernel.baseOf(total - 1) + kernel.half + 1;
      const missing = end - (this.bufferStart + this.bufferLength);
      if (missing > 0) this.append(new Float32Array(missing));
    }
    const out = this.emit(total);
    this.buffer = new Float32Array(0);
    this.bufferLength = 0;
    return out;
  }

  private emit(kEnd: number): Float32Array {
    const kernel = this.kernel!;
    const count = kEnd - this.produced;
    const out = new Float32Array(Math.max(0, count));
    if (count <= 0) return out;
    kernel.render(this.buffer, this.bufferStart, this.produced, kEnd, out, 0);
    this.produced = kEnd;
    // Drop input no later output can reach.
    const keepFrom = kernel.baseOf(this.produced) - kernel.half + 1;
    const drop = Math.min(this.bufferLength, Math.max(0, keepFrom - this.bufferStart));
    if (drop > 0) {
      this.buffer.copyWithin(0, drop, this.bufferLength);
      this.bufferStart += drop;
      this.bufferLength -= drop;
    }
    return out;
  }

  private append(chunk: Float32Array): void {
    const needed = this.bufferLength + chunk.length;
    if (needed > this.buffer.length) {
      const grown = new Float32Array(Math.max(needed, this.buffer.length * 2));
      grown.set(this.buffer.subarray(0, this.bufferLength));
      this.buffer = grown;
    }
    this.buffer.set(chunk, this.bufferLength);
    this.bufferLength = needed;
  }
}

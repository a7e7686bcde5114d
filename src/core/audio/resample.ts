/**
 * Band-limited sample-rate conversion for any pair of whole-number rates.
 *
 * Two stages, both Kaiser-windowed sinc filters designed for STOPBAND_DB (90 dB):
 * 1. SpectralLowPass at the input rate, by FFT: passes up to PASSBAND of the lower Nyquist and stops at that
 *    Nyquist (the sharp, long filter), upsampling by 2 on the way when the rate goes up;
 * 2. a short polyphase filter bank to the output rate, whose wide transition band is free because stage 1
 *    left nothing between the lower Nyquist and the first image.
 * Output sample k sits at input time k * fromRate / toRate (time 0 aligned, zero phase, zeros beyond both
 * ends) and there are ceil(n * toRate / fromRate) of them, as librosa.resample (soxr) returns.
 */
import { gcd, PolyphaseKernel, PolyphaseStream } from './polyphase';
import { SpectralLowPass, SpectralLowPassDesign } from './spectralLowPass';

/** Passband edge as a fraction of the lower of the two Nyquist frequencies. */
export const PASSBAND = 0.9;
export const MAX_RATE = 1_000_000;

function checkRate(name: string, rate: number): void {
  if (!Number.isInteger(rate) || rate <= 0 || rate > MAX_RATE)
    throw new RangeError(`Expected ${name} to be a whole number of Hz in 1..${MAX_RATE}, got ${rate}`);
}

/** The fixed filters for one pair of rates. */
interface Design {
  lowPass: SpectralLowPassDesign;
  /** Null when stage 1 already lands on the output rate. */
  polyphase: PolyphaseKernel | null;
}

/** Smallest FFT block of the low-pass stage: whole files; and for `lowLatency` streams (live audio). */
const FILE_BLOCK = 8192;
const LOW_LATENCY_BLOCK = 1024;

const designs = new Map<string, Design>();

function designFor(fromRate: number, toRate: number, minBlock = FILE_BLOCK): Design {
  const key = `${fromRate}:${toRate}:${minBlock}`;
  let design = designs.get(key);
  if (design === undefined) {
    const lowNyquist = Math.min(fromRate, toRate) / 2;
    const pass = PASSBAND * lowNyquist;
    const factor = toRate > fromRate ? 2 : 1;
    const middleRate = factor * fromRate;
    design = {
      lowPass: new SpectralLowPassDesign(fromRate, pass, lowNyquist, factor, minBlock),
      // After stage 1 the signal holds nothing above lowNyquist; its first image starts at middleRate - lowNyquist.
      polyphase:
        middleRate === toRate ? null : new PolyphaseKernel(middleRate, toRate, pass, middleRate - lowNyquist),
    };
    if (designs.size >= 16) designs.clear();
    designs.set(key, design);
  }
  return design;
}

/** Output length of `resample` for `inputLength` samples: ceil(inputLength * toRate / fromRate). */
export function resampledLength(inputLength: number, fromRate: number, toRate: number): number {
  checkRate('fromRate', fromRate);
  checkRate('toRate', toRate);
  if (!Number.isInteger(inputLength) || inputLength < 0)
    throw new RangeError(`Expected inputLength to be a whole number >= 0, got ${inputLength}`);
  const g = gcd(fromRate, toRate);
  const up = toRate / g;
  const down = fromRate / g;
  return Math.floor((inputLength * up + down - 1) / down);
}

/**
 * Converts `input` sampled at `fromRate` Hz to `toRate` Hz. Returns `input` itself when the rates match.
 * Throws a RangeError naming the value for a rate that is not a whole number of Hz in 1..1,000,000.
 */
export function resample(input: Float32Array, fromRate: number, toRate: number): Float32Array {
  checkRate('fromRate', fromRate);
  checkRate('toRate', toRate);
  if (fromRate === toRate) return input;
  const stream = new StreamResampler(fromRate, toRate);
  const head = stream.push(input);
  const tail = stream.flush();
  const out = new Float32Array(head.length + tail.length);
  out.set(head);
  out.set(tail, head.length);
  return out;
}

export interface StreamResamplerOptions {
  /**
   * Small FFT blocks (1,024 rather than 8,192), so that output follows input within 2,048 input samples
   * (43 ms at 48 kHz) instead of about 16,000 (340 ms): for live audio. Same filter; the output differs from `resample` by rounding only.
   */
  lowLatency?: boolean;
}

/**
 * Resamples a signal that arrives in pieces, with memory bounded by the piece size. The concatenation of
 * every `push` result and the final `flush` equals `resample` on the whole signal, sample for sample (to
 * rounding with `lowLatency`).
 */
export class StreamResampler {
  readonly fromRate: number;
  readonly toRate: number;
  private readonly lowPass: SpectralLowPass | null;
  private readonly polyphase: PolyphaseStream | null;
  private flushed = false;

  constructor(fromRate: number, toRate: number, options: StreamResamplerOptions = {}) {
    checkRate('fromRate', fromRate);
    checkRate('toRate', toRate);
    this.fromRate = fromRate;
    this.toRate = toRate;
    if (fromRate === toRate) {
      this.lowPass = null;
      this.polyphase = null;
    } else {
      const design = designFor(fromRate, toRate, options.lowLatency ? LOW_LATENCY_BLOCK : FILE_BLOCK);
      this.lowPass = new SpectralLowPass(design.lowPass);
      this.polyphase = design.polyphase === null ? null : new PolyphaseStream(design.polyphase);
    }
  }

  /** Feeds the next piece of input; returns every output sample that piece completes. */
  push(chunk: Float32Array): Float32Array {
    if (this.flushed) throw new Error('StreamResampler.push called after flush()');
    if (this.lowPass === null) return chunk.slice();
    const filtered = this.lowPass.push(chunk);
    return this.polyphase === null ? filtered : this.polyphase.push(filtered);
  }

  /** Ends the signal: returns the remaining output samples (zeros are assumed after the last input). */
  flush(): Float32Array {
    if (this.flushed) return new Float32Array(0);
    this.flushed = true;
    if (this.lowPass === null) return new Float32Array(0);
    const filtered = this.lowPass.flush();
    if (this.polyphase === null) return filtered;
    const head = this.polyphase.push(filtered);
    const tail = this.polyphase.flush();
    const out = new Float32Array(head.length + tail.length);
    out.set(head);
    out.set(tail, head.length);
    return out;
  }
}

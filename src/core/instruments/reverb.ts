/**
 * Synthetic rooms for augmentation: an impulse response made of a direct sound, sparse early reflections and a
 * late tail of exponentially decaying noise (highs decaying faster than lows, as air and walls absorb them),
 * applied by FFT convolution. Pure and seeded: the same options and generator state give the same IR.
 */
import { realFft, type RealFft } from '../dsp/fft';
import type { Rng } from '../random';

export interface RoomOptions {
  sampleRate: number;
  /** Seconds for the late tail's energy to fall by 60 dB (its low band; see highDecayRatio). */
  rt60: number;
  /** Energy of everything after the direct sound relative to the direct sound, dB (default 0). */
  reverbDb?: number;
  /** Seconds from the direct sound to the first reflection and to the start of the tail (default 0.008). */
  preDelaySeconds?: number;
  /**
   * Discrete early reflections (default 8), spread over `earlySeconds` after the pre-delay (default the lesser
   * of 60 ms and rt60 / 4).
   */
  earlyReflections?: number;
  earlySeconds?: number;
  /** Share of the reverberant energy in the early reflections, in [0, 1) (default 0.3). */
  earlyShare?: number;
  /**
   * The tail is noise split at `crossoverHz` (default 4000) by a one-pole low-pass; the upper band is scaled by
   * `highGainDb` (default −6: rooms sound darker than white noise) and decays with an RT60 of
   * `highDecayRatio`·rt60, in (0, 1] (default 1, so that the broadband decay is rt60; below 1 the highs die
   * first, as air and soft walls absorb them).
   */
  highDecayRatio?: number;
  highGainDb?: number;
  crossoverHz?: number;
  /** IR length in seconds (default: `rt60`, where the tail is 60 dB down). */
  lengthSeconds?: number;
}

/** A bad value as the error message shows it (NaN and Infinity as themselves, not JSON's null). */
function show(value: unknown): string {
  if (typeof value === 'number') return String(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** ln(10^6): energy falls by 60 dB over rt60, so amplitude by e^(−LN_1E3·t/rt60). */
const LN_1E3 = Math.log(1000);

function checkPositive(name: string, value: number, max = Infinity): void {
  if (!(typeof value === 'number' && Number.isFinite(value) && value > 0 && value <= max)) {
    throw new Error(
      `Expected ${name} to be > 0${max < Infinity ? ` and <= ${max}` : ''}, got ${show(value)}`,
    );
  }
}

/** A room's impulse response: 1 at sample 0 (the direct sound), then reflections and the decaying tail. */
export function roomImpulseResponse(options: RoomOptions, rng: Rng): Float32Array {
  const {
    sampleRate,
    rt60,
    reverbDb = 0,
    preDelaySeconds = 0.008,
    earlyReflections = 8,
    earlySeconds = Math.min(0.06, rt60 / 4),
    earlyShare = 0.3,
    highDecayRatio = 1,
    highGainDb = -6,
    crossoverHz = 4000,
    lengthSeconds = rt60,
  } = options;
  if (!Number.isInteger(sampleRate) || sampleRate <= 0)
    throw new Error(`Expected sampleRate to be a whole number of Hz, got ${show(sampleRate)}`);
  checkPositive('rt60', rt60, 20);
  checkPositive('lengthSeconds', lengthSeconds, 30);
  checkPositive('highDecayRatio', highDecayRatio, 1);
  checkPositive('crossoverHz', crossoverHz, sampleRate / 2);
  checkPositive('earlySeconds', earlySeconds, 1);
  if (!(Number.isFinite(highGainDb) && Math.abs(highGainDb) <= 60))
    throw new Error(`Expected highGainDb in [-60, 60], got ${show(highGainDb)}`);
  if (!(Number.isFinite(reverbDb) && Math.abs(reverbDb) <= 60))
    throw new Error(`Expected reverbDb in [-60, 60], got ${show(reverbDb)}`);
  if (!(Number.isFinite(preDelaySeconds) && preDelaySeconds >= 0 && preDelaySeconds <= 1))
    throw new Error(`Expected preDelaySeconds in [0, 1], got ${show(preDelaySeconds)}`);
  if (!(Number.isInteger(earlyReflections) && earlyReflections >= 0 && earlyReflections <= 1000))
    throw new Error(`Expected earlyReflections to be an integer in [0, 1000], got ${show(earlyReflections)}`);
  if (!(earlyShare >= 0 && earlyShare < 1))
    throw new Error(`Expected earlyShare in [0, 1), got ${show(earlyShare)}`);

  const length = Math.max(2, Math.round(lengthSeconds * sampleRate));
  const ir = new Float32Array(length);
  const start = Math.min(length - 1, Math.max(1, Math.round(preDelaySeconds * sampleRate)));

  // Late tail: white noise split into two bands by a one-pole low-pass, each band with its own decay.
  const tail = new Float64Array(length);
  const a = 1 - Math.exp((-2 * Math.PI * crossoverHz) / sampleRate);
  const lowRate = LN_1E3 / (rt60 * sampleRate);
  const highRate = lowRate / highDecayRatio;
  const highGain = 10 ** (highGainDb / 20);
  // The tail builds up over a few milliseconds, as the reflection density grows.
  const rise = Math.max(1, Math.round(0.005 * sampleRate));
  let low = 0;
  for (let i = start; i < length; i++) {
    const w = rng.normal();
    low += a * (w - low);
    const t = i - start;
    const fadeIn = t < rise ? (t + 1) / rise : 1;
    tail[i] = fadeIn * (low * Math.exp(-lowRate * t) + highGain * (w - low) * Math.exp(-highRate * t));
  }
  // Early reflections: sparse taps of random sign, weaker the later they come.
  const early = new Float64Array(length);
  for (let r = 0; r < earlyReflections; r++) {
    const at = start + Math.round(rng.next() * earlySeconds * sampleRate);
    if (at >= length) continue;
    const gain = (0.4 + 0.6 * rng.next()) * Math.exp(-lowRate * (at - start));
    early[at] += rng.next() < 0.5 ? -gain : gain;
  }
  const energyOf = (x: Float64Array): number => {
    let e = 0;
    for (let i = 0; i < length; i++) e += x[i] * x[i];
    return e;
  };
  const earlyEnergy = energyOf(early);
  const earlyGain = earlyEnergy > 0 ? Math.sqrt(earlyShare / earlyEnergy) : 0;
  const tailGain = Math.sqrt((earlyEnergy > 0 ? 1 - earlyShare : 1) / energyOf(tail));
  const reverb = new Float64Array(length);
  for (let i = 1; i < length; i++) reverb[i] = earlyGain * early[i] + tailGain * tail[i];
  // Taps and tail overlap, so the sum's energy is set last.
  const scale = Math.sqrt(10 ** (reverbDb / 10) / energyOf(reverb));
  for (let i = 1; i < length; i++) ir[i] = scale * reverb[i];
  ir[0] = 1;
  return ir;
}

/**
 * Inverse of a real signal's half spectrum (bins 0 … N/2, interleaved re, im) with one forward real FFT: for
 * c[k] = Re X[k] + Im X[k] (and c[N − k] = Re X[k] − Im X[k]) the even part of c has the real transform
 * N·x's even part and the odd part the imaginary one, so x[n] = (Re C[n] + Im C[n]) / N. `scratch` holds
 * 2·bins values; `out` (fft.size values) receives x and may not alias `spectrum`.
 */
export function inverseRealSpectrum(
  fft: RealFft,
  spectrum: Float64Array,
  scratch: Float64Array,
  out: Float64Array,
): void {
  const n = fft.size;
  const half = n / 2;
  const c = out;
  c[0] = spectrum[0] + spectrum[1];
  c[half] = spectrum[2 * half] + spectrum[2 * half + 1];
  for (let k = 1; k < half; k++) {
    const re = spectrum[2 * k];
    const im = spectrum[2 * k + 1];
    c[k] = re + im;
    c[n - k] = re - im;
  }
  fft.complex(c, scratch);
  out[0] = (scratch[0] + scratch[1]) / n;
  for (let k = 1; k <= half; k++) {
    out[k] = (scratch[2 * k] + scratch[2 * k + 1]) / n;
    if (k < half) out[n - k] = (scratch[2 * k] - scratch[2 * k + 1]) / n;
  }
}

function nextPowerOfTwo(n: number): number {
  let p = 2;
  while (p < n) p *= 2;
  return p;
}

function checkSignal(name: string, x: Float32Array): void {
  if (!(x instanceof Float32Array)) throw new Error(`Expected ${name} as a Float32Array, got ${show(x)}`);
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i])) throw new Error(`Expected finite ${name} samples, got ${x[i]} at index ${i}`);
  }
}

/**
 * Convolution with one kernel, its spectrum computed once per FFT size: `apply(x)` gives the first
 * `x.length` samples of x ∗ kernel (the tail past the input's end is dropped, as a recording stops).
 */
export interface Convolver {
  readonly kernelLength: number;
  apply(x: Float32Array): Float32Array;
  /** The full linear convolution, x.length + kernelLength − 1 samples. */
  full(x: Float32Array): Float32Array;
}

export function createConvolver(kernel: Float32Array): Convolver {
  checkSignal('kernel', kernel);
  if (kernel.length === 0) throw new Error('Expected a kernel of at least one sample, got none');
  const spectra = new Map<number, Float64Array>();
  const kernelSpectrum = (size: number): Float64Array => {
    let s = spectra.get(size);
    if (!s) {
      const padded = new Float64Array(size);
      padded.set(kernel);
      s = realFft(size).complex(padded);
      spectra.set(size, s);
    }
    return s;
  };
  const run = (x: Float32Array, outLength: number): Float32Array => {
    checkSignal('signal', x);
    const out = new Float32Array(outLength);
    if (x.length === 0 || outLength === 0) return out;
    // Samples past outLength may wrap around onto the end of a circular convolution only beyond index
    // size − 1, so a size covering the full linear length is always exact.
    const size = nextPowerOfTwo(x.length + kernel.length - 1);
    const fft = realFft(size);
    const padded = new Float64Array(size);
    for (let i = 0; i < x.length; i++) padded[i] = x[i];
    const spectrum = fft.complex(padded);
    const h = kernelSpectrum(size);
    for (let k = 0; k < fft.bins; k++) {
      const re = spectrum[2 * k] * h[2 * k] - spectrum[2 * k + 1] * h[2 * k + 1];
      const im = spectrum[2 * k] * h[2 * k + 1] + spectrum[2 * k + 1] * h[2 * k];
      spectrum[2 * k] = re;
      spectrum[2 * k + 1] = im;
    }
    const time = new Float64Array(size);
    inverseRealSpectrum(fft, spectrum, new Float64Array(2 * fft.bins), time);
    for (let i = 0; i < outLength; i++) out[i] = time[i];
    return out;
  };
  return {
    kernelLength: kernel.length,
    apply: (x) => run(x, x.length),
    full: (x) => run(x, x.length === 0 ? 0 : x.length + kernel.length - 1),
  };
}

/** Full linear convolution of `signal` with `kernel` (length n + m − 1) by FFT. */
export function convolve(signal: Float32Array, kernel: Float32Array): Float32Array {
  return createConvolver(kernel).full(signal);
}

/** The signal heard in the room: x ∗ ir cut to x's length. */
export function applyReverb(x: Float32Array, ir: Float32Array): Float32Array {
  return createConvolver(ir).apply(x);
}

/**
 * Reverberation time from an impulse response's energy decay (Schroeder's backward integral): the slope of a
 * least-squares line through the decay curve between `fromDb` and `toDb` (default −5 … −25 dB, i.e. T20),
 * extrapolated to 60 dB. Measured on the IR after the direct sound (sample 0). Returns 0 when the curve never
 * falls to `toDb`.
 */
export function decayTime(ir: Float32Array, sampleRate: number, fromDb = -5, toDb = -25): number {
  checkSignal('ir', ir);
  if (!(fromDb < 0 && toDb < fromDb)) throw new Error(`Expected 0 > fromDb > toDb, got ${fromDb}, ${toDb}`);
  const n = ir.length;
  const curve = new Float64Array(n);
  let sum = 0;
  for (let i = n - 1; i >= 1; i--) {
    sum += ir[i] * ir[i];
    curve[i] = sum;
  }
  if (sum === 0) return 0;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let sxy = 0;
  let count = 0;
  for (let i = 1; i < n; i++) {
    const db = 10 * Math.log10(curve[i] / sum);
    if (db > fromDb) continue;
    if (db < toDb) break;
    const t = i / sampleRate;
    sx += t;
    sy += db;
    sxx += t * t;
    sxy += t * db;
    count++;
  }
  if (count < 2) return 0;
  const slope = (count * sxy - sx * sy) / (count * sxx - sx * sx);
  return slope < 0 ? -60 / slope : 0;
}

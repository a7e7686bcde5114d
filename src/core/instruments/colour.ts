/**
 * What a microphone and a room add besides reverb: a mild, random tone colour (second-order filters from the
 * RBJ Audio EQ Cookbook) and background noise that is not white (rooms hum and rumble: pink and brown noise).
 */
import type { Rng } from '../random';

export type BiquadType = 'lowpass' | 'highpass' | 'peaking' | 'lowshelf' | 'highshelf';

export interface BiquadSpec {
  type: BiquadType;
  /** Corner or centre frequency, Hz (below Nyquist). */
  frequency: number;
  /** Gain in dB (peaking and shelves only). */
  gainDb?: number;
  /** Quality factor (default 0.707; shelves use it as the slope's Q). */
  q?: number;
}

/** Normalised biquad coefficients (a0 = 1). */
export interface Biquad {
  b0: number;
  b1: number;
  b2: number;
  a1: number;
  a2: number;
}

export function biquad(spec: BiquadSpec, sampleRate: number): Biquad {
  const { type, frequency, gainDb = 0, q = Math.SQRT1_2 } = spec;
  if (!Number.isInteger(sampleRate) || sampleRate <= 0)
    throw new Error(`Expected sampleRate to be a whole number of Hz, got ${sampleRate}`);
  if (!(Number.isFinite(frequency) && frequency > 0 && frequency < sampleRate / 2))
    throw new Error(`Expected frequency in (0, ${sampleRate / 2}), got ${frequency}`);
  if (!(Number.isFinite(q) && q > 0)) throw new Error(`Expected q > 0, got ${q}`);
  if (!(Number.isFinite(gainDb) && Math.abs(gainDb) <= 48))
    throw new Error(`Expected gainDb in [-48, 48], got ${gainDb}`);
  const w0 = (2 * Math.PI * frequency) / sampleRate;
  const cos = Math.cos(w0);
  const alpha = Math.sin(w0) / (2 * q);
  const A = 10 ** (gainDb / 40);
  let b0: number, b1: number, b2: number, a0: number, a1: number, a2: number;
  switch (type) {
    case 'lowpass':
      [b0, b1, b2] = [(1 - cos) / 2, 1 - cos, (1 - cos) / 2];
      [a0, a1, a2] = [1 + alpha, -2 * cos, 1 - alpha];
      break;
    case 'highpass':
      [b0, b1, b2] = [(1 + cos) / 2, -(1 + cos), (1 + cos) / 2];
      [a0, a1, a2] = [1 + alpha, -2 * cos, 1 - alpha];
      break;
    case 'peaking':
      [b0, b1, b2] = [1 + alpha * A, -2 * cos, 1 - alpha * A];
      [a0, a1, a2] = [1 + alpha / A, -2 * cos, 1 - alpha / A];
      break;
    case 'lowshelf': {
      const s = 2 * Math.sqrt(A) * alpha;
      [b0, b1, b2] = [
        A * (A + 1 - (A - 1) * cos + s),
        2 * A * (A - 1 - (A + 1) * cos),
        A * (A + 1 - (A - 1) * cos - s),
      ];
      [a0, a1, a2] = [A + 1 + (A - 1) * cos + s, -2 * (A - 1 + (A + 1) * cos), A + 1 + (A - 1) * cos - s];
      break;
    }
    case 'highshelf': {
      const s = 2 * Math.sqrt(A) * alpha;
      [b0, b1, b2] = [
        A * (A + 1 + (A - 1) * cos + s),
        -2 * A * (A - 1 + (A + 1) * cos),
        A * (A + 1 + (A - 1) * cos - s),
      ];
      [a0, a1, a2] = [A + 1 - (A - 1) * cos + s, 2 * (A - 1 - (A + 1) * cos), A + 1 - (A - 1) * cos - s];
      break;
    }
    default:
      throw new Error(
        `Expected a biquad type (lowpass, highpass, peaking, lowshelf, highshelf), got ${String(type)}`,
      );
  }
  return { b0: b0 / a0, b1: b1 / a0, b2: b2 / a0, a1: a1 / a0, a2: a2 / a0 };
}

/** Runs the filters in series (direct form I, zero initial state); returns a new array. */
export function applyBiquads(x: Float32Array, filters: readonly Biquad[]): Float32Array {
  const out = x.slice();
  for (const f of filters) {
    let x1 = 0;
    let x2 = 0;
    let y1 = 0;
    let y2 = 0;
    for (let i = 0; i < out.length; i++) {
      const x0 = out[i];
      const y0 = f.b0 * x0 + f.b1 * x1 + f.b2 * x2 - f.a1 * y1 - f.a2 * y2;
      x2 = x1;
      x1 = x0;
      y2 = y1;
      y1 = y0;
      out[i] = y0;
    }
  }
  return out;
}

/** Gain in dB of a chain of filters at `frequency` (for tests and plots). */
export function biquadResponseDb(filters: readonly Biquad[], frequency: number, sampleRate: number): number {
  const w = (2 * Math.PI * frequency) / sampleRate;
  let db = 0;
  for (const f of filters) {
    // H(e^{jw}) = (b0 + b1 z^-1 + b2 z^-2) / (1 + a1 z^-1 + a2 z^-2)
    const nr = f.b0 + f.b1 * Math.cos(w) + f.b2 * Math.cos(2 * w);
    const ni = -f.b1 * Math.sin(w) - f.b2 * Math.sin(2 * w);
    const dr = 1 + f.a1 * Math.cos(w) + f.a2 * Math.cos(2 * w);
    const di = -f.a1 * Math.sin(w) - f.a2 * Math.sin(2 * w);
    db += 10 * Math.log10((nr * nr + ni * ni) / (dr * dr + di * di));
  }
  return db;
}

export interface MicrophoneOptions {
  /** Largest boost or cut of the peaking and shelf filters, dB (default 6). */
  maxGainDb?: number;
}

/**
 * A random, mild microphone-and-speaker colour: a low cut between 30 and 150 Hz, a gentle low and high shelf,
 * one presence peak or dip, and now and then a top cut between 6 and 10 kHz (cheap microphones, phone audio).
 */
export function randomMicrophone(sampleRate: number, rng: Rng, options: MicrophoneOptions = {}): Biquad[] {
  const { maxGainDb = 6 } = options;
  if (!(Number.isFinite(maxGainDb) && maxGainDb >= 0 && maxGainDb <= 24))
    throw new Error(`Expected maxGainDb in [0, 24], got ${maxGainDb}`);
  const gain = () => (2 * rng.next() - 1) * maxGainDb;
  const logUniform = (lo: number, hi: number) => lo * (hi / lo) ** rng.next();
  const nyquist = sampleRate / 2;
  const filters: BiquadSpec[] = [
    { type: 'highpass', frequency: logUniform(30, 150) },
    { type: 'lowshelf', frequency: logUniform(100, 400), gainDb: gain() / 2 },
    { type: 'highshelf', frequency: Math.min(logUniform(2000, 8000), 0.9 * nyquist), gainDb: gain() / 2 },
    { type: 'peaking', frequency: logUniform(300, 5000), gainDb: gain(), q: 0.7 + rng.next() * 1.3 },
  ];
  if (rng.next() < 0.25)
    filters.push({ type: 'lowpass', frequency: Math.min(logUniform(6000, 10000), 0.9 * nyquist) });
  return filters.map((f) => biquad(f, sampleRate));
}

export type NoiseColour = 'white' | 'pink' | 'brown';

/**
 * Noise of unit power: white, pink (−3 dB per octave, Paul Kellet's economy filter) or brown (−6 dB per octave,
 * leaky integrator).
 */
export function colouredNoise(length: number, colour: NoiseColour, rng: Rng): Float32Array {
  if (!Number.isInteger(length) || length < 0)
    throw new Error(`Expected length to be a whole number >= 0, got ${length}`);
  const out = new Float32Array(length);
  let b0 = 0;
  let b1 = 0;
  let b2 = 0;
  let brown = 0;
  for (let i = 0; i < length; i++) {
    const w = rng.normal();
    if (colour === 'white') out[i] = w;
    else if (colour === 'pink') {
      b0 = 0.99765 * b0 + w * 0.099046;
      b1 = 0.963 * b1 + w * 0.2965164;
      b2 = 0.57 * b2 + w * 1.0526913;
      out[i] = b0 + b1 + b2 + w * 0.1848;
    } else if (colour === 'brown') {
      brown = 0.995 * brown + w;
      out[i] = brown;
    } else throw new Error(`Expected noise colour white, pink or brown, got ${String(colour)}`);
  }
  let power = 0;
  for (let i = 0; i < length; i++) power += out[i] * out[i];
  const scale = length > 0 && power > 0 ? Math.sqrt(length / power) : 0;
  for (let i = 0; i < length; i++) out[i] *= scale;
  return out;
}

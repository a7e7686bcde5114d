/**
 * On-the-fly waveform augmentation: pure functions of (samples, parameters, rng), so a seeded run repeats.
 * Each returns a new array of the input's length (the network's input size is fixed), never NaN.
 */
import { resample } from '../audio/resample';
import { describe } from '../models/describe';
import type { Rng } from '../random';

/** Waveform augmentation: each training clip gets `copies` altered versions (never validation or test clips). */
export interface AugmentOptions {
  copies: number;
  /** Largest time shift either way, rolled, in seconds. */
  maxShiftSeconds: number;
  /** Gain drawn uniformly in ±gainDb. */
  gainDb: number;
  /** White noise at an SNR drawn in [min, max] dB, with probability `noiseProbability`; null: none. */
  noiseSnrDb: [number, number] | null;
  noiseProbability: number;
  /** Tape-style speed change drawn in [min, max] (1.06 ≈ a semitone up), with `speedProbability`; null: none. */
  speed: [number, number] | null;
  speedProbability: number;
}

function checkFinite(name: string, value: number): void {
  if (!Number.isFinite(value))
    throw new Error(`Expected ${name} to be a finite number, got ${describe(value)}`);
}

function uniform(rng: Rng, lo: number, hi: number): number {
  return lo + (hi - lo) * rng.next();
}

/** Mean square of the samples (0 for an empty array). */
export function signalPower(x: Float32Array): number {
  if (x.length === 0) return 0;
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += x[i] * x[i];
  return sum / x.length;
}

/**
 * Shifts the samples by `shift` (positive: later). `roll` wraps around (a loop of music stays music);
 * `zero` fills the gap with silence.
 */
export function timeShift(x: Float32Array, shift: number, mode: 'roll' | 'zero' = 'roll'): Float32Array {
  if (!Number.isInteger(shift))
    throw new Error(`Expected shift to be a whole number of samples, got ${describe(shift)}`);
  const n = x.length;
  const out = new Float32Array(n);
  if (n === 0) return out;
  if (mode === 'roll') {
    const s = ((shift % n) + n) % n;
    out.set(x.subarray(n - s), 0);
    out.set(x.subarray(0, n - s), s);
  } else if (Math.abs(shift) < n) {
    if (shift >= 0) out.set(x.subarray(0, n - shift), shift);
    else out.set(x.subarray(-shift), 0);
  }
  return out;
}

/** Multiplies by 10^(dB/20). */
export function applyGain(x: Float32Array, gainDb: number): Float32Array {
  checkFinite('gainDb', gainDb);
  const g = 10 ** (gainDb / 20);
  return x.map((v) => v * g);
}

/**
 * Adds white Gaussian noise at `snrDb` below the signal's power. A silent input stays silent (its SNR is
 * undefined; adding noise of power 0 is the defined result).
 */
export function addNoise(x: Float32Array, snrDb: number, rng: Rng): Float32Array {
  checkFinite('snrDb', snrDb);
  const sigma = Math.sqrt(signalPower(x) / 10 ** (snrDb / 10));
  if (sigma === 0) return x.slice();
  return x.map((v) => v + sigma * rng.normal());
}

/**
 * Mixes in a background clip (looped when shorter, started at `offset`) scaled so that the signal sits
 * `snrDb` above it. A silent background or silent signal leaves the signal unchanged.
 */
export function mixBackground(
  x: Float32Array,
  background: Float32Array,
  snrDb: number,
  offset = 0,
): Float32Array {
  checkFinite('snrDb', snrDb);
  if (!Number.isInteger(offset) || offset < 0)
    throw new Error(`Expected offset to be a whole number >= 0, got ${describe(offset)}`);
  const out = x.slice();
  const bgPower = signalPower(background);
  const sigPower = signalPower(x);
  if (background.length === 0 || bgPower === 0 || sigPower === 0) return out;
  const scale = Math.sqrt(sigPower / (bgPower * 10 ** (snrDb / 10)));
  const m = background.length;
  for (let i = 0; i < out.length; i++) out[i] += scale * background[(offset + i) % m];
  return out;
}

/**
 * Plays the clip `factor` times faster, tape-style: tempo and pitch both scale by `factor` (1.06 ≈ one semitone
 * up). Done by resampling from sampleRate·factor to sampleRate, then cropping or zero-padding back to the input
 * length. The factor is rounded to a whole-Hz rate so that the resampler's filter is exact.
 */
export function changeSpeed(x: Float32Array, factor: number, sampleRate: number): Float32Array {
  if (!Number.isFinite(factor) || factor < 0.5 || factor > 2) {
    throw new Error(`Expected speed factor in [0.5, 2], got ${describe(factor)}`);
  }
  const from = Math.round(sampleRate * factor);
  const changed = resample(x, from, sampleRate);
  const out = new Float32Array(x.length);
  out.set(changed.subarray(0, Math.min(x.length, changed.length)));
  return out;
}

/** Pitch shift in semitones by resampling (changes duration too; see `changeSpeed`). */
export function semitonesToSpeed(semitones: number): number {
  checkFinite('semitones', semitones);
  return 2 ** (semitones / 12);
}

export interface AugmentConfig {
  sampleRate: number;
  /** Largest shift, in seconds, either way (rolled). */
  maxShiftSeconds?: number;
  /** Gain drawn uniformly in ±gainDb. */
  gainDb?: number;
  /** Noise SNR drawn uniformly in [min, max] dB, applied with probability noiseProbability. */
  noiseSnrDb?: [number, number];
  noiseProbability?: number;
  /** Background clips to mix in, SNR drawn in [min, max] dB, with probability backgroundProbability. */
  backgrounds?: Float32Array[];
  backgroundSnrDb?: [number, number];
  backgroundProbability?: number;
  /** Speed factor drawn uniformly in [min, max] (quantised to 0.01 so the resampler's filters are reused). */
  speed?: [number, number];
  speedProbability?: number;
}

/** One function applying the configured augmentations in a fixed order, for `TrainData.augment`. */
export function makeAugmenter(config: AugmentConfig): (x: Float32Array, rng: Rng) => Float32Array {
  const {
    sampleRate,
    maxShiftSeconds = 0,
    gainDb = 0,
    noiseSnrDb,
    noiseProbability = 0.5,
    backgrounds = [],
    backgroundSnrDb = [10, 30],
    backgroundProbability = 0.5,
    speed,
    speedProbability = 0.5,
  } = config;
  if (!Number.isInteger(sampleRate) || sampleRate <= 0)
    throw new Error(`Expected sampleRate to be a whole number of Hz, got ${describe(sampleRate)}`);
  for (const [name, p] of [
    ['noiseProbability', noiseProbability],
    ['backgroundProbability', backgroundProbability],
    ['speedProbability', speedProbability],
  ] as const) {
    if (!(p >= 0 && p <= 1)) throw new Error(`Expected ${name} in [0, 1], got ${describe(p)}`);
  }
  if (!(maxShiftSeconds >= 0))
    throw new Error(`Expected maxShiftSeconds >= 0, got ${describe(maxShiftSeconds)}`);
  if (!(gainDb >= 0)) throw new Error(`Expected gainDb >= 0, got ${describe(gainDb)}`);
  if (speed && !(speed[0] >= 0.5 && speed[1] <= 2 && speed[0] <= speed[1])) {
    throw new Error(`Expected speed to be [min, max] within [0.5, 2], got ${describe(speed)}`);
  }
  const maxShift = Math.round(maxShiftSeconds * sampleRate);
  return (input, rng) => {
    let x = input;
    if (speed && rng.next() < speedProbability) {
      const factor = Math.round(uniform(rng, speed[0], speed[1]) * 100) / 100;
      if (factor !== 1) x = changeSpeed(x, factor, sampleRate);
    }
    if (maxShift > 0) x = timeShift(x, rng.int(2 * maxShift + 1) - maxShift, 'roll');
    if (backgrounds.length > 0 && rng.next() < backgroundProbability) {
      const bg = backgrounds[rng.int(backgrounds.length)];
      const snr = uniform(rng, backgroundSnrDb[0], backgroundSnrDb[1]);
      x = mixBackground(x, bg, snr, bg.length > 0 ? rng.int(bg.length) : 0);
    }
    if (noiseSnrDb && rng.next() < noiseProbability)
      x = addNoise(x, uniform(rng, noiseSnrDb[0], noiseSnrDb[1]), rng);
    if (gainDb > 0) x = applyGain(x, uniform(rng, -gainDb, gainDb));
    return x === input ? input.slice() : x;
  };
}

import { ANALYSIS_SAMPLE_RATE } from '../audio/signal';
import { realFft } from '../dsp/fft';
import { median } from '../dsp/stats';
import { hannWindow } from '../dsp/window';
import { FrameRing, newestFrom } from './frameRing';
import {
  createFramesExtractor,
  FRAME_FEATURES,
  frameFeatureMatrix,
  framedClip,
  framesSpec,
  summarizeWindow,
  windowFrameSpans,
  type FrameFeatureMatrix,
  type FrameWindow,
} from './frames';
import type { FeatureSpec } from './spec';

/*
 * Descriptors of the instrument rather than of the room, added to the `frames` columns for the instruments
 * model (issue 8): what a microphone's colouring and a room's level change little.
 *
 * Per frame (the same un-centred 1,024-sample Hann frames every 512 samples as `frames`, zero-padded to 2,048
 * for 10.8-Hz bins):
 * - contrast1..7: spectral contrast in octave bands (0–200, 200–400, … 6,400 Hz–Nyquist, as librosa's defaults):
 *   the dB between the mean of a band's strongest and weakest 2 % of bins (at least one). Peaks over valleys
 *   say how tonal each band is, which an equaliser hardly moves.
 * - harmonicity: the largest peak of the frame's normalised autocorrelation between 2 ms and 18 ms (55–2,000 Hz)
 *   divided by the window's own autocorrelation at that lag (Boersma 1993), in [0, 1]; the lag of the first peak
 *   within 10 % of it gives the pitch (interpolated).
 * - pitch (MIDI note number), harm1..8 (the power of the h-th harmonic, the largest bin within a quarter of the
 *   harmonic spacing of h·f0, in dB of the first eight harmonics' total), oddEven (dB of harmonics 3, 5, 7 over
 *   2, 4, 6, 8: a clarinet's odd harmonics), harmCentroid (the harmonics' power-weighted mean order): the
 *   harmonic amplitudes relative to the pitch, read only from frames with harmonicity ≥ VOICED.
 *
 * Per window: mean, std and median of each per-frame descriptor (the harmonic ones over voiced frames, neutral
 * values when none is), the share of voiced frames, the mean absolute frame-to-frame change of mfcc1..13
 * (vibrato, tremolo, articulation), and the level envelope's mean rise and fall per frame in dB with the share of
 * falling frames (a plucked or struck note decays, a bowed or blown one holds).
 */

const SAMPLE_RATE = ANALYSIS_SAMPLE_RATE;
const FRAME_LENGTH = framesSpec.frameLength;
const HOP = framesSpec.hop;
const PADDED = 2 * FRAME_LENGTH;
const BIN_HZ = SAMPLE_RATE / PADDED;
const CONTRAST_EDGES_HZ = [0, 200, 400, 800, 1600, 3200, 6400, SAMPLE_RATE / 2];
const CONTRAST_QUANTILE = 0.02;
const N_CONTRAST = CONTRAST_EDGES_HZ.length - 1;
const MIN_F0 = 55;
const MAX_F0 = 2000;
const N_HARMONICS = 8;
/** Frames whose harmonicity reaches this are voiced: their harmonic descriptors are read. */
export const VOICED = 0.5;
const DELTA_MFCCS = 13;
/** A frame whose level falls by more than this (dB) from the previous one counts as falling. */
const FALLING_DB = 0.5;
const AMIN = 1e-10;

export const TIMBRE_FRAME_FEATURES: readonly string[] = [
  ...Array.from({ length: N_CONTRAST }, (_, i) => `contrast${i + 1}`),
  'harmonicity',
  'pitch',
  ...Array.from({ length: N_HARMONICS }, (_, i) => `harm${i + 1}`),
  'oddEven',
  'harmCentroid',
];
const HARMONICITY_AT = N_CONTRAST;
const PITCH_AT = N_CONTRAST + 1;
const N_TIMBRE = TIMBRE_FRAME_FEATURES.length;
/** The values of the descriptors read from voiced frames only (pitch onwards) when a window has none. */
const NEUTRAL: readonly number[] = [
  60,
  ...Array.from({ length: N_HARMONICS }, () => 10 * Math.log10(1 / N_HARMONICS)),
  0,
  (N_HARMONICS + 1) / 2,
];
const WINDOW_STATS = ['mean', 'std', 'median'] as const;

export const TIMBRE_COLUMNS: readonly string[] = [
  ...TIMBRE_FRAME_FEATURES.flatMap((f) => WINDOW_STATS.map((s) => `${f}_${s}`)),
  'voicedShare',
  ...Array.from({ length: DELTA_MFCCS }, (_, i) => `mfcc${i + 1}_delta`),
  'levelRise',
  'levelFall',
  'fallingShare',
];

/** `frames` and the timbre descriptors: the instruments model's input. */
export const timbreSpec: FeatureSpec = {
  name: 'timbre',
  version: 1,
  sampleRate: SAMPLE_RATE,
  frameLength: FRAME_LENGTH,
  hop: HOP,
  columns: [...framesSpec.columns, ...TIMBRE_COLUMNS],
  params: {
    ...framesSpec.params,
    paddedFft: PADDED,
    contrastEdgesHz: CONTRAST_EDGES_HZ.join(','),
    contrastQuantile: CONTRAST_QUANTILE,
    pitchRangeHz: `${MIN_F0}-${MAX_F0}`,
    harmonics: N_HARMONICS,
    voiced: VOICED,
    deltaMfccs: DELTA_MFCCS,
  },
};

interface Tables {
  window: Float32Array;
  /** The Hann window's autocorrelation, normalised to 1 at lag 0. */
  windowAcf: Float64Array;
  contrastBins: Array<[number, number]>;
}

let shared: Tables | null = null;
function tables(): Tables {
  if (shared) return shared;
  const window = hannWindow(FRAME_LENGTH);
  const windowAcf = new Float64Array(FRAME_LENGTH);
  for (let lag = 0; lag < FRAME_LENGTH; lag++) {
    let s = 0;
    for (let n = 0; n + lag < FRAME_LENGTH; n++) s += window[n] * window[n + lag];
    windowAcf[lag] = s;
  }
  const zero = windowAcf[0];
  for (let lag = 0; lag < FRAME_LENGTH; lag++) windowAcf[lag] /= zero;
  const bins = PADDED / 2 + 1;
  const contrastBins = CONTRAST_EDGES_HZ.slice(0, -1).map((lo, b): [number, number] => {
    const first = Math.max(0, Math.ceil(lo / BIN_HZ));
    const last = b === N_CONTRAST - 1 ? bins : Math.ceil(CONTRAST_EDGES_HZ[b + 1] / BIN_HZ);
    return [first, last];
  });
  shared = { window, windowAcf, contrastBins };
  return shared;
}

/** Per-frame timbre descriptors, one analyser per stream (it keeps no state between frames). */
export class TimbreAnalyzer {
  private readonly tables = tables();
  private readonly fft = realFft(PADDED);
  private readonly padded = new Float64Array(PADDED);
  private readonly power = new Float32Array(PADDED / 2 + 1);
  private readonly symmetric = new Float64Array(PADDED);
  private readonly acfSpectrum = new Float64Array(PADDED + 2);
  private readonly acf = new Float64Array(FRAME_LENGTH);
  private readonly sorted = new Float32Array(PADDED / 2 + 1);
  private readonly harmonics = new Float64Array(N_HARMONICS);

  /** The descriptors of the frame at `source[start … start + FRAME_LENGTH)` into `out` from `offset`. */
  analyze(source: Float32Array, start: number, out: Float32Array, offset: number): void {
    const { window } = this.tables;
    const padded = this.padded;
    for (let i = 0; i < FRAME_LENGTH; i++) padded[i] = source[start + i] * window[i];
    // padded[FRAME_LENGTH …] stays 0.
    const power = this.fft.power(padded, this.power);
    this.contrast(power, out, offset);
    const lag = this.pitchLag(power);
    const harmonicity = lag === null ? 0 : Math.min(1, Math.max(0, lag.value));
    out[offset + HARMONICITY_AT] = harmonicity;
    const f0 = lag === null ? 0 : SAMPLE_RATE / lag.lag;
    this.harmonicDescriptors(power, f0, out, offset + PITCH_AT);
  }

  private contrast(power: Float32Array, out: Float32Array, offset: number): void {
    const sorted = this.sorted;
    this.tables.contrastBins.forEach(([first, last], b) => {
      const n = last - first;
      const band = sorted.subarray(0, n);
      band.set(power.subarray(first, last));
      band.sort();
      const k = Math.max(1, Math.round(CONTRAST_QUANTILE * n));
      let valley = 0;
      let peak = 0;
      for (let i = 0; i < k; i++) {
        valley += band[i];
        peak += band[n - 1 - i];
      }
      out[offset + b] =
        10 * Math.log10(Math.max(AMIN, peak / k)) - 10 * Math.log10(Math.max(AMIN, valley / k));
    });
  }

  /**
   * The pitch period from the normalised autocorrelation (the inverse transform of the power spectrum, which
   * for a real even sequence is its forward transform), corrected for the window (Boersma 1993); null for a
   * silent frame.
   */
  private pitchLag(power: Float32Array): { lag: number; value: number } | null {
    const { windowAcf } = this.tables;
    const sym = this.symmetric;
    const half = PADDED / 2;
    for (let k = 0; k <= half; k++) sym[k] = power[k];
    for (let k = 1; k < half; k++) sym[PADDED - k] = power[k];
    this.fft.complex(sym, this.acfSpectrum);
    const spectrum = this.acfSpectrum;
    const zero = spectrum[0];
    if (!(zero > AMIN)) return null;
    const acf = this.acf;
    const minLag = Math.floor(SAMPLE_RATE / MAX_F0);
    const maxLag = Math.ceil(SAMPLE_RATE / MIN_F0);
    for (let lag = minLag - 1; lag <= maxLag + 1; lag++) acf[lag] = spectrum[2 * lag] / zero / windowAcf[lag];
    let best = -Infinity;
    for (let lag = minLag; lag <= maxLag; lag++) {
      if (acf[lag] > acf[lag - 1] && acf[lag] >= acf[lag + 1] && acf[lag] > best) best = acf[lag];
    }
    if (best === -Infinity) return null;
    for (let lag = minLag; lag <= maxLag; lag++) {
      if (acf[lag] > acf[lag - 1] && acf[lag] >= acf[lag + 1] && acf[lag] >= 0.9 * best) {
        // Parabolic interpolation of the peak.
        const a = acf[lag - 1];
        const b = acf[lag];
        const c = acf[lag + 1];
        const denominator = a - 2 * b + c;
        const shift = denominator < 0 ? (0.5 * (a - c)) / denominator : 0;
        return { lag: lag + shift, value: b - 0.25 * (a - c) * shift };
      }
    }
    return null;
  }

  private harmonicDescriptors(power: Float32Array, f0: number, out: Float32Array, at: number): void {
    const h = this.harmonics;
    const bins = power.length;
    let total = 0;
    for (let k = 0; k < N_HARMONICS; k++) {
      const centre = ((k + 1) * f0) / BIN_HZ;
      const reach = Math.max(1, (0.25 * f0) / BIN_HZ);
      const lo = Math.max(0, Math.round(centre - reach));
      const hi = Math.min(bins - 1, Math.round(centre + reach));
      let peak = 0;
      for (let b = lo; b <= hi; b++) if (power[b] > peak) peak = power[b];
      h[k] = f0 > 0 && centre < bins - 1 ? peak : 0;
      total += h[k];
    }
    out[at] = f0 > 0 ? 69 + 12 * Math.log2(f0 / 440) : NEUTRAL[0];
    let odd = 0;
    let even = 0;
    let weighted = 0;
    for (let k = 0; k < N_HARMONICS; k++) {
      out[at + 1 + k] = 10 * Math.log10(Math.max(1e-6, total > 0 ? h[k] / total : 1 / N_HARMONICS));
      if (k >= 2 && k % 2 === 0) odd += h[k];
      if (k % 2 === 1) even += h[k];
      weighted += (k + 1) * h[k];
    }
    out[at + 1 + N_HARMONICS] = 10 * Math.log10((odd + AMIN) / (even + AMIN));
    out[at + 2 + N_HARMONICS] = total > 0 ? weighted / total : NEUTRAL[NEUTRAL.length - 1];
  }
}

/** The timbre descriptors of every frame of a clip (frames × TIMBRE_FRAME_FEATURES), framed as `frames`. */
export function timbreFrameMatrix(samples: Float32Array): FrameFeatureMatrix {
  const { source, frames } = framedClip(samples);
  const data = new Float32Array(frames * N_TIMBRE);
  const analyzer = new TimbreAnalyzer();
  for (let t = 0; t < frames; t++) analyzer.analyze(source, t * HOP, data, t * N_TIMBRE);
  return { data, frames, features: N_TIMBRE };
}

const MFCC1_AT = FRAME_FEATURES.indexOf('mfcc1');
const RMS_AT = FRAME_FEATURES.indexOf('rms');

function meanStdMedian(values: number[], out: Float32Array, at: number): void {
  const n = values.length;
  let sum = 0;
  for (const v of values) sum += v;
  const mean = sum / n;
  let squares = 0;
  for (const v of values) squares += (v - mean) ** 2;
  out[at] = mean;
  out[at + 1] = Math.sqrt(squares / n);
  out[at + 2] = median(values);
}

/**
 * The TIMBRE_COLUMNS of frames [first, last): `frames` is the clip's frame matrix (for the mfcc deltas and the
 * level envelope), `timbre` its timbre matrix, both over the same frames.
 */
export function summarizeTimbre(
  frames: FrameFeatureMatrix,
  timbre: FrameFeatureMatrix,
  first: number,
  last: number,
): Float32Array {
  if (timbre.features !== N_TIMBRE)
    throw new Error(`Expected ${N_TIMBRE} timbre features, got ${timbre.features}`);
  if (frames.frames !== timbre.frames)
    throw new Error(`Expected as many timbre frames as frames, got ${timbre.frames} and ${frames.frames}`);
  if (!(
    Number.isInteger(first) &&
    Number.isInteger(last) &&
    first >= 0 &&
    last <= timbre.frames &&
    last > first
  ))
    throw new Error(`Expected frames within 0 … ${timbre.frames}, got ${first} … ${last}`);
  const out = new Float32Array(TIMBRE_COLUMNS.length);
  const n = last - first;
  const at = (t: number, j: number) => timbre.data[t * N_TIMBRE + j];
  const voiced: number[] = [];
  for (let t = first; t < last; t++) if (at(t, HARMONICITY_AT) >= VOICED) voiced.push(t);
  let o = 0;
  for (let j = 0; j < N_TIMBRE; j++) {
    const fromVoiced = j >= PITCH_AT;
    const rows = fromVoiced ? voiced : Array.from({ length: n }, (_, i) => first + i);
    if (rows.length === 0) out.set([NEUTRAL[j - PITCH_AT], 0, NEUTRAL[j - PITCH_AT]], o);
    else
      meanStdMedian(
        rows.map((t) => at(t, j)),
        out,
        o,
      );
    o += WINDOW_STATS.length;
  }
  out[o++] = voiced.length / n;
  const f = (t: number, j: number) => frames.data[t * frames.features + j];
  for (let j = 0; j < DELTA_MFCCS; j++) {
    let sum = 0;
    for (let t = first + 1; t < last; t++) sum += Math.abs(f(t, MFCC1_AT + j) - f(t - 1, MFCC1_AT + j));
    out[o++] = n > 1 ? sum / (n - 1) : 0;
  }
  let rise = 0;
  let fall = 0;
  let falling = 0;
  for (let t = first + 1; t < last; t++) {
    const d =
      20 * Math.log10(Math.max(1e-5, f(t, RMS_AT))) - 20 * Math.log10(Math.max(1e-5, f(t - 1, RMS_AT)));
    if (d > 0) rise += d;
    else fall -= d;
    if (d < -FALLING_DB) falling++;
  }
  out[o] = n > 1 ? rise / (n - 1) : 0;
  out[o + 1] = n > 1 ? fall / (n - 1) : 0;
  out[o + 2] = n > 1 ? falling / (n - 1) : 0;
  return out;
}

/** `extractFrameWindows` for the timbre set: each window's `frames` row followed by its timbre columns. */
export function extractTimbreWindows(
  samples: Float32Array,
  windowSeconds: number,
  hopSeconds = windowSeconds,
  /** The `frames` matrix of these samples, when the caller has it already. */
  frameMatrix?: FrameFeatureMatrix,
): FrameWindow[] {
  if (!(Number.isFinite(windowSeconds) && windowSeconds > 0 && Number.isFinite(hopSeconds) && hopSeconds > 0))
    throw new Error(`Expected windowSeconds and hopSeconds > 0, got ${windowSeconds} and ${hopSeconds}`);
  const frames = frameMatrix ?? frameFeatureMatrix(samples);
  const timbre = timbreFrameMatrix(samples);
  return windowFrameSpans(
    samples.length,
    Math.max(1, Math.round(windowSeconds * SAMPLE_RATE)),
    Math.max(1, Math.round(hopSeconds * SAMPLE_RATE)),
    FRAME_LENGTH,
    HOP,
    frames.frames,
  ).map(({ start, end, first, last }) => {
    const values = new Float32Array(timbreSpec.columns.length);
    values.set(summarizeWindow(frames, first, last));
    values.set(summarizeTimbre(frames, timbre, first, last), framesSpec.columns.length);
    return { start: start / SAMPLE_RATE, end: end / SAMPLE_RATE, values };
  });
}

/** Live use, as `createFramesExtractor`: rows of `timbreSpec.columns` over the latest window. */
export interface TimbreExtractor {
  /** Appends samples (22,050 Hz mono); returns how many new frames were computed. */
  push(samples: Float32Array): number;
  readonly frames: number;
  /** Frames in a whole window. */
  readonly windowFrames: number;
  /** A `timbreSpec.columns` row over the latest window of frames (or its newest `lastFrames`); null before the first. */
  summary(lastFrames?: number): Float32Array | null;
  reset(): void;
}

export function createTimbreExtractor(windowSeconds = 1): TimbreExtractor {
  const frames = createFramesExtractor(windowSeconds);
  const windowFrames = Math.max(
    1,
    Math.floor((Math.round(windowSeconds * SAMPLE_RATE) - FRAME_LENGTH) / HOP) + 1,
  );
  const ring = new FrameRing(windowFrames, N_TIMBRE);
  const analyzer = new TimbreAnalyzer();
  const frame = new Float32Array(N_TIMBRE);
  let pending = new Float32Array(0);
  return {
    push(samples) {
      const ready = frames.push(samples);
      const joined = new Float32Array(pending.length + samples.length);
      joined.set(pending);
      joined.set(samples, pending.length);
      for (let t = 0; t < ready; t++) {
        analyzer.analyze(joined, t * HOP, frame, 0);
        ring.push(frame, 1);
      }
      pending = joined.slice(ready * HOP);
      return ready;
    },
    get frames() {
      return frames.frames;
    },
    windowFrames,
    summary(lastFrames) {
      const f = frames.window();
      const t = ring.window();
      if (!f || !t) return null;
      const row = new Float32Array(timbreSpec.columns.length);
      row.set(summarizeWindow(f, newestFrom(f.frames, lastFrames), f.frames));
      row.set(summarizeTimbre(f, t, newestFrom(t.frames, lastFrames), t.frames), framesSpec.columns.length);
      return row;
    },
    reset() {
      frames.reset();
      ring.reset();
      pending = new Float32Array(0);
    },
  };
}

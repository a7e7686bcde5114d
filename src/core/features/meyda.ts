import Meyda, { type MeydaFeaturesObject } from 'meyda';
import { ANALYSIS_SAMPLE_RATE } from '../audio/signal';
import { padSignal } from '../dsp/frames';
import { mean, variance } from '../dsp/stats';
import { windowFrameSpans } from './frames';
import type { FeatureSpec } from './spec';
import { FrameRing, newestFrom } from './frameRing';

/*
 * The `meyda` feature set: Meyda's own extractors, under Meyda's own names, computed by Meyda itself, so a
 * person who knows Meyda finds its vocabulary (the faster `frames` set, our own fused DSP, stays the default).
 *
 * Frames of `bufferSize` samples every `hop` (un-centred, as `frames`), at 22,050 Hz, Meyda's Hann window
 * ("hanning"). Per frame, Meyda's values as it gives them:
 * - rms, zcr, energy: of the **windowed** frame (Meyda windows before every extractor); zcr is Meyda's count of
 *   sign changes, not a rate, so it scales with the buffer size.
 * - spectral*: on Meyda's amplitude spectrum (bins 0 … N/2 − 1); centroid, spread and roll-off in Meyda's
 *   units (bins, and Hz for roll-off), not ours.
 * - perceptualSpread, perceptualSharpness, loudness (the `total` of Meyda's 24 Bark bands).
 * - mfcc_1 … mfcc_13 (Meyda's 26 mel bands), chroma_1 … chroma_12 (C … B, Meyda's bank, each frame divided by
 *   its largest class).
 * A frame where Meyda divides zero by zero (silence: flatness, centroid, kurtosis…) gives 0, not NaN.
 * Each column is summarised over 1-s windows as its mean and population std (`_mean`, `_std`), with the
 * windowing rules of `frames` (frames wholly inside the window; a clip shorter than a window gives one row).
 *
 * Meyda keeps its mel, chroma and Bark banks on its singleton and does not rebuild the mel and chroma banks
 * when `bufferSize` changes (5.6: it compares the Bark scale it has just rebuilt), so a 512-sample run after a
 * 1,024 one would read stale banks. Each analysis here works on a fresh copy of Meyda's state, made for its
 * buffer size, and never touches the singleton.
 */

export const MEYDA_BUFFER_SIZES = [512, 1024, 2048] as const;
export type MeydaBufferSize = (typeof MEYDA_BUFFER_SIZES)[number];
export const MEYDA_HOPS = [256, 512, 1024, 2048] as const;
export const DEFAULT_MEYDA_OPTIONS: MeydaOptions = { bufferSize: 1024, hop: 512 };
export const MEYDA_WINDOW_SECONDS = 1;

export interface MeydaOptions {
  bufferSize: number;
  hop: number;
}

const N_MFCC = 13;
const N_CHROMA = 12;
const N_MEL_BANDS = 26;

/** Meyda extractors with one number per frame, by Meyda's names (loudness: its `total`). */
const SCALAR_EXTRACTORS = [
  'rms',
  'zcr',
  'energy',
  'spectralCentroid',
  'spectralFlatness',
  'spectralSlope',
  'spectralRolloff',
  'spectralSpread',
  'spectralSkewness',
  'spectralKurtosis',
  'spectralCrest',
  'perceptualSpread',
  'perceptualSharpness',
  'loudness',
] as const;

const EXTRACTORS = [...SCALAR_EXTRACTORS, 'mfcc', 'chroma'] as const;

export const MEYDA_FRAME_FEATURES: readonly string[] = [
  ...SCALAR_EXTRACTORS,
  ...Array.from({ length: N_MFCC }, (_, i) => `mfcc_${i + 1}`),
  ...Array.from({ length: N_CHROMA }, (_, i) => `chroma_${i + 1}`),
];

export const MEYDA_SUMMARY_STATS = ['mean', 'std'] as const;
const N_FEATURES = MEYDA_FRAME_FEATURES.length;

/** Throws, naming the value, unless the options are a buffer size this set offers and a hop within it. */
export function checkMeydaOptions(options: MeydaOptions): void {
  const { bufferSize, hop } = options;
  if (!(MEYDA_BUFFER_SIZES as readonly number[]).includes(bufferSize)) {
    throw new Error(
      `Expected the Meyda buffer size to be ${MEYDA_BUFFER_SIZES.join(', ')}, got ${bufferSize}`,
    );
  }
  if (!(MEYDA_HOPS as readonly number[]).includes(hop) || hop > bufferSize) {
    throw new Error(
      `Expected the Meyda hop to be one of ${MEYDA_HOPS.join(', ')} and <= the buffer size ${bufferSize}, got ${hop}`,
    );
  }
}

export function meydaSpec(options: MeydaOptions = DEFAULT_MEYDA_OPTIONS): FeatureSpec {
  checkMeydaOptions(options);
  return {
    name: 'meyda',
    version: 1,
    sampleRate: ANALYSIS_SAMPLE_RATE,
    frameLength: options.bufferSize,
    hop: options.hop,
    columns: MEYDA_FRAME_FEATURES.flatMap((f) => MEYDA_SUMMARY_STATS.map((s) => `${f}_${s}`)),
    params: {
      library: 'meyda@5',
      windowSeconds: MEYDA_WINDOW_SECONDS,
      center: false,
      window: 'hanning',
      melBands: N_MEL_BANDS,
      mfcc: N_MFCC,
      barkBands: 24,
    },
  };
}

/** Every buffer size × hop this build computes, for `checkSpecSupported`. */
export const MEYDA_SPECS: readonly FeatureSpec[] = MEYDA_BUFFER_SIZES.flatMap((bufferSize) =>
  MEYDA_HOPS.filter((hop) => hop <= bufferSize).map((hop) => meydaSpec({ bufferSize, hop })),
);

type MeydaState = typeof Meyda & { barkScale?: unknown; melFilterBank?: unknown; chromaFilterBank?: unknown };

/** A private copy of Meyda's settings for one buffer size, with no banks yet: `extract` builds them for it. */
function freshMeyda(bufferSize: number): MeydaState {
  const state = Object.assign({}, Meyda) as MeydaState;
  Object.assign(state, {
    bufferSize,
    sampleRate: ANALYSIS_SAMPLE_RATE,
    windowingFunction: 'hanning',
    melBands: N_MEL_BANDS,
    chromaBands: N_CHROMA,
    numberOfMFCCCoefficients: N_MFCC,
    numberOfBarkBands: 24,
    barkScale: undefined,
    melFilterBank: undefined,
    chromaFilterBank: undefined,
  });
  return state;
}

const finite = (x: unknown): number => (typeof x === 'number' && Number.isFinite(x) ? x : 0);

/** Frame-major Meyda features: `data[t * features + j]` is `MEYDA_FRAME_FEATURES[j]` of frame t. */
export interface MeydaFrameMatrix {
  data: Float32Array;
  frames: number;
  features: number;
}

/**
 * Meyda's features for every whole frame of the clip (a clip shorter than a buffer is zero-padded to one).
 * Throws, naming the index, for a non-finite sample.
 */
export function meydaFrameMatrix(
  samples: Float32Array,
  options: MeydaOptions = DEFAULT_MEYDA_OPTIONS,
): MeydaFrameMatrix {
  checkMeydaOptions(options);
  if (!(samples instanceof Float32Array)) {
    throw new Error(`Expected samples as a Float32Array, got ${Object.prototype.toString.call(samples)}`);
  }
  for (let i = 0; i < samples.length; i++) {
    if (!Number.isFinite(samples[i]))
      throw new Error(`Expected finite samples, got ${samples[i]} at index ${i}`);
  }
  const { bufferSize, hop } = options;
  const source =
    samples.length >= bufferSize ? samples : padSignal(samples, 0, bufferSize - samples.length, 'constant');
  const frames = 1 + Math.floor((source.length - bufferSize) / hop);
  const data = new Float32Array(frames * N_FEATURES);
  const meyda = freshMeyda(bufferSize);
  const names = [...EXTRACTORS];
  for (let t = 0; t < frames; t++) {
    // A copy: Meyda keeps the signal it was given, and a view would pin the whole clip.
    const frame = source.slice(t * hop, t * hop + bufferSize);
    const f = Meyda.extract.call(meyda, names, frame) as Partial<MeydaFeaturesObject> | null;
    if (!f) throw new Error(`Meyda returned nothing for frame ${t}`);
    const row = t * N_FEATURES;
    SCALAR_EXTRACTORS.forEach((name, j) => {
      const value = name === 'loudness' ? f.loudness?.total : f[name];
      data[row + j] = finite(value);
    });
    const mfcc = f.mfcc ?? [];
    for (let j = 0; j < N_MFCC; j++) data[row + SCALAR_EXTRACTORS.length + j] = finite(mfcc[j]);
    const chroma = f.chroma ?? [];
    for (let j = 0; j < N_CHROMA; j++) data[row + SCALAR_EXTRACTORS.length + N_MFCC + j] = finite(chroma[j]);
  }
  return { data, frames, features: N_FEATURES };
}

/** One row of the spec's columns: each feature's mean and std over frames `start` … `end − 1`. */
export function summarizeMeydaFrames(matrix: MeydaFrameMatrix, start: number, end: number): Float32Array {
  const { data, frames, features } = matrix;
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > frames || end <= start) {
    throw new Error(`Expected frames within 0 … ${frames}, got ${start} … ${end}`);
  }
  const column = new Float64Array(end - start);
  const out = new Float32Array(features * MEYDA_SUMMARY_STATS.length);
  for (let j = 0; j < features; j++) {
    for (let t = start; t < end; t++) column[t - start] = data[t * features + j];
    const mu = mean(column);
    out[2 * j] = mu;
    out[2 * j + 1] = Math.sqrt(variance(column, mu));
  }
  return out;
}

export interface MeydaWindow {
  /** Seconds from the start of the clip. */
  start: number;
  end: number;
  values: Float32Array;
}

/**
 * Summary rows of 1-s windows (or `windowSeconds`) every window, by the rules of `frames`' windows: a window
 * takes the frames wholly inside it (at least one), a final partial window is kept if it spans at least half a
 * window, and a clip shorter than one window still gives one row.
 */
export function meydaWindows(
  samples: Float32Array,
  options: MeydaOptions = DEFAULT_MEYDA_OPTIONS,
  windowSeconds = MEYDA_WINDOW_SECONDS,
): MeydaWindow[] {
  if (!(Number.isFinite(windowSeconds) && windowSeconds > 0)) {
    throw new Error(`Expected windowSeconds to be > 0, got ${windowSeconds}`);
  }
  const matrix = meydaFrameMatrix(samples, options);
  const { bufferSize, hop } = options;
  const windowSamples = Math.max(1, Math.round(windowSeconds * ANALYSIS_SAMPLE_RATE));
  const spans = windowFrameSpans(
    samples.length,
    windowSamples,
    windowSamples,
    bufferSize,
    hop,
    matrix.frames,
  );
  return spans.map(({ start, end, first, last }) => ({
    start: start / ANALYSIS_SAMPLE_RATE,
    end: end / ANALYSIS_SAMPLE_RATE,
    values: summarizeMeydaFrames(matrix, first, last),
  }));
}

/** Live use: feed audio as it arrives, summarise the latest window of frames (as `createFramesExtractor`). */
export interface MeydaExtractor {
  /** Appends samples (22,050 Hz mono); returns how many new frames were computed. */
  push(samples: Float32Array): number;
  /** Frames computed since the start. */
  readonly frames: number;
  /** Frames in a whole window: a summary over fewer is not what a model was trained on. */
  readonly windowFrames: number;
  /** A spec row over the latest window of frames (or its newest `lastFrames`); null before the first frame. */
  summary(lastFrames?: number): Float32Array | null;
}

/** A streaming Meyda extractor with its own Meyda state, keeping only the last window of frames. */
export function createMeydaExtractor(
  options: MeydaOptions = DEFAULT_MEYDA_OPTIONS,
  windowSeconds = MEYDA_WINDOW_SECONDS,
): MeydaExtractor {
  checkMeydaOptions(options);
  const { bufferSize, hop } = options;
  const capacity = Math.max(
    1,
    Math.floor((Math.round(windowSeconds * ANALYSIS_SAMPLE_RATE) - bufferSize) / hop) + 1,
  );
  const ring = new FrameRing(capacity, N_FEATURES);
  let pending = new Float32Array(0);
  return {
    push(samples) {
      const joined = new Float32Array(pending.length + samples.length);
      joined.set(pending);
      joined.set(samples, pending.length);
      const ready = joined.length < bufferSize ? 0 : 1 + Math.floor((joined.length - bufferSize) / hop);
      if (ready > 0) {
        // The frames just completed, as a clip of their own: each frame depends on its own samples only.
        const matrix = meydaFrameMatrix(joined.subarray(0, (ready - 1) * hop + bufferSize), options);
        ring.push(matrix.data, ready);
      }
      pending = joined.slice(ready * hop);
      return ready;
    },
    get frames() {
      return ring.total;
    },
    windowFrames: capacity,
    summary(lastFrames) {
      const window = ring.window();
      return window && summarizeMeydaFrames(window, newestFrom(window.frames, lastFrames), window.frames);
    },
  };
}

import { ANALYSIS_SAMPLE_RATE } from '../audio/signal';
import { applyChroma, chromaFilterbank, type ChromaFilterbank } from '../dsp/chroma';
import { applyDct, dctMatrix } from '../dsp/dct';
import { realFft } from '../dsp/fft';
import { padSignal } from '../dsp/frames';
import { applyMel, melFilterbank, powerToDb, type MelFilterbank } from '../dsp/mel';
import { summarize } from '../dsp/stats';
import { fftFrequencies, type Spectrogram } from '../dsp/stft';
import { hannWindow } from '../dsp/window';
import type { FeatureSpec } from './spec';
import { FrameRing, newestFrom } from './frameRing';

/*
 * Frame-level features for short windows (the live microphone, song segments), all from one power spectrum
 * per frame. Frames are not centred (frame t covers samples t·hop … t·hop + frameLength), so a window's
 * numbers depend on its own samples only and a live buffer gives what a file gives. 1,024-sample frames every
 * 512 samples at 22,050 Hz (46 ms every 23 ms, 42 frames in a 1-s window): half the FFT cost of 2,048, which
 * the ≥ 1,000× real-time budget needs, at the price of 21.5-Hz bins (coarse chroma below ~200 Hz).
 *
 * Per frame, and where each differs from librosa or Meyda on purpose:
 * - mfcc1..20: 40 Slaney mel bands of the power spectrum, power_to_db (ref 1, amin 1e-10, no top_db: an
 *   80-dB floor relative to the loudest frame would tie every frame to its neighbours), ortho DCT-II.
 * - chroma1..12 (C … B): librosa's chroma bank (A440, no tuning estimate) on the power spectrum, each frame
 *   divided by its largest class. Meyda uses the magnitude spectrum and an unclamped bin width.
 * - rms, zcr: of the un-windowed frame (Meyda takes the windowed one); zcr is crossings / frameLength.
 * - centroid, bandwidth (librosa's spectral spread, p = 2), rolloff (85 %): Hz, on the magnitude spectrum.
 * - flatness: geometric / arithmetic mean of the power spectrum (librosa; ≈ e^−γ ≈ 0.56 for white noise),
 *   0 for a silent frame (librosa gives 1). Meyda uses magnitudes.
 * - flux: mean over the mel bands of the rise in dB since the previous frame (librosa's onset strength);
 *   0 for a stream's first frame. Meyda's flux compares raw samples.
 * - loudness: Meyda's total loudness, Σ over 24 Bark bands of (Σ |X| in the band)^0.23, on bins 0 … N/2 − 1.
 */

const SAMPLE_RATE = ANALYSIS_SAMPLE_RATE;
const FRAME_LENGTH = 1024;
const HOP = 512;
const N_MELS = 40;
const N_MFCC = 20;
const N_CHROMA = 12;
const N_BARK = 24;
const ROLL_PERCENT = 0.85;
const AMIN = 1e-10;
/** numpy's float32 tiny, below which librosa leaves a spectrum un-normalised. */
const FLOAT32_TINY = 1.1754943508222875e-38;

export const FRAME_FEATURES: readonly string[] = [
  ...Array.from({ length: N_MFCC }, (_, i) => `mfcc${i + 1}`),
  ...Array.from({ length: N_CHROMA }, (_, i) => `chroma${i + 1}`),
  'rms',
  'zcr',
  'centroid',
  'bandwidth',
  'rolloff',
  'flatness',
  'flux',
  'loudness',
];

export const SUMMARY_STATS = ['mean', 'std', 'skew', 'kurtosis', 'median', 'min', 'max'] as const;

const CHROMA_AT = N_MFCC;
const SCALARS_AT = N_MFCC + N_CHROMA;
const N_FEATURES = FRAME_FEATURES.length;

export const framesSpec: FeatureSpec = {
  name: 'frames',
  version: 1,
  sampleRate: SAMPLE_RATE,
  frameLength: FRAME_LENGTH,
  hop: HOP,
  columns: FRAME_FEATURES.flatMap((f) => SUMMARY_STATS.map((s) => `${f}_${s}`)),
  params: {
    windowSeconds: 1,
    center: false,
    window: 'hann',
    nMels: N_MELS,
    nMfcc: N_MFCC,
    rollPercent: ROLL_PERCENT,
    barkBands: N_BARK,
    loudness: 'bark-total',
    flux: 'mean-mel-db-rise',
  },
};

/** Frame-major features: `data[t * features + j]` is `FRAME_FEATURES[j]` of frame t. */
export interface FrameFeatureMatrix {
  data: Float32Array;
  frames: number;
  features: number;
}

/** Frames computed at once, so that the mel and chroma banks run over a block of spectra. */
const BLOCK = 64;

/** Windows, banks and matrices every analyser shares, built on first use. */
interface Tables {
  window: Float32Array;
  freqs: Float32Array;
  melBank: MelFilterbank;
  chromaBank: ChromaFilterbank;
  dct: Float32Array;
  barkEdges: Int32Array;
}

let shared: Tables | null = null;
function tables(): Tables {
  shared ??= {
    window: hannWindow(FRAME_LENGTH),
    freqs: fftFrequencies(SAMPLE_RATE, FRAME_LENGTH),
    melBank: melFilterbank({ sampleRate: SAMPLE_RATE, nFft: FRAME_LENGTH, nMels: N_MELS }),
    chromaBank: chromaFilterbank({ sampleRate: SAMPLE_RATE, nFft: FRAME_LENGTH }),
    dct: dctMatrix(N_MELS, N_MFCC),
    barkEdges: barkBandEdges(),
  };
  return shared;
}

/**
 * Computes the per-frame features of consecutive frames. Holds the previous frame's mel levels for the
 * flux, so one analyser serves one stream.
 */
class FrameAnalyzer {
  private readonly tables = tables();
  private readonly fft = realFft(FRAME_LENGTH);
  private readonly bins = this.fft.bins;
  private readonly windowed = new Float64Array(FRAME_LENGTH);
  private readonly power = new Float32Array(BLOCK * this.bins);
  /** One view per block row, made once: views made per frame cost as much as the arithmetic. */
  private readonly powerRows = Array.from({ length: BLOCK }, (_, f) =>
    this.power.subarray(f * this.bins, (f + 1) * this.bins),
  );
  private readonly magnitude = new Float32Array(this.bins);
  private readonly mfcc = new Float32Array(N_MFCC);
  private readonly previousDb = new Float32Array(N_MELS);
  private hasPrevious = false;
  private blockEnergy = 0;
  private blockCrossings = 0;

  /**
   * Features of `count` (1 … BLOCK) whole frames of `source` starting at sample `first`, step HOP, into
   * `out` from `outOffset`. The caller guarantees `first + (count − 1)·HOP + FRAME_LENGTH <= source.length`.
   */
  analyze(source: Float32Array, first: number, count: number, out: Float32Array, outOffset: number): void {
    const windowed = this.windowed;
    const window = this.tables.window;
    let secondEnergy = 0;
    let secondCrossings = 0;
    for (let f = 0; f < count; f++) {
      const start = first + f * HOP;
      // RMS and ZCR of the un-windowed frame, from its two hop blocks (FRAME_LENGTH = 2·HOP): a frame's
      // first block is the previous frame's second, so each sample is read once (spectral.ts's `rmsFrames`
      // and `zeroCrossingRates` sum the same way; the test holds them equal).
      let firstEnergy: number;
      let firstCrossings: number;
      if (f === 0) {
        this.windowBlock(source, start, 0);
        firstEnergy = this.blockEnergy;
        firstCrossings = this.blockCrossings;
      } else {
        for (let i = 0; i < HOP; i++) windowed[i] = source[start + i] * window[i];
        firstEnergy = secondEnergy;
        firstCrossings = secondCrossings;
      }
      this.windowBlock(source, start + HOP, HOP);
      secondEnergy = this.blockEnergy;
      secondCrossings = this.blockCrossings;
      const energy = firstEnergy + secondEnergy;
      // Float32 samples square to finite doubles, so a non-finite energy means a NaN or ±Infinity sample.
      if (!Number.isFinite(energy)) throw nonFiniteSample(source, start, FRAME_LENGTH);
      const boundary = isNegative(source[start + HOP - 1]) !== isNegative(source[start + HOP]) ? 1 : 0;
      const row = outOffset + f * N_FEATURES;
      out[row + SCALARS_AT] = Math.sqrt(energy / FRAME_LENGTH);
      out[row + SCALARS_AT + 1] = (firstCrossings + boundary + secondCrossings) / FRAME_LENGTH;
      this.fft.power(windowed, this.powerRows[f]);
    }
    const block: Spectrogram = {
      data: this.power.subarray(0, count * this.bins),
      frames: count,
      bins: this.bins,
    };
    const melDb = powerToDb(applyMel(block, this.tables.melBank).data, { amin: AMIN, topDb: null });
    const chroma = applyChroma(block, this.tables.chromaBank).data;
    for (let f = 0; f < count; f++) {
      const row = outOffset + f * N_FEATURES;
      for (let c = 0; c < N_CHROMA; c++) out[row + CHROMA_AT + c] = chroma[f * N_CHROMA + c];
      this.spectralFeatures(this.powerRows[f], melDb, f * N_MELS, out, row);
    }
  }

  /**
   * Windows the HOP samples from `from` into `windowed` at `offset`, and leaves their energy and the zero
   * crossings between them (HOP − 1 neighbouring pairs) in `blockEnergy` and `blockCrossings`.
   */
  private windowBlock(source: Float32Array, from: number, offset: number): void {
    const { windowed } = this;
    const { window } = this.tables;
    // librosa's zero-crossing threshold: |x| <= 1e-10 counts as +0 (a literal: see spectralFlatness).
    const below = -1e-10;
    let energy = 0;
    let crossings = 0;
    let negative = source[from] < below;
    for (let i = 0; i < HOP; i++) {
      const x = source[from + i];
      energy += x * x;
      const sampleNegative = x < below;
      if (sampleNegative !== negative) crossings++;
      negative = sampleNegative;
      windowed[offset + i] = x * window[offset + i];
    }
    this.blockEnergy = energy;
    this.blockCrossings = crossings;
  }

  private spectralFeatures(
    power: Float32Array,
    melDb: Float32Array,
    melAt: number,
    out: Float32Array,
    row: number,
  ): void {
    const { dct, freqs, barkEdges } = this.tables;
    const mfcc = this.mfcc;
    applyDct(dct, melDb, mfcc, melAt);
    for (let j = 0; j < N_MFCC; j++) out[row + j] = mfcc[j];
    const mag = this.magnitude;
    spectralShape(power, freqs, mag, out, row + SCALARS_AT + 2);
    out[row + SCALARS_AT + 5] = spectralFlatness(power);
    const previous = this.previousDb;
    out[row + SCALARS_AT + 6] = this.hasPrevious ? meanRise(previous, melDb, melAt) : 0;
    out[row + SCALARS_AT + 7] = barkLoudness(mag, barkEdges);
    for (let m = 0; m < N_MELS; m++) previous[m] = melDb[melAt + m];
    this.hasPrevious = true;
  }
}

/**
 * Magnitudes into `mag`, then centroid, bandwidth (p = 2) and 85 % roll-off into out[o … o + 2]: the values of
 * spectral.ts's `spectralCentroid`, `spectralBandwidth` and `spectralRolloff`, computed in the same pass that
 * takes the square roots (its `spectralShape` needs the magnitudes first and two more passes; this loop runs
 * for every frame of the ≥ 1,000× real-time budget). Centroid and roll-off sum in the same order and are
 * equal; the bandwidth comes from the moments and agrees to rounding; the test holds all three to spectral.ts.
 */
function spectralShape(
  power: Float32Array,
  freqs: Float32Array,
  mag: Float32Array,
  out: Float32Array,
  o: number,
): void {
  const bins = power.length;
  let total = 0;
  let first = 0;
  let second = 0;
  for (let k = 0; k < bins; k++) {
    const m = Math.sqrt(power[k]);
    mag[k] = m;
    const f = freqs[k];
    total += m;
    first += f * m;
    second += f * f * m;
  }
  // As librosa: a frame whose magnitudes sum below float32's tiny is divided by 1, giving 0.
  const norm = total < FLOAT32_TINY ? 1 : total;
  const centroid = first / norm;
  out[o] = centroid;
  out[o + 1] = Math.sqrt(Math.max(0, (second - 2 * centroid * first + centroid * centroid * total) / norm));
  const threshold = ROLL_PERCENT * total;
  let cumulative = 0;
  let k = 0;
  for (; k < bins - 1; k++) {
    cumulative += mag[k];
    if (cumulative >= threshold) break;
  }
  out[o + 2] = freqs[k];
}

/** librosa's flatness on a power spectrum; 0 when every bin is at the floor (silence). */
function spectralFlatness(power: Float32Array): number {
  // Literals, not the module's AMIN: V8 boxes a bin per iteration when a module constant meets a bin in a
  // conditional (measured 3× slower).
  const amin = 1e-10;
  const n = power.length;
  let sum = 0;
  let logSum = 0;
  let product = 1;
  let max = 0;
  // Logs of products of 16 floored bins (each in [1e-10, ~1e6]) stay well inside double range: 16× fewer logs.
  for (let k = 0; k < n; k++) {
    const q = power[k];
    if (q > max) max = q;
    const p = q > amin ? q : amin;
    sum += p;
    product *= p;
    if ((k & 15) === 15) {
      logSum += Math.log(product);
      product = 1;
    }
  }
  logSum += Math.log(product);
  if (max <= amin) return 0;
  return Math.exp(logSum / n) / (sum / n);
}

/** Mean over bands of max(0, now − before), `now` read from `offset`. */
function meanRise(before: Float32Array, now: Float32Array, offset: number): number {
  let sum = 0;
  for (let m = 0; m < before.length; m++) {
    const d = now[offset + m] - before[m];
    if (d > 0) sum += d;
  }
  return sum / before.length;
}

/** Bark of each FFT bin frequency (Traunmüller-style, as Meyda). */
function bark(hz: number): number {
  return 13 * Math.atan(hz / 1315.8) + 3.5 * Math.atan((hz / 7518) ** 2);
}

/**
 * First bin of each of the 24 Bark bands over bins 0 … N/2 − 1, plus the end (bin N/2 − 1, excluded as in
 * Meyda): band b starts at the first bin whose Bark exceeds b/24 of the top bin's.
 */
function barkBandEdges(): Int32Array {
  const bins = FRAME_LENGTH / 2;
  const top = bark(((bins - 1) * SAMPLE_RATE) / FRAME_LENGTH);
  const edges = new Int32Array(N_BARK + 1);
  let k = 0;
  for (let b = 1; b < N_BARK; b++) {
    const limit = (b * top) / N_BARK;
    while (k < bins - 1 && bark((k * SAMPLE_RATE) / FRAME_LENGTH) <= limit) k++;
    edges[b] = k;
  }
  edges[N_BARK] = bins - 1;
  return edges;
}

function barkLoudness(magnitude: Float32Array, edges: Int32Array): number {
  let total = 0;
  for (let b = 0; b < N_BARK; b++) {
    let sum = 0;
    for (let k = edges[b]; k < edges[b + 1]; k++) sum += magnitude[k];
    total += sum ** 0.23;
  }
  return total;
}

/** librosa's sign for zero crossings: samples with |x| <= 1e-10 count as +0. */
function isNegative(x: number): boolean {
  return x < -1e-10;
}

function nonFiniteSample(source: Float32Array, from: number, length: number): Error {
  let i = from;
  while (i < from + length - 1 && Number.isFinite(source[i])) i++;
  return new Error(`Expected finite samples, got ${source[i]} at index ${i}`);
}

function checkSampleType(samples: Float32Array): void {
  if (!(samples instanceof Float32Array)) {
    throw new Error(`Expected samples as a Float32Array, got ${Object.prototype.toString.call(samples)}`);
  }
}

function checkSamples(samples: Float32Array): void {
  checkSampleType(samples);
  for (let i = 0; i < samples.length; i++) {
    if (!Number.isFinite(samples[i]))
      throw new Error(`Expected finite samples, got ${samples[i]} at index ${i}`);
  }
}

/**
 * The clip as the frame sets read it: zero-padded to one frame when shorter, with its count of whole frames
 * (un-centred, FRAME_LENGTH every HOP; trailing samples short of a hop are not framed).
 */
export function framedClip(samples: Float32Array): { source: Float32Array; frames: number } {
  const source =
    samples.length >= FRAME_LENGTH
      ? samples
      : padSignal(samples, 0, FRAME_LENGTH - samples.length, 'constant');
  return { source, frames: 1 + Math.floor((source.length - FRAME_LENGTH) / HOP) };
}

/**
 * Per-frame features of a clip (frames × FRAME_FEATURES). Trailing samples short of a hop are dropped, as
 * librosa's un-centred framing; a clip shorter than one frame is zero-padded to one frame.
 */
export function frameFeatureMatrix(samples: Float32Array): FrameFeatureMatrix {
  // Non-finite samples are caught frame by frame (a separate scan costs 2 % of the budget); samples after
  // the last whole frame are not analysed, so they cannot spoil anything.
  checkSampleType(samples);
  const { source, frames } = framedClip(samples);
  const data = new Float32Array(frames * N_FEATURES);
  const analyzer = new FrameAnalyzer();
  for (let t = 0; t < frames; t += BLOCK) {
    analyzer.analyze(source, t * HOP, Math.min(BLOCK, frames - t), data, t * N_FEATURES);
  }
  return { data, frames, features: N_FEATURES };
}

/** One row of `framesSpec.columns`: each feature summarised over frames `startFrame` … `endFrame − 1`. */
export function summarizeWindow(
  matrix: FrameFeatureMatrix,
  startFrame: number,
  endFrame: number,
): Float32Array {
  const { data, frames, features } = matrix;
  if (features !== N_FEATURES) throw new Error(`Expected ${N_FEATURES} features per frame, got ${features}`);
  if (!Number.isInteger(startFrame) || !Number.isInteger(endFrame) || startFrame < 0 || endFrame > frames) {
    throw new Error(`Expected integer frames within 0 … ${frames}, got ${startFrame} … ${endFrame}`);
  }
  if (endFrame <= startFrame)
    throw new Error(`Expected endFrame > startFrame, got ${startFrame} … ${endFrame}`);
  const n = endFrame - startFrame;
  const column = new Float64Array(n);
  const out = new Float32Array(N_FEATURES * SUMMARY_STATS.length);
  for (let j = 0; j < N_FEATURES; j++) {
    for (let t = 0; t < n; t++) column[t] = data[(startFrame + t) * features + j];
    const s = summarize(column);
    out.set([s.mean, s.std, s.skew, s.kurtosis, s.median, s.min, s.max], j * SUMMARY_STATS.length);
  }
  return out;
}

export interface FrameWindow {
  /** Seconds from the start of the clip. */
  start: number;
  end: number;
  values: Float32Array;
}

/**
 * Summary rows of `windowSeconds` windows every `hopSeconds`. A window takes the frames that lie wholly
 * inside it (at least one). Windows stop at the first that reaches the clip's end; a final partial window is
 * kept if it spans at least half a window, and a clip shorter than one window still gives one row.
 */
export function extractFrameWindows(
  samples: Float32Array,
  windowSeconds: number,
  hopSeconds = windowSeconds,
): FrameWindow[] {
  if (!(Number.isFinite(windowSeconds) && windowSeconds > 0)) {
    throw new Error(`Expected windowSeconds to be > 0, got ${windowSeconds}`);
  }
  if (!(Number.isFinite(hopSeconds) && hopSeconds > 0)) {
    throw new Error(`Expected hopSeconds to be > 0, got ${hopSeconds}`);
  }
  return frameWindowsOf(frameFeatureMatrix(samples), samples.length, windowSeconds, hopSeconds);
}

/**
 * `extractFrameWindows` over a frame matrix already computed for the same `sampleCount` samples (so one
 * pass of the frame features can serve a file's summary and its windows).
 */
export function frameWindowsOf(
  matrix: FrameFeatureMatrix,
  sampleCount: number,
  windowSeconds: number,
  hopSeconds = windowSeconds,
): FrameWindow[] {
  const windowSamples = Math.max(1, Math.round(windowSeconds * SAMPLE_RATE));
  const hopSamples = Math.max(1, Math.round(hopSeconds * SAMPLE_RATE));
  return windowFrameSpans(sampleCount, windowSamples, hopSamples, FRAME_LENGTH, HOP, matrix.frames).map(
    ({ start, end, first, last }) => ({
      start: start / SAMPLE_RATE,
      end: end / SAMPLE_RATE,
      values: summarizeWindow(matrix, first, last),
    }),
  );
}

/** One window of a frame-summarising set: its samples [start, end) and its frames [first, last). */
export interface WindowFrameSpan {
  start: number;
  end: number;
  first: number;
  last: number;
}

/**
 * The windowing rule of the frame-summarising sets (`frames`, `meyda`): windows of `windowSamples` every
 * `hopSamples` over `sampleCount` samples, each taking the frames (of `frameLength`, every `frameHop`, `frames`
 * of them) wholly inside it and at least one; a final partial window is kept if it spans at least half a
 * window, and a clip shorter than one window still gives one.
 */
export function windowFrameSpans(
  sampleCount: number,
  windowSamples: number,
  hopSamples: number,
  frameLength: number,
  frameHop: number,
  frames: number,
): WindowFrameSpan[] {
  const spans: WindowFrameSpan[] = [];
  for (let start = 0; start === 0 || start < sampleCount; start += hopSamples) {
    const end = Math.min(start + windowSamples, sampleCount);
    if (start > 0 && 2 * (end - start) < windowSamples) break;
    const first = Math.min(Math.ceil(start / frameHop), frames - 1);
    const last = Math.floor((end - frameLength) / frameHop) + 1;
    spans.push({ start, end, first, last: Math.min(Math.max(last, first + 1), frames) });
    if (end >= sampleCount) break;
  }
  return spans;
}

/** Live use: feed audio as it arrives, summarise the latest window as often as the display wants. */
export interface FramesExtractor {
  /** Appends samples (22,050 Hz mono); returns how many new frames were computed. */
  push(samples: Float32Array): number;
  /** Frames computed since the start (or the last reset). */
  readonly frames: number;
  /**
   * A `framesSpec.columns` row over the latest `windowSeconds` of frames, or over its newest `lastFrames` only;
   * null before the first frame.
   */
  summary(lastFrames?: number): Float32Array | null;
  /** The latest frame's features (FRAME_FEATURES order); null before the first frame. */
  latestFrame(): Float32Array | null;
  /** The kept frames (the latest window's), oldest first; null before the first frame. */
  window(): FrameFeatureMatrix | null;
  reset(): void;
}

/** The ring of a streaming extractor holds this much at most (10 min ≈ 4 MB of frames). */
const MAX_STREAM_WINDOW_SECONDS = 600;

/** A streaming extractor that keeps only the last window of frames, so memory stays flat. */
export function createFramesExtractor(windowSeconds = 1): FramesExtractor {
  if (!(Number.isFinite(windowSeconds) && windowSeconds > 0 && windowSeconds <= MAX_STREAM_WINDOW_SECONDS)) {
    throw new Error(
      `Expected windowSeconds to be > 0 and <= ${MAX_STREAM_WINDOW_SECONDS}, got ${windowSeconds}`,
    );
  }
  const capacity = Math.max(
    1,
    Math.floor((Math.round(windowSeconds * SAMPLE_RATE) - FRAME_LENGTH) / HOP) + 1,
  );
  let analyzer = new FrameAnalyzer();
  let pending = new Float32Array(0);
  const ring = new FrameRing(capacity, N_FEATURES);
  const block = new Float32Array(BLOCK * N_FEATURES);

  return {
    push(samples) {
      checkSamples(samples);
      const joined = new Float32Array(pending.length + samples.length);
      joined.set(pending);
      joined.set(samples, pending.length);
      const ready = joined.length < FRAME_LENGTH ? 0 : 1 + Math.floor((joined.length - FRAME_LENGTH) / HOP);
      for (let t = 0; t < ready; t += BLOCK) {
        const count = Math.min(BLOCK, ready - t);
        analyzer.analyze(joined, t * HOP, count, block, 0);
        ring.push(block, count);
      }
      pending = joined.slice(ready * HOP);
      return ready;
    },
    get frames() {
      return ring.total;
    },
    summary(lastFrames) {
      // Oldest first, so that the order matches a file's frames.
      const window = ring.window();
      return window && summarizeWindow(window, newestFrom(window.frames, lastFrames), window.frames);
    },
    latestFrame() {
      return ring.latest();
    },
    window() {
      return ring.window();
    },
    reset() {
      analyzer = new FrameAnalyzer();
      pending = new Float32Array(0);
      ring.reset();
    },
  };
}

import { ANALYSIS_SAMPLE_RATE } from '../audio/signal';
import { applyChroma, chromaFilterbank, type ChromaFilterbank } from '../dsp/chroma';
import { dctMatrix } from '../dsp/dct';
import { frameCount, type PadMode } from '../dsp/frames';
import { medianFilterFrequency, medianFilterTime } from '../dsp/hpss';
import { simdMedianWorkspace } from '../dsp/medianSimd';
import { istftFloat64 } from '../dsp/istft';
import { stftSpectra } from '../dsp/stft';
import { melFilterbank } from '../dsp/mel';
import { onsetStrength } from '../dsp/onset';
import { rmsFrames, spectralShape, zeroCrossingRates } from '../dsp/spectral';
import { fftFrequencies } from '../dsp/stft';
import { framesIn, TempogramAccumulator, tempoFromTempogram } from '../dsp/tempo';
import { estimateTuning } from '../dsp/tuning';
import type { FeatureSpec } from './spec';

const N_MFCC = 20;

/** The 57 feature columns of GTZAN's features_30_sec.csv, in its order. */
export const GTZAN_COLUMNS: readonly string[] = [
  'chroma_stft_mean',
  'chroma_stft_var',
  'rms_mean',
  'rms_var',
  'spectral_centroid_mean',
  'spectral_centroid_var',
  'spectral_bandwidth_mean',
  'spectral_bandwidth_var',
  'rolloff_mean',
  'rolloff_var',
  'zero_crossing_rate_mean',
  'zero_crossing_rate_var',
  'harmony_mean',
  'harmony_var',
  'perceptr_mean',
  'perceptr_var',
  'tempo',
  ...Array.from({ length: N_MFCC }, (_, i) => [`mfcc${i + 1}_mean`, `mfcc${i + 1}_var`]).flat(),
];

const SAMPLE_RATE = ANALYSIS_SAMPLE_RATE;
const N_FFT = 2048;
const HOP = 512;
const N_MELS = 128;
const TOP_DB = 80;
/** librosa.decompose.hpss's median kernel, in frames and in bins. */
const HPSS_KERNEL = 31;
/** librosa 0.7/0.8 padded centred STFT and RMS frames by reflection (0.10 switched to zeros). */
const PAD_MODE: PadMode = 'reflect';
/** librosa.beat.tempo's autocorrelation window: 8 s of onset frames. */
const TEMPO_WINDOW = framesIn(8, SAMPLE_RATE, HOP);

export const gtzanLibrosaSpec: FeatureSpec = {
  name: 'gtzan-librosa',
  version: 1,
  sampleRate: SAMPLE_RATE,
  frameLength: N_FFT,
  hop: HOP,
  columns: [...GTZAN_COLUMNS],
  params: {
    nMels: N_MELS,
    nMfcc: N_MFCC,
    padMode: PAD_MODE,
    hpssKernel: HPSS_KERNEL,
    tempoWindow: TEMPO_WINDOW,
  },
};

/** Count, mean and sum of squared deviations of a series, mergeable across segments (Chan et al.). */
class Moments {
  n = 0;
  mean = 0;
  m2 = 0;

  /** Adds `count` values read from `values` at `offset`, `offset + stride`, … */
  addStrided(
    values: ArrayLike<number>,
    offset = 0,
    stride = 1,
    count = Math.floor((values.length - offset + stride - 1) / stride),
  ): void {
    if (count <= 0) return;
    let sum = 0;
    for (let i = 0, j = offset; i < count; i++, j += stride) sum += values[j];
    const mean = sum / count;
    let m2 = 0;
    for (let i = 0, j = offset; i < count; i++, j += stride) {
      const d = values[j] - mean;
      m2 += d * d;
    }
    this.merge(count, mean, m2);
  }

  merge(n: number, mean: number, m2: number): void {
    const total = this.n + n;
    const delta = mean - this.mean;
    this.mean += (delta * n) / total;
    this.m2 += m2 + (delta * delta * this.n * n) / total;
    this.n = total;
  }

  /** Population variance (numpy's var). */
  get variance(): number {
    return this.n > 0 ? this.m2 / this.n : 0;
  }
}

export interface GtzanAccumulator {
  /** Adds the next consecutive stretch of a recording (mono, 22,050 Hz), of any length. */
  push(segment: Float32Array): void;
  /** The 57 values over everything pushed so far (analysing what is still buffered first). */
  result(): Float32Array;
}

// Shared, read-only analysis tables.
const melBank = melFilterbank({ sampleRate: SAMPLE_RATE, nFft: N_FFT, nMels: N_MELS });
/** The mel bands flattened: band m weighs bins melStarts[m] .. + melLengths[m] by melWeights[melOffsets[m] ..]. */
const melStarts = Int32Array.from(melBank.bands, (b) => b.start);
const melLengths = Int32Array.from(melBank.bands, (b) => b.weights.length);
const melOffsets = new Int32Array(N_MELS);
for (let m = 1; m < N_MELS; m++) melOffsets[m] = melOffsets[m - 1] + melLengths[m - 1];
const melWeights = new Float32Array(melOffsets[N_MELS - 1] + melLengths[N_MELS - 1]);
melBank.bands.forEach((b, m) => melWeights.set(b.weights, melOffsets[m]));
const dct = dctMatrix(N_MELS, N_MFCC);
const frequencies = fftFrequencies(SAMPLE_RATE, N_FFT);
const chromaBanks = new Map<number, ChromaFilterbank>();

function chromaBankFor(tuning: number): ChromaFilterbank {
  let bank = chromaBanks.get(tuning);
  if (!bank) {
    bank = chromaFilterbank({ sampleRate: SAMPLE_RATE, nFft: N_FFT, tuning });
    chromaBanks.set(tuning, bank);
  }
  return bank;
}

export interface GtzanAccumulatorOptions {
  /**
   * Length of the pieces analysed at a time (default 30 s). Pushed audio is re-cut into pieces of this length,
   * the last one taking the remainder (up to 1.5 pieces), so results do not depend on how the caller chunks.
   */
  segmentSeconds?: number;
  /**
   * Called as each analysis stage of a piece ends, with the stage's name (for profiling: the caller reads its
   * own clock; the analysis never does).
   */
  onStage?: (stage: GtzanStage) => void;
}

/**
 * The stages of one piece's analysis, in the order they run. 'stft' includes each frame's spectral shape
 * and mel bands, 'mfcc' the dB scale, 'istft' the soft masks and the HPSS signals' moments.
 */
export type GtzanStage =
  | 'stft'
  | 'mfcc'
  | 'tempogram'
  | 'tuning'
  | 'chroma'
  | 'rms+zcr'
  | 'median-time'
  | 'median-frequency'
  | 'istft';

/**
 * Large working arrays (about 50 MB for a 30-s piece), kept from one analysis to the next while the garbage
 * collector allows: fresh ones cost page faults and collections on every clip.
 */
class Workspace {
  private readonly f32s = new Map<string, Float32Array>();
  private readonly f64s = new Map<string, Float64Array>();

  /** A float32 array of `length` named `name`, its contents left from earlier use. */
  f32(name: string, length: number): Float32Array {
    let a = this.f32s.get(name);
    if (!a || a.length < length) {
      a = new Float32Array(length);
      this.f32s.set(name, a);
    }
    return a.subarray(0, length);
  }

  f64(name: string, length: number): Float64Array {
    let a = this.f64s.get(name);
    if (!a || a.length < length) {
      a = new Float64Array(length);
      this.f64s.set(name, a);
    }
    return a.subarray(0, length);
  }
}

let sharedWorkspace: WeakRef<Workspace> | null = null;

/** The shared workspace (analyses never overlap: each runs to its end synchronously). */
function workspace(): Workspace {
  let work = sharedWorkspace?.deref();
  if (!work) {
    work = new Workspace();
    sharedWorkspace = new WeakRef(work);
  }
  return work;
}

/**
 * Pools GTZAN features over a recording pushed in consecutive pieces, holding one piece's spectra at a time:
 * frame-level means and variances are pooled over all frames, HPSS signals over all samples, the tempo is
 * chosen from the tempogram averaged over all frames, tuning is estimated per piece, and the dB floor
 * (max − 80 dB) follows the loudest mel cell seen so far. Anything up to 1.5 pieces long (a whole GTZAN clip)
 * is analysed in one go, which is exactly librosa's computation.
 */
export function createGtzanAccumulator(options: GtzanAccumulatorOptions = {}): GtzanAccumulator {
  const segmentSeconds = options.segmentSeconds ?? 30;
  if (!(segmentSeconds >= 1 && segmentSeconds < Infinity)) {
    throw new Error(`Expected segmentSeconds to be a finite number >= 1, got ${segmentSeconds}`);
  }
  const pieceLength = Math.round(segmentSeconds * SAMPLE_RATE);
  // A piece is cut only once 1.5 pieces are buffered, so the last piece is never a sliver.
  const cutAt = Math.ceil(1.5 * pieceLength);
  const stageDone = options.onStage ?? ((): void => {});
  let buffer: Float32Array | null = null;
  let buffered = 0;
  const chroma = new Moments();
  const rmsMoments = new Moments();
  const centroid = new Moments();
  const bandwidth = new Moments();
  const rolloff = new Moments();
  const zcr = new Moments();
  const harmony = new Moments();
  const percussive = new Moments();
  const mfcc = Array.from({ length: N_MFCC }, () => new Moments());
  const tempogram = new TempogramAccumulator(TEMPO_WINDOW);
  let maxDb = -Infinity;

  function analyse(piece: Float32Array): void {
    const segment = finiteSamples(piece);
    const framing = { frameLength: N_FFT, hop: HOP, center: true, padMode: PAD_MODE };
    const frames = frameCount(segment.length, framing);
    const bins = N_FFT / 2 + 1;
    const cells = frames * bins;
    const work = workspace();

    // One pass over the frames: the STFT, then while each frame's spectra are in cache its spectral shape
    // and its 128 mel bands (one log-mel spectrogram serves both MFCCs and the onset envelope).
    const powerData = work.f32('power', cells);
    // The magnitudes go straight into the SIMD median filters' memory where they run (no copies in or out).
    const medians = simdMedianWorkspace(frames, bins, HPSS_KERNEL);
    const magnitudeData = medians?.values ?? work.f32('magnitude', cells);
    const logMel = work.f32('logMel', frames * N_MELS);
    const shapes = work.f64('shapes', 3 * frames);
    const shape = new Float64Array(3);
    const { stft, power, magnitude } = stftSpectra(
      segment,
      framing,
      { complex: work.f32('complex', 2 * cells), power: powerData, magnitude: magnitudeData },
      (t, offset) => {
        spectralShape(magnitudeData.subarray(offset, offset + bins), frequencies, shape, 0.85);
        shapes[3 * t] = shape[0];
        shapes[3 * t + 1] = shape[1];
        shapes[3 * t + 2] = shape[2];
        melBands(powerData, offset, logMel, t * N_MELS);
      },
    );
    centroid.addStrided(shapes, 0, 3, frames);
    bandwidth.addStrided(shapes, 1, 3, frames);
    rolloff.addStrided(shapes, 2, 3, frames);
    stageDone('stft');

    toDecibels(logMel);
    const coefficients = work.f32('mfcc', frames * N_MFCC);
    mfccFrames(logMel, frames, coefficients);
    for (let i = 0; i < N_MFCC; i++) mfcc[i].addStrided(coefficients, i, N_MFCC, frames);
    stageDone('mfcc');
    const logMelSpectrogram = { data: logMel, frames, bins: N_MELS };
    // The CSV's tempo is librosa.beat.beat_track's, whose onset envelope takes the median over mel bands (a
    // bare librosa.beat.tempo takes the mean): with the mean, country.00000 comes out 161.5 BPM against 86.1.
    tempogram.add(onsetStrength(logMelSpectrogram, { nFft: N_FFT, hop: HOP, aggregate: 'median' }));
    stageDone('tempogram');

    // Chroma from the power spectrogram, tuned as chroma_stft does by default.
    const tuning = estimateTuning(power, { sampleRate: SAMPLE_RATE, nFft: N_FFT });
    stageDone('tuning');
    chroma.addStrided(applyChroma(power, chromaBankFor(tuning)).data);
    stageDone('chroma');

    rmsMoments.addStrided(rmsFrames(segment, framing));
    zcr.addStrided(zeroCrossingRates(segment, { ...framing, padMode: 'edge' }));
    stageDone('rms+zcr');

    // HPSS (librosa.decompose.hpss, kernel 31, soft masks of power 2): harmonic = ISTFT of the masked STFT;
    // percussive = the rest of the reconstruction, since the two masks sum to one and the ISTFT is linear
    // (librosa.effects.hpss keeps hop·(frames−1) samples, zero after). Masks are made frame by frame as the
    // ISTFT needs them, and only the two signals' moments are kept.
    // Magnitudes are square roots: never negative, so the filters need not check for signs.
    const nonNegative = { nonNegative: true };
    const harmonicEnergy =
      medians?.filter('rows', 0) ??
      medianFilterTime(magnitude, HPSS_KERNEL, work.f32('median-time', cells), nonNegative).data;
    stageDone('median-time');
    const percussiveEnergy =
      medians?.filter('cols', 1) ??
      medianFilterFrequency(magnitude, HPSS_KERNEL, work.f32('median-frequency', cells), nonNegative).data;
    stageDone('median-frequency');
    const harmonicSignal = istftFloat64(
      stft,
      {
        hop: HOP,
        center: true,
        // The harmonic soft mask (power 2, zeros split), made frame by frame as the inversion needs it.
        softMask: { x: harmonicEnergy, ref: percussiveEnergy },
      },
      work.f64('istft', N_FFT + HOP * Math.max(frames - 1, 0)),
    );
    addSignalMoments(segment, harmonicSignal);
    stageDone('istft');
  }

  /**
   * Pools the harmonic signal (float32, as librosa returns it) and the rest of the segment over all of the
   * segment's samples, both zero past the ISTFT's end.
   */
  function addSignalMoments(segment: Float32Array, harmonicSignal: Float64Array): void {
    const n = segment.length;
    const kept = Math.min(harmonicSignal.length, n);
    let harmonicSum = 0;
    let restSum = 0;
    for (let i = 0; i < kept; i++) {
      const h = Math.fround(harmonicSignal[i]);
      harmonicSum += h;
      restSum += segment[i] - h;
    }
    const harmonicMean = harmonicSum / n;
    const restMean = restSum / n;
    let harmonicM2 = 0;
    let restM2 = 0;
    for (let i = 0; i < kept; i++) {
      const h = Math.fround(harmonicSignal[i]);
      const dh = h - harmonicMean;
      const dr = segment[i] - h - restMean;
      harmonicM2 += dh * dh;
      restM2 += dr * dr;
    }
    for (let i = kept; i < n; i++) {
      harmonicM2 += harmonicMean * harmonicMean;
      restM2 += restMean * restMean;
    }
    harmony.merge(n, harmonicMean, harmonicM2);
    percussive.merge(n, restMean, restM2);
  }

  /** power_to_db (ref 1, amin 1e-10) in place, floored at the loudest cell so far − 80 dB. */
  function toDecibels(values: Float32Array): void {
    let max = -Infinity;
    for (let i = 0; i < values.length; i++) {
      const db = 10 * Math.log10(Math.max(values[i], 1e-10));
      values[i] = db;
      if (db > max) max = db;
    }
    maxDb = Math.max(maxDb, max);
    const floor = maxDb - TOP_DB;
    for (let i = 0; i < values.length; i++) if (values[i] < floor) values[i] = floor;
  }

  function push(segment: Float32Array): void {
    let offset = 0;
    while (buffered + segment.length - offset >= cutAt) {
      if (buffered === 0) {
        // Straight from the caller's array: no copy.
        analyse(segment.subarray(offset, offset + pieceLength));
        offset += pieceLength;
      } else {
        buffer ??= new Float32Array(cutAt);
        const need = Math.max(0, pieceLength - buffered);
        buffer.set(segment.subarray(offset, offset + need), buffered);
        offset += need;
        buffered += need;
        analyse(buffer.subarray(0, pieceLength));
        buffer.copyWithin(0, pieceLength, buffered);
        buffered -= pieceLength;
      }
    }
    // Keep the rest (a copy: the caller may reuse its array).
    if (offset < segment.length) {
      buffer ??= new Float32Array(cutAt);
      buffer.set(segment.subarray(offset), buffered);
      buffered += segment.length - offset;
    }
  }

  function result(): Float32Array {
    if (buffer && buffered > 0) {
      analyse(buffer.subarray(0, buffered));
      buffered = 0;
    }
    if (rmsMoments.n === 0) throw new Error('No audio samples to analyse');
    const tempo = tempoFromTempogram(tempogram.mean(), { sampleRate: SAMPLE_RATE, hop: HOP });
    const pairs = [chroma, rmsMoments, centroid, bandwidth, rolloff, zcr, harmony, percussive];
    const values: number[] = [];
    for (const m of pairs) values.push(m.mean, m.variance);
    values.push(tempo);
    for (const m of mfcc) values.push(m.mean, m.variance);
    return Float32Array.from(values);
  }

  return { push, result };
}

/** The samples with any NaN or ±Infinity replaced by silence (a copy only when there is one). */
function finiteSamples(samples: Float32Array): Float32Array {
  for (let i = 0; i < samples.length; i++) {
    if (!Number.isFinite(samples[i])) return samples.map((v) => (Number.isFinite(v) ? v : 0));
  }
  return samples;
}

/** The 128 mel bands of one power frame (power[offset ..]) into out[outOffset ..], summed as applyMel does. */
function melBands(power: Float32Array, offset: number, out: Float32Array, outOffset: number): void {
  for (let m = 0; m < N_MELS; m++) {
    const start = offset + melStarts[m];
    const w = melOffsets[m];
    const length = melLengths[m];
    let sum = 0;
    for (let i = 0; i < length; i++) sum += melWeights[w + i] * power[start + i];
    out[outOffset + m] = sum;
  }
}

/** The 20 MFCCs (ortho DCT-II of the dB mel bands) of every frame, four coefficients per pass over a frame. */
function mfccFrames(logMel: Float32Array, frames: number, out: Float32Array): void {
  for (let t = 0; t < frames; t++) {
    const input = t * N_MELS;
    for (let k = 0; k < N_MFCC; k += 4) {
      const r0 = k * N_MELS;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let n = 0; n < N_MELS; n++) {
        const x = logMel[input + n];
        s0 += dct[r0 + n] * x;
        s1 += dct[r0 + N_MELS + n] * x;
        s2 += dct[r0 + 2 * N_MELS + n] * x;
        s3 += dct[r0 + 3 * N_MELS + n] * x;
      }
      const o = t * N_MFCC + k;
      out[o] = s0;
      out[o + 1] = s1;
      out[o + 2] = s2;
      out[o + 3] = s3;
    }
  }
}

/** The 57 GTZAN features of a mono clip at 22,050 Hz, computed as librosa 0.7/0.8 does with its defaults. */
export function extractGtzanLibrosa(samples: Float32Array): Float32Array {
  if (samples.length === 0) throw new Error('No audio samples to analyse');
  const accumulator = createGtzanAccumulator();
  accumulator.push(samples);
  return accumulator.result();
}

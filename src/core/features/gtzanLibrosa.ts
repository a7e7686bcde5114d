import { ANALYSIS_SAMPLE_RATE } from '../audio/signal';
import { applyChroma, chromaFilterbank, type ChromaFilterbank } from '../dsp/chroma';
import { applyDct, dctMatrix } from '../dsp/dct';
import type { PadMode } from '../dsp/frames';
import { medianFilterFrequency, medianFilterTime, softMask } from '../dsp/hpss';
import { complexStft, istft, powerAndMagnitude } from '../dsp/istft';
import { applyMel, melFilterbank } from '../dsp/mel';
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
  params: { nMels: N_MELS, nMfcc: N_MFCC, padMode: PAD_MODE, hpssKernel: 31, tempoWindow: TEMPO_WINDOW },
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

/** The stages of one piece's analysis, in the order they run. */
export type GtzanStage =
  | 'stft'
  | 'tuning'
  | 'chroma'
  | 'rms+zcr'
  | 'spectral'
  | 'mel'
  | 'mfcc'
  | 'tempogram'
  | 'median-time'
  | 'median-frequency'
  | 'mask'
  | 'istft';

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
    const stft = complexStft(segment, framing);
    const { power, magnitude } = powerAndMagnitude(stft);
    const frames = stft.frames;
    const bins = stft.bins;
    stageDone('stft');

    // Chroma from the power spectrogram, tuned as chroma_stft does by default.
    const tuning = estimateTuning(power, { sampleRate: SAMPLE_RATE, nFft: N_FFT });
    stageDone('tuning');
    chroma.addStrided(applyChroma(power, chromaBankFor(tuning)).data);
    stageDone('chroma');

    rmsMoments.addStrided(rmsFrames(segment, framing));
    zcr.addStrided(zeroCrossingRates(segment, { ...framing, padMode: 'edge' }));
    stageDone('rms+zcr');

    const centroids = new Float64Array(frames);
    const bandwidths = new Float64Array(frames);
    const rolloffs = new Float64Array(frames);
    const shape = new Float64Array(3);
    for (let t = 0; t < frames; t++) {
      spectralShape(magnitude.data.subarray(t * bins, (t + 1) * bins), frequencies, shape, 0.85);
      centroids[t] = shape[0];
      bandwidths[t] = shape[1];
      rolloffs[t] = shape[2];
    }
    centroid.addStrided(centroids);
    bandwidth.addStrided(bandwidths);
    rolloff.addStrided(rolloffs);
    stageDone('spectral');

    // One log-mel spectrogram serves both MFCCs and the onset envelope (both power_to_db of a 128-band mel).
    const logMel = applyMel(power, melBank);
    toDecibels(logMel.data);
    stageDone('mel');
    const coefficients = new Float32Array(frames * N_MFCC);
    const row = new Float32Array(N_MFCC);
    for (let t = 0; t < frames; t++) {
      applyDct(dct, logMel.data, row, t * N_MELS);
      coefficients.set(row, t * N_MFCC);
    }
    for (let i = 0; i < N_MFCC; i++) mfcc[i].addStrided(coefficients, i, N_MFCC, frames);
    stageDone('mfcc');
    tempogram.add(onsetStrength(logMel, { nFft: N_FFT, hop: HOP, aggregate: 'mean' }));
    stageDone('tempogram');

    // HPSS (librosa.decompose.hpss, kernel 31, soft masks of power 2): harmonic = ISTFT of the masked STFT;
    // percussive = the rest of the reconstruction, since the two masks sum to one and the ISTFT is linear
    // (librosa.effects.hpss keeps hop·(frames−1) samples, zero after).
    const harmonicEnergy = medianFilterTime(magnitude, 31).data;
    stageDone('median-time');
    const percussiveEnergy = medianFilterFrequency(magnitude, 31).data;
    stageDone('median-frequency');
    const harmonic = softMask(harmonicEnergy, percussiveEnergy, 2, true);
    stageDone('mask');
    const harmonicSignal = istft(stft, { hop: HOP, center: true, gain: harmonic });
    const kept = Math.min(harmonicSignal.length, segment.length);
    const rest = new Float64Array(segment.length);
    for (let i = 0; i < kept; i++) rest[i] = segment[i] - harmonicSignal[i];
    const harmonicPadded = new Float32Array(segment.length);
    harmonicPadded.set(harmonicSignal.subarray(0, kept));
    harmony.addStrided(harmonicPadded);
    percussive.addStrided(rest);
    stageDone('istft');
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

/** The 57 GTZAN features of a mono clip at 22,050 Hz, computed as librosa 0.7/0.8 does with its defaults. */
export function extractGtzanLibrosa(samples: Float32Array): Float32Array {
  if (samples.length === 0) throw new Error('No audio samples to analyse');
  const accumulator = createGtzanAccumulator();
  accumulator.push(samples);
  return accumulator.result();
}

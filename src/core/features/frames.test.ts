import { readFileSync } from 'node:fs';
import path from 'node:path';
import Meyda from 'meyda';
import { MPEGDecoder } from 'mpg123-decoder';
import { beforeAll, describe, expect, it } from 'vitest';
import { resample } from '../audio/resample';
import { mixToMono } from '../audio/signal';
import { applyChroma, chromaFilterbank } from '../dsp/chroma';
import { applyMel, melFilterbank, powerToDb } from '../dsp/mel';
import { applyDct, dctMatrix } from '../dsp/dct';
import { summarize } from '../dsp/stats';
import { fftFrequencies, magnitudeOf, powerSpectrogram } from '../dsp/stft';
import {
  rms,
  rmsFrames,
  spectralBandwidth,
  spectralCentroid,
  spectralRolloff,
  zeroCrossingRate,
  zeroCrossingRates,
} from '../dsp/spectral';
import { createRng } from '../random';
import {
  createFramesExtractor,
  extractFrameWindows,
  FRAME_FEATURES,
  frameFeatureMatrix,
  framesSpec,
  summarizeWindow,
  type FrameFeatureMatrix,
} from './frames';

const SR = 22050;
const N = framesSpec.frameLength;
const HOP = framesSpec.hop;
const at = (name: string) => FRAME_FEATURES.indexOf(name);

function sine(freq: number, seconds: number, amplitude = 1): Float32Array {
  const x = new Float32Array(Math.round(seconds * SR));
  for (let i = 0; i < x.length; i++) x[i] = amplitude * Math.sin((2 * Math.PI * freq * i) / SR);
  return x;
}

function column(m: FrameFeatureMatrix, name: string): Float32Array {
  const j = at(name);
  return Float32Array.from({ length: m.frames }, (_, t) => m.data[t * m.features + j]);
}

const meanOf = (x: ArrayLike<number>) => summarize(x).mean;

function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const ma = meanOf(a);
  const mb = meanOf(b);
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += (a[i] - ma) * (b[i] - mb);
    aa += (a[i] - ma) ** 2;
    bb += (b[i] - mb) ** 2;
  }
  return ab / Math.sqrt(aa * bb);
}

describe('framesSpec', () => {
  it('names every summary column feature_stat, features in FRAME_FEATURES order', () => {
    expect(FRAME_FEATURES.length).toBe(40);
    expect(framesSpec.columns.length).toBe(40 * 7);
    expect(framesSpec.columns.slice(0, 7)).toEqual([
      'mfcc1_mean',
      'mfcc1_std',
      'mfcc1_skew',
      'mfcc1_kurtosis',
      'mfcc1_median',
      'mfcc1_min',
      'mfcc1_max',
    ]);
    expect(framesSpec.columns).toContain('centroid_std');
    expect(framesSpec.columns).toContain('chroma10_mean');
    expect(framesSpec).toMatchObject({
      name: 'frames',
      version: 1,
      sampleRate: SR,
      frameLength: 1024,
      hop: 512,
    });
    expect(framesSpec.params?.windowSeconds).toBe(1);
  });
});

describe('per-frame features with known answers', () => {
  it('a full-scale 1 kHz sine: centroid and roll-off ≈ 1 kHz, RMS ≈ 0.707, ZCR ≈ 2f/sr, flatness ≈ 0', () => {
    const m = frameFeatureMatrix(sine(1000, 1));
    expect(m.frames).toBe(1 + Math.floor((SR - N) / HOP));
    expect(Math.abs(meanOf(column(m, 'centroid')) - 1000)).toBeLessThan(10);
    expect(Math.abs(meanOf(column(m, 'rolloff')) - 1000)).toBeLessThanOrEqual(SR / N);
    expect(meanOf(column(m, 'bandwidth'))).toBeLessThan(100);
    expect(meanOf(column(m, 'rms'))).toBeCloseTo(Math.SQRT1_2, 2);
    expect(meanOf(column(m, 'zcr'))).toBeCloseTo((2 * 1000) / SR, 2);
    expect(summarize(column(m, 'flatness')).max).toBeLessThan(1e-3);
  });

  it('an A440 has its chroma peak at A (chroma10), every frame', () => {
    const m = frameFeatureMatrix(sine(440, 1, 0.5));
    for (let t = 0; t < m.frames; t++) {
      const chroma = m.data.subarray(t * m.features + at('chroma1'), t * m.features + at('chroma1') + 12);
      expect(chroma.indexOf(Math.max(...chroma))).toBe(9);
      expect(chroma[9]).toBe(1);
    }
  });

  it("white noise has flatness ≈ e^−γ ≈ 0.56 (a power spectrum's geometric / arithmetic mean)", () => {
    const rng = createRng(7);
    const noise = Float32Array.from({ length: 3 * SR }, () => 0.1 * rng.normal());
    const flatness = column(frameFeatureMatrix(noise), 'flatness');
    expect(meanOf(flatness)).toBeCloseTo(Math.exp(-0.5772156649), 1);
    expect(Math.abs(meanOf(flatness) - 0.5615)).toBeLessThan(0.02);
    expect(meanOf(column(frameFeatureMatrix(noise), 'rms'))).toBeCloseTo(0.1, 2);
  });

  it('silence gives finite, defined values: zeros, and MFCCs of a flat −100 dB mel spectrum', () => {
    const m = frameFeatureMatrix(new Float32Array(SR));
    expect(m.data.every(Number.isFinite)).toBe(true);
    for (const name of [
      'rms',
      'zcr',
      'centroid',
      'bandwidth',
      'rolloff',
      'flatness',
      'flux',
      'loudness',
      'chroma1',
    ]) {
      expect(column(m, name).every((v) => v === 0)).toBe(true);
    }
    // Ortho DCT of 40 equal values v: c1 = v·√40, the rest 0.
    expect(column(m, 'mfcc1')[0]).toBeCloseTo(-100 * Math.sqrt(40), 3);
    expect(Math.abs(column(m, 'mfcc2')[0])).toBeLessThan(1e-3);
    const rows = extractFrameWindows(new Float32Array(0), 1);
    expect(rows.length).toBe(1);
    expect(rows[0].values.every(Number.isFinite)).toBe(true);
  });

  it('flux is 0 for a steady tone and jumps when a tone starts', () => {
    const x = sine(440, 1, 0.5);
    x.fill(0, 0, SR / 2);
    const flux = column(frameFeatureMatrix(x), 'flux');
    expect(flux[0]).toBe(0);
    const onset = Math.floor(SR / 2 / HOP);
    expect(Math.max(...flux.subarray(onset - 1, onset + 2))).toBeGreaterThan(20);
    // A steady sine leaves only leakage far below the peak to wobble by a dB or so.
    expect(Math.max(...flux.subarray(onset + 3))).toBeLessThan(2);
  });

  it('MFCCs and chroma are the un-centred STFT through the shared mel, DCT and chroma code', () => {
    const rng = createRng(3);
    const x = Float32Array.from(sine(660, 2, 0.3), (v) => v + 0.05 * rng.normal());
    const m = frameFeatureMatrix(x);
    const power = powerSpectrogram(x, { frameLength: N, hop: HOP, center: false });
    expect(power.frames).toBe(m.frames);
    const mel = applyMel(power, melFilterbank({ sampleRate: SR, nFft: N, nMels: 40 }));
    powerToDb(mel.data, { topDb: null });
    const chroma = applyChroma(power, chromaFilterbank({ sampleRate: SR, nFft: N }));
    const dct = dctMatrix(40, 20);
    const mfcc = new Float32Array(20);
    for (const t of [0, 1, 17, m.frames - 1]) {
      applyDct(dct, mel.data, mfcc, t * 40);
      for (let j = 0; j < 20; j++) expect(m.data[t * m.features + j]).toBeCloseTo(mfcc[j], 3);
      for (let c = 0; c < 12; c++)
        expect(m.data[t * m.features + 20 + c]).toBeCloseTo(chroma.data[t * 12 + c], 5);
    }
  });
});

describe('windows', () => {
  it('keeps a final partial window of at least half a window, and frames wholly inside each window', () => {
    const long = extractFrameWindows(sine(440, 3.6, 0.5), 1);
    expect(long.map((w) => [w.start, w.end])).toEqual([
      [0, 1],
      [1, 2],
      [2, 3],
      [3, 3.6],
    ]);
    expect(extractFrameWindows(sine(440, 3.4, 0.5), 1).length).toBe(3);
    expect(extractFrameWindows(sine(440, 0.3, 0.5), 1).length).toBe(1);
    // Overlapping windows stop at the first that reaches the end: [2.5 s, 3 s) would repeat part of [2 s, 3 s).
    expect(extractFrameWindows(sine(440, 3, 0.5), 1, 0.5).map((w) => w.start)).toEqual([0, 0.5, 1, 1.5, 2]);
    const x = sine(440, 3, 0.5);
    const m = frameFeatureMatrix(x);
    // Window [1 s, 2 s): frames starting at ≥ 22,050 and ending by 44,100.
    const first = Math.ceil(SR / HOP);
    const last = Math.floor((2 * SR - N) / HOP);
    expect(Array.from(extractFrameWindows(x, 1)[1].values)).toEqual(
      Array.from(summarizeWindow(m, first, last + 1)),
    );
  });

  it('summarises each feature by mean, std, skew, kurtosis, median, min and max', () => {
    const x = sine(440, 1, 0.5);
    x.fill(0, SR / 2);
    const m = frameFeatureMatrix(x);
    const row = summarizeWindow(m, 0, m.frames);
    const s = summarize(column(m, 'rms'));
    const i = framesSpec.columns.indexOf('rms_mean');
    expect(Array.from(row.subarray(i, i + 7))).toEqual(
      Array.from(Float32Array.from([s.mean, s.std, s.skew, s.kurtosis, s.median, s.min, s.max])),
    );
  });

  it('the streaming extractor gives what a file gives, whatever the chunk sizes', () => {
    const rng = createRng(11);
    const x = Float32Array.from(sine(330, 1.5, 0.4), (v) => v + 0.02 * rng.normal());
    const extractor = createFramesExtractor(1);
    expect(extractor.summary()).toBeNull();
    let pushed = 0;
    while (pushed < SR) {
      const n = Math.min(1 + rng.int(3000), SR - pushed);
      extractor.push(x.subarray(pushed, pushed + n));
      pushed += n;
    }
    const [file] = extractFrameWindows(x.subarray(0, SR), 1);
    expect(Array.from(extractor.summary() ?? [])).toEqual(Array.from(file.values));
    // Half a second more: the summary covers the latest second only.
    extractor.push(x.subarray(SR));
    const m = frameFeatureMatrix(x);
    expect(Array.from(extractor.summary() ?? [])).toEqual(
      Array.from(summarizeWindow(m, m.frames - 42, m.frames)),
    );
    expect(Array.from(extractor.latestFrame() ?? [])).toEqual(
      Array.from(m.data.subarray((m.frames - 1) * m.features, m.frames * m.features)),
    );
    extractor.reset();
    expect(extractor.frames).toBe(0);
  });

  it('rejects bad input, naming the value', () => {
    const x = new Float32Array(2000);
    x[1500] = Infinity;
    expect(() => frameFeatureMatrix(x)).toThrow('Expected finite samples, got Infinity at index 1500');
    expect(() => extractFrameWindows(new Float32Array(10), 0)).toThrow(
      'Expected windowSeconds to be > 0, got 0',
    );
    expect(() => extractFrameWindows(new Float32Array(10), 1, NaN)).toThrow(
      'Expected hopSeconds to be > 0, got NaN',
    );
    const m = frameFeatureMatrix(new Float32Array(4096));
    expect(() => summarizeWindow(m, 0, m.frames + 1)).toThrow(`got 0 … ${m.frames + 1}`);
    expect(() => summarizeWindow(m, 2, 2)).toThrow('Expected endFrame > startFrame');
    expect(() => createFramesExtractor(-1)).toThrow('Expected windowSeconds to be > 0 and <= 600, got -1');
    expect(() => createFramesExtractor(1e9)).toThrow('got 1000000000');
  });
});

describe('against Meyda on a real violin A4', () => {
  let note: Float32Array;
  beforeAll(async () => {
    const file = path.resolve(process.cwd(), '../shared/data/instruments/violin/adambuttrick-A4.mp3');
    const decoder = new MPEGDecoder();
    await decoder.ready;
    const decoded = decoder.decode(new Uint8Array(readFileSync(file)));
    decoder.free();
    note = resample(mixToMono(decoded.channelData), decoded.sampleRate, SR);
  });

  /** Meyda on frame t, set up afresh for this buffer size (it caches its banks on the singleton). */
  function meyda(frame: Float32Array, windowingFunction: 'hanning' | 'rect') {
    const m = Meyda as unknown as Record<string, unknown>;
    Object.assign(m, { bufferSize: N, sampleRate: SR, windowingFunction });
    Object.assign(m, { melFilterBank: undefined, barkScale: undefined, chromaFilterBank: undefined });
    const features = Meyda.extract(
      ['rms', 'zcr', 'spectralCentroid', 'spectralSpread', 'loudness', 'chroma'],
      frame,
    );
    if (!features) throw new Error('Meyda returned nothing');
    return features;
  }

  it('agrees where the definitions match, within stated tolerances', () => {
    const m = frameFeatureMatrix(note);
    const binHz = SR / N;
    let compared = 0;
    let oursAtA = 0;
    let meydaAtA = 0;
    let correlation = 0;
    for (let t = 0; t < m.frames; t += 5) {
      const row = (name: string) => m.data[t * m.features + at(name)];
      const frame = note.slice(t * HOP, t * HOP + N);
      if (row('rms') < 0.01) continue;
      compared++;
      const raw = meyda(frame, 'rect');
      const windowed = meyda(frame, 'hanning');
      // Un-windowed RMS and ZCR: Meyda with a rectangular window is the same definition.
      expect(row('rms')).toBeCloseTo(raw.rms ?? NaN, 5);
      expect(Math.abs(row('zcr') - (raw.zcr ?? NaN) / N)).toBeLessThanOrEqual(1 / N);
      // Centroid and spread: Meyda gives bins (Hz = bin · sr/N) over N/2 bins with a symmetric Hann: 0.5 %.
      expect(row('centroid') / ((windowed.spectralCentroid ?? NaN) * binHz)).toBeCloseTo(1, 2);
      expect(row('bandwidth') / ((windowed.spectralSpread ?? NaN) * binHz)).toBeCloseTo(1, 2);
      // Total loudness over the same 24 Bark bands: 0.5 %.
      expect(row('loudness') / (windowed.loudness?.total ?? NaN)).toBeCloseTo(1, 2);
      // Chroma: Meyda's bank differs (magnitudes, unclamped widths); compared over all frames below.
      const ours = Array.from({ length: 12 }, (_, c) => row(`chroma${c + 1}`));
      oursAtA += ours.indexOf(1) === 9 ? 1 : 0;
      meydaAtA += windowed.chroma?.indexOf(1) === 9 ? 1 : 0;
      correlation += pearson(ours, windowed.chroma ?? []);
    }
    expect(compared).toBeGreaterThan(50);
    // The bowed A4 is A in most frames for both (its strong 5th harmonic, a C♯, sometimes wins in ours),
    // and the two chroma vectors move together.
    expect(oursAtA / compared).toBeGreaterThan(0.75);
    expect(meydaAtA / compared).toBeGreaterThan(0.9);
    expect(correlation / compared).toBeGreaterThan(0.85);
  });

  it('computes rms, zcr, centroid, bandwidth and roll-off as spectral.ts does (fused passes here)', () => {
    const m = frameFeatureMatrix(note);
    const magnitude = magnitudeOf(powerSpectrogram(note, { frameLength: N, hop: HOP, center: false }));
    const freqs = fftFrequencies(SR, N);
    const rmsValues = rmsFrames(note, { frameLength: N, hop: HOP, center: false });
    const zcrValues = zeroCrossingRates(note, { frameLength: N, hop: HOP, center: false });
    expect(rmsValues.length).toBe(m.frames);
    for (let t = 0; t < m.frames; t += 7) {
      const row = (name: string) => m.data[t * m.features + at(name)];
      const frame = note.subarray(t * HOP, t * HOP + N);
      const mag = magnitude.data.subarray(t * magnitude.bins, (t + 1) * magnitude.bins);
      const centroid = spectralCentroid(mag, freqs);
      expect(row('rms')).toBe(rmsValues[t]);
      expect(row('zcr')).toBe(zcrValues[t]);
      expect(row('rms')).toBeCloseTo(rms(frame), 6);
      expect(row('zcr')).toBe(Math.fround(zeroCrossingRate(frame)));
      expect(row('centroid')).toBeCloseTo(centroid, 2);
      expect(row('rolloff')).toBe(spectralRolloff(mag, freqs, 0.85));
      const bandwidth = spectralBandwidth(mag, freqs, centroid);
      expect(Math.abs(row('bandwidth') - bandwidth)).toBeLessThanOrEqual(1e-4 * bandwidth + 1e-3);
    }
  });

  it("differs on purpose in RMS: Meyda's is of the Hann-windowed frame, √(3/8) of a steady signal's", () => {
    const tone = sine(1000, 0.2);
    const ours = frameFeatureMatrix(tone).data[at('rms')];
    const theirs = meyda(tone.slice(0, N), 'hanning').rms ?? NaN;
    expect(ours).toBeCloseTo(Math.SQRT1_2, 2);
    expect(theirs / ours).toBeCloseTo(Math.sqrt(3 / 8), 2);
  });
});

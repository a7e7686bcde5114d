import { readFileSync } from 'node:fs';
import path from 'node:path';
import Meyda from 'meyda';
import { beforeAll, describe, expect, it } from 'vitest';
import { mixToMono } from '../audio/signal';
import { decodeWav } from '../audio/wav';
import {
  audioFeatureSet,
  audioFeatureSetOfSpec,
  AUDIO_SPECS,
  clipRows,
  isAudioFeatureSet,
  meydaFeatureKey,
  meydaOptionsOf,
  specOf,
} from './audioSets';
import { MEYDA_FRAME_FEATURES, meydaFrameMatrix, meydaSpec, meydaWindows } from './meyda';
import { checkSpecSupported } from './spec';

const SR = 22050;
let clip: Float32Array;

beforeAll(() => {
  const file = path.resolve(process.cwd(), '../shared/data/gtzan-check/blues.00000.wav');
  const wav = decodeWav(new Uint8Array(readFileSync(file)));
  expect(wav.sampleRate).toBe(SR);
  // Four seconds of the real blues clip: enough windows, and quick.
  clip = mixToMono(wav.channels).slice(5 * SR, 9 * SR);
});

describe('the meyda feature set', () => {
  it("names its columns by Meyda's extractors, each as _mean and _std", () => {
    const spec = specOf('meyda');
    for (const name of [
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
      'mfcc_1',
      'mfcc_13',
      'chroma_1',
      'chroma_12',
    ]) {
      expect(spec.columns).toContain(`${name}_mean`);
      expect(spec.columns).toContain(`${name}_std`);
    }
    expect(spec.columns).toHaveLength(MEYDA_FRAME_FEATURES.length * 2);
    expect(audioFeatureSet('meyda').inputShape).toEqual([spec.columns.length]);
  });

  it('gives one finite row per 1-s window of a real clip, with music-like values', () => {
    const rows = clipRows(clip, 'meyda');
    expect(rows.count).toBe(4);
    expect(Array.from(rows.starts)).toEqual([0, 1, 2, 3]);
    const columns = specOf('meyda').columns;
    expect(rows.values.length).toBe(rows.count * columns.length);
    expect(rows.values.every(Number.isFinite)).toBe(true);
    const first = (name: string) => rows.values[columns.indexOf(name)];
    expect(first('rms_mean')).toBeGreaterThan(0.01);
    expect(first('loudness_mean')).toBeGreaterThan(1);
    // Meyda's centroid is in bins: music sits well inside 0 … 512.
    expect(first('spectralCentroid_mean')).toBeGreaterThan(5);
    expect(first('spectralCentroid_mean')).toBeLessThan(400);
    expect(first('chroma_1_mean')).toBeGreaterThan(0);
    expect(first('chroma_1_mean')).toBeLessThanOrEqual(1);
  });

  it('matches Meyda called directly on a frame', () => {
    const options = { bufferSize: 1024, hop: 512 };
    const matrix = meydaFrameMatrix(clip, options);
    const m = Meyda as unknown as Record<string, unknown>;
    Object.assign(m, { bufferSize: 1024, sampleRate: SR, windowingFunction: 'hanning' });
    Object.assign(m, { melFilterBank: undefined, barkScale: undefined, chromaFilterBank: undefined });
    const t = 20;
    const direct = Meyda.extract(
      ['spectralCentroid', 'mfcc', 'loudness'],
      clip.slice(t * 512, t * 512 + 1024),
    );
    const at = (name: string) => matrix.data[t * matrix.features + MEYDA_FRAME_FEATURES.indexOf(name)];
    expect(at('spectralCentroid')).toBeCloseTo(direct?.spectralCentroid ?? NaN, 3);
    expect(at('mfcc_2')).toBeCloseTo(direct?.mfcc?.[1] ?? NaN, 3);
    expect(at('loudness')).toBeCloseTo(direct?.loudness?.total ?? NaN, 3);
  });

  it('builds fresh banks per buffer size: 1,024 then 512 then 1,024 again gives the same numbers', () => {
    const before = meydaWindows(clip, { bufferSize: 1024, hop: 512 });
    const small = meydaWindows(clip, { bufferSize: 512, hop: 256 });
    const after = meydaWindows(clip, { bufferSize: 1024, hop: 512 });
    expect(after.map((w) => Array.from(w.values))).toEqual(before.map((w) => Array.from(w.values)));
    // The 512 run is a different analysis (its mfcc bank spans other bins), not a copy.
    const mfcc2 = specOf('meyda').columns.indexOf('mfcc_2_mean');
    expect(small[0].values[mfcc2]).not.toBeCloseTo(before[0].values[mfcc2], 3);
    // And the singleton left at another size does not leak into ours.
    Object.assign(Meyda as unknown as Record<string, unknown>, {
      bufferSize: 2048,
      melFilterBank: undefined,
    });
    expect(Array.from(meydaWindows(clip, { bufferSize: 1024, hop: 512 })[0].values)).toEqual(
      Array.from(before[0].values),
    );
  });

  it('gives finite values (zeros where Meyda divides by zero) for silence, and a row for a clip shorter than one buffer', () => {
    const rows = clipRows(new Float32Array(300), 'meyda@2048/1024');
    expect(rows.count).toBe(1);
    expect(rows.values.every(Number.isFinite)).toBe(true);
    const columns = specOf('meyda@2048/1024').columns;
    for (const name of [
      'rms_mean',
      'energy_mean',
      'loudness_mean',
      'spectralFlatness_mean',
      'spectralCentroid_mean',
    ])
      expect(rows.values[columns.indexOf(name)]).toBe(0);
  });

  it('refuses a non-finite sample, naming it', () => {
    const bad = clip.slice(0, SR);
    bad[777] = Number.NaN;
    expect(() => clipRows(bad, 'meyda')).toThrow(/Expected finite samples, got NaN at index 777/);
  });

  it('keys buffer size and hop, and its spec carries them', () => {
    expect(meydaFeatureKey({ bufferSize: 1024, hop: 512 })).toBe('meyda');
    expect(meydaFeatureKey({ bufferSize: 2048, hop: 1024 })).toBe('meyda@2048/1024');
    expect(meydaOptionsOf('meyda@512/256')).toEqual({ bufferSize: 512, hop: 256 });
    expect(meydaOptionsOf('meyda@512/1024')).toBeNull();
    expect(meydaOptionsOf('meyda@4096/512')).toBeNull();
    expect(isAudioFeatureSet('meyda@2048/512')).toBe(true);
    expect(isAudioFeatureSet('meyda@3000/512')).toBe(false);
    expect(() => meydaSpec({ bufferSize: 1000, hop: 512 })).toThrow(
      /buffer size to be 512, 1024, 2048, got 1000/,
    );
    const spec = specOf('meyda@2048/1024');
    expect([spec.frameLength, spec.hop]).toEqual([2048, 1024]);
    expect(audioFeatureSetOfSpec(spec)).toBe('meyda@2048/1024');
    expect(audioFeatureSet('meyda@2048/1024').minSamples).toBe(2048);
  });

  it('spec equality covers buffer size and hop', () => {
    const clone = JSON.parse(JSON.stringify(specOf('meyda@2048/512'))) as (typeof AUDIO_SPECS)[number];
    expect(() => checkSpecSupported(clone, AUDIO_SPECS)).not.toThrow();
    expect(() => checkSpecSupported({ ...clone, hop: 700 }, AUDIO_SPECS)).toThrow(/"meyda" hop is 700/);
    expect(() => checkSpecSupported({ ...clone, frameLength: 4096 }, AUDIO_SPECS)).toThrow(
      /"meyda" frameLength is 4096/,
    );
    expect(() =>
      checkSpecSupported({ ...clone, params: { ...clone.params, windowSeconds: 0.01 } }, AUDIO_SPECS),
    ).toThrow(/params\.windowSeconds is 0\.01/);
  });
});

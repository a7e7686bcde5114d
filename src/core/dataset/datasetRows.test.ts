import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { framesSpec } from '../features/frames';
import { GTZAN_COLUMNS } from '../features/gtzanLibrosa';
import { decodeAudioFile } from '../../node/decodeFile';
import type { AugmentOptions } from '../train/augment';
import { augmentedClipRows, checkAugmentOptions } from './datasetRows';
import { clipRows, inputShapeOf } from '../features/audioSets';

const instruments = path.resolve(process.cwd(), '../shared/data/instruments');
let flute: Float32Array;

beforeAll(async () => {
  // A 1.5-s forte A4 on the flute (Philharmonia), decoded to mono 22,050 Hz.
  flute = (await decodeAudioFile(path.join(instruments, 'flute/flute_A4_15_forte_normal.mp3'))).samples;
});

const options: AugmentOptions = {
  copies: 2,
  maxShiftSeconds: 0.1,
  gainDb: 6,
  noiseSnrDb: [20, 30],
  noiseProbability: 1,
  speed: null,
  speedProbability: 0,
};

describe('clipRows', () => {
  it('gives one frames row per whole second, plus a final part of at least half a second', () => {
    const seconds = flute.length / 22_050;
    const rows = clipRows(flute, 'frames');
    expect(inputShapeOf('frames')).toEqual([framesSpec.columns.length]);
    expect(rows.count).toBe(Math.floor(seconds) + (seconds % 1 >= 0.5 ? 1 : 0));
    expect(rows.values).toHaveLength(rows.count * framesSpec.columns.length);
    expect(Array.from(rows.starts)).toEqual(Array.from({ length: rows.count }, (_, i) => i));
    // A4 = 440 Hz: the brightness of a flute note sits near its pitch and first harmonics.
    const centroid = rows.values[framesSpec.columns.indexOf('centroid_mean')];
    expect(centroid).toBeGreaterThan(440);
    expect(centroid).toBeLessThan(3000);
  });

  it('gives one 57-column GTZAN row per clip and 130 × 128 log-mel patches', () => {
    const gtzan = clipRows(flute, 'gtzan-librosa');
    expect(gtzan.count).toBe(1);
    expect(gtzan.values).toHaveLength(GTZAN_COLUMNS.length);
    const logmel = clipRows(flute, 'logmel');
    expect(inputShapeOf('logmel')).toEqual([130, 128]);
    expect(logmel.count).toBe(1); // 1.5 s is shorter than one 3-s patch
    expect(logmel.values).toHaveLength(130 * 128);
    for (const v of [...gtzan.values, ...logmel.values]) expect(Number.isFinite(v)).toBe(true);
  });

  it('names an empty clip', () => {
    expect(() => clipRows(new Float32Array(0), 'frames')).toThrow('The clip holds no samples');
  });
});

describe('augmentedClipRows', () => {
  it('makes the asked number of altered copies, the same for the same seed and different from the clip', () => {
    const plain = clipRows(flute, 'frames');
    const a = augmentedClipRows(flute, 'frames', options, 7);
    const b = augmentedClipRows(flute, 'frames', options, 7);
    const c = augmentedClipRows(flute, 'frames', options, 8);
    expect(a.count).toBe(2 * plain.count);
    expect(Array.from(a.values)).toEqual(Array.from(b.values));
    expect(Array.from(a.values)).not.toEqual(Array.from(c.values));
    expect(Array.from(a.values.subarray(0, plain.values.length))).not.toEqual(Array.from(plain.values));
  });

  it('names bad options', () => {
    expect(() => checkAugmentOptions({ ...options, copies: 20 })).toThrow(
      'Expected augmentation copies to be an integer in [0, 8], got 20',
    );
    expect(() => checkAugmentOptions({ ...options, speed: [1.2, 0.9] })).toThrow(
      'Expected the speed range as [min, max] within [0.5, 2], got [1.2, 0.9]',
    );
  });
});

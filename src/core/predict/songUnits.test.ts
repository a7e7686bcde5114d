import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeWav } from '../audio/wav';
import { saveBundle, saveKnnBundle } from '../bundle/bundle';
import { GTZAN_CSV, gtzanFixture, gtzanMeta, trainedGtzanMlp, type GtzanFixture } from '../bundle/testing';
import { pca2d } from '../eval/pca';
import { extractFrameWindows, frameFeatureMatrix, framesSpec } from '../features/frames';
import { extractGtzanLibrosa } from '../features/gtzanLibrosa';
import { logMelPatches, logmelSpec } from '../features/logmel';
import { initNodeTf, tf } from '../../node/tf';
import { openRunnableModel, standardizeExamples, type RunnableModel } from './modelRunner';
import { isSilent, predictUnits, unitInputs } from './songUnits';

const data = path.resolve(process.cwd(), '../shared/data');
const RATE = 22_050;
const clip = (name: string) =>
  decodeWav(new Uint8Array(readFileSync(path.join(data, 'gtzan-check', name)))).channels[0];

let fx: GtzanFixture;
let knn: RunnableModel;
let blues: Float32Array;
let metal: Float32Array;

beforeAll(async () => {
  await initNodeTf();
  fx = gtzanFixture(readFileSync(path.join(data, GTZAN_CSV), 'utf8'));
  const { rows, columns, labels } = fx.dataset;
  const pca = pca2d(fx.x, rows, columns.length);
  // 1-NN over all 1,000 published GTZAN rows: a clip whose features match its own row must get its genre.
  const meta = gtzanMeta(fx, {
    kind: 'knn',
    modelConfig: { family: 'knn', version: 1, k: 1, weighting: 'uniform', metric: 'euclidean' },
    projection: {
      space: 'input',
      mean: pca.mean,
      components: pca.components,
      points: Array.from(
        { length: rows },
        (_, i) => [pca.points[2 * i], pca.points[2 * i + 1]] as [number, number],
      ).slice(0, 2000),
      labels: Array.from(labels),
    },
  });
  const saved = saveKnnBundle({ count: rows, dim: columns.length, points: fx.x, labels }, meta);
  knn = await openRunnableModel(saved);
  blues = clip('blues.00000.wav');
  metal = clip('metal.00000.wav');
});

describe('predictUnits with gtzan-librosa segments', () => {
  it('places the two GTZAN check clips on their own published rows: blues and metal', () => {
    for (const [samples, genre, file] of [
      [blues, 'blues', 'blues.00000.wav'],
      [metal, 'metal', 'metal.00000.wav'],
    ] as const) {
      const { units, featuresMs, inferenceMs } = predictUnits(knn, samples, 30);
      expect(units).toHaveLength(1);
      const [unit] = units;
      expect(unit.start).toBe(30);
      expect(unit.end).toBeCloseTo(30 + samples.length / RATE, 9);
      expect(knn.meta.classNames[unit.probs!.indexOf(Math.max(...unit.probs!))]).toBe(genre);
      // The segment's point is the training point of the same track (features equal to 1e-5 std).
      const row = fx.dataset.ids.indexOf(file);
      const [x, y] = knn.meta.projection!.points[row];
      expect(unit.point![0]).toBeCloseTo(x, 3);
      expect(unit.point![1]).toBeCloseTo(y, 3);
      expect(featuresMs).toBeGreaterThanOrEqual(0);
      expect(inferenceMs).toBeGreaterThanOrEqual(0);
    }
  });

  it('gives a network the standardised features in its column order, and leaks no tensors', async () => {
    const model = await trainedGtzanMlp(fx);
    const runnable = await openRunnableModel(await saveBundle(model, gtzanMeta(fx)));
    const piece = blues.subarray(0, 5 * RATE);
    const features = extractGtzanLibrosa(piece);
    const expected = runnable.classifier.predictProbs(
      standardizeExamples(features, [57], runnable.meta.normalization),
    );
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) {
      const [unit] = predictUnits(runnable, piece, 0).units;
      unit.probs!.forEach((p, c) => expect(p).toBeCloseTo(expected[c], 5));
      expect(unit.probs!.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
      expect(unit.point).toBeNull(); // this bundle has no projection
    }
    expect(tf.memory().numTensors).toBe(before);
    runnable.classifier.dispose();
  });

  it('does not show silence, or a clip too short to tell, to the model', () => {
    const silence = predictUnits(knn, new Float32Array(5 * RATE), 0).units;
    expect(silence).toEqual([{ start: 0, end: 5, probs: null, point: null }]);
    const tone = (n: number) =>
      Float32Array.from({ length: n }, (_, i) => 0.5 * Math.sin((2 * Math.PI * 440 * i) / RATE));
    // Shorter than a frame, and shorter than the 3 s a gtzan-librosa summary needs: no answer, marked short.
    for (const n of [300, 2 * RATE]) {
      const [unit] = predictUnits(knn, tone(n), 0).units;
      expect(unit).toMatchObject({ start: 0, end: n / RATE, probs: null, short: true });
    }
    const [unit] = predictUnits(knn, tone(3 * RATE), 0).units;
    expect(unit.short).toBeUndefined();
    for (const p of unit.probs!) expect(Number.isFinite(p)).toBe(true);
  });

  it('names a column the feature set does not compute', () => {
    const spec = { ...fx.spec, columns: ['tempo', 'loudness_mean'] };
    expect(() => unitInputs(spec, [2], blues, 0)).toThrow(
      'The model needs the column "loudness_mean", which the "gtzan-librosa" feature set does not compute',
    );
  });
});

describe('unitInputs for frames and logmel models', () => {
  it('gives one input per 1-s window, columns picked by name', () => {
    const columns = ['rms_max', 'mfcc1_mean', 'centroid_std'];
    const spec = { ...framesSpec, columns };
    const piece = blues.subarray(0, 5 * RATE);
    const { inputs, spans } = unitInputs(spec, [3], piece, 60);
    const windows = extractFrameWindows(piece, 1);
    expect(spans.map((s) => [s.start, s.end])).toEqual(windows.map((w) => [60 + w.start, 60 + w.end]));
    windows.forEach((w, i) =>
      columns.forEach((c, j) => expect(inputs[i * 3 + j]).toBe(w.values[framesSpec.columns.indexOf(c)])),
    );
  });

  it('reads the same windows from a frame matrix the caller computed once', () => {
    const piece = blues.subarray(0, 5 * RATE);
    const spec = { ...framesSpec };
    const fresh = unitInputs(spec, [framesSpec.columns.length], piece, 0);
    const shared = unitInputs(spec, [framesSpec.columns.length], piece, 0, frameFeatureMatrix(piece));
    expect(shared).toEqual(fresh);
  });

  it('lays log-mel patches out as the model takes them: frames × bands, or transposed', () => {
    const piece = metal.subarray(0, 4 * RATE);
    const patches = logMelPatches(piece);
    const frameMajor = unitInputs(logmelSpec, [130, 128, 1], piece, 0);
    expect(frameMajor.spans).toHaveLength(patches.length);
    expect(Array.from(frameMajor.inputs.subarray(0, 130 * 128))).toEqual(Array.from(patches[0].data));
    const bandMajor = unitInputs(logmelSpec, [128, 130, 1], piece, 0);
    // Band 5 of frame 7 in both layouts.
    expect(bandMajor.inputs[5 * 130 + 7]).toBe(patches[0].data[7 * 128 + 5]);
  });
});

describe('isSilent', () => {
  it('hears a -40 dBFS tone, not -70 dBFS hiss or NaNs', () => {
    const tone = (db: number) =>
      Float32Array.from({ length: RATE }, (_, i) => 10 ** (db / 20) * Math.SQRT2 * Math.sin(i / 5));
    expect(isSilent(tone(-40))).toBe(false);
    expect(isSilent(tone(-70))).toBe(true);
    expect(isSilent(new Float32Array(RATE).fill(NaN))).toBe(true);
    expect(isSilent(new Float32Array(0))).toBe(true);
  });
});

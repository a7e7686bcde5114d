import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { saveBundle, saveKnnBundle, type BundleParts } from '../bundle/bundle';
import type { BundleMeta } from '../bundle/meta';
import { applyStandardizer, fitStandardizer, type Standardizer } from '../data/normalize';
import { framesSpec } from '../features/frames';
import { gtzanLibrosaSpec } from '../features/gtzanLibrosa';
import { extractTimbreWindows, timbreSpec } from '../features/timbre';
import { buildClassifier, type ClassifierModel } from '../models/build';
import { defaultModelConfig, type MlpConfig } from '../models/config';
import { decodeAudioFile } from '../../node/decodeFile';
import { readBundleDir } from '../../node/bundleFiles';
import { initNodeTf, tf } from '../../node/tf';
import { LivePredictor } from '../predict/livePredictor';
import { createLiveAnalyzer, MIN_ONSET_FRAMES } from './liveAnalysis';
import { createLiveRowReader, openLiveModel } from './liveModel';

const TRUMPET = path.resolve(process.cwd(), '../shared/data/songs/sorohanro_-_solo-trumpet-06.ogg');
const CLASSES = ['flute', 'other', 'trumpet'];
const COLS = framesSpec.columns.length;
const BACKEND = { backend: 'wasm', reason: 'test' };

/** The full 1-s windows Live computes from the trumpet clip, as a device would deliver it at 22,050 Hz. */
let rows: Float32Array[];
let standardizer: Standardizer;
let network: ClassifierModel;
let parts: BundleParts;

function metaFor(kind: 'tf-layers' | 'knn', modelConfig: unknown, spec = framesSpec): BundleMeta {
  return {
    format: 'oido-model',
    version: 1,
    name: 'live-test',
    createdAt: '2024-01-01T00:00:00.000Z',
    task: 'instruments',
    classNames: CLASSES,
    featureSpec: spec,
    inputShape: [spec.columns.length],
    normalization: { mean: standardizer.mean, std: standardizer.std, version: standardizer.version },
    modelConfig,
    trainingConfig: {},
    metrics: {},
    data: { source: 'sorohanro_-_solo-trumpet-06.ogg', rows: rows.length, classCounts: {} },
    kind,
  };
}

beforeAll(async () => {
  await initNodeTf({ backend: 'wasm' });
  const { samples } = await decodeAudioFile(TRUMPET);
  rows = createLiveAnalyzer(22_050)
    .push(samples, 0)
    .filter((w) => w.full && !w.silent)
    .map((w) => w.row);
  const flat = new Float32Array(rows.length * COLS);
  rows.forEach((r, i) => flat.set(r, i * COLS));
  standardizer = fitStandardizer(flat, rows.length, COLS);
  // An untrained but real network (seeded): the test is about the plumbing, not the model's skill.
  const config = { ...defaultModelConfig('mlp'), hidden: [16] } as MlpConfig;
  network = buildClassifier(config, [COLS], CLASSES.length, 5);
  const saved = await saveBundle(network.model, metaFor('tf-layers', config));
  parts = { modelJson: saved.modelJson, weights: saved.weights, meta: saved.meta };
});

describe('openLiveModel', () => {
  it('gives exactly the offline predictions of the standardised rows, without leaking tensors', async () => {
    expect(rows.length).toBeGreaterThan(15);
    const live = await openLiveModel(parts, BACKEND);
    expect(live.info).toMatchObject({
      name: 'live-test',
      classNames: CLASSES,
      backend: 'wasm',
      backendReason: 'test',
      embeddingSize: 16,
      openSet: null,
    });
    expect(live.info.base).toEqual({ name: 'live-test', hash: expect.stringMatching(/^[0-9a-f]{16}$/) });
    const flat = new Float32Array(rows.length * COLS);
    rows.forEach((r, i) => flat.set(r, i * COLS));
    const offline = network.predictProbs(applyStandardizer(standardizer, flat, rows.length, COLS));
    live.classify(rows[0]);
    const tensors = tf.memory().numTensors;
    rows.forEach((row, i) => {
      const probs = live.classify(row);
      expect(probs.length).toBe(CLASSES.length);
      for (let c = 0; c < CLASSES.length; c++)
        expect(probs[c]).toBeCloseTo(offline[i * CLASSES.length + c], 5);
      expect(probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    });
    expect(tf.memory().numTensors).toBe(tensors);
    live.dispose();
  });

  it('analyses a row in one pass: the same probabilities, its logits and a unit-length embedding', async () => {
    const live = await openLiveModel(parts, BACKEND);
    live.analyse(rows[0]);
    const tensors = tf.memory().numTensors;
    for (const row of rows.slice(0, 5)) {
      const out = live.analyse(row);
      const probs = live.classify(row);
      expect(Array.from(out.probs)).toEqual(Array.from(probs).map((p) => expect.closeTo(p, 5)));
      expect(out.logits).toHaveLength(CLASSES.length);
      expect(out.embedding).toHaveLength(16);
      expect(Math.hypot(...out.embedding)).toBeCloseTo(1, 4);
    }
    expect(tf.memory().numTensors).toBe(tensors);
    expect(live.openSet.rule).toEqual({ score: 'max-prob', threshold: 0.4, source: 'fallback' });
    live.dispose();
  });

  it('runs a k-NN bundle: a training row is its own nearest neighbour', async () => {
    const points = applyStandardizer(
      standardizer,
      Float32Array.from(rows.flatMap((r) => Array.from(r))),
      rows.length,
      COLS,
    );
    const labels = Int32Array.from(rows, (_, i) => i % CLASSES.length);
    const knnConfig = { ...defaultModelConfig('knn'), k: 1 };
    const saved = saveKnnBundle({ count: rows.length, dim: COLS, points, labels }, metaFor('knn', knnConfig));
    const live = await openLiveModel(
      { modelJson: saved.modelJson, weights: saved.weights, meta: saved.meta },
      BACKEND,
    );
    expect(live.info.backend).toBe('k-NN (TypeScript)');
    for (const i of [0, 4, 11]) {
      const probs = live.classify(rows[i]);
      expect(probs.indexOf(Math.max(...probs))).toBe(labels[i]);
    }
    live.dispose();
  });

  it('refuses a model for another feature set, releasing what it loaded', async () => {
    const tensors = tf.memory().numTensors;
    const config = { ...defaultModelConfig('mlp'), hidden: [8] } as MlpConfig;
    const gtzan = buildClassifier(config, [gtzanLibrosaSpec.columns.length], CLASSES.length, 3);
    const saved = await saveBundle(gtzan.model, {
      ...metaFor('tf-layers', config, gtzanLibrosaSpec),
      normalization: null,
    });
    gtzan.dispose();
    const before = tf.memory().numTensors;
    expect(before).toBe(tensors);
    await expect(
      openLiveModel({ modelJson: saved.modelJson, weights: saved.weights, meta: saved.meta }, BACKEND),
    ).rejects.toThrow(
      'Live computes "frames", "timbre" or "meyda" features on 1-s windows; the model "live-test" uses "gtzan-librosa"',
    );
    expect(tf.memory().numTensors).toBe(before);
  });

  it('runs a model that reads some of the columns Live computes (frames without chroma), and names one it lacks', async () => {
    const kept = framesSpec.columns.flatMap((c, i) => (c.startsWith('chroma') ? [] : [i]));
    const spec = { ...framesSpec, columns: kept.map((i) => framesSpec.columns[i]) };
    const picked = (r: Float32Array) => Float32Array.from(kept, (i) => r[i]);
    const flat = Float32Array.from(rows.flatMap((r) => Array.from(picked(r))));
    const own = fitStandardizer(flat, rows.length, kept.length);
    const config = { ...defaultModelConfig('mlp'), hidden: [8] } as MlpConfig;
    const subsetNet = buildClassifier(config, [kept.length], CLASSES.length, 4);
    const meta = {
      ...metaFor('tf-layers', config, spec),
      normalization: { mean: own.mean, std: own.std, version: own.version },
    };
    const saved = await saveBundle(subsetNet.model, meta);
    const live = await openLiveModel(
      { modelJson: saved.modelJson, weights: saved.weights, meta: saved.meta },
      BACKEND,
    );
    const offline = subsetNet.predictProbs(applyStandardizer(own, flat, rows.length, kept.length));
    rows.slice(0, 6).forEach((row, i) => {
      // Live hands the model the whole frames row; the model's columns are picked from it.
      const probs = live.classify(row);
      for (let c = 0; c < CLASSES.length; c++)
        expect(probs[c]).toBeCloseTo(offline[i * CLASSES.length + c], 5);
    });
    live.dispose();
    const unknown = await saveBundle(subsetNet.model, {
      ...meta,
      featureSpec: { ...spec, columns: [...spec.columns.slice(1), 'chroma13_mean'] },
    });
    await expect(
      openLiveModel({ modelJson: unknown.modelJson, weights: unknown.weights, meta: unknown.meta }, BACKEND),
    ).rejects.toThrow('Feature set "frames" does not compute the column "chroma13_mean"');
    subsetNet.dispose();
  });

  it('names a row of the wrong length or with a non-finite value', async () => {
    const live = await openLiveModel(parts, BACKEND);
    expect(() => live.classify(new Float32Array(10))).toThrow(`Expected a row of ${COLS} features, got 10`);
    const bad = rows[0].slice();
    bad[3] = Number.NaN;
    expect(() => live.classify(bad)).toThrow(
      `Expected finite features, got NaN for ${framesSpec.columns[3]}`,
    );
    live.dispose();
  });

  it("applies the shipped instruments model's novelty rule per window: a pure tone is unknown, a real trumpet mostly not", async () => {
    const shipped = await readBundleDir(path.resolve(process.cwd(), 'public/models/instruments'));
    const live = await openLiveModel(shipped, BACKEND);
    const shippedMeta = shipped.meta as BundleMeta;
    const predictor = new LivePredictor(
      live.info.classNames,
      live.info.base,
      live.info.embeddingSize,
      live.openSet.rule,
      0.1,
    );
    const tone = Float32Array.from(
      { length: 22_050 * 4 },
      (_, i) => 0.3 * Math.sin((2 * Math.PI * 440 * i) / 22_050),
    );
    // Each stream read as Live reads it for this model (its own rows for a timbre model).
    const liveRows = (samples: Float32Array) => {
      const read = createLiveRowReader(shippedMeta.featureSpec);
      return createLiveAnalyzer(22_050)
        .push(samples, 0)
        .map((w) => ({ w, r: read(w) }))
        .filter(({ w, r }) => r.full && !w.silent)
        .map(({ r }) => r.row);
    };
    const toneRows = liveRows(tone);
    expect(toneRows.length).toBeGreaterThan(10);
    for (const row of toneRows) {
      const out = live.analyse(row);
      expect(out.novel).toBe(true);
      expect(predictor.decide(out).unknown).toBe(true);
    }
    const trumpetRows = liveRows((await decodeAudioFile(TRUMPET)).samples);
    const trumpetNovel = trumpetRows.filter((row) => live.analyse(row).novel).length;
    expect(trumpetNovel / trumpetRows.length).toBeLessThan(0.2);
    live.dispose();
  });
});

describe('createLiveRowReader', () => {
  it('reads a timbre model’s row of a sound after silence from its onset alone, as a clip of it would be read', async () => {
    const { samples } = await decodeAudioFile(TRUMPET);
    const silence = new Float32Array(22_050);
    const signal = new Float32Array(silence.length + 22_050);
    signal.set(samples.subarray(11_025, 11_025 + 22_050), silence.length);
    const read = createLiveRowReader(timbreSpec);
    let onsetRows = 0;
    for (const w of createLiveAnalyzer(22_050).push(signal, 0)) {
      const r = read(w);
      expect(r.onset).toBe(w.onsetRow !== null || !w.full);
      expect(r.full).toBe(w.full || w.soundFrames >= MIN_ONSET_FRAMES);
      if (!w.onsetRow || w.silent) continue;
      onsetRows++;
      // The clip of the frames since the onset: its one row is the reader's row.
      const start = (w.frames - w.soundFrames) * framesSpec.hop;
      const end = (w.frames - 1) * framesSpec.hop + framesSpec.frameLength;
      const [clip] = extractTimbreWindows(signal.subarray(start, end), 1);
      expect(Array.from(r.row)).toEqual(Array.from(clip.values).map((v) => expect.closeTo(v, 3)));
    }
    expect(onsetRows).toBeGreaterThanOrEqual(9);
  });
});

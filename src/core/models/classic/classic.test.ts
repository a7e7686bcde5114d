import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openBundle, type BundleParts } from '../../bundle/bundle';
import { readClassic, saveClassicBundle } from '../../bundle/classicBundle';
import { GTZAN_CSV, gtzanFixture, gtzanMeta, type GtzanFixture } from '../../bundle/testing';
import { evaluate } from '../../eval/metrics';
import { parseModelConfig, type ModelConfig } from '../config';
import { ClassicClassifier } from './classic';
import { fitClassic } from './progress';
import {
  CLASSIC_FAMILIES,
  CLASSIC_OPTIONS,
  searchSpace,
  type ClassicConfig,
  type ClassicFamily,
} from './families';

const csv = readFileSync(path.resolve(process.cwd(), '../shared/data', GTZAN_CSV), 'utf8');
let fx: GtzanFixture;
/** Every 4th row held out; small options so each family fits in well under a second. */
let train: { x: Float32Array; y: Int32Array };
let test: { x: Float32Array; y: Int32Array };
const COLS = 57;

const SMALL: Record<ClassicFamily, Record<string, unknown>> = {
  'random-forest': { nEstimators: 25 },
  'gradient-boosting': { nEstimators: 15 },
  svm: {},
  'naive-bayes': {},
  'decision-tree': { maxDepth: 8 },
};
/** Held-out accuracy each family must beat on 10 genres (chance is 0.10). */
const FLOOR: Record<ClassicFamily, number> = {
  'random-forest': 0.5,
  'gradient-boosting': 0.5,
  svm: 0.6,
  'naive-bayes': 0.35,
  'decision-tree': 0.3,
};

function subset(rows: number[]): { x: Float32Array; y: Int32Array } {
  const x = new Float32Array(rows.length * COLS);
  rows.forEach((r, i) => x.set(fx.x.subarray(r * COLS, (r + 1) * COLS), i * COLS));
  return { x, y: Int32Array.from(rows, (r) => fx.dataset.labels[r]) };
}

beforeAll(() => {
  fx = gtzanFixture(csv);
  const all = Array.from({ length: fx.dataset.rows }, (_, i) => i);
  train = subset(all.filter((r) => r % 4 !== 0));
  test = subset(all.filter((r) => r % 4 === 0));
});

function configOf(family: ClassicFamily): ClassicConfig {
  return parseModelConfig({ family, ...SMALL[family] }) as ClassicConfig;
}

function fitted(family: ClassicFamily): Promise<ClassicClassifier> {
  return new ClassicClassifier(configOf(family), { nClasses: 10, inputShape: [COLS] }).fit(train.x, train.y);
}

function bundleOf(model: ClassicClassifier): BundleParts {
  const meta = gtzanMeta(fx, { kind: 'classic', modelConfig: model.config as ModelConfig });
  const saved = saveClassicBundle(model, meta);
  return { modelJson: JSON.parse(JSON.stringify(saved.modelJson)), weights: saved.weights, meta: saved.meta };
}

describe.each(CLASSIC_FAMILIES)('%s', (family) => {
  it('learns GTZAN genres from 750 rows, well above chance, with rows of probabilities', async () => {
    const progress: number[] = [];
    const model = await new ClassicClassifier(configOf(family), { nClasses: 10, inputShape: [COLS] }).fit(
      train.x,
      train.y,
      { onProgress: (done) => progress.push(done) },
    );
    const probs = model.predictProbs(test.x);
    expect(probs.length).toBe(test.y.length * 10);
    for (let r = 0; r < test.y.length; r++) {
      const row = probs.subarray(r * 10, (r + 1) * 10);
      expect(row.every((p) => p >= 0 && p <= 1)).toBe(true);
      expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
    }
    const { accuracy } = evaluate(test.y, probs, fx.dataset.classNames);
    expect(accuracy).toBeGreaterThan(FLOOR[family]);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress[progress.length - 1]).toBe(progress.length);
    // No embedding: the scatter reads the class probabilities.
    expect(model.embeddingSize).toBe(10);
    expect(Array.from(model.embed(test.x.subarray(0, COLS)))).toEqual(Array.from(probs.subarray(0, 10)));
    model.dispose();
  });

  it('saves to a classic bundle and loads back through openBundle with the same probabilities', async () => {
    const model = await fitted(family);
    const before = model.predictProbs(test.x);
    const opened = await openBundle(bundleOf(model));
    expect(opened.kind).toBe('classic');
    if (opened.kind !== 'classic') return;
    expect(opened.meta.kind).toBe('classic');
    const after = opened.classifier.predictProbs(test.x);
    for (let i = 0; i < before.length; i++) expect(after[i]).toBeCloseTo(before[i], 5);
    opened.classifier.dispose();
    model.dispose();
  });

  it('refuses a bundle whose weights are cut short, or whose model.json names another format', async () => {
    const model = await fitted(family);
    const parts = bundleOf(model);
    const weights = parts.weights as ArrayBuffer;
    const meta = parts.meta as ReturnType<typeof gtzanMeta>;
    expect(() => readClassic(parts.modelJson, weights.slice(0, weights.byteLength - 8), meta)).toThrow(
      /truncated|describe/,
    );
    const wrong = { ...(parts.modelJson as Record<string, unknown>), format: 'oido-knn' };
    expect(() => readClassic(wrong, weights, meta)).toThrow(/format "oido-classic"/);
    const extra = { ...(parts.modelJson as Record<string, unknown>), code: 'alert(1)' };
    expect(() => readClassic(extra, weights, meta)).toThrow(/code/);
    model.dispose();
  });
});

describe('malformed classic bundles', () => {
  it('refuses a tree whose child points back up (a cycle), naming the node', async () => {
    const model = await fitted('decision-tree');
    const parts = bundleOf(model);
    const json = parts.modelJson as { arrays: Array<{ name: string; dtype: string; length: number }> };
    // Find the `left` array in the weights and point the root's left child at itself.
    let at = 0;
    const weights = (parts.weights as ArrayBuffer).slice(0);
    for (const a of json.arrays) {
      at = Math.ceil(at / 8) * 8;
      if (a.name === 'left') new Int32Array(weights, at, a.length)[0] = 0;
      at += a.length * (a.dtype === 'float64' ? 8 : 4);
    }
    expect(() => readClassic(parts.modelJson, weights, parts.meta as ReturnType<typeof gtzanMeta>)).toThrow(
      /Tree 0 node 0 is malformed/,
    );
    model.dispose();
  });

  it('refuses SVM coefficients that are not finite', async () => {
    const model = await fitted('svm');
    const parts = bundleOf(model);
    const json = parts.modelJson as { arrays: Array<{ name: string; dtype: string; length: number }> };
    let at = 0;
    const weights = (parts.weights as ArrayBuffer).slice(0);
    for (const a of json.arrays) {
      at = Math.ceil(at / 8) * 8;
      if (a.name === 'coef') new Float64Array(weights, at, a.length)[3] = NaN;
      at += a.length * (a.dtype === 'float64' ? 8 : 4);
    }
    expect(() => readClassic(parts.modelJson, weights, parts.meta as ReturnType<typeof gtzanMeta>)).toThrow(
      /finite values in "coef"/,
    );
    model.dispose();
  });

  it('refuses meta whose model config is of another family', async () => {
    const model = await fitted('naive-bayes');
    const parts = bundleOf(model);
    const meta = {
      ...(parts.meta as ReturnType<typeof gtzanMeta>),
      modelConfig: parseModelConfig({ family: 'svm' }),
    };
    expect(() => readClassic(parts.modelJson, parts.weights as ArrayBuffer, meta)).toThrow(
      /naive-bayes model but meta.modelConfig is svm/,
    );
    model.dispose();
  });
});

describe('classic configs', () => {
  it('fill recommended defaults and name the bad key', () => {
    expect(parseModelConfig({ family: 'random-forest' })).toMatchObject({
      nEstimators: 200,
      maxFeatures: 'sqrt',
    });
    expect(() => parseModelConfig({ family: 'random-forest', nEstimators: 0 })).toThrow(
      'Expected nEstimators to be an integer in [1, 2000], got 0',
    );
    expect(() => parseModelConfig({ family: 'svm', kernel: 'poly' })).toThrow(
      'Expected kernel to be one of "rbf", "linear", got "poly"',
    );
    expect(() => parseModelConfig({ family: 'gradient-boosting', learningRate: -1 })).toThrow(
      'Expected learningRate to be a number in [0.001, 1], got -1',
    );
    expect(() => parseModelConfig({ family: 'decision-tree', depth: 3 })).toThrow(/Unknown field "depth"/);
  });

  it('expose every option with a default inside its range, for the search', () => {
    for (const family of CLASSIC_FAMILIES) {
      for (const [key, spec] of Object.entries(CLASSIC_OPTIONS[family])) {
        if (spec.kind === 'choice') expect(spec.choices, key).toContain(spec.default);
        else {
          expect(spec.default, key).toBeGreaterThanOrEqual(spec.min);
          expect(spec.default, key).toBeLessThanOrEqual(spec.max);
          if (spec.log) expect(spec.min, key).toBeGreaterThan(0);
          if (spec.kind === 'float' && spec.search)
            expect(spec.search.min, key).toBeGreaterThanOrEqual(spec.min);
        }
      }
      expect(Object.keys(searchSpace(family))).not.toContain('seed');
      for (const [key, spec] of Object.entries(searchSpace(family))) {
        if (spec.kind !== 'choice' && spec.log) expect(spec.min, `${family}.${key}`).toBeGreaterThan(0);
      }
    }
  });

  it('repeat a random forest exactly for a seed, and differ for another', async () => {
    const a = (await fitted('random-forest')).predictProbs(test.x);
    const b = (await fitted('random-forest')).predictProbs(test.x);
    expect(Array.from(b)).toEqual(Array.from(a));
    const other = await new ClassicClassifier(
      parseModelConfig({ family: 'random-forest', nEstimators: 25, seed: 7 }) as ClassicConfig,
      { nClasses: 10, inputShape: [COLS] },
    ).fit(train.x, train.y);
    expect(Array.from(other.predictProbs(test.x))).not.toEqual(Array.from(a));
  });

  it('stop a forest between trees when the signal aborts', async () => {
    const controller = new AbortController();
    const model = new ClassicClassifier(
      parseModelConfig({ family: 'random-forest', nEstimators: 500 }) as ClassicConfig,
      { nClasses: 10, inputShape: [COLS] },
    );
    const seen: number[] = [];
    const fit = fitClassic(model, train.x, train.y, {
      signal: controller.signal,
      onProgress: (done) => {
        seen.push(done);
        if (done === 3) controller.abort();
      },
    });
    await expect(fit).resolves.toBeNull();
    expect(seen.length).toBeLessThan(500);
    expect(() => model.predictProbs(test.x)).toThrow(/has not been fitted/);
  });

  it('refuse non-finite features with a clear message', async () => {
    const model = await fitted('naive-bayes');
    const bad = test.x.slice(0, COLS);
    bad[3] = NaN;
    expect(() => model.predictProbs(bad)).toThrow('Expected finite features, got NaN at row 0');
  });
});

import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { classifyCommand } from '../../src/cli/classify';
import { loadBundle } from '../../src/core/bundle/bundle';
import { parseModelIndex } from '../../src/core/bundle/modelIndex';
import { gtzanLibrosaSpec } from '../../src/core/features/gtzanLibrosa';
import { readBundleDir } from '../../src/node/bundleFiles';
import { initNodeTf } from '../../src/node/tf';
import { DATA, MAX_SHIPPED_BUNDLE_BYTES, MODELS } from './report';

const quiet = { out: () => {}, err: () => {} };
const GENRE = path.join(MODELS, 'genre');
const REGGAETON = path.join(MODELS, 'reggaeton');

async function readJson(file: string): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
}

beforeAll(async () => {
  await initNodeTf();
});

describe('the committed models', () => {
  it.each([
    ['genre', GENRE],
    ['reggaeton', REGGAETON],
  ])(
    '%s loads through readBundleDir + loadBundle, within 2 MB, with the metrics of its report',
    async (name, dir) => {
      const { model, meta } = await loadBundle(await readBundleDir(dir));
      model.dispose();
      expect(meta.name).toBe(name);
      expect(meta.task).toBe(name);
      const report = await readJson(path.join(dir, 'report.json'));
      expect(meta.metrics).toEqual(report.metrics);
      let bytes = 0;
      for (const file of ['model.json', 'weights.bin', 'meta.json'])
        bytes += (await stat(path.join(dir, file))).size;
      expect(bytes).toBeLessThanOrEqual(MAX_SHIPPED_BUNDLE_BYTES);
      expect(report.bytes).toBe(bytes);
    },
  );

  it('genre reads the GTZAN features and tells the check tracks apart: blues is blues, metal is metal', async () => {
    const { meta } = await loadBundle(await readBundleDir(GENRE)).then((b) => {
      b.model.dispose();
      return b;
    });
    expect(meta.featureSpec).toEqual(gtzanLibrosaSpec);
    expect(meta.classNames).toHaveLength(10);
    const cv = meta.metrics.crossValidation as { k: number; accuracy: number };
    expect(cv.k).toBe(10);
    expect(cv.accuracy).toBeGreaterThan(0.7);
    const { results, failures } = await classifyCommand(
      [
        '--model',
        GENRE,
        path.join(DATA, 'gtzan-check/blues.00000.wav'),
        path.join(DATA, 'gtzan-check/metal.00000.wav'),
      ],
      quiet,
    );
    expect(failures).toBe(0);
    expect(results.map((r) => r.top)).toEqual(['blues', 'metal']);
  });

  it('reggaeton has its threshold in meta.metrics and the 50 scored test songs in its report', async () => {
    const meta = await readJson(path.join(REGGAETON, 'meta.json'));
    const metrics = meta.metrics as { threshold: number; auc: number };
    expect(metrics.threshold).toBeGreaterThan(0);
    expect(metrics.threshold).toBeLessThan(1);
    expect(meta.classNames).toEqual(['other', 'reggaeton']);
    const report = await readJson(path.join(REGGAETON, 'report.json'));
    const unlabelled = report.unlabelled as {
      songs: number;
      threshold: number;
      markedAtThreshold: { count: number; ids: string[] };
      markedAtStudyCutoff: { count: number; ids: string[] };
    };
    expect(unlabelled.songs).toBe(50);
    expect(unlabelled.threshold).toBeCloseTo(metrics.threshold, 5);
    expect(unlabelled.markedAtThreshold.ids).toHaveLength(unlabelled.markedAtThreshold.count);
    // Scoring again with the CLI marks the same songs at the model's threshold.
    const { results } = await classifyCommand(
      ['--model', REGGAETON, path.join(DATA, 'tabular/spike-reggaeton/data_test.csv')],
      quiet,
    );
    const marked = results.filter((r) => r.top === 'reggaeton').map((r) => r.file.split('#')[1]);
    expect(marked.sort()).toEqual([...unlabelled.markedAtThreshold.ids].sort());
  });

  it('index.json lists the shipped bundles with their headline accuracy', async () => {
    const index = parseModelIndex(await readJson(path.join(MODELS, 'index.json')));
    const names = index.models.map((m) => m.name);
    expect(names).toEqual(expect.arrayContaining(['genre', 'reggaeton']));
    for (const entry of index.models) {
      const meta = await readJson(path.join(MODELS, entry.name, 'meta.json'));
      expect(entry.accuracy).toBe((meta.metrics as { accuracy?: number }).accuracy);
      expect(entry.classNames).toEqual(meta.classNames);
    }
  });
});

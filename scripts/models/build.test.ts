import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { classifyCommand } from '../../src/cli/classify';
import { loadBundle } from '../../src/core/bundle/bundle';
import { parseModelIndex } from '../../src/core/bundle/modelIndex';
import { gtzanLibrosaSpec } from '../../src/core/features/gtzanLibrosa';
import { readBundleDir } from '../../src/node/bundleFiles';
import { initNodeTf } from '../../src/node/tf';
import { DATA, MAX_SHIPPED_BUNDLE_BYTES, MODELS, ROOT } from './report';

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

  it('genre is scored on the artist-filtered test tracks it never trained on, and its checks are not training tracks', async () => {
    const { meta } = await loadBundle(await readBundleDir(GENRE)).then((b) => {
      b.model.dispose();
      return b;
    });
    expect(meta.featureSpec).toEqual(gtzanLibrosaSpec);
    expect(meta.classNames).toHaveLength(10);
    const report = (await readJson(path.join(GENRE, 'report.json'))) as {
      artistFiltered: { testTracks: number; accuracy: number };
      heldOut: { tracks: string[] };
      checks: { files: string[] };
      predictions: Array<{ file: string; top: string }>;
    };
    const list = async (name: string) =>
      (await readFile(path.join(DATA, 'tabular/gtzan/splits', name), 'utf8'))
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => l.replace(/\.wav$/, ''));
    const [train, test] = await Promise.all([list('train_filtered.txt'), list('test_filtered.txt')]);
    expect([...report.heldOut.tracks].sort()).toEqual([...test].sort());
    expect(report.artistFiltered.testTracks).toBe(290);
    // Ten genres: chance is 0.1; the artist-filtered figure is far below the random-split one.
    expect(report.artistFiltered.accuracy).toBeGreaterThan(0.4);
    const checks = report.checks.files.map((f) => path.basename(f).replace(/\.wav$/, ''));
    for (const track of checks) expect(train).not.toContain(track);

    // The report's answers for the check tracks are what classify says with the committed bundle.
    const { results, failures } = await classifyCommand(
      ['--model', GENRE, ...report.checks.files.slice(0, 2).map((f) => path.resolve(ROOT, f))],
      quiet,
    );
    expect(failures).toBe(0);
    expect(results.map((r) => r.top)).toEqual(report.predictions.slice(0, 2).map((p) => p.top));
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

import path from 'node:path';
import { writeFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { openBundle } from '../core/bundle/bundle';
import { readBundleDir } from '../node/bundleFiles';
import { classifyCommand } from './classify';
import { evaluateCommand } from './evaluate';
import { captureIo, DATA, gtzanSubset, tempDir } from './testing';
import { trainCommand } from './train';

const BLUES = path.join(DATA, 'gtzan-check/blues.00000.wav');
const METAL = path.join(DATA, 'gtzan-check/metal.00000.wav');

let dir: string;
let csv: string;

beforeAll(async () => {
  dir = await tempDir('family');
  csv = await gtzanSubset(dir, ['blues', 'classical', 'metal']);
});

describe('--family', () => {
  it('evaluate --family naive-bayes cross-validates that family with its recommended options', async () => {
    const io = captureIo();
    const summary = await evaluateCommand(
      ['--data', csv, '--drop', 'length', '--family', 'naive-bayes', '--cv', '3', '--json'],
      io,
    );
    expect(summary.config.model).toMatchObject({ family: 'naive-bayes', varSmoothing: 1e-9 });
    expect(summary.folds).toHaveLength(3);
    expect(summary.accuracy).toBeGreaterThan(0.7);
    expect(io.stderr).toContain('model: naive-bayes (model from the config, default training)');
  });

  it('train --family random-forest writes a classic bundle that classify reads and applies to audio', async () => {
    const out = path.join(dir, 'forest');
    const io = captureIo();
    const summary = await trainCommand(
      ['--data', csv, '--drop', 'length', '--family', 'random-forest', '--out', out, '--seed', '3'],
      io,
    );
    expect(io.stderr.filter((l) => /^tree \d+\/200 \(/.test(l))).toHaveLength(10);
    expect(summary.metrics.accuracy).toBeGreaterThan(0.8);
    const opened = await openBundle(await readBundleDir(out));
    expect(opened.kind).toBe('classic');
    if (opened.kind === 'classic') opened.classifier.dispose();
    expect(opened.meta.modelConfig).toMatchObject({ family: 'random-forest', nEstimators: 200 });

    const { results, failures } = await classifyCommand(
      ['--model', out, '--json', BLUES, METAL],
      captureIo(),
    );
    expect(failures).toBe(0);
    expect(results.map((r) => r.top)).toEqual(['blues', 'metal']);
    expect(Object.values(results[0].probs).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
  });

  it('refuses an unknown family, and a config of another family, by name', async () => {
    await expect(
      evaluateCommand(['--data', csv, '--family', 'xgboost', '--cv', '3'], captureIo()),
    ).rejects.toThrow(/Expected --family to be one of .*random-forest.*got xgboost/);
    const config = path.join(dir, 'mlp.json');
    await writeFile(config, JSON.stringify({ family: 'mlp' }));
    await expect(
      evaluateCommand(['--data', csv, '--family', 'svm', '--config', config, '--cv', '3'], captureIo()),
    ).rejects.toThrow('--family svm disagrees with the config\'s model family "mlp": give one of them');
  });
});

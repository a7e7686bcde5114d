import path from 'node:path';
import { writeFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { disposeOpened, openBundle } from '../core/bundle/bundle';
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
    expect(io.stderr).toContain(
      'model: naive-bayes (naive-bayes with its recommended options for tabular data)',
    );
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

  it('--family voting averages the recommended network and gradient boosting, in evaluate and in a bundle classify reads', async () => {
    const io = captureIo();
    const summary = await evaluateCommand(
      ['--data', csv, '--drop', 'length', '--family', 'voting', '--cv', '3', '--json'],
      io,
    );
    // Three classes: the recommended network is the many-class MLP (input dropout 0.2), with its training.
    expect(summary.config.model).toMatchObject({
      family: 'voting',
      models: [{ family: 'mlp', hidden: [256, 128], inputDropout: 0.2 }, { family: 'gradient-boosting' }],
      weights: [1, 1],
    });
    expect(summary.config.training).toMatchObject({ epochs: 25, labelSmoothing: 0.1 });
    expect(summary.accuracy).toBeGreaterThan(0.7);
    expect(io.stderr).toContain('model: voting (voting with its recommended options for tabular data)');

    const out = path.join(dir, 'vote');
    const trained = await trainCommand(
      ['--data', csv, '--drop', 'length', '--family', 'voting', '--out', out, '--seed', '3'],
      captureIo(),
    );
    expect(trained.metrics.accuracy).toBeGreaterThan(0.7);
    const opened = await openBundle(await readBundleDir(out));
    expect(opened.kind).toBe('voting');
    disposeOpened(opened);
    const { results, failures } = await classifyCommand(
      ['--model', out, '--json', BLUES, METAL],
      captureIo(),
    );
    expect(failures).toBe(0);
    expect(results.map((r) => r.top)).toEqual(['blues', 'metal']);
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

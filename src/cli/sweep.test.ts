import { beforeAll, describe, expect, it } from 'vitest';
import { sweepCommand, defaultWorkers, type SweepSummary } from './sweep';
import { captureIo, gtzanSubset, runEntry, tempDir } from './testing';

let csv: string;

beforeAll(async () => {
  const dir = await tempDir('sweep');
  csv = await gtzanSubset(dir, ['blues', 'classical', 'metal']);
});

describe('sweep CLI', () => {
  it('searches k-NN settings on worker threads and prints one JSON object with every trial and the best', async () => {
    const io = captureIo();
    const summary = await sweepCommand(
      [
        '--data',
        csv,
        '--drop',
        'length',
        '--family',
        'knn',
        '--trials',
        '4',
        '--cv',
        '3',
        '--workers',
        '2',
        '--seed',
        '3',
        '--json',
      ],
      io,
    );
    expect(io.stdout).toHaveLength(1);
    const printed = JSON.parse(io.stdout[0]) as SweepSummary;
    expect(printed).toEqual(summary);
    expect(printed.trials).toHaveLength(4);
    expect(printed.workers).toBe(2);
    expect(printed.rows).toBe(300);
    for (const t of printed.trials) {
      expect(t.status).toBe('done');
      expect(t.config.model.family).toBe('knn');
      expect(t.accuracy).toBeGreaterThan(0.5);
      expect(t.accuracy).toBeLessThanOrEqual(1);
      expect(Object.keys(t.settings).sort()).toEqual(['k', 'metric', 'weighting']);
    }
    const best = Math.max(...printed.trials.map((t) => t.accuracy!));
    expect(printed.best!.accuracy).toBe(best);
    expect(printed.best!.config).toEqual(printed.trials[printed.best!.trial - 1].config);
    expect(io.stderr.filter((l) => /^trial \d\/4 done: accuracy/.test(l))).toHaveLength(4);
  }, 60_000);

  it('one worker under CI, one per core otherwise', () => {
    expect(defaultWorkers({ CI: 'true' })).toBe(1);
    expect(defaultWorkers({})).toBeGreaterThanOrEqual(1);
  });

  it('names bad options with exit code 2, and a bad family', async () => {
    const bad = await runEntry('src/cli/sweep.ts', ['--data', csv, '--family', 'cnn2d', '--trials', '2']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--family cnn2d reads audio patches/);
    const sampler = await runEntry('src/cli/sweep.ts', ['--data', csv, '--sampler', 'bayes']);
    expect(sampler.code).toBe(2);
    expect(sampler.stderr).toMatch(/Expected --sampler to be random or grid, got bayes/);
    const folds = await runEntry('src/cli/sweep.ts', ['--data', csv, '--cv', '1']);
    expect(folds.stderr).toMatch(/Invalid --cv: 1/);
    const objective = await runEntry('src/cli/sweep.ts', ['--data', csv, '--objective', 'f1']);
    expect(objective.code).toBe(2);
    expect(objective.stderr).toMatch(/Expected --objective to be accuracy or auc, got f1/);
    // Three genres: no one class for an ROC curve.
    const auc = await runEntry('src/cli/sweep.ts', ['--data', csv, '--drop', 'length', '--objective', 'auc']);
    expect(auc.code).toBe(2);
    expect(auc.stderr).toMatch(
      /--objective auc scores two classes, and this data has 3: blues, classical, metal/,
    );
  }, 60_000);
});

import { beforeAll, describe, expect, it } from 'vitest';
import gtzan30Csv from '../../../../shared/data/tabular/gtzan/features_30_sec.csv?raw';
import { initNodeTf } from '../../node/tf';
import { subsetDataset, tabularFromCsv, type TabularDataset } from '../data/tabular';
import { spikeSubset } from '../data/spikeSubset.testing';
import { baseConfigFor, configForTrial, settingsOfBase } from './configs';
import { runSearch, type SweepReport } from './search';
import { searchSpaceFor } from './space';
import { MODEL_FAMILIES } from '../models/config';
import { scoreTrialJob, type TrialJob } from './trialJob';

beforeAll(async () => {
  await initNodeTf();
});

/** 20 tracks of each of four well-separated genres (real librosa features). */
function fourGenres(): TabularDataset {
  const ds = tabularFromCsv(gtzan30Csv, { drop: ['length'] });
  const keep = ['classical', 'metal', 'pop', 'reggae'].map((g) => ds.classNames.indexOf(g));
  const rows: number[] = [];
  const seen = new Map<number, number>();
  for (let r = 0; r < ds.rows; r++) {
    const c = ds.labels[r];
    if (!keep.includes(c) || (seen.get(c) ?? 0) >= 20) continue;
    seen.set(c, (seen.get(c) ?? 0) + 1);
    rows.push(r);
  }
  return subsetDataset(ds, rows);
}

const shape = { rows: 80, classes: 10 };

/** Trials scored on `ds` with at most `epochs` epochs each, so that network searches stay quick. */
function epochsAtMost(ds: TabularDataset, epochs: number) {
  return (job: TrialJob) =>
    scoreTrialJob(ds, {
      ...job,
      training: { ...job.training, epochs: Math.min(job.training.epochs, epochs) },
    });
}

describe('configForTrial', () => {
  it('puts each setting at its path and switches optimiser type cleanly', () => {
    const base = baseConfigFor('mlp', 'tabular', shape);
    const config = configForTrial(
      searchSpaceFor('mlp'),
      {
        hidden: [64],
        activation: 'elu',
        dropout: 0.1,
        l2: 1e-4,
        optimizer: 'sgd',
        learningRate: 0.02,
        batchSize: 16,
        epochs: 15,
      },
      base,
    );
    expect(config.model).toMatchObject({
      family: 'mlp',
      hidden: [64],
      activation: 'elu',
      dropout: 0.1,
      l2: 1e-4,
    });
    // The rest stays as recommended.
    expect(config.model.family === 'mlp' && config.model.inputDropout).toBe(0.2);
    expect(config.training.optimizer).toEqual({
      type: 'sgd',
      learningRate: 0.02,
      momentum: 0.9,
      nesterov: false,
    });
    expect(config.training).toMatchObject({ batchSize: 16, epochs: 15, labelSmoothing: 0.1 });
    expect(() => configForTrial(searchSpaceFor('mlp'), { hidden: [64] }, base)).toThrow(
      /Trial settings lack/,
    );
    expect(() =>
      configForTrial(
        searchSpaceFor('knn'),
        { k: 0, weighting: 'uniform', metric: 'cosine' },
        baseConfigFor('knn', 'tabular', shape),
      ),
    ).toThrow(/Expected k to be an integer in \[1, 1000\], got 0/);
  });
});

describe('a vote searched by its models and first weight', () => {
  it('builds the named models, keeping the base vote’s network, and one weight per model', () => {
    const space = searchSpaceFor('voting');
    const base = baseConfigFor('voting', 'tabular', shape);
    const training = { optimizer: 'adam', learningRate: 0.004, batchSize: 64, epochs: 15 };
    const three = configForTrial(
      space,
      { models: 'mlp+svm+gradient-boosting', firstWeight: 2, ...training },
      base,
    );
    if (three.model.family !== 'voting') throw new Error('expected a vote');
    expect(three.model.models.map((m) => m.family)).toEqual(['mlp', 'svm', 'gradient-boosting']);
    // The base's network is the recommended one for the data (input dropout for ten classes), not the defaults.
    expect(three.model.models[0]).toEqual(base.model.family === 'voting' && base.model.models[0]);
    expect(three.model.models[0]).toMatchObject({ inputDropout: 0.2 });
    expect(three.model.weights).toEqual([2, 1, 1]);
    const two = configForTrial(
      space,
      { models: 'svm+gradient-boosting', firstWeight: 0.5, ...training },
      base,
    );
    expect(two.model).toMatchObject({
      models: [{ family: 'svm' }, { family: 'gradient-boosting' }],
      weights: [0.5, 1],
    });
  });
});

describe('settingsOfBase', () => {
  it("reads every family's base config as settings that give the base back", () => {
    for (const family of MODEL_FAMILIES) {
      const space = searchSpaceFor(family);
      const base = baseConfigFor(family, 'tabular', shape);
      const settings = settingsOfBase(space, base);
      expect(settings, family).not.toBeNull();
      expect(Object.keys(settings!).sort()).toEqual(space.params.map((p) => p.name).sort());
      expect(configForTrial(space, settings!, base), family).toEqual(base);
    }
  });

  it('gives null when the base sets no value for a parameter', () => {
    const space = {
      family: 'knn' as const,
      budget: null,
      params: [{ name: 'x', path: 'model.notAnOption', spec: { kind: 'choice' as const, values: [1] } }],
    };
    expect(settingsOfBase(space, baseConfigFor('knn', 'tabular', shape))).toBeNull();
  });
});

describe('runSearch', () => {
  it('a k-NN grid over real features scores every k by grouped CV and reports the best', async () => {
    const ds = fourGenres();
    const updates: SweepReport[] = [];
    const report = await runSearch({
      space: {
        family: 'knn',
        budget: null,
        params: [
          { name: 'k', path: 'model.k', spec: { kind: 'choice', values: [1, 5, 50] } },
          { name: 'weighting', path: 'model.weighting', spec: { kind: 'choice', values: ['uniform'] } },
        ],
      },
      base: baseConfigFor('knn', 'tabular', shape),
      sampler: 'grid',
      trials: 10,
      folds: 3,
      seed: 2,
      concurrency: 2,
      runTrial: (job) => scoreTrialJob(ds, job),
      onUpdate: (r) => updates.push(r),
    });
    expect(report.trials).toHaveLength(3);
    expect(report.rungs).toEqual([1]);
    expect(report.trials.every((t) => t.status === 'done' && t.budget === null)).toBe(true);
    const accuracies = report.trials.map((t) => t.accuracy!);
    expect(report.best!.accuracy).toBe(Math.max(...accuracies));
    // 50 equal votes out of ~53 training rows of four classes are little better than the majority class.
    const byK = new Map(report.trials.map((t) => [t.settings.k, t.accuracy!]));
    expect(byK.get(5)!).toBeGreaterThan(byK.get(50)!);
    expect(updates.some((u) => u.trials.some((t) => t.status === 'running'))).toBe(true);
    // JSON-ready: one object that survives a round trip.
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });

  it('a classic family is searched over the options it publishes (a decision tree, random draws)', async () => {
    const ds = fourGenres();
    const space = searchSpaceFor('decision-tree');
    expect(space.budget).toBeNull();
    expect(space.params.map((p) => p.name)).not.toContain('seed');
    const report = await runSearch({
      space,
      base: baseConfigFor('decision-tree', 'tabular', shape),
      sampler: 'random',
      trials: 4,
      folds: 3,
      seed: 5,
      concurrency: 2,
      runTrial: (job) => scoreTrialJob(ds, job),
    });
    expect(report.trials).toHaveLength(4);
    expect(report.trials.every((t) => t.status === 'done')).toBe(true);
    // The first trial is the config the search starts from; the best is never worse than it.
    expect(report.trials[0].base).toBe(true);
    expect(report.trials[0].config).toEqual(baseConfigFor('decision-tree', 'tabular', shape));
    expect(report.trials.slice(1).every((t) => t.base === undefined)).toBe(true);
    expect(report.best!.accuracy).toBeGreaterThanOrEqual(report.trials[0].accuracy!);
    // Each trial's config is a decision tree with the settings drawn for it.
    for (const t of report.trials) {
      const model = t.config.model as unknown as Record<string, unknown>;
      expect(model.family).toBe('decision-tree');
      for (const [name, value] of Object.entries(t.settings)) expect(model[name]).toEqual(value);
    }
    // Four well-separated genres: the best tree is far above the 0.25 of a guess.
    expect(report.best!.accuracy).toBeGreaterThan(0.5);
  });

  it('an MLP search stops poor trials early and trains the best one on its full epochs', async () => {
    const ds = fourGenres();
    const report = await runSearch({
      space: searchSpaceFor('mlp'),
      base: baseConfigFor('mlp', 'tabular', shape),
      sampler: 'random',
      trials: 4,
      folds: 2,
      seed: 5,
      concurrency: 1,
      runTrial: epochsAtMost(ds, 6),
    });
    expect(report.rungs).toEqual([1 / 9, 1 / 3, 1]);
    // The recommended config (trial 1) is the reference: scored in full, never stopped early.
    expect(report.trials[0]).toMatchObject({ base: true, status: 'done', rungs: 3 });
    expect(report.best!.accuracy).toBeGreaterThanOrEqual(report.trials[0].accuracy!);
    const done = report.trials.filter((t) => t.status === 'done');
    expect(done.length).toBeGreaterThanOrEqual(1);
    expect(report.trials.filter((t) => t.status === 'stopped').length).toBeGreaterThanOrEqual(2);
    expect(report.best!.trial).toBe(done.sort((a, b) => b.accuracy! - a.accuracy!)[0].trial);
    expect(report.trials.find((t) => t.trial === report.best!.trial)!.budget).toBe(
      report.best!.config.training.epochs,
    );
    // Four separable genres: the best is far above chance (0.25).
    expect(report.best!.accuracy).toBeGreaterThan(0.6);
  }, 60_000);

  it('a vote search tries other sets of voters, each model fitted and averaged in every fold', async () => {
    const ds = fourGenres();
    const report = await runSearch({
      space: searchSpaceFor('voting'),
      base: baseConfigFor('voting', 'tabular', shape),
      sampler: 'random',
      trials: 3,
      folds: 2,
      seed: 3,
      concurrency: 1,
      runTrial: epochsAtMost(ds, 4),
    });
    expect(report.trials[0]).toMatchObject({ base: true, status: 'done' });
    expect(report.trials[0].settings.models).toBe('mlp+gradient-boosting');
    for (const t of report.trials) {
      if (t.config.model.family !== 'voting') throw new Error('expected votes');
      expect(t.config.model.models.map((m) => m.family).join('+')).toBe(t.settings.models);
      expect(t.config.model.weights[0]).toBe(t.settings.firstWeight);
    }
    expect(new Set(report.trials.map((t) => t.settings.models)).size).toBeGreaterThan(1);
    expect(report.best!.accuracy).toBeGreaterThanOrEqual(report.trials[0].accuracy!);
    expect(report.best!.accuracy).toBeGreaterThan(0.6);
  }, 120_000);

  it('ranks two-class trials by ROC AUC when asked (Spike reggaeton), and fails them without two classes', async () => {
    const ds = spikeSubset(350);
    const space = {
      family: 'knn' as const,
      budget: null,
      params: [{ name: 'k', path: 'model.k', spec: { kind: 'choice' as const, values: [1, 15, 40] } }],
    };
    const base = baseConfigFor('knn', 'tabular', { rows: ds.rows, classes: 2 });
    const report = await runSearch({
      space,
      base,
      sampler: 'grid',
      trials: 3,
      folds: 3,
      seed: 1,
      concurrency: 2,
      objective: 'auc',
      runTrial: (job) => scoreTrialJob(ds, job),
    });
    expect(report.objective).toBe('auc');
    expect(report.trials.every((t) => t.status === 'done' && typeof t.auc === 'number')).toBe(true);
    const aucs = report.trials.map((t) => t.auc!);
    expect(report.best!.auc).toBe(Math.max(...aucs));
    expect(report.best!.trial).toBe(report.trials[aucs.indexOf(Math.max(...aucs))].trial);
    // One neighbour votes 0 or 1: its ranking is coarse, and fifteen rank the rare class better.
    const byK = new Map(report.trials.map((t) => [t.settings.k, t.auc!]));
    expect(byK.get(15)!).toBeGreaterThan(byK.get(1)!);
    expect(byK.get(15)!).toBeGreaterThan(0.85);

    const four = await runSearch({
      space,
      base: baseConfigFor('knn', 'tabular', shape),
      sampler: 'grid',
      trials: 1,
      folds: 3,
      seed: 1,
      concurrency: 1,
      objective: 'auc',
      runTrial: (job) => scoreTrialJob(fourGenres(), job),
    });
    expect(four.best).toBeNull();
    expect(four.trials[0].status).toBe('failed');
    expect(four.trials[0].error).toMatch(/The AUC objective needs two-class data/);
    await expect(
      runSearch({
        space,
        base,
        sampler: 'grid',
        trials: 1,
        folds: 3,
        seed: 1,
        concurrency: 1,
        objective: 'f1' as 'auc',
        runTrial: (job) => scoreTrialJob(ds, job),
      }),
    ).rejects.toThrow(/Expected the objective to be accuracy or auc, got f1/);
  }, 60_000);
});

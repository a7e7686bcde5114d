import { describe, expect, it } from 'vitest';
import { MODEL_CONFIG_VERSION, MODEL_FAMILIES, defaultModelConfig, parseModelConfig } from './config';

describe('parseModelConfig', () => {
  it('fills every family with its defaults and the current version', () => {
    for (const family of MODEL_FAMILIES) {
      const config = parseModelConfig({ family });
      expect(config).toEqual(defaultModelConfig(family));
      expect(config.version).toBe(MODEL_CONFIG_VERSION);
    }
  });

  it('keeps the fields a caller gives', () => {
    const config = parseModelConfig({ family: 'mlp', hidden: [32], activation: 'maxout', maxoutPieces: 3 });
    expect(config).toMatchObject({
      family: 'mlp',
      hidden: [32],
      activation: 'maxout',
      maxoutPieces: 3,
      dropout: 0.3,
    });
  });

  it('names the bad value', () => {
    expect(() => parseModelConfig({ family: 'mlp', dropout: 1.5 })).toThrow(
      'Expected dropout in [0, 1), got 1.5',
    );
    expect(() => parseModelConfig({ family: 'mlp', hidden: [64, 0] })).toThrow(
      'Expected hidden[1] to be an integer in [1, 8192], got 0',
    );
    expect(() => parseModelConfig({ family: 'mlp', activation: 'gelu' })).toThrow('got "gelu"');
    expect(() => parseModelConfig({ family: 'cnn2d', activation: 'maxout' })).toThrow(
      'Expected activation to be one of relu, elu, leaky-relu, selu, swish, shifted-relu, tanh, got "maxout"',
    );
    expect(() => parseModelConfig({ family: 'cnn2d', blocks: [] })).toThrow(
      'Expected blocks to be a non-empty array',
    );
    expect(() =>
      parseModelConfig({ family: 'cnn2d', blocks: [{ filters: 8, kernel: [3, 0], pool: 2, dropout: 0 }] }),
    ).toThrow('Expected blocks[0].kernel[1] to be an integer in [1, 64], got 0');
    expect(() => parseModelConfig({ family: 'rnn', cell: 'rnn' })).toThrow(
      'Expected cell to be "gru" or "lstm", got "rnn"',
    );
    expect(() => parseModelConfig({ family: 'knn', k: 0 })).toThrow(
      'Expected k to be an integer in [1, 1000], got 0',
    );
    expect(() => parseModelConfig({ family: 'mlp', periodicSigma: 0 })).toThrow(
      'Expected periodicSigma in (0, 100], got 0',
    );
    expect(() => parseModelConfig({ family: 'mlp', periodicFrequencies: 1.5 })).toThrow(
      'Expected periodicFrequencies to be an integer in [1, 64], got 1.5',
    );
    expect(() => parseModelConfig({ family: 'mlp', inputEncoding: 'mixed' })).toThrow(
      'Expected members >= 2 for mixed inputs (one raw, one periodic at least), got 1',
    );
    expect(() => parseModelConfig({ family: 'mlp', inputEncoding: 'log' })).toThrow(
      'Expected inputEncoding to be "raw", "periodic" or "mixed", got "log"',
    );
    expect(() => parseModelConfig({ family: 'logistic', l2: -1 })).toThrow('Expected l2 in [0, 1], got -1');
    expect(() => parseModelConfig({ family: 'autoencoder', encoder: [] })).toThrow(
      'Expected encoder to be a non-empty array of layer widths, got []',
    );
  });

  it('checks ensemble members', () => {
    expect(() => parseModelConfig({ family: 'mlp', members: 0 })).toThrow(
      'Expected members to be an integer in [1, 16], got 0',
    );
    expect(() => parseModelConfig({ family: 'mlp', members: 3, activation: 'maxout' })).toThrow(
      'Expected members to be 1 with maxout',
    );
    expect(() => parseModelConfig({ family: 'mlp', members: 3, hidden: [] })).toThrow(
      'Expected at least one hidden layer for members = 3',
    );
  });

  it('rejects unknown families, fields and versions', () => {
    expect(() => parseModelConfig({ family: 'catboost' })).toThrow(
      'Expected family to be one of logistic, mlp',
    );
    expect(() => parseModelConfig(null)).toThrow('Expected a model config object, got null');
    expect(() => parseModelConfig({ family: 'mlp', widths: [3] })).toThrow(
      'Unknown field "widths" in a mlp config',
    );
    expect(() => parseModelConfig({ family: 'mlp', version: 2 })).toThrow(
      `Model config version 2 is not supported (this build reads version ${MODEL_CONFIG_VERSION})`,
    );
  });

  it('returns a copy that later edits of the input do not change', () => {
    const hidden = [8, 4];
    const config = parseModelConfig({ family: 'mlp', hidden });
    hidden.push(2);
    expect(config).toMatchObject({ hidden: [8, 4] });
  });
});

describe('voting configs', () => {
  it('parses each model with its own defaults, and gives equal weights when none are named', () => {
    const c = parseModelConfig({
      family: 'voting',
      models: [{ family: 'mlp', hidden: [32] }, { family: 'svm' }, { family: 'naive-bayes' }],
    });
    expect(c).toMatchObject({
      family: 'voting',
      models: [defaultModelConfig('mlp'), defaultModelConfig('svm'), defaultModelConfig('naive-bayes')].map(
        (d, i) => (i === 0 ? { ...d, hidden: [32] } : d),
      ),
      weights: [1, 1, 1],
    });
    expect(parseModelConfig({ family: 'voting' })).toEqual(defaultModelConfig('voting'));
  });

  it('names what cannot vote: one model, six, an image model, a vote inside a vote, bad weights, a bad member value', () => {
    const mlp = { family: 'mlp' };
    const bad: Array<[unknown, RegExp]> = [
      [{ family: 'voting', models: [mlp] }, /Expected models to be a list of 2 to 5 model configs/],
      [{ family: 'voting', models: Array(6).fill(mlp) }, /list of 2 to 5/],
      [
        { family: 'voting', models: [mlp, { family: 'cnn2d' }] },
        /models\[1\].family to be one of logistic, mlp, knn.*got "cnn2d"/,
      ],
      [{ family: 'voting', models: [mlp, { family: 'voting' }] }, /models\[1\].family .*got "voting"/],
      [{ family: 'voting', models: [mlp, mlp], weights: [1] }, /one number per model \(2\)/],
      [
        { family: 'voting', models: [mlp, mlp], weights: [1, 0] },
        /weights\[1\] to be a number in \(0, 1000\], got 0/,
      ],
      [
        { family: 'voting', models: [mlp, { family: 'random-forest', nEstimators: 0 }] },
        /^models\[1\]: .*nEstimators/,
      ],
      [{ family: 'voting', models: [mlp, mlp], members: 2 }, /Unknown field "members" in a voting config/],
    ];
    for (const [input, message] of bad) expect(() => parseModelConfig(input)).toThrow(message);
  });
});

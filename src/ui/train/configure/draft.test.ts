import { describe, expect, it } from 'vitest';
import { defaultModelConfig } from '../../../core/models/config';
import { recommendedConfig, recommendedModelFor } from '../../../core/train/recommended';
import { draftValue, errorPath, recommendedDraft, validateDraft, withDraftValue, withFamily } from './draft';

const labels = Int32Array.from({ length: 30 }, (_, i) => i % 3);
const groups = Array.from({ length: 30 }, (_, i) => `file${i}`);

describe('Configure draft', () => {
  it("starts from the engine's recommended tabular config and validates as is", () => {
    const draft = recommendedDraft('tabular', 40, 3);
    expect(draft.family).toBe('mlp');
    expect(draftValue(draft, 'model.hidden')).toEqual([256, 128]);
    expect(draftValue(draft, 'training.optimizer.type')).toBe('adam');
    const { valid, errors } = validateDraft(draft, { labels, groups }, true);
    expect(errors).toEqual([]);
    expect(valid!.model.family).toBe('mlp');
    expect(valid!.training.epochs).toBe(25);
    expect(valid!.split).toEqual({ train: 0.7, val: 0.15, test: 0.15, seed: 0 });
  });

  it('recommends a 2-D CNN for log-mel patches, and the 1-D CNN defaults fit 130 frames', () => {
    const draft = recommendedDraft('logmel', 40, 3);
    expect(draft.family).toBe('cnn2d');
    const cnn1d = withFamily(draft, 'cnn1d');
    expect(draftValue(cnn1d, 'model.blocks.0.kernel')).toBe(5);
    expect(validateDraft(cnn1d, null, true).errors).toEqual([]);
  });

  it("places each engine message beside the field it names, with the user's own text", () => {
    let draft = recommendedDraft('tabular', 40, 3);
    draft = withDraftValue(draft, 'training.optimizer.learningRate', 'fast');
    draft = withDraftValue(draft, 'model.hidden', [256, 0]);
    draft = withDraftValue(draft, 'split.test', 0.5);
    draft = withDraftValue(draft, 'modelSeed', 1.5);
    const { valid, errors } = validateDraft(draft, { labels, groups }, true);
    expect(valid).toBeNull();
    expect(errors).toEqual([
      { path: 'model.hidden.1', message: 'Expected hidden[1] to be an integer in [1, 8192], got 0' },
      {
        path: 'training.optimizer.learningRate',
        message: 'Expected optimizer.learningRate in (0, 10], got "fast"',
      },
      { path: '', message: 'Expected train + val + test to be 1, got 0.7 + 0.15 + 0.5 = 1.35' },
      { path: 'modelSeed', message: 'Expected the model seed to be an integer, got 1.5' },
    ]);
  });

  it('asks for a validation split when early stopping is on, and checks the split on the real files', () => {
    let draft = recommendedDraft('tabular', 40, 3);
    draft = withDraftValue(draft, 'training.earlyStopping', { patience: 5, minDelta: 0 });
    draft = withDraftValue(draft, 'split', { train: 0.8, val: 0, test: 0.2, seed: 0 });
    expect(validateDraft(draft, { labels, groups }, true).errors.map((e) => e.path)).toEqual([
      'training.earlyStopping',
    ]);
    const twoFiles = { labels: [0, 1, 0, 1], groups: ['a', 'a', 'b', 'b'] };
    expect(validateDraft(recommendedDraft('tabular', 4, 2), twoFiles, true).errors[0].message).toBe(
      'Expected at least 3 groups to split into 3 parts, got 2',
    );
  });

  it('checks augmentation only for audio, and keeps each family’s edits when switching', () => {
    let draft = withDraftValue(recommendedDraft('tabular', 40, 3), 'augment', { copies: 99 });
    expect(validateDraft(draft, null, false).errors).toEqual([]);
    expect(validateDraft(draft, null, true).errors[0].message).toContain('Expected augmentation copies');
    draft = withDraftValue(draft, 'model.dropout', 0.5);
    const back = withFamily(withFamily(draft, 'knn'), 'mlp');
    expect(draftValue(back, 'model.dropout')).toBe(0.5);
    expect(draftValue(withFamily(draft, 'knn'), 'model.k')).toBe(5);
  });

  it('moves untouched training options to the new family’s recommendation, and keeps edited ones', () => {
    const data = { kind: 'tabular' as const, rows: 2300, classes: 2 };
    const draft = recommendedDraft('tabular', data.rows, data.classes);
    const mlpRate = draftValue(draft, 'training.optimizer.learningRate');
    const logistic = withFamily(draft, 'logistic', data);
    expect(draftValue(logistic, 'training.optimizer.learningRate')).toBe(0.03);
    expect(draftValue(withFamily(logistic, 'mlp', data), 'training.optimizer.learningRate')).toBe(mlpRate);
    const edited = withDraftValue(draft, 'training.epochs', 60);
    const kept = withFamily(edited, 'logistic', data);
    expect(draftValue(kept, 'training.optimizer.learningRate')).toBe(mlpRate);
    expect(draftValue(kept, 'training.epochs')).toBe(60);
  });

  it('is made afresh when the data changes kind, between two classes and more, or first arrives', () => {
    expect(recommendedDraft('tabular', 0, 2).basis).toBe('tabular/binary/none');
    // The engine's own recommendation for the shape (for two tabular classes it measured balanced weights
    // lowering Spike's AUC, so it uses none).
    expect(recommendedDraft('tabular', 2292, 2).training).toEqual(
      recommendedConfig('tabular', { rows: 2292, classes: 2 }).training,
    );
    expect(recommendedDraft('tabular', 81, 3).training.classWeights).toBe('none');
    expect(recommendedDraft('logmel', 81, 3).basis).toBe('logmel/multiclass/data');
  });

  it('maps messages to paths only when they name a field', () => {
    expect(errorPath('model', 'Expected blocks[0].pool to be an integer in [1, 16], got 0')).toBe(
      'model.blocks.0.pool',
    );
    expect(errorPath('split', 'Expected at least 3 groups to split into 3 parts, got 2')).toBe('');
    // A vote's message about one of its models goes to that model, to the field it names where it names one.
    expect(errorPath('model', 'models[1]: Expected nEstimators to be an integer in [1, 2000], got 0')).toBe(
      'model.models.1.nEstimators',
    );
    expect(errorPath('model', 'models[0]: Model config version 9 is not supported')).toBe('model.models.0');
  });

  it("starts a vote from the data's recommendation when the data is known, from the defaults otherwise", () => {
    const data = { kind: 'tabular' as const, rows: 2300, classes: 2 };
    const draft = recommendedDraft('tabular', data.rows, data.classes);
    const vote = withFamily(draft, 'voting', data);
    expect(vote.models.voting).toEqual(recommendedModelFor('tabular', data, 'voting'));
    // The recommended network (two members on two-class data), not the default MLP.
    expect(draftValue(vote, 'model.models.0')).toEqual(draft.models.mlp);
    expect(draftValue(vote, 'model.models.1.family')).toBe('gradient-boosting');
    expect(draftValue(vote, 'model.weights')).toEqual([1, 1]);
    // The network trains with the job's training, so the recommended training stays.
    expect(vote.training).toEqual(draft.training);
    expect(validateDraft(vote, null, false).errors).toEqual([]);
    expect(withFamily(draft, 'voting').models.voting).toEqual(defaultModelConfig('voting'));
  });

  it("places a vote's messages beside its models and weights", () => {
    const data = { kind: 'tabular' as const, rows: 40, classes: 3 };
    const vote = withFamily(recommendedDraft('tabular', data.rows, data.classes), 'voting', data);
    const errorsOf = (draft: typeof vote) => validateDraft(draft, { labels, groups }, false).errors;
    expect(errorsOf(withDraftValue(vote, 'model.weights.1', 'heavy'))).toEqual([
      { path: 'model.weights.1', message: 'Expected weights[1] to be a number in (0, 1000], got "heavy"' },
    ]);
    expect(errorsOf(withDraftValue(vote, 'model.models.1.nEstimators', 0))).toEqual([
      {
        path: 'model.models.1.nEstimators',
        message: 'models[1]: Expected nEstimators to be an integer in [1, 2000], got 0',
      },
    ]);
    expect(errorsOf(withDraftValue(vote, 'model.models.1.family', 'cnn2d'))[0].path).toBe(
      'model.models.1.family',
    );
    expect(errorsOf(withDraftValue(vote, 'model.weights', [1]))[0]).toEqual({
      path: 'model.weights',
      message: 'Expected weights to hold one number per model (2), got [1]',
    });
  });
});

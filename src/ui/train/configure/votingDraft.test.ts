import { describe, expect, it } from 'vitest';
import { defaultModelConfig, MAX_VOTING_MODELS } from '../../../core/models/config';
import { recommendedModelFor } from '../../../core/train/recommended';
import { startingModel } from './draft';
import {
  voteFamilies,
  withVoteFamily,
  withVoteModelAdded,
  withVoteModelRemoved,
  type VoteFields,
} from './votingDraft';

const data = { kind: 'tabular' as const, rows: 2300, classes: 2 };

describe("a vote's models in the draft", () => {
  it("gives a model whose family changes that family's starting options, and keeps its weight", () => {
    const vote: VoteFields = { ...startingModel('voting', data), weights: [2, 1] };
    const bayes = withVoteFamily(vote, 1, 'naive-bayes', data);
    expect(bayes.models).toEqual([(vote.models as unknown[])[0], defaultModelConfig('naive-bayes')]);
    expect(bayes.weights).toEqual([2, 1]);
    // A network member starts as the data's recommended network when the data is known.
    const mlp = withVoteFamily(bayes, 1, 'mlp', data);
    expect((mlp.models as unknown[])[1]).toEqual(recommendedModelFor('tabular', data, 'mlp'));
    expect((withVoteFamily(bayes, 1, 'mlp').models as unknown[])[1]).toEqual(defaultModelConfig('mlp'));
  });

  it('adds a model of a family it lacks, weighing 1, and removes a model with its weight', () => {
    const vote: VoteFields = { ...startingModel('voting', data), weights: [2, 3] };
    const three = withVoteModelAdded(vote, data);
    expect(voteFamilies(three)).toEqual(['mlp', 'gradient-boosting', 'logistic']);
    expect(three.weights).toEqual([2, 3, 1]);
    const two = withVoteModelRemoved(three, 0);
    expect(voteFamilies(two)).toEqual(['gradient-boosting', 'logistic']);
    expect(two.weights).toEqual([3, 1]);
    let full = vote;
    while (voteFamilies(full).length < MAX_VOTING_MODELS) full = withVoteModelAdded(full);
    expect(new Set(voteFamilies(full)).size).toBe(MAX_VOTING_MODELS);
  });
});

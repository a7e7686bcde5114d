/**
 * A vote's models in the Configure draft: which families it averages and their weights. Each model keeps its
 * family's starting options (the form does not edit them), so a change of family replaces the whole model.
 */
import { VOTING_MEMBER_FAMILIES, type ModelFamily } from '../../../core/models/config';
import { startingModel, type DraftData } from './draft';

/** A vote's fields as the draft holds them (a `VotingConfig` in the making). */
export type VoteFields = Record<string, unknown>;

const modelsOf = (vote: VoteFields) => vote.models as Record<string, unknown>[];
const weightsOf = (vote: VoteFields) => vote.weights as unknown[];

/** The family of each model in the vote. */
export function voteFamilies(vote: VoteFields): ModelFamily[] {
  return modelsOf(vote).map((m) => m.family as ModelFamily);
}

/** Model `index` becomes a `family` with that family's starting options for the data; its weight stays. */
export function withVoteFamily(
  vote: VoteFields,
  index: number,
  family: ModelFamily,
  data?: DraftData,
): VoteFields {
  const models = modelsOf(vote).map((m, i) => (i === index ? startingModel(family, data) : m));
  return { ...vote, models };
}

/** One more model, of the first family the vote lacks, weighing 1. */
export function withVoteModelAdded(vote: VoteFields, data?: DraftData): VoteFields {
  const used = voteFamilies(vote);
  const family = VOTING_MEMBER_FAMILIES.find((f) => !used.includes(f)) ?? VOTING_MEMBER_FAMILIES[0];
  return {
    ...vote,
    models: [...modelsOf(vote), startingModel(family, data)],
    weights: [...weightsOf(vote), 1],
  };
}

/** Model `index` and its weight leave the vote. */
export function withVoteModelRemoved(vote: VoteFields, index: number): VoteFields {
  return {
    ...vote,
    models: modelsOf(vote).filter((_, i) => i !== index),
    weights: weightsOf(vote).filter((_, i) => i !== index),
  };
}

import { useContext } from 'react';
import { MAX_VOTING_MODELS, VOTING_MEMBER_FAMILIES, type ModelFamily } from '../../../core/models/config';
import { FAMILY_LABELS, modelFields } from './draft';
import { DraftContext, errorsAt, FieldNotes, NumberField, SelectField } from './fields';
import { voteFamilies, withVoteFamily, withVoteModelAdded, withVoteModelRemoved } from './votingDraft';

const FAMILY_OPTIONS = VOTING_MEMBER_FAMILIES.map((f) => [f, FAMILY_LABELS[f]] as const);
const MIN_MODELS = 2;

/** The models a soft vote averages, one row each (family and weight), with add / remove. */
export function VotingFields() {
  const api = useContext(DraftContext)!;
  const vote = modelFields(api.draft);
  const families = voteFamilies(vote);
  // A row's family select and weight show their own messages; the rest (a model's options, the list's length,
  // a count of weights that does not match) go under the list.
  const listErrors = [
    ...errorsAt(api.errors, 'model.models').filter((e) => !/^model\.models\.\d+\.family$/.test(e.path)),
    ...api.errors.filter((e) => e.path === 'model.weights'),
  ];
  return (
    <fieldset className="blocks" data-testid="train.voting">
      <legend>Models whose class probabilities are averaged</legend>
      {families.map((_, i) => (
        <div className="blocks__row blocks__row--vote" key={i}>
          <span className="blocks__index">{i + 1}</span>
          <SelectField
            path={`model.models.${i}.family`}
            label="Family"
            options={FAMILY_OPTIONS}
            onChange={(family) => api.set('model', withVoteFamily(vote, i, family as ModelFamily, api.data))}
          />
          <NumberField path={`model.weights.${i}`} label="Weight" />
          <button
            type="button"
            className="button button--quiet"
            aria-label={`Remove model ${i + 1}`}
            data-testid={`train.voting-remove-${i}`}
            disabled={families.length <= MIN_MODELS}
            onClick={() => api.set('model', withVoteModelRemoved(vote, i))}
          >
            ×
          </button>
        </div>
      ))}
      <button
        type="button"
        className="button button--quiet"
        data-testid="train.voting-add"
        disabled={families.length >= MAX_VOTING_MODELS}
        onClick={() => api.set('model', withVoteModelAdded(vote, api.data))}
      >
        + Add a model
      </button>
      <div className="field">
        <FieldNotes
          hint={`${MIN_MODELS} to ${MAX_VOTING_MODELS} models; each model uses its recommended options, and the weights are normalised`}
          errors={listErrors}
        />
      </div>
    </fieldset>
  );
}

import { isClassicFamily } from '../../../core/models/classic/families';
import { useCallback, useEffect, useMemo } from 'react';
import { recommendedConfig } from '../../../core/train/recommended';
import { useAppStore } from '../../../state/store';
import type { ConfigDraft } from '../../../state/training';
import { currentTable } from '../data/datasetService';
import { AugmentFields } from './AugmentFields';
import {
  draftBasis,
  FAMILIES_FOR,
  FAMILY_LABELS,
  modelFields,
  recommendedDraft,
  validateDraft,
  withDraftValue,
  withFamily,
  type DataKind,
  type ValidDraft,
} from './draft';
import { DraftContext, NumberField, type DraftApi } from './fields';
import { ModelFields } from './ModelFields';
import { PcaField } from './PcaField';
import { TrainingFields } from './TrainingFields';
import { trainsInEpochs } from '../watch/modelSteps';
import { voteFamilies } from './votingDraft';

/** The draft for the current data, created from the engine's recommendation when the kind of data changes. */
export function useTrainDraft(): {
  draft: ConfigDraft | null;
  kind: DataKind;
  valid: ValidDraft | null;
  api: DraftApi | null;
} {
  const summary = useAppStore((s) => s.tableSummary);
  const version = useAppStore((s) => s.tableVersion);
  const source = useAppStore((s) => s.datasetSource);
  const draft = useAppStore((s) => s.trainDraft);
  const setDraft = useAppStore((s) => s.setTrainDraft);
  const kind: DataKind = summary && summary.inputShape.length > 1 ? 'logmel' : 'tabular';
  const rows = summary?.rows ?? 0;
  const classes = summary?.classNames.length ?? 2;
  const basis = draftBasis(kind, classes, rows > 0);

  useEffect(() => {
    if (!draft || draft.basis !== basis) setDraft(recommendedDraft(kind, rows, classes, basis));
  }, [draft, basis, kind, rows, classes, setDraft]);

  const table = useMemo(() => (version >= 0 ? currentTable() : null), [version]);
  const { valid, errors } = useMemo(
    () =>
      draft
        ? validateDraft(
            draft,
            table ? { labels: table.labels, groups: table.groups } : null,
            source === 'audio',
          )
        : { valid: null, errors: [] },
    [draft, table, source],
  );
  const set = useCallback(
    (path: string, value: unknown) => {
      const current = useAppStore.getState().trainDraft;
      if (current) setDraft(withDraftValue(current, path, value));
    },
    [setDraft],
  );
  const api = useMemo(
    () => (draft ? { draft, set, errors, data: { kind, rows, classes } } : null),
    [draft, set, errors, kind, rows, classes],
  );
  const current = draft && draft.basis === basis;
  return { draft: current ? draft : null, kind, valid: current ? valid : null, api };
}

/** Step 3: every option of the training engine, with the engine's recommendation as the starting point. */
export function ConfigurePanel() {
  const { draft, kind, api } = useTrainDraft();
  const summary = useAppStore((s) => s.tableSummary);
  const source = useAppStore((s) => s.datasetSource);
  const setDraft = useAppStore((s) => s.setTrainDraft);
  if (!draft || !api) return null;
  const rows = summary?.rows ?? 0;
  const classes = summary?.classNames.length ?? 2;
  const why = recommendedConfig(kind === 'logmel' ? 'logmel' : 'tabular', {
    rows: Math.max(rows, 1),
    classes: Math.max(classes, 2),
  }).why;
  const isKnn = draft.family === 'knn';
  const isClassic = isClassicFamily(draft.family);
  const isVote = draft.family === 'voting';
  // A vote's networks train with these options; its other models ignore them.
  const voteNetworks = isVote && voteFamilies(modelFields(draft)).some(trainsInEpochs);

  return (
    <section
      className="card train-step"
      aria-labelledby="train-configure-title"
      data-testid="train.configure"
    >
      <div className="train-step__header">
        <h2 id="train-configure-title">
          <span className="train-step__number">3</span> Configure
        </h2>
        <button
          type="button"
          className="button button--quiet"
          data-testid="train.reset-config"
          onClick={() => setDraft(recommendedDraft(kind, rows, classes, draft.basis))}
        >
          Reset to recommended
        </button>
      </div>
      <p className="muted">Recommended for this data: {why}.</p>
      <DraftContext.Provider value={api}>
        <div className="config">
          <fieldset className="config-group">
            <legend>Model</legend>
            <div className="field">
              <label className="field__label" htmlFor="train-family">
                Family
              </label>
              <select
                id="train-family"
                className="field__input"
                value={draft.family}
                data-testid="train.family"
                onChange={(event) =>
                  setDraft(
                    withFamily(draft, event.target.value as ConfigDraft['family'], { kind, rows, classes }),
                  )
                }
              >
                {FAMILIES_FOR[kind].map((family) => (
                  <option key={family} value={family}>
                    {FAMILY_LABELS[family]}
                  </option>
                ))}
              </select>
            </div>
            <div className="config-grid">
              <ModelFields family={draft.family} />
              <NumberField path="modelSeed" label="Model seed" hint="initial weights" />
            </div>
          </fieldset>
          <fieldset className="config-group">
            <legend>Optimisation</legend>
            {isClassic ? (
              <p className="muted">
                {FAMILY_LABELS[draft.family]} fits in one pass on the CPU (no epochs, no WebGL); the options
                above are all it takes.
              </p>
            ) : isKnn ? (
              <p className="muted">k-NN keeps the training rows and votes: there are no epochs to run.</p>
            ) : isVote && !voteNetworks ? (
              <p className="muted">
                None of the vote&apos;s models is a network: there are no epochs to run.
              </p>
            ) : (
              <>
                {isVote && (
                  <p className="muted">
                    The vote&apos;s networks train with these options; its other models fit in one pass and
                    ignore them.
                  </p>
                )}
                <div className="config-grid">
                  <TrainingFields />
                </div>
              </>
            )}
          </fieldset>
          <fieldset className="config-group">
            <legend>Split (grouped by file, stratified by class)</legend>
            <div className="config-grid">
              <NumberField path="split.train" label="Train fraction" />
              <NumberField path="split.val" label="Validation fraction" />
              <NumberField path="split.test" label="Test fraction" />
              <NumberField path="split.seed" label="Split seed" />
            </div>
          </fieldset>
          {kind !== 'logmel' && <PcaField />}
          {source === 'audio' && <AugmentFields />}
        </div>
        {api.errors.length > 0 && (
          <div className="notice notice--error config-errors" role="alert" data-testid="train.config-errors">
            <strong>Fix these before training:</strong>
            <ul className="notice__list">
              {api.errors.map((e) => (
                <li key={`${e.path}:${e.message}`}>{e.message}</li>
              ))}
            </ul>
          </div>
        )}
      </DraftContext.Provider>
    </section>
  );
}

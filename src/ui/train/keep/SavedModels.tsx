import { useEffect, useRef, useState } from 'react';
import type { ModelEntry } from '../../../browser/modelRegistry';
import type { ModelRole } from '../../../state/models';
import { percent } from '../judge/judgeData';
import { metaOfModel, modelRoleFor } from './keepService';

const ROLE_TEXT: Record<ModelRole, string> = {
  genre: 'genre',
  instruments: 'instruments',
  reggaeton: 'reggaeton (tabular)',
};
const ROLES = Object.keys(ROLE_TEXT) as ModelRole[];

interface SavedModelsProps {
  entries: ModelEntry[];
  activeModels: Partial<Record<ModelRole, string>>;
  busy: boolean;
  onUse: (entry: ModelEntry, role: ModelRole) => void;
  onExport: (entry: ModelEntry) => void;
  onDelete: (entry: ModelEntry) => void;
}

interface Details {
  role: ModelRole;
  featureSet: string;
  createdAt: string;
}

/** The models kept in this browser, each usable in Classify and Live, exportable and removable (after a confirm). */
export function SavedModels({ entries, activeModels, busy, onUse, onExport, onDelete }: SavedModelsProps) {
  const [details, setDetails] = useState<Record<string, Details | { problem: string }>>({});
  const [roles, setRoles] = useState<Record<string, ModelRole>>({});
  /** The model whose Delete was pressed: deleting asks once more. */
  const [confirming, setConfirming] = useState<string | null>(null);

  const requested = useRef(new Set<string>());
  const mounted = useRef(true);

  // The role a model suits comes from its meta (feature set, task): read each entry's once.
  useEffect(() => {
    mounted.current = true;
    for (const entry of entries) {
      if (requested.current.has(entry.id) || entry.problem) continue;
      requested.current.add(entry.id);
      metaOfModel(entry.id).then(
        (meta) => {
          if (!mounted.current) return;
          const found = {
            role: modelRoleFor(meta),
            featureSet: meta.featureSpec.name,
            createdAt: meta.createdAt,
          };
          setDetails((d) => ({ ...d, [entry.id]: found }));
        },
        (error: unknown) => {
          if (!mounted.current) return;
          const problem = `This saved model cannot be read: ${error instanceof Error ? error.message : String(error)}`;
          setDetails((d) => ({ ...d, [entry.id]: { problem } }));
        },
      );
    }
    return () => {
      mounted.current = false;
    };
  }, [entries]);

  if (entries.length === 0) {
    return (
      <p className="muted" data-testid="train.saved-empty">
        No models saved in this browser yet. Save a run, or import a model&apos;s <code>.zip</code>.
      </p>
    );
  }

  return (
    <ul className="saved" data-testid="train.saved-list">
      {entries.map((entry) => {
        const info = details[entry.id];
        const problem = entry.problem ?? (info && 'problem' in info ? info.problem : undefined);
        const found = info && 'role' in info ? info : undefined;
        const role = roles[entry.id] ?? found?.role ?? 'genre';
        const usedAs = ROLES.filter((r) => activeModels[r] === entry.id);
        return (
          <li
            key={entry.id}
            className="saved__item"
            data-testid="train.saved-model"
            data-model-id={entry.id}
            data-model-name={entry.name}
          >
            <div className="saved__main">
              <div className="saved__title">
                <strong className="saved__name">{entry.name}</strong>
                {usedAs.map((r) => (
                  <span key={r} className="badge" data-testid="train.in-use">
                    in use: {ROLE_TEXT[r]}
                  </span>
                ))}
              </div>
              <div className="muted saved__facts">
                {entry.classNames.length} classes
                {entry.classNames.length > 0 &&
                  entry.classNames.length <= 12 &&
                  ` (${entry.classNames.join(', ')})`}
                {entry.accuracy !== undefined && ` · accuracy ${percent(entry.accuracy)}`}
                {found && ` · ${found.featureSet} features`}
              </div>
              {problem && <div className="saved__problem">{problem}</div>}
            </div>
            <div className="saved__actions">
              {!problem && (
                <>
                  <label className="saved__role">
                    <span className="visually-hidden">Use as</span>
                    <select
                      value={role}
                      onChange={(event) =>
                        setRoles((r) => ({ ...r, [entry.id]: event.target.value as ModelRole }))
                      }
                      data-testid="train.use-role"
                      aria-label={`The job ${entry.name} does in Classify and Live`}
                    >
                      {ROLES.map((r) => (
                        <option key={r} value={r}>
                          {ROLE_TEXT[r]}
                        </option>
                      ))}
                    </select>
                  </label>
                  <button
                    type="button"
                    className="button"
                    disabled={busy}
                    data-testid="train.use-model"
                    onClick={() => onUse(entry, role)}
                  >
                    Use this model
                  </button>
                  <button
                    type="button"
                    className="button button--quiet"
                    disabled={busy}
                    data-testid="train.export"
                    onClick={() => onExport(entry)}
                  >
                    Export .zip
                  </button>
                </>
              )}
              {confirming === entry.id ? (
                <span className="saved__confirm" role="group" aria-label={`Delete ${entry.name}?`}>
                  <span>Delete for good?</span>
                  <button
                    type="button"
                    className="button button--danger"
                    disabled={busy}
                    data-testid="train.delete-confirm"
                    onClick={() => {
                      setConfirming(null);
                      onDelete(entry);
                    }}
                    aria-label={`Yes, delete ${entry.name}`}
                  >
                    Delete
                  </button>
                  <button
                    type="button"
                    className="button button--quiet"
                    data-testid="train.delete-cancel"
                    // Keyboard focus moves into the question, on the safe answer.
                    autoFocus
                    onClick={() => setConfirming(null)}
                  >
                    Keep it
                  </button>
                </span>
              ) : (
                <button
                  type="button"
                  className="button button--quiet"
                  disabled={busy}
                  data-testid="train.delete"
                  onClick={() => setConfirming(entry.id)}
                  aria-label={`Delete ${entry.name}`}
                >
                  Delete
                </button>
              )}
            </div>
          </li>
        );
      })}
    </ul>
  );
}

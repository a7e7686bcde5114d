import type { ModelRole } from '../../state/models';
import { useAppStore } from '../../state/store';

const ROLES: Array<{ role: ModelRole; label: string }> = [
  { role: 'genre', label: 'Genre' },
  { role: 'instruments', label: 'Instruments' },
  { role: 'reggaeton', label: 'Reggaeton' },
];

/**
 * Which model each job uses (the shipped default or the one chosen in Train, remembered across reloads), with
 * a way back to the shipped one, and where it runs.
 */
export function ModelsInUse() {
  const models = useAppStore((s) => s.models);
  const active = useAppStore((s) => s.activeModels);
  const loaded = useAppStore((s) => s.classifyModels);
  const phase = useAppStore((s) => s.modelsPhase);
  const chooseShippedModel = useAppStore((s) => s.chooseShippedModel);
  if (phase !== 'ready') return null;
  const backend = Object.values(loaded)[0]?.backend;
  return (
    <p className="models-in-use muted" data-testid="classify.models">
      {ROLES.map(({ role, label }, i) => {
        const id = active[role];
        const entry = models.find((m) => m.id === id);
        return (
          <span key={role} data-role={role} data-model={id ?? ''}>
            {i > 0 && ' · '}
            {label}: <strong>{entry ? entry.name : 'none'}</strong>
            {entry?.source === 'user' && (
              <>
                {' (yours) '}
                {models.some((m) => m.source === 'shipped' && m.task === role) && (
                  <button
                    type="button"
                    className="link-button"
                    data-testid="classify.use-shipped"
                    onClick={() => chooseShippedModel(role)}
                  >
                    back to the shipped model
                  </button>
                )}
              </>
            )}
          </span>
        );
      })}
      {backend && (
        <span data-testid="classify.backend">
          {' '}
          — TensorFlow.js on <strong>{backend.toUpperCase()}</strong>, in background workers
        </span>
      )}
    </p>
  );
}

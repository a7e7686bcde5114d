import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../state/store';
import type { ErrorSource } from '../state/ui';
import { ErrorItem } from './ErrorList';

/** The errors a control caused, shown beside it (they are in the banner too); dismissing here dismisses both. */
export function FieldErrors({ source }: { source: ErrorSource }) {
  const errors = useAppStore(useShallow((s) => s.errors.filter((e) => e.source === source)));
  const dismissError = useAppStore((s) => s.dismissError);
  if (errors.length === 0) return null;
  return (
    <ul className="field-errors" role="alert" data-testid="field.error" data-source={source}>
      {errors.map((error) => (
        <ErrorItem key={error.id} error={error} className="field-errors__item" onDismiss={dismissError} />
      ))}
    </ul>
  );
}

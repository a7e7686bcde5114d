import type { AppError } from '../state/ui';

interface ErrorListProps {
  errors: AppError[];
  onDismiss: (id: number) => void;
}

/** Every error the app reports, in one visible place, each dismissable. */
export function ErrorList({ errors, onDismiss }: ErrorListProps) {
  if (errors.length === 0) return null;
  return (
    <div className="notice notice--error" role="alert" data-testid="app.error">
      <ul className="notice__list">
        {errors.map((error) => (
          <li key={error.id} className="notice__item">
            <span>{error.message}</span>
            <button
              type="button"
              className="notice__dismiss"
              aria-label="Dismiss this message"
              onClick={() => onDismiss(error.id)}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

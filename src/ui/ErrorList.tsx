import type { AppError } from '../state/ui';

interface ErrorListProps {
  errors: AppError[];
  onDismiss: (id: number) => void;
}

/** The times a message came again, after it: "×3". */
function RepeatCount({ count }: { count: number }) {
  if (count < 2) return null;
  return (
    <span className="notice__count" data-testid="error.count" aria-label={`${count} times`}>
      ×{count}
    </span>
  );
}

/** One message with its repeat count and a dismiss button: in the banner and beside its control alike. */
export function ErrorItem({
  error,
  className,
  testId,
  onDismiss,
}: {
  error: AppError;
  className: string;
  testId?: string;
  onDismiss: (id: number) => void;
}) {
  return (
    <li className={className} data-testid={testId}>
      <span>
        {error.message} <RepeatCount count={error.count} />
      </span>
      <button
        type="button"
        className="notice__dismiss"
        aria-label="Dismiss this message"
        onClick={() => onDismiss(error.id)}
      >
        ×
      </button>
    </li>
  );
}

/**
 * Every error the app reports, in one banner that follows the viewport (sticky), each dismissable; the ones
 * from a control are also shown beside it (`FieldErrors`).
 */
export function ErrorList({ errors, onDismiss }: ErrorListProps) {
  if (errors.length === 0) return null;
  return (
    <div className="notice notice--error notice--sticky" role="alert" data-testid="app.error">
      <ul className="notice__list">
        {errors.map((error) => (
          <ErrorItem
            key={error.id}
            error={error}
            className="notice__item"
            testId="app.error-item"
            onDismiss={onDismiss}
          />
        ))}
      </ul>
    </div>
  );
}

import { useState } from 'react';
import type { TaughtStatus } from '../../workers/liveClient';

interface TaughtListProps {
  classes: TaughtStatus['classes'];
  /** False when they were taught on another model and are not in use. */
  applied: boolean;
  onRemove: (name: string) => Promise<void>;
}

/** The classes taught on this model, each removable after a confirmation. */
export function TaughtList({ classes, applied, onRemove }: TaughtListProps) {
  const [confirming, setConfirming] = useState<string | null>(null);
  if (classes.length === 0) return null;
  return (
    <ul className="live-teach__list" data-testid="live.taught" data-applied={applied}>
      {classes.map((c) => (
        <li key={c.name} className="live-teach__item" data-testid="live.taught-class" data-class={c.name}>
          <span>
            <strong>{c.name}</strong> {c.isNew ? '(new class)' : '(taught more)'} · {c.seconds.toFixed(1)} s
            {applied ? '' : ' · not in use'}
          </span>
          {confirming === c.name ? (
            <span className="live-teach__confirm">
              Remove “{c.name}”?
              <button
                type="button"
                className="button live-teach__remove"
                data-testid="live.teach.confirm-remove"
                onClick={() => {
                  setConfirming(null);
                  void onRemove(c.name);
                }}
              >
                Remove
              </button>
              <button
                type="button"
                className="button button--quiet"
                data-testid="live.teach.keep"
                onClick={() => setConfirming(null)}
              >
                Keep
              </button>
            </span>
          ) : (
            <button
              type="button"
              className="button button--quiet"
              data-testid="live.teach.remove"
              onClick={() => setConfirming(c.name)}
            >
              Remove…
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}

import { useEffect, useState } from 'react';
import { fetchModelIndex, type ModelIndexStatus } from '../browser/modelIndex';

/** Says plainly when the build ships no trained models (or a broken index), so no one expects predictions. */
export function ModelsBanner() {
  const [status, setStatus] = useState<ModelIndexStatus | null>(null);

  useEffect(() => {
    let live = true;
    fetchModelIndex().then((s) => {
      if (live) setStatus(s);
    });
    return () => {
      live = false;
    };
  }, []);

  if (status === null || status.state === 'present') return null;
  return (
    <div className="notice notice--info" role="status" data-testid="app.models-banner">
      {status.state === 'absent' ? (
        <>
          No trained models are shipped yet — the genre and instrument models arrive with{' '}
          <code>npm run build:models</code>. Until then Oído decodes your audio and shows its features.
        </>
      ) : (
        <>The shipped models could not be read: {status.reason}.</>
      )}
    </div>
  );
}

import { useEffect } from 'react';
import { useAppStore } from '../state/store';

/** Says plainly when the build ships no trained models (or a broken index), so no one expects predictions. */
export function ModelsBanner() {
  const phase = useAppStore((s) => s.modelsPhase);
  const notice = useAppStore((s) => s.modelsNotice);
  const refreshModels = useAppStore((s) => s.refreshModels);

  useEffect(() => {
    if (phase === 'idle') void refreshModels();
  }, [phase, refreshModels]);

  if (!notice) return null;
  return (
    <div className="notice notice--info" role="status" data-testid="app.models-banner">
      {notice}
    </div>
  );
}

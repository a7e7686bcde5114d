import { useCallback, useSyncExternalStore } from 'react';
import { getRunArtifacts, subscribeRunArtifacts, type RunArtifacts } from '../../../core/train/runResults';
import { useAppStore } from '../../../state/store';
import type { RunRecord } from '../../../state/training';

/** The run Judge and Keep show: the one picked, else the latest finished one (null while none has finished). */
export function useJudgedRun(): RunRecord | null {
  const runs = useAppStore((s) => s.runs);
  const judgedRunId = useAppStore((s) => s.judgedRunId);
  const picked = judgedRunId ? runs.find((r) => r.id === judgedRunId && r.result) : undefined;
  if (picked) return picked;
  for (let i = runs.length - 1; i >= 0; i--) if (runs[i].phase === 'done' && runs[i].result) return runs[i];
  return null;
}

/** A run's bundle, test scores and projection (kept outside the store), re-read when they change. */
export function useRunArtifacts(runId: string | null): RunArtifacts | undefined {
  const subscribe = useCallback(
    (onChange: () => void) =>
      subscribeRunArtifacts((id) => {
        if (id === runId) onChange();
      }),
    [runId],
  );
  return useSyncExternalStore(subscribe, () => (runId ? getRunArtifacts(runId) : undefined));
}

import type { Ref } from 'react';
import { useAppStore } from '../../state/store';

/**
 * Latency, update rate, the model and the TF.js backend. The element also carries the running prediction
 * count and stream time as data attributes (written per prediction by the session, not re-rendered).
 */
export function LiveStats({ ref }: { ref: Ref<HTMLDListElement> }) {
  const latency = useAppStore((s) => s.liveLatencyMs);
  const rate = useAppStore((s) => s.liveRateHz);
  const session = useAppStore((s) => s.liveSession);
  const phase = useAppStore((s) => s.livePhase);
  const listening = phase === 'listening';

  return (
    <dl className="facts live-stats" ref={ref} data-testid="live.stats">
      <div>
        <dt>Latency</dt>
        <dd
          data-testid="live.latency"
          data-ms={listening && latency !== null ? latency.toFixed(1) : undefined}
          title="From capturing the window's last sample to drawing its prediction (median of the last 2 s)"
        >
          {listening && latency !== null ? `${Math.round(latency)} ms` : '—'}
        </dd>
      </div>
      <div>
        <dt>Updates</dt>
        <dd data-testid="live.rate" data-hz={listening && rate !== null ? rate.toFixed(2) : undefined}>
          {listening && rate !== null ? `${rate.toFixed(1)} Hz` : '—'}
        </dd>
      </div>
      <div>
        <dt>Model</dt>
        <dd data-testid="live.model">{session ? (session.modelName ?? 'none') : '—'}</dd>
      </div>
      <div>
        <dt>Backend</dt>
        <dd data-testid="live.backend" title={session?.backendReason ?? undefined}>
          {session?.backend ?? '—'}
        </dd>
      </div>
      <div>
        <dt>Input</dt>
        <dd data-testid="live.input">
          {session ? `${session.sampleRate.toLocaleString('en-US')} Hz → 22,050 Hz` : '—'}
        </dd>
      </div>
      {session?.openSet && (
        <div>
          <dt>Not known when</dt>
          <dd data-testid="live.open-set">{session.openSet}</dd>
        </div>
      )}
    </dl>
  );
}

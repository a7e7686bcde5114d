import { useId } from 'react';
import { useAppStore } from '../../state/store';

interface LiveControlsProps {
  onStart: () => void;
  onStop: () => void;
}

/** Start/Stop, and the smoothing and threshold sliders (they apply at once, also while listening). */
export function LiveControls({ onStart, onStop }: LiveControlsProps) {
  const phase = useAppStore((s) => s.livePhase);
  const { smoothing, threshold } = useAppStore((s) => s.liveSettings);
  const setSmoothing = useAppStore((s) => s.setLiveSmoothing);
  const setThreshold = useAppStore((s) => s.setLiveThreshold);
  const smoothingId = useId();
  const thresholdId = useId();
  const running = phase === 'listening' || phase === 'starting';

  return (
    <div className="live-controls">
      <button
        type="button"
        className={`button live-controls__start${running ? ' live-controls__start--stop' : ''}`}
        data-testid="live.start"
        data-phase={phase}
        disabled={phase === 'stopping'}
        onClick={running ? onStop : onStart}
      >
        {running ? 'Stop' : 'Start'}
      </button>
      <div className="live-controls__slider">
        <label htmlFor={smoothingId}>
          Smoothing <output>{Math.round(smoothing * 100)} %</output>
        </label>
        <input
          id={smoothingId}
          type="range"
          min={0}
          max={0.95}
          step={0.05}
          value={smoothing}
          data-testid="live.smoothing"
          onChange={(e) => setSmoothing(Number(e.target.value))}
        />
      </div>
      <div className="live-controls__slider">
        <label htmlFor={thresholdId}>
          Threshold <output>{Math.round(threshold * 100)} %</output>
        </label>
        <input
          id={thresholdId}
          type="range"
          min={0.05}
          max={0.95}
          step={0.05}
          value={threshold}
          data-testid="live.threshold"
          onChange={(e) => setThreshold(Number(e.target.value))}
        />
      </div>
    </div>
  );
}

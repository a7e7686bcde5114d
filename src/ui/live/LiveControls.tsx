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
      <PercentSlider
        label="Smoothing"
        testId="live.smoothing"
        min={0}
        value={smoothing}
        onChange={setSmoothing}
      />
      <PercentSlider
        label="Threshold"
        testId="live.threshold"
        min={0.05}
        value={threshold}
        onChange={setThreshold}
      />
    </div>
  );
}

interface PercentSliderProps {
  label: string;
  testId: string;
  min: number;
  value: number;
  onChange: (value: number) => void;
}

/** A 5 %-step slider from `min` to 95 %, its value shown beside its label. */
function PercentSlider({ label, testId, min, value, onChange }: PercentSliderProps) {
  const id = useId();
  return (
    <div className="live-controls__slider">
      <label htmlFor={id}>
        {label} <output>{Math.round(value * 100)} %</output>
      </label>
      <input
        id={id}
        type="range"
        min={min}
        max={0.95}
        step={0.05}
        value={value}
        data-testid={testId}
        onChange={(e) => onChange(Number(e.target.value))}
      />
    </div>
  );
}

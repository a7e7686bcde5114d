import { describe, expect, it } from 'vitest';
import { useAppStore } from './store';

describe('live slice', () => {
  it('starts idle with the default settings and no reading', () => {
    const s = useAppStore.getState();
    expect(s.livePhase).toBe('idle');
    expect(s.liveSettings).toEqual({ smoothing: 0.75, threshold: 0.4 });
    expect(s.liveReading).toBeNull();
    expect(s.liveLatencyMs).toBeNull();
  });

  it('takes settings in range and names a bad one', () => {
    const s = useAppStore.getState();
    s.setLiveSmoothing(0.9);
    s.setLiveThreshold(0.7);
    expect(useAppStore.getState().liveSettings).toEqual({ smoothing: 0.9, threshold: 0.7 });
    expect(() => s.setLiveSmoothing(1)).toThrow('Expected smoothing to be in 0 … 0.95, got 1');
    expect(() => s.setLiveThreshold(Number.NaN)).toThrow('got NaN');
    expect(() => s.setLiveThreshold(0)).toThrow('got 0');
    expect(useAppStore.getState().liveSettings).toEqual({ smoothing: 0.9, threshold: 0.7 });
  });

  it('stores a reading only when the headline changes', () => {
    let updates = 0;
    const unsubscribe = useAppStore.subscribe((now, before) => {
      if (now.liveReading !== before.liveReading) updates++;
    });
    const { setLiveReading } = useAppStore.getState();
    setLiveReading({ kind: 'instrument', label: 'trumpet', silent: false });
    setLiveReading({ kind: 'instrument', label: 'trumpet', silent: false });
    setLiveReading({ kind: 'silence', label: null, silent: true });
    setLiveReading({ kind: 'silence', label: null, silent: true });
    setLiveReading(null);
    unsubscribe();
    expect(updates).toBe(3);
    expect(useAppStore.getState().liveReading).toBeNull();
  });
});

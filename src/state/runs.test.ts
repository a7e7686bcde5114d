import { describe, expect, it } from 'vitest';
import { useAppStore } from './store';

describe('runs slice', () => {
  it('toggles compared runs in the order picked', () => {
    const { toggleComparedRun, setComparedRuns } = useAppStore.getState();
    toggleComparedRun('b');
    toggleComparedRun('a');
    expect(useAppStore.getState().comparedRunIds).toEqual(['b', 'a']);
    toggleComparedRun('b');
    expect(useAppStore.getState().comparedRunIds).toEqual(['a']);
    setComparedRuns(['x', 'y', 'x']);
    expect(useAppStore.getState().comparedRunIds).toEqual(['x', 'y']);
  });

  it('sorts metrics best-first, settings ascending, and flips on a second click', () => {
    const { sortRunsBy } = useAppStore.getState();
    expect(useAppStore.getState().runsSort).toEqual({ key: 'createdAt', direction: 'desc' });
    sortRunsBy('accuracy');
    expect(useAppStore.getState().runsSort).toEqual({ key: 'accuracy', direction: 'desc' });
    sortRunsBy('accuracy');
    expect(useAppStore.getState().runsSort).toEqual({ key: 'accuracy', direction: 'asc' });
    sortRunsBy('learningRate');
    expect(useAppStore.getState().runsSort).toEqual({ key: 'learningRate', direction: 'asc' });
    expect(() => sortRunsBy('colour' as never)).toThrow('got colour');
  });

  it('keeps a chosen threshold per run and refuses one outside [0, 1]', () => {
    const { chooseThreshold, judgeRun } = useAppStore.getState();
    chooseThreshold('r1', 0.3);
    chooseThreshold('r2', 1);
    expect(useAppStore.getState().chosenThresholds).toEqual({ r1: 0.3, r2: 1 });
    expect(() => chooseThreshold('r1', NaN)).toThrow('Expected a threshold in [0, 1], got NaN');
    expect(() => chooseThreshold('r1', 1.5)).toThrow('got 1.5');
    expect(useAppStore.getState().chosenThresholds.r1).toBe(0.3);
    judgeRun('r2');
    expect(useAppStore.getState().judgedRunId).toBe('r2');
  });
});

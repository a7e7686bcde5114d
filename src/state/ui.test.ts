import { describe, expect, it } from 'vitest';
import { useAppStore } from './store';

describe('ui slice', () => {
  it('collects errors in order and dismisses one by id', () => {
    const { reportError, dismissError } = useAppStore.getState();
    const first = reportError('Could not decode "a.mp3"');
    const second = reportError('Microphone permission was denied');
    expect(useAppStore.getState().errors.map((e) => e.message)).toEqual([
      'Could not decode "a.mp3"',
      'Microphone permission was denied',
    ]);
    dismissError(first);
    expect(useAppStore.getState().errors.map((e) => e.id)).toEqual([second]);
  });

  it('switches tabs', () => {
    useAppStore.getState().setTab('train');
    expect(useAppStore.getState().tab).toBe('train');
  });
});

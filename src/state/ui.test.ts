import { beforeEach, describe, expect, it } from 'vitest';
import { useAppStore } from './store';

describe('ui slice', () => {
  beforeEach(() => useAppStore.setState({ errors: [] }));

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

  it('counts a repeated message from the same source on one entry instead of stacking it', () => {
    const { reportError } = useAppStore.getState();
    const first = reportError('Could not import a.zip: no meta.json', 'keep.import');
    const again = reportError('Could not import a.zip: no meta.json', 'keep.import');
    reportError('Could not import a.zip: no meta.json', 'keep.import');
    expect(again).toBe(first);
    expect(useAppStore.getState().errors).toEqual([
      { id: first, message: 'Could not import a.zip: no meta.json', source: 'keep.import', count: 3 },
    ]);
    // The same words from another control are another error.
    reportError('Could not import a.zip: no meta.json', 'classify.drop');
    expect(useAppStore.getState().errors).toHaveLength(2);
  });

  it('clears a source’s errors when its cause is fixed, and leaves the others', () => {
    const { reportError, clearErrors } = useAppStore.getState();
    reportError('Could not import b.zip: not a zip', 'keep.import');
    const drop = reportError('The drop held no audio files', 'classify.drop');
    const before = useAppStore.getState().errors;
    clearErrors('train.start');
    expect(useAppStore.getState().errors).toBe(before);
    clearErrors('keep.import');
    expect(useAppStore.getState().errors.map((e) => e.id)).toEqual([drop]);
  });

  it('switches tabs', () => {
    useAppStore.getState().setTab('train');
    expect(useAppStore.getState().tab).toBe('train');
  });
});

import { describe, expect, it } from 'vitest';
import { songProbabilities } from './classify';
import { useAppStore } from './store';

describe('classify slice', () => {
  it('adds files in order, patches one by id, and removes it', () => {
    const s = () => useAppStore.getState();
    s().addClassifyFile({ id: 'a', name: 'a.ogg', byteLength: 10 });
    s().addClassifyFile({ id: 'b', name: 'b.ogg', byteLength: 20 });
    expect(s().classifyOrder).toEqual(['a', 'b']);
    expect(s().classifyFiles.a).toMatchObject({ phase: 'queued', progress: 0, hasVisuals: false });
    s().updateClassifyFile('a', { phase: 'extracting', progress: 0.5 });
    expect(s().classifyFiles.a).toMatchObject({ name: 'a.ogg', phase: 'extracting', progress: 0.5 });
    s().updateClassifyFile('missing', { phase: 'done' });
    expect(s().classifyFiles.missing).toBeUndefined();
    s().removeClassifyFile('a');
    expect(s().classifyOrder).toEqual(['b']);
    expect(s().classifyFiles.a).toBeUndefined();
  });
});

describe('songProbabilities', () => {
  it('weights each sounding unit by its length and ignores silent ones', () => {
    const units = [
      { start: 0, end: 30, probs: [1, 0], point: null },
      { start: 30, end: 60, probs: null, point: null },
      { start: 60, end: 70, probs: [0, 1], point: null },
    ];
    expect(songProbabilities(units, 2)).toEqual([0.75, 0.25]);
  });

  it('is null when nothing sounds', () => {
    expect(songProbabilities([{ start: 0, end: 5, probs: null, point: null }], 3)).toBeNull();
    expect(songProbabilities([], 3)).toBeNull();
  });
});

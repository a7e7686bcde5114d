import { describe, expect, it } from 'vitest';
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

import { afterEach, describe, expect, it, vi } from 'vitest';
import { memoryStorage } from '../browser/memoryStorage';
import { MODEL_CHOICE_KEY } from '../browser/modelChoice';
import type { ModelEntry } from '../browser/modelRegistry';

const shipped = (task: string): ModelEntry => ({
  id: `shipped:${task}`,
  source: 'shipped',
  name: `Shipped ${task}`,
  task,
  classNames: ['a', 'b'],
});

/** A fresh store module reading this storage at start, as a page load would. */
async function loadStore(storage: ReturnType<typeof memoryStorage>) {
  vi.resetModules();
  vi.stubGlobal('localStorage', storage);
  const { useAppStore } = await import('./store');
  return useAppStore;
}

describe('models slice: the model in use', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('remembers "Use this model" across a reload, and goes back to the shipped model on request', async () => {
    const storage = memoryStorage();
    let store = await loadStore(storage);
    store.setState({ models: [shipped('genre'), shipped('instruments')], activeModels: {} });
    store.getState().chooseModel('genre', 'user:mine');
    expect(store.getState().activeModels.genre).toBe('user:mine');

    store = await loadStore(storage); // the reload
    expect(store.getState().activeModels).toEqual({ genre: 'user:mine' });

    store.setState({ models: [shipped('genre'), shipped('instruments')] });
    store.getState().chooseShippedModel('genre');
    expect(store.getState().activeModels.genre).toBe('shipped:genre');
    expect(storage.map.has(MODEL_CHOICE_KEY)).toBe(false);
    store = await loadStore(storage);
    expect(store.getState().activeModels).toEqual({});
  });

  it('never stores a shipped model as a choice', async () => {
    const storage = memoryStorage();
    const store = await loadStore(storage);
    store.getState().chooseModel('genre', 'shipped:genre');
    store.getState().chooseModel('instruments', 'user:flute');
    expect(JSON.parse(storage.map.get(MODEL_CHOICE_KEY)!).roles).toEqual({ instruments: 'user:flute' });
  });
});

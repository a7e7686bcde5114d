import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import type { TaughtHead } from '../core/predict/taughtHead';
import { openTaughtStore } from './taughtStore';

const HEAD: TaughtHead = {
  format: 'oido-taught-head',
  version: 1,
  base: { name: 'instruments', hash: '0123456789abcdef' },
  embeddingSize: 2,
  classes: [
    { name: 'ukulele', examples: [[1, 0]], seconds: 3.2, entry: 0.8, taughtAt: '2026-12-06T00:00:00Z' },
  ],
};

describe('taughtStore (IndexedDB)', () => {
  it('saves, loads (validated) and deletes the head taught on a model', async () => {
    const store = await openTaughtStore({ factory: new IDBFactory() });
    expect(await store.load('shipped:instruments')).toBeNull();
    await store.save('shipped:instruments', HEAD);
    expect(await store.load('shipped:instruments')).toEqual(HEAD);
    expect(await store.load('user:other')).toBeNull();
    await store.delete('shipped:instruments');
    expect(await store.load('shipped:instruments')).toBeNull();
    store.close();
  });

  it('refuses to save a malformed head, and names what is wrong with a damaged record on load', async () => {
    const factory = new IDBFactory();
    const store = await openTaughtStore({ factory });
    await expect(store.save('m', { ...HEAD, embeddingSize: 3 })).rejects.toThrow('is not 3 finite numbers');
    store.close();
    // A record written by something else (or an older app) under the same key.
    const raw = factory.open('oido-taught', 1);
    const db = await new Promise<IDBDatabase>((resolve) => (raw.onsuccess = () => resolve(raw.result)));
    await new Promise<void>((resolve) => {
      const tx = db.transaction('heads', 'readwrite');
      tx.objectStore('heads').put({ modelId: 'm', head: { ...HEAD, version: 9 } });
      tx.oncomplete = () => resolve();
    });
    db.close();
    const again = await openTaughtStore({ factory });
    await expect(again.load('m')).rejects.toThrow('Invalid taught classes: version 9 is not supported');
    again.close();
  });
});

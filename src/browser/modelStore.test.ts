import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBundle, openBundle, saveKnnBundle, type SavedBundle } from '../core/bundle/bundle';
import { gtzanMeta, predictRows, type GtzanFixture } from '../core/bundle/testing';
import { tf } from '../node/tf';
import { bundleIdFor, openModelStore } from './modelStore';
import { savedGtzanBundle } from '../node/gtzanBundle';

let fx: GtzanFixture;
let model: tf.LayersModel;
let saved: SavedBundle;

beforeAll(async () => {
  ({ fx, model, saved } = await savedGtzanBundle());
});

describe('modelStore (IndexedDB)', () => {
  it('saves, lists, loads and deletes bundles', async () => {
    const store = await openModelStore({ factory: new IDBFactory() });
    expect(await store.list()).toEqual([]);
    const id = bundleIdFor(saved.meta);
    expect(id).toBe('gtzan-genres-test-20240501t120000000z');
    const summary = await store.save(id, saved);
    expect(summary).toMatchObject({ id, name: 'GTZAN genres (test)', task: 'genre', kind: 'tf-layers' });
    expect(summary.weightBytes).toBe(saved.weights.byteLength);
    expect(summary.classNames).toEqual(fx.dataset.classNames);

    const knnMeta = gtzanMeta(fx, { kind: 'knn', name: 'Nearest genres' });
    const ref = { count: 10, dim: 57, points: fx.x.slice(0, 570), labels: fx.dataset.labels.slice(0, 10) };
    await store.save('knn-1', saveKnnBundle(ref, knnMeta));
    const listed = await store.list();
    expect(listed.map((s) => s.id).sort()).toEqual([id, 'knn-1'].sort());
    expect(listed.find((s) => s.id === id)).toEqual(summary);

    const parts = await store.load(id);
    expect(parts).not.toBeNull();
    const { model: loaded, meta } = await loadBundle(parts!);
    expect(meta).toEqual(saved.meta);
    expect(predictRows(loaded, fx, 100)).toEqual(predictRows(model, fx, 100));
    loaded.dispose();
    const knn = await openBundle((await store.load('knn-1'))!);
    expect(knn.kind === 'knn' && knn.knn).toEqual(ref);

    expect(await store.load('missing')).toBeNull();
    expect(await store.delete(id)).toBe(true);
    expect(await store.delete(id)).toBe(false);
    expect((await store.list()).map((s) => s.id)).toEqual(['knn-1']);
    store.close();
  });

  it('keeps bundles across connections and replaces one saved under the same id', async () => {
    const factory = new IDBFactory();
    const first = await openModelStore({ factory });
    await first.save('genres', saved);
    first.close();
    const second = await openModelStore({ factory });
    expect((await second.list()).map((s) => s.name)).toEqual(['GTZAN genres (test)']);
    await second.save('genres', { ...saved, meta: { ...saved.meta, name: 'Renamed' } });
    expect((await second.list()).map((s) => s.name)).toEqual(['Renamed']);
    second.close();
  });

  it('refuses bad ids and invalid metadata before writing anything', async () => {
    const store = await openModelStore({ factory: new IDBFactory() });
    await expect(store.save('../x', saved)).rejects.toThrow('Expected a bundle id of letters, digits, _ . -');
    await expect(store.save('ok', { ...saved, meta: { ...saved.meta, version: 3 } })).rejects.toThrow(
      'Bundle meta version 3 is not supported',
    );
    await expect(store.save('ok', { ...saved, weights: 'bytes' as never })).rejects.toThrow(
      /weights to be bytes/,
    );
    expect(await store.list()).toEqual([]);
    store.close();
  });

  it('uses the global indexedDB by default', async () => {
    const store = await openModelStore({ name: 'oido-models-test' });
    await store.save('genres', saved);
    expect((await store.list()).length).toBe(1);
    store.close();
  });
});

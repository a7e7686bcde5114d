import 'fake-indexeddb/auto';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { modelStore } from '../../../browser/modelRegistry';
import { loadBundle, saveBundle, type SavedBundle } from '../../../core/bundle/bundle';
import { bundleFiles } from '../../../core/bundle/files';
import { gtzanMeta, predictRows, type GtzanFixture } from '../../../core/bundle/testing';
import { importBundleZip } from '../../../core/bundle/zip';
import { tf } from '../../../node/tf';
import {
  deleteModel,
  importModel,
  metaOfModel,
  modelRoleFor,
  saveRunModel,
  zipFileName,
  zipOfModel,
} from './keepService';
import { savedGtzanBundle } from '../../../node/gtzanBundle';

let fx: GtzanFixture;
let model: tf.LayersModel;
let saved: SavedBundle;

beforeAll(async () => {
  ({ fx, model, saved } = await savedGtzanBundle());
});

const looseFiles = (bundle: SavedBundle) => bundleFiles(bundle).map((f) => ({ name: f.name, data: f.data }));
const storedIds = async () => (await (await modelStore()).list()).map((s) => s.id).sort();

describe('keep: import, save, export, delete', () => {
  it('imports loose files, stores them once, and the stored model predicts as the original', async () => {
    const tensorsBefore = tf.memory().numTensors;
    const summary = await importModel(looseFiles(saved));
    // The validating load frees what it built.
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    expect(summary).toMatchObject({ name: 'GTZAN genres (test)', task: 'genre', kind: 'tf-layers' });
    expect(await storedIds()).toEqual([summary.id]);
    const parts = await (await modelStore()).load(summary.id);
    const loaded = await loadBundle(parts!);
    expect(predictRows(loaded.model, fx, 50)).toEqual(predictRows(model, fx, 50));
    loaded.model.dispose();
    // Importing the same bundle again (as its zip this time) replaces it rather than adding a copy.
    const { bytes, fileName } = await zipOfModel(`user:${summary.id}`);
    expect(fileName).toBe('gtzan-genres-test.zip');
    await importModel([{ name: fileName, data: bytes }]);
    expect(await storedIds()).toEqual([summary.id]);
    await deleteModel(`user:${summary.id}`);
    expect(await storedIds()).toEqual([]);
  });

  it('stores nothing from a corrupt zip, a wrong meta.json, or features of another version', async () => {
    const noise = new Uint8Array(4096).map((_, i) => (i * 7919) % 251);
    await expect(importModel([{ name: 'model.zip', data: noise }])).rejects.toThrow(
      'Not a zip file (no end-of-central-directory record)',
    );
    const wrongFormat = looseFiles(saved).map((f) =>
      f.name === 'meta.json'
        ? { name: f.name, data: new TextEncoder().encode(JSON.stringify({ ...saved.meta, format: 'keras' })) }
        : f,
    );
    await expect(importModel(wrongFormat)).rejects.toThrow(
      'Expected meta.format to be "oido-model", got "keras"',
    );
    const future = await saveBundle(
      model,
      gtzanMeta(fx, { featureSpec: { ...fx.spec, version: 99 }, name: 'Future features' }),
    );
    await expect(importModel(looseFiles(future))).rejects.toThrow(
      'Feature set "gtzan-librosa" version 99 is not supported',
    );
    // A zip whose weights were cut short: model.json's manifest no longer adds up.
    const zip = new JSZip();
    for (const f of bundleFiles(saved))
      zip.file(f.name, f.name === 'weights.bin' ? f.data.slice(0, 100) : f.data);
    await expect(
      importModel([{ name: 'short.zip', data: await zip.generateAsync({ type: 'uint8array' }) }]),
    ).rejects.toThrow(/weights/i);
    await expect(importModel([])).rejects.toThrow('No files were picked');
    expect(await storedIds()).toEqual([]);
  });

  it("saves a run's bundle under its current name with the chosen threshold, exportable and re-importable", async () => {
    const summary = await saveRunModel(saved, { name: 'My genres', threshold: 0.42 });
    expect(summary.name).toBe('My genres');
    const meta = await metaOfModel(`user:${summary.id}`);
    expect(meta.metrics.threshold).toBe(0.42);
    expect(meta.name).toBe('My genres');
    const { bytes } = await zipOfModel(`user:${summary.id}`);
    const back = await importBundleZip(bytes);
    expect(back.meta).toEqual(meta);
    await expect(saveRunModel(saved, { name: '' })).rejects.toThrow('meta.name');
    await expect(deleteModel('shipped:genre')).rejects.toThrow('Only saved models can be deleted');
    await deleteModel(`user:${summary.id}`);
  });
});

describe('modelRoleFor', () => {
  const spec = (name: string) => ({ ...gtzanMeta(fx).featureSpec, name }) as never;
  it('follows the task when it names a role, else the feature set', () => {
    expect(modelRoleFor({ task: 'instruments', featureSpec: spec('gtzan-librosa') })).toBe('instruments');
    expect(modelRoleFor({ task: 'my-genres', featureSpec: spec('gtzan-librosa') })).toBe('genre');
    expect(modelRoleFor({ task: 'x', featureSpec: spec('logmel') })).toBe('genre');
    expect(modelRoleFor({ task: 'x', featureSpec: spec('frames') })).toBe('instruments');
    expect(modelRoleFor({ task: 'x', featureSpec: spec('tabular') })).toBe('reggaeton');
  });

  it('names zip files plainly', () => {
    expect(zipFileName('Géneros / GTZAN (v2)')).toBe('generos-gtzan-v2.zip');
    expect(zipFileName('***')).toBe('model.zip');
  });
});

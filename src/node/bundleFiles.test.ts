import { mkdir, mkdtemp, readdir, readFile, rm, symlink, truncate, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBundle, openBundle, saveKnnBundle, type SavedBundle } from '../core/bundle/bundle';
import { gtzanMeta, predictRows, type GtzanFixture } from '../core/bundle/testing';
import { readBundleDir, writeBundleDir } from './bundleFiles';
import { tf } from './tf';
import { savedGtzanBundle } from './gtzanBundle';

let fx: GtzanFixture;
let model: tf.LayersModel;
let saved: SavedBundle;
let root: string;

beforeAll(async () => {
  ({ fx, model, saved } = await savedGtzanBundle());
  root = await mkdtemp(path.join(os.tmpdir(), 'oido-bundle-'));
});

afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

describe('bundle directories', () => {
  it('write model.json, weights.bin and meta.json, and read back to identical predictions', async () => {
    const dir = path.join(root, 'genres');
    const written = await writeBundleDir(dir, saved);
    expect(written.map((p) => path.basename(p))).toEqual(['model.json', 'weights.bin', 'meta.json']);
    expect((await readFile(path.join(dir, 'weights.bin'))).byteLength).toBe(saved.weights.byteLength);
    // meta.json is indented for people, with number arrays on one line.
    const metaText = await readFile(path.join(dir, 'meta.json'), 'utf8');
    expect(metaText).toContain('\n  "name": "GTZAN genres (test)",\n');
    expect(metaText).toMatch(/\n {4}"mean": \[-?\d/);
    const { model: loaded, meta } = await loadBundle(await readBundleDir(dir));
    expect(meta).toEqual(saved.meta);
    expect(predictRows(loaded, fx, 100)).toEqual(predictRows(model, fx, 100));
    loaded.dispose();
    // Writing again over the same directory replaces the files.
    await writeBundleDir(dir, saved);
    expect((await readBundleDir(dir)).meta).toEqual(JSON.parse(metaText));
  });

  it('hold k-NN bundles too', async () => {
    const dir = path.join(root, 'knn');
    const ref = {
      count: 20,
      dim: 57,
      points: fx.x.slice(0, 20 * 57),
      labels: fx.dataset.labels.slice(0, 20),
    };
    await writeBundleDir(dir, saveKnnBundle(ref, gtzanMeta(fx, { kind: 'knn' })));
    const opened = await openBundle(await readBundleDir(dir));
    expect(opened.kind === 'knn' && opened.knn).toEqual(ref);
  });

  it('name the directory and file that is missing or too big', async () => {
    const dir = path.join(root, 'broken');
    await writeBundleDir(dir, saved);
    await rm(path.join(dir, 'weights.bin'));
    await expect(readBundleDir(dir)).rejects.toThrow(
      `${dir}: The bundle has no weights.bin (a weight file model.json names)`,
    );
    await writeFile(path.join(dir, 'weights.bin'), '');
    await truncate(path.join(dir, 'weights.bin'), 60 * 1024 * 1024); // sparse: nothing is read
    await expect(readBundleDir(dir)).rejects.toThrow(
      /weights.bin is 62914560 bytes, more than the limit of 52428800/,
    );
    await expect(readBundleDir(path.join(root, 'nowhere'))).rejects.toThrow(
      /nowhere: The bundle has no model.json/,
    );
  });

  it('leave the old bundle whole when writing meta.json fails, and no staging folder behind', async () => {
    const dir = path.join(root, 'whole');
    await writeBundleDir(dir, saved);
    const before = await readBundleDir(dir);
    const other = { ...saved, meta: { ...saved.meta, name: 'new' }, weights: new ArrayBuffer(8) };
    const failing = async (file: string, data: Uint8Array) => {
      if (path.basename(file) === 'meta.json') throw new Error('ENOSPC: no space left on device');
      await writeFile(file, data);
    };
    await expect(writeBundleDir(dir, other, { writeFile: failing })).rejects.toThrow(/ENOSPC/);
    const after = await readBundleDir(dir);
    expect(after.meta).toEqual(before.meta);
    expect(new Uint8Array(after.weights as ArrayBuffer)).toEqual(
      new Uint8Array(before.weights as ArrayBuffer),
    );
    expect((await readdir(root)).filter((n) => n.startsWith('whole.'))).toEqual([]);
    // A first write that fails leaves no folder at all.
    const fresh = path.join(root, 'fresh');
    await expect(writeBundleDir(fresh, saved, { writeFile: failing })).rejects.toThrow(/ENOSPC/);
    await expect(readdir(fresh)).rejects.toThrow(/ENOENT/);
  });

  it('keep other files beside the bundle, and refuse to replace a folder that holds subfolders', async () => {
    const dir = path.join(root, 'mixed');
    await mkdir(dir);
    await writeFile(path.join(dir, 'report.json'), '{}');
    await writeBundleDir(dir, saved);
    expect((await readdir(dir)).sort()).toEqual(['meta.json', 'model.json', 'report.json', 'weights.bin']);
    await mkdir(path.join(dir, 'photos'));
    await expect(writeBundleDir(dir, saved)).rejects.toThrow(/holds more than a bundle \(photos\)/);
    expect((await readdir(dir)).length).toBe(5);
  });

  it('refuse a symbolic link in place of a bundle file', async () => {
    const dir = path.join(root, 'linked');
    await writeBundleDir(dir, saved);
    const secret = path.join(root, 'secret.bin');
    await writeFile(secret, new Uint8Array(saved.weights));
    await rm(path.join(dir, 'weights.bin'));
    await symlink(secret, path.join(dir, 'weights.bin'));
    await expect(readBundleDir(dir)).rejects.toThrow(
      `${dir}: ${path.join(dir, 'weights.bin')} is a symbolic link: a bundle's files must be plain files`,
    );
  });
});

import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../../node/tf';
import { loadBundle, type SavedBundle } from './bundle';
import type { LayersModelJson } from './modelJson';
import { predictRows, type GtzanFixture } from './testing';
import { exportBundleZip, importBundleFiles, importBundleZip } from './zip';
import { savedGtzanBundle } from '../../node/gtzanBundle';

let fx: GtzanFixture;
let model: tf.LayersModel;
let saved: SavedBundle;

beforeAll(async () => {
  ({ fx, model, saved } = await savedGtzanBundle());
});

const text = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

async function zipOf(files: Record<string, Uint8Array | string>): Promise<Uint8Array> {
  const zip = new JSZip();
  for (const [name, data] of Object.entries(files)) zip.file(name, data);
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}

async function expectSamePredictions(parts: Awaited<ReturnType<typeof importBundleZip>>): Promise<void> {
  const loaded = await loadBundle(parts);
  expect(predictRows(loaded.model, fx, 100)).toEqual(predictRows(model, fx, 100));
  expect(loaded.meta).toEqual(saved.meta);
  loaded.model.dispose();
}

/** Sets the uncompressed size that the central directory declares for `name` (a lying header). */
function patchDeclaredSize(zip: Uint8Array, name: string, size: number): Uint8Array {
  const out = zip.slice();
  const view = new DataView(out.buffer);
  for (let at = 0; at + 46 < out.length; at++) {
    if (view.getUint32(at, true) !== 0x02014b50) continue;
    const nameLength = view.getUint16(at + 28, true);
    if (new TextDecoder().decode(out.subarray(at + 46, at + 46 + nameLength)) === name) {
      view.setUint32(at + 24, size, true);
      return out;
    }
  }
  throw new Error(`no central directory entry ${name}`);
}

describe('zip export and import', () => {
  it('round-trips through one .zip with identical predictions, and exports repeatably', async () => {
    const zip = await exportBundleZip(saved);
    expect(zip.byteLength).toBeLessThan(saved.weights.byteLength + 20_000);
    expect(await exportBundleZip(saved)).toEqual(zip);
    const names = Object.keys((await JSZip.loadAsync(zip)).files).sort();
    expect(names).toEqual(['meta.json', 'model.json', 'weights.bin']);
    await expectSamePredictions(await importBundleZip(zip));
    await expectSamePredictions(
      await importBundleFiles([{ name: 'genres.zip', data: zip.buffer as ArrayBuffer }]),
    );
  });

  it('imports the files zipped inside one folder, or picked loose', async () => {
    const files = {
      'model.json': text(saved.modelJson),
      'weights.bin': new Uint8Array(saved.weights),
      'meta.json': text(saved.meta),
    };
    const nested = await zipOf(Object.fromEntries(Object.entries(files).map(([k, v]) => [`genres/${k}`, v])));
    await expectSamePredictions(await importBundleZip(nested));
    await expectSamePredictions(
      await importBundleFiles(Object.entries(files).map(([name, data]) => ({ name, data }))),
    );
  });

  it('concatenates the weight shards model.json names, in order', async () => {
    const json = structuredClone(saved.modelJson) as LayersModelJson;
    json.weightsManifest[0].paths = ['group1-shard1of2.bin', 'group1-shard2of2.bin'];
    const w = new Uint8Array(saved.weights);
    const half = 1000;
    const files = [
      { name: 'model.json', data: text(json) },
      { name: 'meta.json', data: text(saved.meta) },
      { name: 'group1-shard2of2.bin', data: w.slice(half) },
      { name: 'group1-shard1of2.bin', data: w.slice(0, half) },
    ];
    await expectSamePredictions(await importBundleFiles(files));
    await expect(importBundleFiles(files.slice(0, 3))).rejects.toThrow(
      'The bundle has no group1-shard1of2.bin (a weight file model.json names)',
    );
    const escaping = structuredClone(json);
    escaping.weightsManifest[0].paths = ['../../etc/passwd'];
    await expect(importBundleFiles(files)).resolves.toBeDefined();
    await expect(
      importBundleFiles([{ ...files[0], data: text(escaping) }, ...files.slice(1)]),
    ).rejects.toThrow('Expected model.json weightsManifest[0].paths[0] to be a plain name');
  });

  it('explains what is missing or malformed', async () => {
    await expect(importBundleFiles([{ name: 'model.json', data: text(saved.modelJson) }])).rejects.toThrow(
      'Pick one .zip, or model.json, meta.json and the weight file(s) together (got model.json)',
    );
    await expect(importBundleZip(new TextEncoder().encode('PK not really'))).rejects.toThrow(
      'Not a zip file (no end-of-central-directory record)',
    );
    const zip = await exportBundleZip(saved);
    await expect(importBundleZip(zip.slice(0, zip.length - 30))).rejects.toThrow(
      /Not a zip file|Not a readable zip/,
    );
    const noMeta = await zipOf({
      'model.json': text(saved.modelJson),
      'weights.bin': new Uint8Array(saved.weights),
    });
    await expect(importBundleZip(noMeta)).rejects.toThrow('The bundle has no meta.json');
    const badJson = await zipOf({
      'model.json': '{"format": "layers-model",',
      'meta.json': '{}',
      'weights.bin': '',
    });
    await expect(importBundleZip(badJson)).rejects.toThrow(/^model.json is not valid JSON/);
  });

  it('refuses entries whose path leaves the archive', async () => {
    for (const name of ['../model.json', 'a/../../model.json', '/abs/model.json', 'C:\\model.json']) {
      const zip = await zipOf({ [name]: text(saved.modelJson), 'meta.json': text(saved.meta) });
      await expect(importBundleZip(zip), name).rejects.toThrow(/has an unsafe path/);
    }
  });

  it('refuses zip bombs: too many entries, or entries inflating past their limit', async () => {
    const many: Record<string, string> = {};
    for (let i = 0; i < 100; i++) many[`f${i}.txt`] = 'x';
    await expect(importBundleZip(await zipOf(many))).rejects.toThrow(
      'The zip holds 100 entries, more than the limit of 64',
    );
    // 5 MB of spaces deflate to a few kB; model.json may be 4 MB at most.
    const big = ' '.repeat(5 * 1024 * 1024);
    const bomb = await zipOf({ 'model.json': big, 'meta.json': '{}', 'weights.bin': '' });
    expect(bomb.byteLength).toBeLessThan(50_000);
    await expect(importBundleZip(bomb)).rejects.toThrow(
      'model.json in the zip declares 5242880 bytes, more than the limit of 4194304',
    );
    // The same entry with a header claiming 100 bytes: the byte counter stops it while inflating.
    await expect(importBundleZip(patchDeclaredSize(bomb, 'model.json', 100))).rejects.toThrow(
      'model.json in the zip inflates past the limit of 4194304 bytes',
    );
  });

  it('counts the central directory itself: an end record saying 3 cannot hide 20,000 entries', async () => {
    const many: Record<string, string> = {};
    for (let i = 0; i < 20_000; i++) many[`f${i}`] = '';
    const lying = await zipOf(many);
    const view = new DataView(lying.buffer, lying.byteOffset, lying.byteLength);
    const end = lying.byteLength - 22; // no comment: the record is the last 22 bytes
    expect(view.getUint32(end, true)).toBe(0x06054b50);
    view.setUint16(end + 8, 3, true);
    view.setUint16(end + 10, 3, true);
    const started = performance.now();
    await expect(importBundleZip(lying)).rejects.toThrow(
      "The zip's central directory holds more than 64 entries (its end record says 3)",
    );
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

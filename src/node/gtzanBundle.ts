/**
 * Test set-up shared by the bundle tests (core, Node files, IndexedDB, Keep): the 1,000 GTZAN rows from
 * ../shared/data, a small MLP trained on them, and the bundle saved from it.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { saveBundle, type SavedBundle } from '../core/bundle/bundle';
import {
  GTZAN_CSV,
  gtzanFixture,
  gtzanMeta,
  trainedGtzanMlp,
  type GtzanFixture,
} from '../core/bundle/testing';
import { initNodeTf, type tf } from './tf';

export interface SavedGtzanBundle {
  fx: GtzanFixture;
  model: tf.LayersModel;
  saved: SavedBundle;
}

export async function savedGtzanBundle(): Promise<SavedGtzanBundle> {
  await initNodeTf();
  const fx = gtzanFixture(await readFile(path.resolve(process.cwd(), '../shared/data', GTZAN_CSV), 'utf8'));
  const model = await trainedGtzanMlp(fx);
  return { fx, model, saved: await saveBundle(model, gtzanMeta(fx)) };
}

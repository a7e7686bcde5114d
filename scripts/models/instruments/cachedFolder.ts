/** Folders of files the build makes once (synthesised speech, rendered phrases) and keeps in its cache. */
import { createHash } from 'node:crypto';
import { access, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { CACHE } from './config';

/**
 * `CACHE/<kind>/<key>`, where the key is a hash of `keyOf` (everything the files depend on): made by `make` the
 * first time, then only marked done, so a build stopped half-way makes it again from the start.
 */
export async function cachedFolder(
  kind: string,
  keyOf: unknown,
  make: (folder: string) => Promise<void>,
): Promise<string> {
  const key = createHash('sha1').update(JSON.stringify(keyOf)).digest('hex').slice(0, 16);
  const folder = path.join(CACHE, kind, key);
  const done = path.join(folder, 'done');
  try {
    await access(done);
    return folder;
  } catch {
    // made below
  }
  await mkdir(folder, { recursive: true });
  await make(folder);
  await mkdir(done);
  return folder;
}

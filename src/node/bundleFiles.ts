/**
 * A model bundle as a directory (`model.json`, `weights.bin`, `meta.json`): what the CLI writes and what the
 * app serves from `public/models/NAME/`. Reading is size-checked before any file is read into memory.
 */
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { BundleParts, SavedBundle } from '../core/bundle/bundle';
import { bundleFiles, readBundleParts } from '../core/bundle/files';
import { BundleError } from '../core/bundle/json';

/** Writes the bundle's three files into `dir` (created if needed); returns their paths. */
export async function writeBundleDir(dir: string, bundle: SavedBundle): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  for (const file of bundleFiles(bundle)) {
    const target = path.join(dir, file.name);
    // Write then rename, so that a reader never sees half a file.
    const partial = `${target}.partial`;
    await writeFile(partial, file.data);
    await rename(partial, target);
    written.push(target);
  }
  return written;
}

/** Reads a bundle directory's files (not yet validated: pass the result to `loadBundle`/`openBundle`). */
export async function readBundleDir(dir: string): Promise<BundleParts> {
  const parts = readBundleParts(async (name, maxBytes) => {
    const file = path.join(dir, name);
    let size: number;
    try {
      const info = await stat(file);
      if (!info.isFile()) throw new BundleError(`${file} is not a file`);
      size = info.size;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    if (size > maxBytes)
      throw new BundleError(`${file} is ${size} bytes, more than the limit of ${maxBytes}`);
    return new Uint8Array(await readFile(file));
  });
  try {
    return await parts;
  } catch (err) {
    if (err instanceof BundleError) throw new BundleError(`${dir}: ${err.message}`);
    throw err;
  }
}

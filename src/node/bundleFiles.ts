/**
 * A model bundle as a directory (`model.json`, `weights.bin`, `meta.json`): what the CLI writes and what the
 * app serves from `public/models/NAME/`. Writing puts the whole folder in place at once; reading refuses
 * symbolic links and checks each file's size before any of it is read into memory.
 */
import { constants } from 'node:fs';
import { copyFile, link, lstat, mkdir, open, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { BundleParts, SavedBundle } from '../core/bundle/bundle';
import { bundleFiles, readBundleParts } from '../core/bundle/files';
import { BundleError } from '../core/bundle/json';

export interface WriteBundleDirOptions {
  /** Writes one file (tests pass one that fails). Default `fs.promises.writeFile`. */
  writeFile?: (file: string, data: Uint8Array) => Promise<void>;
}

async function entriesOf(dir: string): Promise<string[] | null> {
  try {
    return await readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/**
 * Writes the bundle's three files into `dir` (created if needed) and returns their paths. The files are
 * written into a sibling folder first and that folder is renamed into place whole, so a failed write leaves
 * the old bundle as it was, never new weights beside an old meta.json. Other plain files in the folder
 * (a build report) are kept; a folder holding subfolders or links is refused rather than replaced.
 */
export async function writeBundleDir(
  dir: string,
  bundle: SavedBundle,
  options: WriteBundleDirOptions = {},
): Promise<string[]> {
  const write = options.writeFile ?? ((file: string, data: Uint8Array) => writeFile(file, data));
  const files = bundleFiles(bundle);
  const target = path.resolve(dir);
  const existing = await entriesOf(target);
  const own = new Set(files.map((f) => f.name));
  const others = existing?.filter((name) => !own.has(name)) ?? [];
  const notFiles: string[] = [];
  for (const name of others) {
    if (!(await lstat(path.join(target, name))).isFile()) notFiles.push(name);
  }
  if (notFiles.length > 0) {
    throw new Error(
      `${dir} holds more than a bundle (${notFiles.slice(0, 3).join(', ')}${notFiles.length > 3 ? ', …' : ''}): write the model to a new folder or over another model's folder`,
    );
  }
  await mkdir(path.dirname(target), { recursive: true });
  const stamp = `${process.pid}-${Date.now().toString(36)}`;
  const staging = `${target}.writing-${stamp}`;
  const old = `${target}.old-${stamp}`;
  await mkdir(staging);
  try {
    for (const file of files) await write(path.join(staging, file.name), file.data);
    // Files kept beside a bundle (a build report, notes) move with it: hard links, so nothing is copied.
    for (const name of others) {
      const [from, to] = [path.join(target, name), path.join(staging, name)];
      await link(from, to).catch(() => copyFile(from, to));
    }
    if (existing === null) {
      await rename(staging, target);
    } else {
      await rename(target, old);
      try {
        await rename(staging, target);
      } catch (err) {
        await rename(old, target);
        throw err;
      }
      await rm(old, { recursive: true, force: true });
    }
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return files.map((f) => path.join(dir, f.name));
}

/** Reads one file of at most `maxBytes`, refusing a symbolic link; null when there is no such file. */
async function readPlainFile(file: string, maxBytes: number): Promise<Uint8Array | null> {
  let handle;
  try {
    // O_NOFOLLOW: a link is refused by the open itself, so nothing can swap one in after a check.
    handle = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    if (code === 'ELOOP')
      throw new BundleError(`${file} is a symbolic link: a bundle's files must be plain files`);
    throw err;
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new BundleError(`${file} is not a file`);
    if (info.size > maxBytes)
      throw new BundleError(`${file} is ${info.size} bytes, more than the limit of ${maxBytes}`);
    const bytes = new Uint8Array(info.size);
    const { bytesRead } = await handle.read(bytes, 0, info.size, 0);
    return bytes.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** Reads a bundle directory's files (not yet validated: pass the result to `loadBundle`/`openBundle`). */
export async function readBundleDir(dir: string): Promise<BundleParts> {
  try {
    if (
      !(await stat(dir).then(
        (s) => s.isDirectory(),
        () => true,
      ))
    )
      throw new BundleError(`${dir} is not a folder`);
    return await readBundleParts((name, maxBytes) => readPlainFile(path.join(dir, name), maxBytes));
  } catch (err) {
    if (err instanceof BundleError) throw new BundleError(`${dir}: ${err.message}`);
    throw err;
  }
}

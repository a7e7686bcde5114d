/**
 * One-file export of a bundle (`.zip` holding model.json, weights.bin, meta.json) and import from a zip or from
 * the loose files. A zip is untrusted: its entry count is read from the end-of-central-directory record before
 * JSZip parses it, names that climb out of the archive are refused, and every entry is inflated through a byte
 * counter that stops at the file's limit whatever sizes the headers declare.
 */
import JSZip from 'jszip';
import type { BundleParts, SavedBundle } from './bundle';
import {
  bundleFiles,
  MAX_BUNDLE_BYTES,
  META_JSON_FILE,
  MODEL_JSON_FILE,
  readBundleParts,
  type ReadBundleFile,
} from './files';
import { BundleError } from './json';

export const MAX_ZIP_ENTRIES = 64;
/** A fixed timestamp keeps exports byte-for-byte repeatable. */
const ZIP_DATE = new Date(Date.UTC(2020, 0, 1));
const SAFE_SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9 _.()-]{0,127}$/;

/** A file the user picked or fetched: its name (no folders) and bytes. */
export interface NamedFile {
  name: string;
  data: ArrayBuffer | Uint8Array;
}

function toBytes(data: ArrayBuffer | Uint8Array): Uint8Array {
  return data instanceof Uint8Array ? data : new Uint8Array(data);
}

/** Packs a saved bundle into one `.zip` (deflated, deterministic). */
export async function exportBundleZip(bundle: SavedBundle): Promise<Uint8Array> {
  const zip = new JSZip();
  for (const file of bundleFiles(bundle)) zip.file(file.name, file.data, { binary: true, date: ZIP_DATE });
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE', compressionOptions: { level: 6 } });
}

/** Reads the entry count from the end-of-central-directory record, refusing a non-zip or too many entries. */
function zipEntryCount(bytes: Uint8Array): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The record is 22 bytes plus a comment of at most 65,535 bytes, at the very end.
  for (let at = bytes.byteLength - 22; at >= Math.max(0, bytes.byteLength - 22 - 0xffff); at--) {
    if (view.getUint32(at, true) === 0x06054b50) {
      const entries = view.getUint16(at + 10, true);
      if (entries === 0xffff) throw new BundleError('ZIP64 archives are not supported');
      if (entries > MAX_ZIP_ENTRIES) {
        throw new BundleError(`The zip holds ${entries} entries, more than the limit of ${MAX_ZIP_ENTRIES}`);
      }
      // JSZip walks every central-directory header it finds, whatever count the end record gives: count them
      // first (a linear scan for their signature), so a record that says 3 cannot hide 760,000.
      const headers = countSignature(view, 0x02014b50, MAX_ZIP_ENTRIES + 1);
      if (headers > MAX_ZIP_ENTRIES) {
        throw new BundleError(
          `The zip's central directory holds more than ${MAX_ZIP_ENTRIES} entries (its end record says ${entries})`,
        );
      }
      return entries;
    }
  }
  throw new BundleError('Not a zip file (no end-of-central-directory record)');
}

/** How many times a little-endian 32-bit signature occurs, counting no further than `stopAt`. */
function countSignature(view: DataView, signature: number, stopAt: number): number {
  const b0 = signature & 0xff;
  let count = 0;
  for (let i = 0; i + 4 <= view.byteLength && count < stopAt; i++) {
    if (view.getUint8(i) === b0 && view.getUint32(i, true) === signature) count++;
  }
  return count;
}

/** The entry's path inside the archive, refusing absolute paths, `..`, backslashes and odd characters. */
function entrySegments(name: string): string[] {
  const segments = name.replace(/\/$/, '').split('/');
  if (!segments.every((s) => SAFE_SEGMENT.test(s) && s !== '..')) {
    throw new BundleError(`The zip entry ${JSON.stringify(name)} has an unsafe path`);
  }
  return segments;
}

/** Inflates one entry, stopping as soon as it passes `maxBytes`. */
function inflate(file: JSZip.JSZipObject, name: string, maxBytes: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    let total = 0;
    let settled = false;
    // `internalStream` (what `file.async` uses, untyped in index.d.ts) lets us stop mid-way.
    const streamable = file as unknown as {
      internalStream(type: 'uint8array'): JSZip.JSZipStreamHelper<Uint8Array>;
    };
    const stream = streamable.internalStream('uint8array');
    const fail = (err: BundleError) => {
      if (settled) return;
      settled = true;
      stream.pause();
      reject(err);
    };
    stream.on('data', (chunk: Uint8Array) => {
      if (settled) return;
      total += chunk.byteLength;
      if (total > maxBytes)
        fail(new BundleError(`${name} in the zip inflates past the limit of ${maxBytes} bytes`));
      else chunks.push(chunk);
    });
    stream.on('error', (err: Error) =>
      fail(new BundleError(`${name} in the zip is corrupt: ${err.message}`)),
    );
    stream.on('end', () => {
      if (settled) return;
      settled = true;
      const out = new Uint8Array(total);
      let offset = 0;
      for (const c of chunks) {
        out.set(c, offset);
        offset += c.byteLength;
      }
      resolve(out);
    });
    stream.resume();
  });
}

/** Reads a bundle from `.zip` bytes (its files at the top, or all inside one folder). */
export async function importBundleZip(data: ArrayBuffer | Uint8Array): Promise<BundleParts> {
  const bytes = toBytes(data);
  if (bytes.byteLength > MAX_BUNDLE_BYTES) {
    throw new BundleError(`The zip is ${bytes.byteLength} bytes, more than the limit of ${MAX_BUNDLE_BYTES}`);
  }
  zipEntryCount(bytes);
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes, { checkCRC32: false, createFolders: false });
  } catch (err) {
    throw new BundleError(`Not a readable zip file: ${(err as Error).message}`);
  }
  const entries: Array<{ segments: string[]; file: JSZip.JSZipObject }> = [];
  for (const file of Object.values(zip.files)) {
    // JSZip rewrites "../x" to "x" and keeps the original: such an entry is refused, not silently moved.
    if (file.unsafeOriginalName !== undefined && file.unsafeOriginalName !== file.name) {
      throw new BundleError(`The zip entry ${JSON.stringify(file.unsafeOriginalName)} has an unsafe path`);
    }
    if (file.dir || file.name.startsWith('__MACOSX/') || /(^|\/)\.DS_Store$/.test(file.name)) continue;
    entries.push({ segments: entrySegments(file.name), file });
  }
  // Allow one enclosing folder, as when a user zips the bundle's directory.
  const top = entries.find((e) => e.segments[e.segments.length - 1] === MODEL_JSON_FILE)?.segments;
  const prefix = top && top.length === 2 ? top[0] : null;
  const files = new Map<string, JSZip.JSZipObject>();
  for (const { segments, file } of entries) {
    if (segments.length === 1 && prefix === null) files.set(segments[0], file);
    else if (segments.length === 2 && segments[0] === prefix) files.set(segments[1], file);
  }
  let budget = MAX_BUNDLE_BYTES;
  const read: ReadBundleFile = async (name, maxBytes) => {
    const file = files.get(name);
    if (!file) return null;
    const limit = Math.min(maxBytes, budget);
    const declared = (file as unknown as { _data?: { uncompressedSize?: unknown } })._data?.uncompressedSize;
    if (typeof declared === 'number' && declared > limit) {
      throw new BundleError(`${name} in the zip declares ${declared} bytes, more than the limit of ${limit}`);
    }
    const out = await inflate(file, name, limit);
    budget -= out.byteLength;
    return out;
  };
  return readBundleParts(read);
}

/**
 * Reads a bundle from files a user picked: one `.zip`, or `model.json` + `meta.json` + the weight files the
 * model names (`weights.bin`).
 */
export async function importBundleFiles(files: readonly NamedFile[]): Promise<BundleParts> {
  if (files.length === 1 && /\.zip$/i.test(files[0].name)) return importBundleZip(files[0].data);
  const byName = new Map<string, Uint8Array>();
  for (const f of files) {
    const name = f.name.split(/[/\\]/).pop() ?? '';
    if (byName.has(name)) throw new BundleError(`Two files are named ${JSON.stringify(name)}`);
    byName.set(name, toBytes(f.data));
  }
  if (!byName.has(MODEL_JSON_FILE) || !byName.has(META_JSON_FILE)) {
    throw new BundleError(
      `Pick one .zip, or ${MODEL_JSON_FILE}, ${META_JSON_FILE} and the weight file(s) together (got ${[...byName.keys()].join(', ') || 'nothing'})`,
    );
  }
  return readBundleParts(async (name, maxBytes) => {
    const bytes = byName.get(name) ?? null;
    if (bytes && bytes.byteLength > maxBytes) {
      throw new BundleError(`${name} is ${bytes.byteLength} bytes, more than the limit of ${maxBytes}`);
    }
    return bytes;
  });
}

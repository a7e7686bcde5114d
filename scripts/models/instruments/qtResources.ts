/**
 * Files out of a Qt binary resource (`.rcc`, what Qt's `rcc --binary` writes; format versions 1–3): a header
 * (`qres`, version, offsets of the tree, the data and the names), a tree of 14-byte (v1) or 22-byte (v2+) nodes
 * whose first is the root, names as UTF-16BE with a length, and each file's bytes with a length, zlib-compressed
 * behind their size when the node says so. Enough to read the recordings GCompris ships (gcompris.ts); zstd-
 * compressed entries (Qt 6's other choice) are refused by name.
 */
import { inflateSync } from 'node:zlib';

export interface QtResourceFile {
  /** The file's path in the resource tree, `/`-separated, without a leading slash. */
  path: string;
  data: Uint8Array;
}

const COMPRESSED = 0x1;
const DIRECTORY = 0x2;
const COMPRESSED_ZSTD = 0x4;

export function readQtResources(bytes: Uint8Array): QtResourceFile[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = (offset: number, size: number, what: string) => {
    if (!(offset >= 0 && offset + size <= bytes.byteLength))
      throw new Error(`Qt resource: ${what} at ${offset} lies outside the ${bytes.byteLength} bytes`);
    return offset;
  };
  if (bytes.byteLength < 20 || new TextDecoder().decode(bytes.subarray(0, 4)) !== 'qres')
    throw new Error('Qt resource: expected the file to start with "qres"');
  const version = view.getUint32(4);
  if (version < 1 || version > 3) throw new Error(`Qt resource: expected format version 1–3, got ${version}`);
  const [tree, data, names] = [view.getUint32(8), view.getUint32(12), view.getUint32(16)];
  const nodeSize = version >= 2 ? 22 : 14;
  const nameAt = (offset: number) => {
    const start = at(names + offset, 6, 'a name');
    const length = view.getUint16(start);
    at(start + 6, 2 * length, 'a name');
    let s = '';
    for (let i = 0; i < length; i++) s += String.fromCharCode(view.getUint16(start + 6 + 2 * i));
    return s;
  };
  const files: QtResourceFile[] = [];
  const seen = new Set<number>();
  const walk = (node: number, prefix: string) => {
    if (seen.has(node)) throw new Error(`Qt resource: node ${node} is reached twice`);
    seen.add(node);
    const p = at(tree + node * nodeSize, nodeSize, `node ${node}`);
    const name = node === 0 ? '' : nameAt(view.getUint32(p));
    const flags = view.getUint16(p + 4);
    const full = prefix && name ? `${prefix}/${name}` : prefix || name;
    if (flags & DIRECTORY) {
      const [count, first] = [view.getUint32(p + 6), view.getUint32(p + 10)];
      for (let child = first; child < first + count; child++) walk(child, full);
      return;
    }
    if (flags & COMPRESSED_ZSTD)
      throw new Error(`Qt resource: ${full} is zstd-compressed, which is not read here`);
    const start = at(data + view.getUint32(p + 10), 4, `the data of ${full}`);
    const size = view.getUint32(start);
    const raw = bytes.subarray(at(start + 4, size, `the data of ${full}`), start + 4 + size);
    // A compressed entry: its uncompressed size (4 bytes, big-endian), then a zlib stream.
    files.push({ path: full, data: flags & COMPRESSED ? new Uint8Array(inflateSync(raw.subarray(4))) : raw });
  };
  walk(0, '');
  return files;
}

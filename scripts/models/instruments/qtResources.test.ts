import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readQtResources } from './qtResources';

/** A version-3 resource file with `dir/a.txt` (stored) and `b.bin` (zlib), laid out as Qt's rcc lays it out. */
function resourceFile(): Uint8Array {
  const name = (s: string) => {
    const b = new Uint8Array(6 + 2 * s.length);
    const v = new DataView(b.buffer);
    v.setUint16(0, s.length);
    for (let i = 0; i < s.length; i++) v.setUint16(6 + 2 * i, s.charCodeAt(i));
    return b;
  };
  const names = [name('dir'), name('a.txt'), name('b.bin')];
  const nameOffsets = [0, names[0].length, names[0].length + names[1].length];
  const a = new TextEncoder().encode('hello');
  const b = new Uint8Array(300).map((_, i) => i % 7);
  const bz = deflateSync(b);
  const blob = (payload: Uint8Array, prefix?: number) => {
    const extra = prefix === undefined ? 0 : 4;
    const out = new Uint8Array(4 + extra + payload.length);
    const v = new DataView(out.buffer);
    v.setUint32(0, extra + payload.length);
    if (prefix !== undefined) v.setUint32(4, prefix);
    out.set(payload, 4 + extra);
    return out;
  };
  const blobs = [blob(a), blob(bz, b.length)];
  // Nodes: 0 root (2 children from 1), 1 dir (1 child at 3), 2 b.bin, 3 a.txt.
  const node = (nameOffset: number, flags: number, x: number, y: number) => {
    const out = new Uint8Array(22);
    const v = new DataView(out.buffer);
    v.setUint32(0, nameOffset);
    v.setUint16(4, flags);
    if (flags & 2) {
      v.setUint32(6, x);
      v.setUint32(10, y);
    } else v.setUint32(10, y);
    return out;
  };
  const nodes = [
    node(0, 2, 2, 1),
    node(nameOffsets[0], 2, 1, 3),
    node(nameOffsets[2], 1, 0, blobs[0].length),
    node(nameOffsets[1], 0, 0, 0),
  ];
  const parts = [new Uint8Array(24), ...nodes, ...blobs, ...names];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  const v = new DataView(out.buffer);
  out.set(new TextEncoder().encode('qres'));
  v.setUint32(4, 3);
  v.setUint32(8, 24);
  v.setUint32(12, 24 + 4 * 22);
  v.setUint32(16, 24 + 4 * 22 + blobs[0].length + blobs[1].length);
  return out;
}

describe('Qt binary resources', () => {
  it('reads stored and zlib-compressed files with their paths', () => {
    const files = readQtResources(resourceFile());
    expect(files.map((f) => f.path).sort()).toEqual(['b.bin', 'dir/a.txt']);
    expect(new TextDecoder().decode(files.find((f) => f.path === 'dir/a.txt')!.data)).toBe('hello');
    expect(Array.from(files.find((f) => f.path === 'b.bin')!.data)).toEqual(
      Array.from({ length: 300 }, (_, i) => i % 7),
    );
  });

  it('refuses other files and offsets outside the file by name', () => {
    expect(() => readQtResources(new TextEncoder().encode('not a resource file at all'))).toThrow('"qres"');
    const cut = resourceFile().subarray(0, 130);
    expect(() => readQtResources(cut)).toThrow('outside');
  });
});

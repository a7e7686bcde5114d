import { describe, expect, it } from 'vitest';
import { createRng } from './random';

describe('createRng', () => {
  it('repeats the same stream for the same seed and differs between seeds', () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const sa = Array.from({ length: 100 }, () => a.next());
    const sb = Array.from({ length: 100 }, () => b.next());
    const sc = Array.from({ length: 100 }, () => c.next());
    expect(sa).toEqual(sb);
    expect(sa).not.toEqual(sc);
    expect(sa.filter((x, i) => x === sc[i]).length).toBeLessThan(3);
  });

  it('gives the mulberry32 reference stream (platform-independent integer arithmetic)', () => {
    // An independent BigInt re-implementation of mulberry32 (and the seed hash) must agree bit for bit,
    // which pins the stream against any float or sign slip in the Math.imul version.
    const hash = (seed: bigint): bigint => {
      const m = (x: bigint, y: bigint) => (x * y) & 0xffffffffn;
      let h = seed & 0xffffffffn;
      h = m(h ^ (h >> 16n), 0x7feb352dn);
      h = m(h ^ (h >> 15n), 0x846ca68bn);
      return (h ^ (h >> 16n)) & 0xffffffffn;
    };
    const reference = (seed: number, n: number): number[] => {
      let state = hash(BigInt(seed));
      const out: number[] = [];
      const m = (x: bigint, y: bigint) => (x * y) & 0xffffffffn;
      for (let i = 0; i < n; i++) {
        state = (state + 0x6d2b79f5n) & 0xffffffffn;
        let t = state;
        t = m(t ^ (t >> 15n), t | 1n);
        t = (t ^ ((t + m(t ^ (t >> 7n), t | 61n)) & 0xffffffffn)) & 0xffffffffn;
        out.push(Number((t ^ (t >> 14n)) & 0xffffffffn) / 2 ** 32);
      }
      return out;
    };
    for (const seed of [0, 1, 7, 123456789]) {
      const rng = createRng(seed);
      expect(Array.from({ length: 20 }, () => rng.next())).toEqual(reference(seed, 20));
    }
  });

  it('next() is uniform on [0, 1)', () => {
    const rng = createRng(1);
    const bins = new Array<number>(10).fill(0);
    const n = 100_000;
    let outside = 0;
    for (let i = 0; i < n; i++) {
      const x = rng.next();
      if (!(x >= 0 && x < 1)) outside++;
      else bins[Math.floor(x * 10)]++;
    }
    expect(outside).toBe(0);
    // Chi-square with 9 degrees of freedom: 99.9th percentile is 27.9.
    const chi = bins.reduce((s, b) => s + (b - n / 10) ** 2 / (n / 10), 0);
    expect(chi).toBeLessThan(27.9);
  });

  it('int(n) covers [0, n) evenly and validates n', () => {
    const rng = createRng(2);
    const counts = new Array<number>(7).fill(0);
    for (let i = 0; i < 70_000; i++) counts[rng.int(7)]++;
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(500);
    expect(rng.int(1)).toBe(0);
    expect(() => rng.int(0)).toThrow(/Expected n to be an integer in \[1, 2\^32\], got 0/);
    expect(() => rng.int(2.5)).toThrow(/got 2.5/);
    expect(() => rng.int(NaN)).toThrow(/got NaN/);
  });

  it('normal() has mean 0 and std 1', () => {
    const rng = createRng(3);
    const n = 100_000;
    let s = 0;
    let s2 = 0;
    let s4 = 0;
    for (let i = 0; i < n; i++) {
      const x = rng.normal();
      s += x;
      s2 += x * x;
      s4 += x ** 4;
    }
    expect(Math.abs(s / n)).toBeLessThan(0.02);
    expect(Math.abs(s2 / n - 1)).toBeLessThan(0.02);
    expect(Math.abs(s4 / n - 3)).toBeLessThan(0.1); // normal kurtosis
  });

  it('shuffle is an in-place permutation, repeatable by seed, for arrays and typed arrays', () => {
    const a = Array.from({ length: 50 }, (_, i) => i);
    const out = createRng(5).shuffle(a);
    expect(out).toBe(a);
    expect([...a].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(a).not.toEqual(Array.from({ length: 50 }, (_, i) => i));
    const typed = createRng(5).shuffle(Int32Array.from({ length: 50 }, (_, i) => i));
    expect(Array.from(typed)).toEqual(a);
    // Every position is reachable: over many shuffles of 4 items, all 24 orders appear.
    const rng = createRng(9);
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) seen.add(rng.shuffle([0, 1, 2, 3]).join(''));
    expect(seen.size).toBe(24);
  });

  it('rejects seeds that are not safe integers', () => {
    expect(() => createRng(1.5)).toThrow(/Expected seed to be a safe integer, got 1.5/);
    expect(() => createRng(NaN)).toThrow(/got NaN/);
    expect(() => createRng(2 ** 60)).toThrow(/safe integer/);
    expect(createRng(-1).next()).not.toBe(createRng(1).next());
  });
});

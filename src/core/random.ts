/**
 * Seeded pseudo-random numbers for everything that must repeat: splits, shuffles, weight init.
 *
 * The generator is mulberry32 (32-bit state, period 2^32) fed by a splitmix32-style hash of the seed, so
 * nearby seeds (0, 1, 2) give unrelated streams. It uses only integer arithmetic (`Math.imul`, shifts), so
 * `next()` and `int()` give the same sequence on every JS engine and platform. `normal()` also needs
 * `Math.log` and `Math.sqrt`; engines agree on these to the last bit in practice (V8 everywhere).
 */
export interface Rng {
  /** Uniform in [0, 1), a multiple of 2^-32. */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Standard normal (mean 0, std 1), Marsaglia's polar method. */
  normal(): number;
  /** Fisher–Yates shuffle in place; returns the same array. */
  shuffle<T extends MutableArrayLike>(a: T): T;
}

/** Plain arrays and typed arrays alike. */
export interface MutableArrayLike {
  length: number;
  [index: number]: unknown;
}

const TWO_POW_32 = 4294967296;

function hashSeed(seed: number): number {
  // Fold in the high bits too, so seeds that differ only above 2^32 still differ.
  let h = (seed >>> 0) ^ Math.imul(Math.floor(seed / TWO_POW_32) >>> 0, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}

export function createRng(seed: number): Rng {
  if (!Number.isSafeInteger(seed)) {
    throw new Error(`Expected seed to be a safe integer, got ${seed}`);
  }
  let state = hashSeed(seed);
  let spare: number | null = null;

  const nextUint32 = (): number => {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };

  const next = (): number => nextUint32() / TWO_POW_32;

  const int = (n: number): number => {
    if (!Number.isInteger(n) || n < 1 || n > TWO_POW_32) {
      throw new Error(`Expected n to be an integer in [1, 2^32], got ${n}`);
    }
    // Rejection sampling removes the modulo bias of floor(next() * n).
    const limit = TWO_POW_32 - (TWO_POW_32 % n);
    let x = nextUint32();
    while (x >= limit) x = nextUint32();
    return x % n;
  };

  const normal = (): number => {
    if (spare !== null) {
      const s = spare;
      spare = null;
      return s;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * next() - 1;
      v = 2 * next() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const factor = Math.sqrt((-2 * Math.log(s)) / s);
    spare = v * factor;
    return u * factor;
  };

  const shuffle = <T extends MutableArrayLike>(a: T): T => {
    for (let i = a.length - 1; i > 0; i--) {
      const j = int(i + 1);
      const tmp = a[i];
      a[i] = a[j];
      a[j] = tmp;
    }
    return a;
  };

  return { next, int, normal, shuffle };
}

import { describe, expect, it } from 'vitest';
import { createRng } from '../random';
import {
  checkNewClassName,
  createFewShotBlender,
  MIN_TEACH_SECONDS,
  prepareEmbedding,
  teachClass,
} from './fewShot';
import {
  headMismatch,
  parseTaughtHead,
  withoutTaughtClass,
  withTaughtClass,
  type TaughtHead,
} from './taughtHead';

const HOP = 0.0929;
const BASE = { name: 'instruments', hash: '0123456789abcdef' };
const BASE_CLASSES = ['cello', 'flute', 'other'];
const DIM = 8;
const AT = '2026-12-06T00:00:00.000Z';

/** `n` noisy windows around a direction (one-hot on `axis`), prepared as the worker prepares them. */
function windowsAround(axis: number, n: number, seed: number, noise = 0.15): Float32Array[] {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => {
    const v = Array.from({ length: DIM }, (_, i) => (i === axis ? 1 : 0) + noise * (rng.next() - 0.5));
    return prepareEmbedding(v, null);
  });
}

function headWith(...classes: [string, number][]): TaughtHead {
  let head: TaughtHead | null = null;
  classes.forEach(([name, axis], i) => {
    head = withTaughtClass(head, BASE, DIM, teachClass(name, windowsAround(axis, 60, i + 1), HOP, AT));
  });
  return head!;
}

describe('prepareEmbedding', () => {
  it('centres on the given centre and scales to unit length', () => {
    expect(Array.from(prepareEmbedding([4, 3, 1], [1, -1, 1]))).toEqual([
      expect.closeTo(0.6, 6),
      expect.closeTo(0.8, 6),
      0,
    ]);
    expect(Array.from(prepareEmbedding([0, 0], null))).toEqual([0, 0]);
    expect(() => prepareEmbedding([1, NaN], null)).toThrow('Expected a finite embedding, got NaN at 1');
  });
});

describe('teachClass', () => {
  it('keeps the taught windows and an entry score learnt from them', () => {
    const taught = teachClass('violin', windowsAround(0, 80, 1), HOP, AT);
    expect(taught.examples).toHaveLength(80);
    expect(taught.seconds).toBeCloseTo(80 * HOP, 2);
    expect(taught.entry).toBeGreaterThan(0.35);
    expect(taught.entry).toBeLessThanOrEqual(0.9);
  });

  it('refuses silence and less than 2 s of sound, with a message for the user', () => {
    expect(() => teachClass('violin', [], HOP, AT)).toThrow(
      'Nothing was heard while teaching (only silence)',
    );
    const short = Math.floor(MIN_TEACH_SECONDS / HOP) - 1;
    expect(() => teachClass('violin', windowsAround(0, short, 1), HOP, AT)).toThrow(
      /Only 1\.\d s of sound was heard: play for at least 2 s/,
    );
  });

  it('keeps at most 128 windows, spread over the whole take', () => {
    expect(teachClass('violin', windowsAround(0, 300, 1), HOP, AT).examples).toHaveLength(128);
  });
});

describe('checkNewClassName', () => {
  it('accepts a plain new name, tidied', () => {
    expect(checkNewClassName('  my  ukulele ', BASE_CLASSES)).toBe('my ukulele');
  });

  it('refuses an empty name, odd characters and a clash with an existing class', () => {
    expect(() => checkNewClassName('  ', BASE_CLASSES)).toThrow('Give the new class a name');
    expect(() => checkNewClassName('<b>', BASE_CLASSES)).toThrow('Expected a class name of letters');
    expect(() => checkNewClassName('x'.repeat(41), BASE_CLASSES)).toThrow('at most 40 characters, got 41');
    expect(() => checkNewClassName('Cello', BASE_CLASSES)).toThrow(
      '"Cello" is already a class ("cello"): choose it in the list to teach it more',
    );
  });
});

describe('createFewShotBlender', () => {
  it('without a head, passes the base probabilities through', () => {
    const blender = createFewShotBlender(null, BASE_CLASSES);
    expect(blender.classNames).toEqual(BASE_CLASSES);
    const out = blender.blend([0.2, 0.7, 0.1], prepareEmbedding([1, 0, 0, 0, 0, 0, 0, 0], null));
    expect(Array.from(out.probs)).toEqual([0.2, 0.7, 0.1].map((v) => expect.closeTo(v, 6)));
    expect(out.weight).toBe(0);
  });

  it('names a sound like the taught one with its class, whatever the base model said', () => {
    const head = headWith(['ukulele', 0]);
    const blender = createFewShotBlender(head, BASE_CLASSES);
    expect(blender.classNames).toEqual([...BASE_CLASSES, 'ukulele']);
    const like = windowsAround(0, 20, 99);
    for (const w of like) {
      const out = blender.blend([0.05, 0.9, 0.05], w);
      expect(out.weight).toBeGreaterThan(0.5);
      expect(out.taughtIndex).toBe(3);
      expect(out.probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
      expect(out.probs[3]).toBeGreaterThan(out.probs[1]);
    }
  });

  it('leaves a sound unlike anything taught to the base model', () => {
    const blender = createFewShotBlender(headWith(['ukulele', 0]), BASE_CLASSES);
    for (const w of windowsAround(5, 20, 7)) {
      const out = blender.blend([0.05, 0.9, 0.05], w);
      expect(out.weight).toBe(0);
      expect(out.probs[1]).toBeCloseTo(0.9, 6);
    }
  });

  it('teaches an existing class in place and tells two taught classes apart', () => {
    const blender = createFewShotBlender(headWith(['cello', 0], ['banjo', 3]), BASE_CLASSES);
    expect(blender.classNames).toEqual([...BASE_CLASSES, 'banjo']);
    const cello = blender.blend([0, 1, 0], windowsAround(0, 1, 50)[0]);
    expect(cello.taughtIndex).toBe(0);
    expect(cello.probs[0]).toBeGreaterThan(0.5);
    const banjo = blender.blend([0, 1, 0], windowsAround(3, 1, 51)[0]);
    expect(banjo.taughtIndex).toBe(3);
    expect(banjo.probs[3]).toBeGreaterThan(0.5);
  });

  it('checks its inputs', () => {
    const blender = createFewShotBlender(headWith(['ukulele', 0]), BASE_CLASSES);
    expect(() => blender.blend([1], new Float32Array(DIM))).toThrow('Expected 3 base probabilities, got 1');
    expect(() => blender.blend([0, 1, 0], new Float32Array(3))).toThrow(
      'Expected an embedding of 8 values, got 3',
    );
  });
});

describe('a head on its base model', () => {
  it('replaces a class taught again, and removes one (null when none is left)', () => {
    const head = headWith(['ukulele', 0], ['banjo', 3], ['ukulele', 5]);
    expect(head.classes.map((c) => c.name)).toEqual(['banjo', 'ukulele']);
    const fewer = withoutTaughtClass(head, 'banjo')!;
    expect(fewer.classes.map((c) => c.name)).toEqual(['ukulele']);
    expect(withoutTaughtClass(fewer, 'ukulele')).toBeNull();
    expect(() => withoutTaughtClass(fewer, 'kazoo')).toThrow('No taught class is called "kazoo"');
  });

  it('refuses another base model with a message naming both', () => {
    const head = headWith(['ukulele', 0]);
    expect(headMismatch(head, BASE, DIM)).toBeNull();
    expect(headMismatch(head, { name: 'instruments', hash: 'fedcba9876543210' }, DIM)).toBe(
      'Your taught classes (ukulele) were taught on the model "instruments" (0123456789abcdef), not on ' +
        '"instruments" (fedcba9876543210) in use now: they are not applied. Remove them and teach them again on this model.',
    );
    expect(headMismatch(head, BASE, 16)).toMatch(/embeddings of 8 values; this model's has 16/);
  });

  it('starts afresh when a class is taught on another base model', () => {
    const head = headWith(['ukulele', 0]);
    const other = { name: 'instruments', hash: 'ffffffffffffffff' };
    const fresh = withTaughtClass(head, other, DIM, teachClass('banjo', windowsAround(3, 40, 2), HOP, AT));
    expect(fresh.base).toEqual(other);
    expect(fresh.classes.map((c) => c.name)).toEqual(['banjo']);
  });
});

describe('parseTaughtHead', () => {
  it('reads back what it stores (a structured clone, as IndexedDB keeps it)', () => {
    const head = headWith(['ukulele', 0]);
    expect(parseTaughtHead(structuredClone(head))).toEqual(head);
  });

  it('names what is wrong with a damaged or foreign record', () => {
    const head = headWith(['ukulele', 0]);
    expect(() => parseTaughtHead(null)).toThrow('Invalid taught classes: expected an object, got null');
    expect(() => parseTaughtHead({ ...head, version: 2 })).toThrow('version 2 is not supported');
    expect(() => parseTaughtHead({ ...head, format: 'x' })).toThrow('expected format "oido-taught-head"');
    expect(() => parseTaughtHead({ ...head, base: { name: 'i', hash: 'xyz' } })).toThrow(
      'hash of 16 hex digits',
    );
    const bad = structuredClone(head);
    bad.classes[0].examples[2] = [1, 2];
    expect(() => parseTaughtHead(bad)).toThrow('classes[0].examples[2] is not 8 finite numbers');
    const twice = structuredClone(head);
    twice.classes.push(structuredClone(twice.classes[0]));
    expect(() => parseTaughtHead(twice)).toThrow('classes[1].name must be a unique name');
  });
});

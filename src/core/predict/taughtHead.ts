/**
 * The taught classes as the browser stores them: a versioned record tied to one base model, validated on
 * load, and edited by adding or removing a class. The few-shot head that uses it is fewShot.ts.
 */
import type { BaseModelKey } from './baseModelKey';

export const TAUGHT_HEAD_FORMAT = 'oido-taught-head';
export const TAUGHT_HEAD_VERSION = 1;
export const MAX_EXAMPLES_PER_CLASS = 128;
export const MAX_TAUGHT_CLASSES = 12;
export const MAX_CLASS_NAME_LENGTH = 40;

export interface TaughtClass {
  name: string;
  /** Centred, unit-length embeddings of the taught windows, in the order they were heard. */
  examples: number[][];
  /** Seconds of sounding audio taught. */
  seconds: number;
  /** Score from which a window counts as this class (see fewShot.ts). */
  entry: number;
  /** ISO date. */
  taughtAt: string;
}

export interface TaughtHead {
  format: typeof TAUGHT_HEAD_FORMAT;
  version: typeof TAUGHT_HEAD_VERSION;
  /** The base model it was taught on: applied to no other. */
  base: BaseModelKey;
  embeddingSize: number;
  classes: TaughtClass[];
}

/** The head with `taught` added, replacing a taught class of the same name; a fresh head for a new base. */
export function withTaughtClass(
  head: TaughtHead | null,
  base: BaseModelKey,
  embeddingSize: number,
  taught: TaughtClass,
): TaughtHead {
  if (taught.examples.some((e) => e.length !== embeddingSize)) {
    throw new Error(`Expected taught embeddings of ${embeddingSize} values`);
  }
  const kept =
    head &&
    head.base.name === base.name &&
    head.base.hash === base.hash &&
    head.embeddingSize === embeddingSize
      ? head.classes.filter((c) => c.name !== taught.name)
      : [];
  if (kept.length >= MAX_TAUGHT_CLASSES) {
    throw new Error(`At most ${MAX_TAUGHT_CLASSES} classes can be taught: remove one first`);
  }
  return {
    format: TAUGHT_HEAD_FORMAT,
    version: TAUGHT_HEAD_VERSION,
    base: { ...base },
    embeddingSize,
    classes: [...kept, taught],
  };
}

/** The head without the class `name` (null when none is left). */
export function withoutTaughtClass(head: TaughtHead, name: string): TaughtHead | null {
  const classes = head.classes.filter((c) => c.name !== name);
  if (classes.length === head.classes.length) throw new Error(`No taught class is called "${name}"`);
  return classes.length > 0 ? { ...head, classes } : null;
}

/** Why `head` cannot be used on the base model `base`, or null when it can. */
export function headMismatch(head: TaughtHead, base: BaseModelKey, embeddingSize: number): string | null {
  if (head.base.name !== base.name || head.base.hash !== base.hash) {
    return (
      `Your taught classes (${head.classes.map((c) => c.name).join(', ')}) were taught on the model ` +
      `"${head.base.name}" (${head.base.hash}), not on "${base.name}" (${base.hash}) in use now: ` +
      'they are not applied. Remove them and teach them again on this model.'
    );
  }
  if (head.embeddingSize !== embeddingSize) {
    return `The taught classes use embeddings of ${head.embeddingSize} values; this model's has ${embeddingSize}: they are not applied.`;
  }
  return null;
}

function fail(message: string): never {
  throw new Error(`Invalid taught classes: ${message}`);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Validates a stored head (untrusted: it comes back from IndexedDB) and returns a fresh, typed copy. */
export function parseTaughtHead(value: unknown): TaughtHead {
  if (!isRecord(value)) fail(`expected an object, got ${value === null ? 'null' : typeof value}`);
  if (value.format !== TAUGHT_HEAD_FORMAT)
    fail(`expected format "${TAUGHT_HEAD_FORMAT}", got ${JSON.stringify(value.format)}`);
  if (value.version !== TAUGHT_HEAD_VERSION) {
    fail(
      `version ${JSON.stringify(value.version)} is not supported (this app reads version ${TAUGHT_HEAD_VERSION})`,
    );
  }
  const base = value.base;
  if (
    !isRecord(base) ||
    typeof base.name !== 'string' ||
    typeof base.hash !== 'string' ||
    !/^[0-9a-f]{16}$/.test(base.hash)
  ) {
    fail('expected base to be { name, hash of 16 hex digits }');
  }
  const size = value.embeddingSize;
  if (!Number.isInteger(size) || (size as number) < 1 || (size as number) > 65_536) {
    fail(`expected embeddingSize to be a whole number in 1 … 65536, got ${JSON.stringify(size)}`);
  }
  const embeddingSize = size as number;
  if (
    !Array.isArray(value.classes) ||
    value.classes.length === 0 ||
    value.classes.length > MAX_TAUGHT_CLASSES
  ) {
    fail(`expected 1 … ${MAX_TAUGHT_CLASSES} classes`);
  }
  const names = new Set<string>();
  const classes = value.classes.map((c: unknown, i: number): TaughtClass => {
    if (!isRecord(c)) fail(`classes[${i}] is not an object`);
    const name = c.name;
    if (
      typeof name !== 'string' ||
      name.length === 0 ||
      name.length > MAX_CLASS_NAME_LENGTH ||
      names.has(name)
    ) {
      fail(`classes[${i}].name must be a unique name of 1 … ${MAX_CLASS_NAME_LENGTH} characters`);
    }
    names.add(name);
    const { seconds, entry, taughtAt, examples } = c;
    if (typeof seconds !== 'number' || !(seconds >= 0 && seconds < 3600))
      fail(`classes[${i}].seconds is ${JSON.stringify(seconds)}`);
    if (typeof entry !== 'number' || !(entry >= -1 && entry <= 1))
      fail(`classes[${i}].entry is ${JSON.stringify(entry)}`);
    if (typeof taughtAt !== 'string' || !Number.isFinite(Date.parse(taughtAt)))
      fail(`classes[${i}].taughtAt is not a date`);
    if (!Array.isArray(examples) || examples.length === 0 || examples.length > MAX_EXAMPLES_PER_CLASS) {
      fail(`classes[${i}].examples must hold 1 … ${MAX_EXAMPLES_PER_CLASS} embeddings`);
    }
    const copied = examples.map((e: unknown, j: number) => {
      if (
        !Array.isArray(e) ||
        e.length !== embeddingSize ||
        !e.every((v) => typeof v === 'number' && Number.isFinite(v))
      ) {
        fail(`classes[${i}].examples[${j}] is not ${embeddingSize} finite numbers`);
      }
      return [...(e as number[])];
    });
    return { name, examples: copied, seconds, entry, taughtAt };
  });
  return {
    format: TAUGHT_HEAD_FORMAT,
    version: TAUGHT_HEAD_VERSION,
    base: { name: base.name, hash: base.hash },
    embeddingSize,
    classes,
  };
}

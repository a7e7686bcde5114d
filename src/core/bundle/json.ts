/**
 * Guards for JSON that arrives in a model bundle (a file a user picked, a zip, IndexedDB): plain data only,
 * bounded in size and depth, no prototype-polluting keys, and readers whose messages name the bad field.
 */

/** Every rejection of a bundle: a message naming the file and field, never a crash deeper in. */
export class BundleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BundleError';
  }
}

/** Keys that could reach an object's prototype if some code later merged the data into another object. */
const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

export interface JsonBounds {
  maxDepth: number;
  /** Values counted over the whole tree (objects, arrays and leaves). */
  maxNodes: number;
  maxStringLength: number;
}

const DEFAULT_BOUNDS: JsonBounds = { maxDepth: 32, maxNodes: 2_000_000, maxStringLength: 10_000 };

/** A short rendering of a value for messages (never the whole of a big object). */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) {
    return String(value);
  }
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Checks that `value` is JSON data (null, booleans, finite numbers, strings, arrays, plain objects) within
 * `bounds`, with no `__proto__`/`constructor`/`prototype` key anywhere. `where` names it in messages.
 */
export function checkPlainJson(value: unknown, where: string, bounds: Partial<JsonBounds> = {}): void {
  const b = { ...DEFAULT_BOUNDS, ...bounds };
  let nodes = 0;
  const visit = (v: unknown, path: string, depth: number): void => {
    if (++nodes > b.maxNodes) throw new BundleError(`${where} is too large: more than ${b.maxNodes} values`);
    if (v === null || typeof v === 'boolean') return;
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) throw new BundleError(`Expected ${path} to be a finite number, got ${v}`);
      return;
    }
    if (typeof v === 'string') {
      if (v.length > b.maxStringLength) {
        throw new BundleError(
          `Expected ${path} to be at most ${b.maxStringLength} characters, got ${v.length}`,
        );
      }
      return;
    }
    if (depth >= b.maxDepth)
      throw new BundleError(`${where} is nested deeper than ${b.maxDepth} levels at ${path}`);
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) visit(v[i], `${path}[${i}]`, depth + 1);
      return;
    }
    if (!isRecord(v)) throw new BundleError(`Expected ${path} to be JSON data, got ${describeValue(v)}`);
    for (const key of Object.keys(v)) {
      if (FORBIDDEN_KEYS.has(key)) throw new BundleError(`${where} has a forbidden key "${key}" at ${path}`);
      visit(v[key], `${path}.${key}`, depth + 1);
    }
  };
  visit(value, where, 0);
}

/** Decodes UTF-8 JSON bytes (at most `maxBytes`), naming the file when it is too big, not UTF-8 or not JSON. */
export function parseJsonBytes(bytes: Uint8Array, what: string, maxBytes: number): unknown {
  if (bytes.byteLength > maxBytes) {
    throw new BundleError(`${what} is ${bytes.byteLength} bytes, more than the limit of ${maxBytes}`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new BundleError(`${what} is not UTF-8 text`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new BundleError(`${what} is not valid JSON: ${(err as Error).message}`);
  }
}

// Readers: each checks one field and names it in the message ("Expected meta.rows to be …, got …").

export function readRecord(value: unknown, where: string): Record<string, unknown> {
  if (!isRecord(value))
    throw new BundleError(`Expected ${where} to be an object, got ${describeValue(value)}`);
  return value;
}

/**
 * The model.json of one of our own formats (k-NN, classic, voting): plain JSON within `bounds`, an object of
 * that `format` at version 1 with only the `fields` named. `kind` names the bundle in messages ("a k-NN bundle").
 */
export function readOwnModelJson(
  json: unknown,
  spec: { format: string; kind: string; fields: readonly string[]; bounds: Partial<JsonBounds> },
): Record<string, unknown> {
  checkPlainJson(json, 'model.json', spec.bounds);
  const m = readRecord(json, 'model.json');
  if (m.format !== spec.format) {
    throw new BundleError(
      `Expected model.json format "${spec.format}" for ${spec.kind}, got ${describeValue(m.format)}`,
    );
  }
  if (m.version !== 1) {
    throw new BundleError(
      `model.json version ${describeValue(m.version)} of ${spec.kind} is not supported (this app reads version 1)`,
    );
  }
  checkKeys(m, 'model.json', ['format', 'version', ...spec.fields]);
  return m;
}

export function checkKeys(obj: Record<string, unknown>, where: string, allowed: readonly string[]): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) {
      throw new BundleError(`Unknown field ${where}.${key} (expected only ${allowed.join(', ')})`);
    }
  }
}

export function readString(value: unknown, where: string, maxLength = 1000, minLength = 1): string {
  if (typeof value !== 'string' || value.length < minLength || value.length > maxLength) {
    throw new BundleError(
      `Expected ${where} to be a string of ${minLength} to ${maxLength} characters, got ${describeValue(value)}`,
    );
  }
  return value;
}

export function readInt(value: unknown, where: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new BundleError(
      `Expected ${where} to be an integer in [${min}, ${max}], got ${describeValue(value)}`,
    );
  }
  return value;
}

export function readNumber(value: unknown, where: string, min = -Infinity, max = Infinity): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    const range = min === -Infinity && max === Infinity ? 'a finite number' : `a number in [${min}, ${max}]`;
    throw new BundleError(`Expected ${where} to be ${range}, got ${describeValue(value)}`);
  }
  return value;
}

export function readArray(value: unknown, where: string, maxLength: number, length?: number): unknown[] {
  if (!Array.isArray(value))
    throw new BundleError(`Expected ${where} to be an array, got ${describeValue(value)}`);
  if (length !== undefined && value.length !== length) {
    throw new BundleError(`Expected ${where} to have ${length} entries, got ${value.length}`);
  }
  if (value.length > maxLength) {
    throw new BundleError(`Expected ${where} to have at most ${maxLength} entries, got ${value.length}`);
  }
  return value;
}

/** An array of finite numbers, each optionally checked against `min` (e.g. std > 0 uses `exclusiveMin`). */
export function readNumberArray(
  value: unknown,
  where: string,
  options: { maxLength: number; length?: number; exclusiveMin?: number },
): number[] {
  const arr = readArray(value, where, options.maxLength, options.length);
  return arr.map((v, i) => {
    const n = readNumber(v, `${where}[${i}]`);
    if (options.exclusiveMin !== undefined && !(n > options.exclusiveMin)) {
      throw new BundleError(`Expected ${where}[${i}] to be > ${options.exclusiveMin}, got ${n}`);
    }
    return n;
  });
}

export function readIntArray(
  value: unknown,
  where: string,
  min: number,
  max: number,
  maxLength: number,
): number[] {
  return readArray(value, where, maxLength).map((v, i) => readInt(v, `${where}[${i}]`, min, max));
}

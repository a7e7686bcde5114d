/**
 * The app's one door to IndexedDB: model bundles the user trained or imported, kept across visits. One object
 * store keyed by bundle id holds the three parts; a small index on each record's summary lets the list be read
 * without loading any weights. What comes back out is untrusted (pass it to `loadBundle`/`openBundle`).
 */
import type { BundleParts, SavedBundle } from '../core/bundle/bundle';
import { BundleError, checkPlainJson } from '../core/bundle/json';
import { parseBundleMeta, type BundleKind, type BundleMeta } from '../core/bundle/meta';
import { idbCompletion, idbRequest } from './idb';

export const MODEL_DB_NAME = 'oido-models';
const DB_VERSION = 1;
const STORE = 'bundles';
const LISTING_INDEX = 'listing';
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

/** What the model list shows, read without the weights. */
export interface StoredBundleSummary {
  id: string;
  name: string;
  task: string;
  kind: BundleKind;
  classNames: string[];
  createdAt: string;
  /** When this browser stored it (ISO date). */
  savedAt: string;
  weightBytes: number;
  accuracy?: number;
  /** Set when the stored summary could not be read: the entry can still be deleted. */
  problem?: string;
}

interface StoredRecord {
  id: string;
  /** JSON of the StoredBundleSummary: the index key. */
  listing: string;
  modelJson: unknown;
  weights: ArrayBuffer;
  meta: BundleMeta;
}

export interface ModelStore {
  /** Stores (or replaces) a bundle under `id`; its meta is validated first. */
  save(id: string, bundle: SavedBundle | BundleParts): Promise<StoredBundleSummary>;
  /** Every stored bundle's summary, newest first. */
  list(): Promise<StoredBundleSummary[]>;
  /** The stored parts, or null when there is no such id. */
  load(id: string): Promise<BundleParts | null>;
  /** Removes a bundle; false when there was none. */
  delete(id: string): Promise<boolean>;
  close(): void;
}

export interface ModelStoreOptions {
  /** Database name (tests use their own). */
  name?: string;
  /** IndexedDB implementation (default: the browser's). */
  factory?: IDBFactory;
}

/** An id for a new bundle from its name and creation time, e.g. `gtzan-genres-20240501t120000z`. */
export function bundleIdFor(meta: Pick<BundleMeta, 'name' | 'createdAt'>): string {
  const slug = (s: string) =>
    s
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '');
  return `${slug(meta.name).slice(0, 80) || 'model'}-${slug(meta.createdAt).replace(/-/g, '')}`.slice(0, 128);
}

function checkId(id: unknown): string {
  if (typeof id !== 'string' || !ID_PATTERN.test(id)) {
    throw new BundleError(
      `Expected a bundle id of letters, digits, _ . - (at most 128), got ${JSON.stringify(id)}`,
    );
  }
  return id;
}

const request = <T>(req: IDBRequest<T>) => idbRequest(req, storageError);
const completion = (tx: IDBTransaction) => idbCompletion(tx, storageError);

function storageError(err: DOMException | null): Error {
  if (err?.name === 'QuotaExceededError') {
    return new Error('Not enough browser storage for this model: delete some saved models and try again');
  }
  return new Error(
    `Browser storage (IndexedDB) failed: ${err ? `${err.name}: ${err.message}` : 'unknown error'}`,
  );
}

function toArrayBuffer(weights: unknown): ArrayBuffer {
  if (weights instanceof ArrayBuffer) return weights.slice(0);
  if (ArrayBuffer.isView(weights)) {
    return new Uint8Array(weights.buffer, weights.byteOffset, weights.byteLength).slice().buffer;
  }
  throw new BundleError('Expected the bundle weights to be bytes (ArrayBuffer)');
}

function readSummary(id: string, listing: unknown): StoredBundleSummary {
  try {
    const s = JSON.parse(String(listing)) as StoredBundleSummary;
    if (s.id !== id || typeof s.name !== 'string' || !Array.isArray(s.classNames))
      throw new Error('fields missing');
    return s;
  } catch (err) {
    return {
      id,
      name: id,
      task: '',
      kind: 'tf-layers',
      classNames: [],
      createdAt: '',
      savedAt: '',
      weightBytes: 0,
      problem: `The stored summary is unreadable (${(err as Error).message})`,
    };
  }
}

/** Opens (creating on first use) the model database. */
export async function openModelStore(options: ModelStoreOptions = {}): Promise<ModelStore> {
  const factory = options.factory ?? globalThis.indexedDB;
  if (!factory) throw new Error('Saving models needs IndexedDB, which this browser does not offer');
  const open = factory.open(options.name ?? MODEL_DB_NAME, DB_VERSION);
  open.onupgradeneeded = () => {
    const db = open.result;
    if (!db.objectStoreNames.contains(STORE)) {
      db.createObjectStore(STORE, { keyPath: 'id' }).createIndex(LISTING_INDEX, LISTING_INDEX);
    }
  };
  const db = await request(open);
  // Another tab upgrading the schema: let it, this connection is done.
  db.onversionchange = () => db.close();

  return {
    async save(id, bundle) {
      checkId(id);
      const meta = parseBundleMeta(bundle.meta);
      checkPlainJson(bundle.modelJson, 'model.json', { maxNodes: 1_000_000, maxDepth: 40 });
      const weights = toArrayBuffer(bundle.weights);
      const summary: StoredBundleSummary = {
        id,
        name: meta.name,
        task: meta.task,
        kind: meta.kind,
        classNames: meta.classNames,
        createdAt: meta.createdAt,
        savedAt: new Date().toISOString(),
        weightBytes: weights.byteLength,
      };
      if (typeof meta.metrics.accuracy === 'number') summary.accuracy = meta.metrics.accuracy;
      const record: StoredRecord = {
        id,
        listing: JSON.stringify(summary),
        modelJson: bundle.modelJson,
        weights,
        meta,
      };
      const tx = db.transaction(STORE, 'readwrite');
      const done = completion(tx);
      tx.objectStore(STORE).put(record);
      await done;
      return summary;
    },

    async list() {
      const tx = db.transaction(STORE, 'readonly');
      const done = completion(tx);
      const summaries: StoredBundleSummary[] = [];
      const cursorRequest = tx.objectStore(STORE).index(LISTING_INDEX).openKeyCursor();
      await new Promise<void>((resolve, reject) => {
        cursorRequest.onerror = () => reject(storageError(cursorRequest.error));
        cursorRequest.onsuccess = () => {
          const cursor = cursorRequest.result;
          if (!cursor) return resolve();
          summaries.push(readSummary(String(cursor.primaryKey), cursor.key));
          cursor.continue();
        };
      });
      await done;
      return summaries.sort((a, b) => b.savedAt.localeCompare(a.savedAt) || a.id.localeCompare(b.id));
    },

    async load(id) {
      checkId(id);
      const tx = db.transaction(STORE, 'readonly');
      const done = completion(tx);
      const record = (await request(tx.objectStore(STORE).get(id))) as StoredRecord | undefined;
      await done;
      if (!record) return null;
      return { modelJson: record.modelJson, weights: record.weights, meta: record.meta };
    },

    async delete(id) {
      checkId(id);
      const tx = db.transaction(STORE, 'readwrite');
      const done = completion(tx);
      const store = tx.objectStore(STORE);
      const existing = await request(store.getKey(id));
      if (existing !== undefined) store.delete(id);
      await done;
      return existing !== undefined;
    },

    close() {
      db.close();
    },
  };
}

/**
 * The classes a user taught Live, kept across visits in IndexedDB beside the saved models: one record per
 * model (by registry id, e.g. `shipped:instruments`), holding the versioned taught head. What comes back out
 * is untrusted: it is validated (core/predict/taughtHead.ts) before use.
 */
import { parseTaughtHead, type TaughtHead } from '../core/predict/taughtHead';
import { idbCompletion, idbRequest } from './idb';

export const TAUGHT_DB_NAME = 'oido-taught';
const DB_VERSION = 1;
const STORE = 'heads';

export interface TaughtStore {
  /** The head taught on top of the model `modelId`, validated; null when none was taught. */
  load(modelId: string): Promise<TaughtHead | null>;
  save(modelId: string, head: TaughtHead): Promise<void>;
  delete(modelId: string): Promise<void>;
  close(): void;
}

export interface TaughtStoreOptions {
  name?: string;
  factory?: IDBFactory;
}

function storageError(err: DOMException | null): Error {
  if (err?.name === 'QuotaExceededError') {
    return new Error('Not enough browser storage to keep the taught classes: delete some saved models');
  }
  return new Error(
    `Browser storage (IndexedDB) failed: ${err ? `${err.name}: ${err.message}` : 'unknown error'}`,
  );
}

const request = <T>(req: IDBRequest<T>) => idbRequest(req, storageError);
const completion = (tx: IDBTransaction) => idbCompletion(tx, storageError);

export async function openTaughtStore(options: TaughtStoreOptions = {}): Promise<TaughtStore> {
  const factory = options.factory ?? globalThis.indexedDB;
  if (!factory) throw new Error('Keeping taught classes needs IndexedDB, which this browser does not offer');
  const open = factory.open(options.name ?? TAUGHT_DB_NAME, DB_VERSION);
  open.onupgradeneeded = () => {
    const db = open.result;
    if (!db.objectStoreNames.contains(STORE)) db.createObjectStore(STORE, { keyPath: 'modelId' });
  };
  const db = await request(open);
  db.onversionchange = () => db.close();

  async function write(mode: 'put' | 'delete', modelId: string, head?: TaughtHead): Promise<void> {
    const tx = db.transaction(STORE, 'readwrite');
    const done = completion(tx);
    if (mode === 'put') tx.objectStore(STORE).put({ modelId, head });
    else tx.objectStore(STORE).delete(modelId);
    await done;
  }

  return {
    async load(modelId) {
      const tx = db.transaction(STORE, 'readonly');
      const done = completion(tx);
      const record = (await request(tx.objectStore(STORE).get(modelId))) as { head?: unknown } | undefined;
      await done;
      return record ? parseTaughtHead(record.head) : null;
    },
    async save(modelId, head) {
      await write('put', modelId, parseTaughtHead(head));
    },
    delete: (modelId) => write('delete', modelId),
    close: () => db.close(),
  };
}

let storePromise: Promise<TaughtStore> | null = null;

/** The app's taught-classes store, opened once (a failed open is tried again next time). */
export function taughtStore(): Promise<TaughtStore> {
  storePromise ??= openTaughtStore().catch((error: unknown) => {
    storePromise = null;
    throw error;
  });
  return storePromise;
}

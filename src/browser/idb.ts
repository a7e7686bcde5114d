/** Promises over IndexedDB's callbacks, shared by the browser's stores; each store words its own errors. */

export type StorageErrorOf = (error: DOMException | null) => Error;

/** The request's result, or its error in the store's words. */
export function idbRequest<T>(req: IDBRequest<T>, errorOf: StorageErrorOf): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(errorOf(req.error));
  });
}

/** Resolves when the transaction commits; rejects when it fails or aborts. */
export function idbCompletion(tx: IDBTransaction, errorOf: StorageErrorOf): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(errorOf(tx.error));
    tx.onabort = () => reject(errorOf(tx.error));
  });
}

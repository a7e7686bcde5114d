import type { CsvLabelling, CsvTable } from '../core/data/csvTable';
import type { CsvTableReply, CsvTableRequest } from './csvTableProtocol';

/** Talks to the CSV worker, which keeps the files' texts: files in once, headers and merged tables out. */
export interface CsvTableClient {
  /** Reads and keeps a picked file under `fileId`; its header. */
  add(fileId: string, file: Blob): Promise<string[]>;
  /** The files (by the ids they were added under) merged as labelled. */
  table(files: Array<CsvLabelling & { id: string }>): Promise<CsvTable>;
  remove(fileId: string): Promise<void>;
  dispose(): void;
}

type Payload<T> = T extends unknown ? Omit<T, 'id'> : never;

export function createCsvTableClient(): CsvTableClient {
  const worker = new Worker(new URL('./csvTable.worker.ts', import.meta.url), { type: 'module' });
  const pending = new Map<number, { resolve: (r: CsvTableReply) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  const onMessage = (event: MessageEvent<CsvTableReply>) => {
    const reply = event.data;
    const waiter = pending.get(reply.id);
    if (!waiter) return;
    pending.delete(reply.id);
    if (reply.type === 'error') waiter.reject(new Error(reply.message));
    else waiter.resolve(reply);
  };
  const onError = (event: ErrorEvent) => {
    const error = new Error(`The CSV worker failed: ${event.message || 'could not start'}`);
    for (const waiter of pending.values()) waiter.reject(error);
    pending.clear();
  };
  worker.addEventListener('message', onMessage);
  worker.addEventListener('error', onError);
  const send = (request: Payload<CsvTableRequest>): Promise<CsvTableReply> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      worker.postMessage({ ...request, id });
    });
  const expect = <T extends CsvTableReply['type']>(reply: CsvTableReply, type: T) => {
    if (reply.type !== type) throw new Error(`The CSV worker answered ${reply.type}, expected ${type}`);
    return reply as Extract<CsvTableReply, { type: T }>;
  };
  return {
    async add(fileId, file) {
      return expect(await send({ type: 'add', fileId, file }), 'added').header;
    },
    async table(files) {
      // Only the labelling travels: the texts stay in the worker.
      const labelling = files.map(({ id, name, labelMode, labelColumn, className }) => ({
        id,
        name,
        labelMode,
        labelColumn,
        className,
      }));
      return expect(await send({ type: 'table', files: labelling }), 'table').table;
    },
    async remove(fileId) {
      expect(await send({ type: 'remove', fileId }), 'removed');
    },
    dispose() {
      worker.removeEventListener('message', onMessage);
      worker.removeEventListener('error', onError);
      worker.terminate();
      const error = new Error('The CSV worker was closed');
      for (const waiter of pending.values()) waiter.reject(error);
      pending.clear();
    },
  };
}

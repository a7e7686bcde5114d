import type { CsvLabelling, CsvTable } from '../core/data/csvTable';
import type { CsvTableReply, CsvTableRequest } from './csvTableProtocol';
import { workerRequests } from './workerRequests';

/** Talks to the CSV worker, which keeps the files' texts: files in once, headers and merged tables out. */
export interface CsvTableClient {
  /** Reads and keeps a picked file under `fileId`; its header. */
  add(fileId: string, file: Blob): Promise<string[]>;
  /** The files (by the ids they were added under) merged as labelled. */
  table(files: Array<CsvLabelling & { id: string }>): Promise<CsvTable>;
  remove(fileId: string): Promise<void>;
  dispose(): void;
}

export function createCsvTableClient(): CsvTableClient {
  const worker = new Worker(new URL('./csvTable.worker.ts', import.meta.url), { type: 'module' });
  const requests = workerRequests<CsvTableRequest, CsvTableReply>(worker, 'CSV worker');
  const expect = <T extends CsvTableReply['type']>(reply: CsvTableReply, type: T) => {
    if (reply.type !== type) throw new Error(`The CSV worker answered ${reply.type}, expected ${type}`);
    return reply as Extract<CsvTableReply, { type: T }>;
  };
  return {
    async add(fileId, file) {
      return expect(await requests.send({ type: 'add', fileId, file }), 'added').header;
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
      return expect(await requests.send({ type: 'table', files: labelling }), 'table').table;
    },
    async remove(fileId) {
      expect(await requests.send({ type: 'remove', fileId }), 'removed');
    },
    dispose: () => requests.dispose(),
  };
}

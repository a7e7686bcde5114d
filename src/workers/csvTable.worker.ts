/// <reference lib="webworker" />
/**
 * Reads, decodes and parses the Train view's CSV files off the main thread: a 50 MB spreadsheet export is
 * read here, kept here as text, and parsed again here whenever its labelling changes; the page gets headers
 * and the finished table.
 */
import { readCsvFile } from '../browser/csvFile';
import { parseCsvHeader } from '../core/data/csv';
import { csvTable } from '../core/data/csvTable';
import { csvTableTransferables, type CsvTableReply, type CsvTableRequest } from './csvTableProtocol';
import { serveInOrder } from './requestQueue';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const texts = new Map<string, string>();

function reply(message: CsvTableReply, transfer: Transferable[] = []): void {
  scope.postMessage(message, transfer);
}

serveInOrder<CsvTableRequest>(
  scope,
  async (request) => {
    switch (request.type) {
      case 'add': {
        const { text } = await readCsvFile(request.file);
        const header = parseCsvHeader(text);
        texts.set(request.fileId, text);
        return reply({ id: request.id, type: 'added', header });
      }
      case 'table': {
        const loaded = request.files.map((f) => {
          const text = texts.get(f.id);
          if (text === undefined)
            throw new Error(`The text of ${f.name} is no longer loaded: add the file again`);
          return text;
        });
        const table = csvTable(request.files, loaded);
        return reply({ id: request.id, type: 'table', table }, csvTableTransferables(table));
      }
      case 'remove':
        texts.delete(request.fileId);
        return reply({ id: request.id, type: 'removed' });
    }
  },
  (request, message) => reply({ id: request.id, type: 'error', message }),
);

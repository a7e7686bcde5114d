/**
 * Messages between the Train view's data step and `csvTable.worker.ts`: a picked CSV file goes in once (the
 * worker reads, decodes and keeps its text) and its header comes back; a table request names the files and
 * their labelling, and the merged table comes back with its numbers transferred.
 */
import type { CsvLabelling, CsvTable } from '../core/data/csvTable';

export type CsvTableRequest =
  | { id: number; type: 'add'; fileId: string; file: Blob }
  | { id: number; type: 'table'; files: Array<CsvLabelling & { id: string }> }
  | { id: number; type: 'remove'; fileId: string };

export type CsvTableReply =
  | { id: number; type: 'added'; header: string[] }
  | { id: number; type: 'table'; table: CsvTable }
  | { id: number; type: 'removed' }
  | { id: number; type: 'error'; message: string };

export function csvTableTransferables(table: CsvTable): ArrayBuffer[] {
  return [table.merged.features.buffer as ArrayBuffer, table.merged.labels.buffer as ArrayBuffer];
}

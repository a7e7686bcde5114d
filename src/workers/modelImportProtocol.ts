/**
 * Messages between the Keep panel and `modelImport.worker.ts`: the picked files in (handles: the worker reads
 * them), the checked bundle out with its weights transferred, or why it was refused.
 */
import type { SavedBundle } from '../core/bundle/bundle';

export type ModelImportRequest = { id: number; type: 'import'; files: File[] };

export type ModelImportReply =
  { id: number; type: 'checked'; bundle: SavedBundle } | { id: number; type: 'error'; message: string };

/**
 * Checks picked model files in `modelImport.worker.ts`, one short-lived worker per import (terminated when it
 * answers), and answers the bundle ready to store.
 */
import type { SavedBundle } from '../core/bundle/bundle';
import { BundleError } from '../core/bundle/json';
import type { ModelImportReply, ModelImportRequest } from './modelImportProtocol';

export function checkImportInWorker(files: readonly File[]): Promise<SavedBundle> {
  return new Promise((resolve, reject) => {
    if (files.length === 0) return reject(new BundleError('No files were picked'));
    const worker = new Worker(new URL('./modelImport.worker.ts', import.meta.url), { type: 'module' });
    worker.addEventListener('message', (event: MessageEvent<ModelImportReply>) => {
      worker.terminate();
      const message = event.data;
      if (message.type === 'checked') resolve(message.bundle);
      else reject(new BundleError(message.message));
    });
    worker.addEventListener('error', (event: ErrorEvent) => {
      event.preventDefault();
      worker.terminate();
      reject(new Error(`The model import worker failed: ${event.message || 'it could not start'}`));
    });
    const request: ModelImportRequest = { id: 1, type: 'import', files: [...files] };
    worker.postMessage(request);
  });
}

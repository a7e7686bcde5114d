/// <reference lib="webworker" />
import * as tf from '@tensorflow/tfjs';
import { importBundleFiles, type NamedFile } from '../core/bundle/zip';
import { checkBundle } from './bundleCheck';
import type { ModelImportReply, ModelImportRequest } from './modelImportProtocol';

// An adapter: a picked zip (or loose files) is counted from its central directory, parsed by JSZip and loaded by
// TF.js here, so a hostile archive costs this worker, never the page.
const scope = self as unknown as DedicatedWorkerGlobalScope;

function reply(message: ModelImportReply, transfer: Transferable[] = []): void {
  scope.postMessage(message, transfer);
}

async function check({ id, files }: ModelImportRequest): Promise<void> {
  // Only a check: the CPU backend loads a model without setting up WebGL in this short-lived worker.
  await tf.setBackend('cpu');
  const named: NamedFile[] = await Promise.all(
    files.map(async (f) => ({ name: f.name, data: new Uint8Array(await f.arrayBuffer()) })),
  );
  const bundle = await checkBundle(await importBundleFiles(named));
  reply({ id, type: 'checked', bundle }, [bundle.weights]);
}

scope.addEventListener('message', (event: MessageEvent<ModelImportRequest>) => {
  const request = event.data;
  check(request).catch((error: unknown) =>
    reply({ id: request.id, type: 'error', message: error instanceof Error ? error.message : String(error) }),
  );
});

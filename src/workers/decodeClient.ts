/**
 * Decodes a file off the main thread (`decode.worker.ts`): one worker per file, terminated when it answers or
 * the caller aborts, so a cancel stops the decoding at once. Answers null when the worker does not read the
 * container (the caller then uses the browser's own decoder).
 */
import { AudioDecodeError } from '../core/audio/errors';
import type { DecodedFile, DecodeReply, DecodeRequest } from './decodeProtocol';

export interface DecodeInWorkerOptions {
  maxSeconds: number;
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
}

export function decodeInWorker(file: Blob, options: DecodeInWorkerOptions): Promise<DecodedFile | null> {
  const { maxSeconds, onProgress, signal } = options;
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new AudioDecodeError('cancelled', 'Decoding was cancelled'));
    const worker = new Worker(new URL('./decode.worker.ts', import.meta.url), { type: 'module' });
    const finish = () => {
      worker.terminate();
      signal?.removeEventListener('abort', onAbort);
    };
    const onAbort = () => {
      finish();
      reject(new AudioDecodeError('cancelled', 'Decoding was cancelled'));
    };
    signal?.addEventListener('abort', onAbort);
    worker.addEventListener('message', (event: MessageEvent<DecodeReply>) => {
      const message = event.data;
      if (message.type === 'progress') return onProgress?.(message.fraction);
      finish();
      if (message.type === 'decoded') resolve(message.signal);
      else if (message.type === 'unsupported') resolve(null);
      else reject(new AudioDecodeError(message.code ?? 'corrupt', message.message));
    });
    worker.addEventListener('error', (event: ErrorEvent) => {
      event.preventDefault();
      finish();
      reject(new Error(`The decode worker failed: ${event.message || 'it could not start'}`));
    });
    const request: DecodeRequest = { id: 1, type: 'decode', file, maxSeconds };
    worker.postMessage(request);
  });
}

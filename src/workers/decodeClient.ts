/**
 * Decodes a file off the main thread (`decode.worker.ts`): one worker per file, terminated when it answers or
 * the caller aborts, so a cancel stops the decoding at once. The worker sends the analysis signal a range at
 * a time; they are gathered here into one buffer, sized from the file's declared length (no second copy), and
 * `onSamples` shows the caller the signal so far after each, so it can start on it while the rest decodes.
 * Answers null when the worker does not read the container (the caller then uses the browser's own decoder).
 */
import { AudioDecodeError } from '../core/audio/errors';
import { SignalBuffer } from '../core/audio/rangeDecode';
import { ANALYSIS_SAMPLE_RATE } from '../core/audio/signal';
import type { DecodedInfo, DecodeReply, DecodeRequest } from './decodeProtocol';

export interface DecodeInWorkerOptions {
  maxSeconds: number;
  onProgress?: (fraction: number) => void;
  /**
   * After each piece: the analysis signal decoded so far, a view of the growing buffer (not a copy). A later
   * piece may move the buffer; the samples in an earlier view stay valid.
   */
  onSamples?: (signal: Float32Array) => void;
  signal?: AbortSignal;
}

/** The decoded file: the analysis signal (mono, 22,050 Hz) and what the worker found. */
export type DecodedFile = DecodedInfo & { samples: Float32Array };

const newWorker = () => new Worker(new URL('./decode.worker.ts', import.meta.url), { type: 'module' });

/** A decode worker started ahead of the next file, so that a drop does not wait for its script to load. */
let spare: Worker | null = null;

/** Starts a decode worker for the next file, if none is waiting (cheap: the worker idles until used). */
export function prepareDecodeWorker(): void {
  spare ??= newWorker();
}

export function decodeInWorker(file: Blob, options: DecodeInWorkerOptions): Promise<DecodedFile | null> {
  const { maxSeconds, onProgress, onSamples, signal } = options;
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new AudioDecodeError('cancelled', 'Decoding was cancelled'));
    const worker = spare ?? newWorker();
    spare = null;
    let samples: SignalBuffer | null = null;
    const finish = () => {
      worker.terminate();
      signal?.removeEventListener('abort', onAbort);
    };
    const onAbort = () => {
      finish();
      samples = null;
      reject(new AudioDecodeError('cancelled', 'Decoding was cancelled'));
    };
    signal?.addEventListener('abort', onAbort);
    worker.addEventListener('message', (event: MessageEvent<DecodeReply>) => {
      const message = event.data;
      switch (message.type) {
        case 'start':
          samples = new SignalBuffer(message.capacity);
          return;
        case 'progress':
          return onProgress?.(message.fraction);
        case 'samples':
          samples ??= new SignalBuffer(60 * ANALYSIS_SAMPLE_RATE);
          samples.push(message.samples);
          return onSamples?.(samples.view());
      }
      finish();
      if (message.type === 'decoded') {
        try {
          resolve(gathered(message.info, samples));
        } catch (error) {
          reject(error as Error);
        }
      } else if (message.type === 'unsupported') resolve(null);
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

function gathered(info: DecodedInfo, buffer: SignalBuffer | null): DecodedFile {
  const samples = buffer?.view() ?? new Float32Array(0);
  if (samples.length !== info.length)
    throw new Error(`The decode worker sent ${samples.length} samples but decoded ${info.length}`);
  // The view, not a right-sized copy: copying a long signal here would hold the page's main thread.
  return { ...info, samples };
}

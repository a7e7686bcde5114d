import type { FeaturesReply, FeaturesRequest, FileAnalysis } from '../workers/featuresProtocol';

/** Talks to the features worker: one request id per call, channel buffers transferred (not copied). */
export interface FeaturesClient {
  analyse(channels: Float32Array[], sampleRate: number, waveformWidth: number): Promise<FileAnalysis>;
  dispose(): void;
}

export function createFeaturesClient(): FeaturesClient {
  const worker = new Worker(new URL('../workers/features.worker.ts', import.meta.url), { type: 'module' });
  const pending = new Map<number, { resolve: (a: FileAnalysis) => void; reject: (e: Error) => void }>();
  let nextId = 1;

  const onMessage = (event: MessageEvent<FeaturesReply>) => {
    const message = event.data;
    const waiter = pending.get(message.id);
    if (!waiter) return;
    pending.delete(message.id);
    if (message.type === 'analysis') waiter.resolve(message.analysis);
    else waiter.reject(new Error(message.message));
  };
  const onError = (event: ErrorEvent) => {
    // A worker that fails to load or throws outside a request fails every call in flight.
    const error = new Error(`The features worker failed: ${event.message || 'could not start'}`);
    for (const waiter of pending.values()) waiter.reject(error);
    pending.clear();
  };
  worker.addEventListener('message', onMessage);
  worker.addEventListener('error', onError);

  return {
    analyse(channels, sampleRate, waveformWidth) {
      const id = nextId++;
      const request: FeaturesRequest = { id, type: 'analyse', channels, sampleRate, waveformWidth };
      return new Promise<FileAnalysis>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.postMessage(
          request,
          channels.map((c) => c.buffer as ArrayBuffer),
        );
      });
    },
    dispose() {
      worker.removeEventListener('message', onMessage);
      worker.removeEventListener('error', onError);
      worker.terminate();
      for (const waiter of pending.values()) waiter.reject(new Error('The features worker was stopped'));
      pending.clear();
    },
  };
}

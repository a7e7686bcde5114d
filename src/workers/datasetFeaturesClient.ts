import type { AugmentOptions } from '../core/train/augment';
import type { AugmentedClip, DatasetFeaturesReply, DatasetFeaturesRequest } from './datasetFeaturesProtocol';
import type { AudioFeatureSet, ClipRows } from '../core/features/audioSets';

/** Talks to the dataset features worker: channel buffers transferred in, feature rows transferred back. */
export interface DatasetFeaturesClient {
  extract(
    clipId: string,
    channels: Float32Array[],
    sampleRate: number,
    featureSet: AudioFeatureSet,
    keepSignal: boolean,
  ): Promise<{ rows: ClipRows; durationSeconds: number }>;
  augment(
    clips: { clipId: string; seed: number }[],
    featureSet: AudioFeatureSet,
    options: AugmentOptions,
    onProgress?: (done: number, total: number) => void,
  ): Promise<{ clips: AugmentedClip[]; missing: string[] }>;
  forget(clipIds: string[] | 'all'): Promise<void>;
  dispose(): void;
}

interface Waiter {
  resolve: (reply: DatasetFeaturesReply) => void;
  reject: (error: Error) => void;
  onProgress?: (done: number, total: number) => void;
}

export function createDatasetFeaturesClient(): DatasetFeaturesClient {
  const worker = new Worker(new URL('./datasetFeatures.worker.ts', import.meta.url), {
    type: 'module',
  });
  const pending = new Map<number, Waiter>();
  let nextId = 1;

  const onMessage = (event: MessageEvent<DatasetFeaturesReply>) => {
    const message = event.data;
    const waiter = pending.get(message.id);
    if (!waiter) return;
    if (message.type === 'progress') {
      waiter.onProgress?.(message.done, message.total);
      return;
    }
    pending.delete(message.id);
    if (message.type === 'error') waiter.reject(new Error(message.message));
    else waiter.resolve(message);
  };
  const onError = (event: ErrorEvent) => {
    const error = new Error(`The dataset features worker failed: ${event.message || 'could not start'}`);
    for (const waiter of pending.values()) waiter.reject(error);
    pending.clear();
  };
  worker.addEventListener('message', onMessage);
  worker.addEventListener('error', onError);

  const send = (
    request: DatasetFeaturesRequest,
    transfer: Transferable[] = [],
    onProgress?: Waiter['onProgress'],
  ): Promise<DatasetFeaturesReply> =>
    new Promise((resolve, reject) => {
      pending.set(request.id, { resolve, reject, onProgress });
      worker.postMessage(request, transfer);
    });

  return {
    async extract(clipId, channels, sampleRate, featureSet, keepSignal) {
      const request: DatasetFeaturesRequest = {
        id: nextId++,
        type: 'extract',
        clipId,
        channels,
        sampleRate,
        featureSet,
        keepSignal,
      };
      const reply = await send(
        request,
        channels.map((c) => c.buffer as ArrayBuffer),
      );
      if (reply.type !== 'rows') throw new Error(`Unexpected reply "${reply.type}" to extract`);
      return { rows: reply.rows, durationSeconds: reply.durationSeconds };
    },
    async augment(clips, featureSet, options, onProgress) {
      const request: DatasetFeaturesRequest = { id: nextId++, type: 'augment', clips, featureSet, options };
      const reply = await send(request, [], onProgress);
      if (reply.type !== 'augmented') throw new Error(`Unexpected reply "${reply.type}" to augment`);
      return { clips: reply.clips, missing: reply.missing };
    },
    async forget(clipIds) {
      await send({ id: nextId++, type: 'forget', clipIds });
    },
    dispose() {
      worker.removeEventListener('message', onMessage);
      worker.removeEventListener('error', onError);
      worker.terminate();
      for (const waiter of pending.values())
        waiter.reject(new Error('The dataset features worker was stopped'));
      pending.clear();
    },
  };
}

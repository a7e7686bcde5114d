/// <reference lib="webworker" />
import { toAnalysisSignal } from '../core/audio/analysisSignal';
import {
  rowsTransferables,
  type AugmentedClip,
  type DatasetFeaturesReply,
  type DatasetFeaturesRequest,
} from './datasetFeaturesProtocol';
import { augmentedClipRows } from '../core/dataset/datasetRows';
import { clipRows } from '../core/features/audioSets';

// An adapter: the message switch lives here, the computation in src/core via datasetRows.ts.
const scope = self as unknown as DedicatedWorkerGlobalScope;

/** Analysis signals kept for augmentation, up to about 20 minutes of audio (106 MB). */
const MAX_KEPT_SAMPLES = 20 * 60 * 22_050;
const signals = new Map<string, Float32Array>();
let keptSamples = 0;

function reply(message: DatasetFeaturesReply, transfer: Transferable[] = []): void {
  scope.postMessage(message, transfer);
}

function forget(clipId: string): void {
  const signal = signals.get(clipId);
  if (!signal) return;
  keptSamples -= signal.length;
  signals.delete(clipId);
}

function handle(request: DatasetFeaturesRequest): void {
  switch (request.type) {
    case 'extract': {
      const { samples, sampleRate } = toAnalysisSignal(request.channels, request.sampleRate);
      const rows = clipRows(samples, request.featureSet);
      forget(request.clipId);
      if (request.keepSignal && keptSamples + samples.length <= MAX_KEPT_SAMPLES) {
        signals.set(request.clipId, samples);
        keptSamples += samples.length;
      }
      reply(
        { id: request.id, type: 'rows', rows, durationSeconds: samples.length / sampleRate },
        rowsTransferables(rows),
      );
      return;
    }
    case 'augment': {
      const clips: AugmentedClip[] = [];
      const missing: string[] = [];
      const total = request.clips.length;
      request.clips.forEach(({ clipId, seed }, done) => {
        reply({ id: request.id, type: 'progress', done, total });
        const samples = signals.get(clipId);
        if (!samples) missing.push(clipId);
        else
          clips.push({ clipId, rows: augmentedClipRows(samples, request.featureSet, request.options, seed) });
      });
      reply(
        { id: request.id, type: 'augmented', clips, missing },
        clips.flatMap((c) => rowsTransferables(c.rows)),
      );
      return;
    }
    case 'forget': {
      if (request.clipIds === 'all') {
        signals.clear();
        keptSamples = 0;
      } else {
        request.clipIds.forEach(forget);
      }
      reply({ id: request.id, type: 'forgotten' });
      return;
    }
    default: {
      const unknown = request as { id?: number; type?: unknown };
      reply({ id: unknown.id ?? -1, type: 'error', message: `Unknown request type ${String(unknown.type)}` });
    }
  }
}

scope.addEventListener('message', (event: MessageEvent<DatasetFeaturesRequest>) => {
  try {
    handle(event.data);
  } catch (error) {
    reply({
      id: event.data.id,
      type: 'error',
      message: error instanceof Error ? error.message : String(error),
    });
  }
});

/// <reference lib="webworker" />
import { onWebglLost, setupTf } from '../browser/tfSetup';
import type { BundleParts } from '../core/bundle/bundle';
import {
  createLiveAnalyzer,
  SPECTROGRAM_BANDS,
  type LiveAnalyzer,
  type LiveWindow,
} from '../core/live/liveAnalysis';
import { openLiveModel, type LiveModel } from '../core/live/liveModel';
import type { LivePrediction, LiveReply, LiveRequest } from './liveProtocol';
import { serveInOrder } from './requestQueue';

// An adapter: the message switch lives here, the analysis in liveAnalysis.ts and src/core.
const scope = self as unknown as DedicatedWorkerGlobalScope;

let model: LiveModel | null = null;
/** The bundle the model came from: reopened on another backend if the WebGL context is lost. */
let modelParts: BundleParts | null = null;
let analyzer: LiveAnalyzer | null = null;

function reply(message: LiveReply, transfer: Transferable[] = []): void {
  scope.postMessage(message, transfer);
}

function predictionOf(window: LiveWindow): LivePrediction {
  return {
    probs: model && window.full && !window.silent ? model.classify(window.row) : null,
    levelDb: window.levelDb,
    silent: window.silent,
    capturedAt: window.capturedAt,
    audioSeconds: window.audioSeconds,
    spectrogram: window.spectrogram,
    columns: window.columns,
    bands: SPECTROGRAM_BANDS,
  };
}

async function handle(request: LiveRequest): Promise<void> {
  switch (request.type) {
    case 'load': {
      const loaded = await openLiveModel(request.parts, await setupTf());
      model?.dispose();
      model = loaded;
      modelParts = request.parts;
      reply({ id: request.id, type: 'loaded', model: loaded.info });
      break;
    }
    case 'start':
      analyzer = createLiveAnalyzer(request.sampleRate);
      reply({ id: request.id, type: 'started' });
      break;
    case 'audio': {
      if (!analyzer) return; // a block that was in flight when the session stopped
      for (const window of analyzer.push(request.samples, request.capturedAt)) {
        const prediction = predictionOf(window);
        const transfer: Transferable[] = [prediction.spectrogram.buffer as ArrayBuffer];
        if (prediction.probs) transfer.push(prediction.probs.buffer as ArrayBuffer);
        reply({ id: request.id, type: 'prediction', prediction }, transfer);
      }
      break;
    }
    case 'stop':
      analyzer = null;
      reply({ id: request.id, type: 'stopped' });
      break;
    default: {
      const unknown = request as { id?: number; type?: unknown };
      reply({ id: unknown.id ?? -1, type: 'error', message: `Unknown request type ${String(unknown.type)}` });
    }
  }
}

// Requests run one after another, so that audio never overtakes the model load or a stop.
const enqueue = serveInOrder<LiveRequest>(scope, handle, (request, message) => {
  if (request.type === 'audio') analyzer = null;
  reply({ id: request.id, type: 'error', message });
});

// The model's weights lived in the lost WebGL context: reopen it on the backend set up now (WebGL left out),
// before the next audio block, so that listening goes on.
onWebglLost(() => {
  enqueue(async () => {
    if (!modelParts) return;
    const reopened = await openLiveModel(modelParts, await setupTf()).catch(() => null);
    model = reopened;
  });
});

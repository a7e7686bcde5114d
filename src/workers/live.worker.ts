/// <reference lib="webworker" />
import { onWebglLost, setupTf } from '../browser/tfSetup';
import type { BundleParts } from '../core/bundle/bundle';
import type { LivePredictor } from '../core/predict/livePredictor';
import { parseTaughtHead } from '../core/predict/taughtHead';
import { createLiveAnalyzer, type LiveAnalyzer } from '../core/live/liveAnalysis';
import { livePrediction, livePredictorFor } from '../core/live/livePrediction';
import { openLiveModel, type LiveModel } from '../core/live/liveModel';
import type { LiveReply, LiveRequest } from './liveProtocol';
import { serveInOrder } from './requestQueue';

// An adapter: the message switch lives here, the analysis in liveAnalysis.ts and src/core.
const scope = self as unknown as DedicatedWorkerGlobalScope;

let model: LiveModel | null = null;
/** The bundle the model came from: reopened on another backend if the WebGL context is lost. */
let modelParts: BundleParts | null = null;
let analyzer: LiveAnalyzer | null = null;
/** Taught classes, the open-set rule and teaching, on top of the model (core/predict/livePredictor.ts). */
let predictor: LivePredictor | null = null;

function reply(message: LiveReply, transfer: Transferable[] = []): void {
  scope.postMessage(message, transfer);
}

function requirePredictor(): LivePredictor {
  if (!predictor) throw new Error('Teaching needs an instruments model, and none is loaded');
  return predictor;
}

async function handle(request: LiveRequest): Promise<void> {
  switch (request.type) {
    case 'load': {
      const loaded = await openLiveModel(request.parts, await setupTf());
      model?.dispose();
      model = loaded;
      modelParts = request.parts;
      predictor = livePredictorFor(loaded);
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
        const prediction = livePrediction(window, model, predictor);
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
    case 'head': {
      const live = requirePredictor();
      live.setHead(request.head === null ? null : parseTaughtHead(request.head));
      reply({ id: request.id, type: 'head', classNames: live.classNames });
      break;
    }
    case 'teach-start':
      requirePredictor().startTeaching();
      reply({ id: request.id, type: 'teaching' });
      break;
    case 'teach-finish': {
      const taught = requirePredictor().finishTeaching(request.name, new Date().toISOString());
      reply({ id: request.id, type: 'taught', taught });
      break;
    }
    case 'teach-cancel':
      predictor?.cancelTeaching();
      reply({ id: request.id, type: 'teach-cancelled' });
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

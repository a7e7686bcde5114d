/// <reference lib="webworker" />
import { onWebglLost, setupTf } from '../browser/tfSetup';
import type { BundleParts } from '../core/bundle/bundle';
import { ANALYSIS_SAMPLE_RATE } from '../core/audio/signal';
import { frameFeatureMatrix } from '../core/features/frames';
import { analyseSegment, openModel } from '../core/predict/applyModel';
import { decodeCsvBytes } from '../core/data/csvEncoding';
import { scoreTable } from '../core/predict/scoreTable';
import { overviewTransferables, type ClassifyReply, type ClassifyRequest } from './classifyProtocol';
import { describeModel, disposeRunnableModel, type RunnableModel } from '../core/predict/modelRunner';
import { analyseSignal, waveformPeaks } from '../core/predict/fileSummary';
import { spectrogramImage } from '../core/predict/overview';
import { serveInOrder } from './requestQueue';
import { predictUnits } from '../core/predict/songUnits';

// An adapter: the message switch lives here; the computation in src/core (core/predict above all).
const scope = self as unknown as DedicatedWorkerGlobalScope;
const models = new Map<string, RunnableModel>();
/** Each model's bundle, to reopen it on another backend if the WebGL context is lost. */
const sources = new Map<string, BundleParts>();

function reply(message: ClassifyReply, transfer: Transferable[] = []): void {
  scope.postMessage(message, transfer);
}

function modelFor(id: string): RunnableModel {
  const model = models.get(id);
  if (!model) throw new Error(`The model "${id}" is not loaded in this worker`);
  return model;
}

async function handle(request: ClassifyRequest): Promise<void> {
  switch (request.type) {
    case 'load-model': {
      const { backend } = await setupTf();
      const model = await openModel(request.parts);
      const previous = models.get(request.modelId);
      if (previous) disposeRunnableModel(previous);
      models.set(request.modelId, model);
      sources.set(request.modelId, request.parts);
      reply({ id: request.id, type: 'model', model: describeModel(request.modelId, model, backend) });
      return;
    }
    case 'segment': {
      const { samples, units, resampleMs } = analyseSegment(
        request,
        request.modelId ? modelFor(request.modelId) : null,
      );
      reply({ id: request.id, type: 'segment', samples, units, resampleMs }, [samples.buffer]);
      return;
    }
    case 'overview': {
      const started = performance.now();
      const waveform = waveformPeaks(request.samples, request.waveformWidth);
      const spectrogram = spectrogramImage(request.samples, request.spectrogramColumns);
      const result = { waveform, spectrogram, ms: performance.now() - started };
      reply({ id: request.id, type: 'overview', result }, overviewTransferables(result));
      return;
    }
    case 'frames': {
      const started = performance.now();
      // One pass of the frame features serves the file's summary and the instruments model's 1-s windows.
      const matrix = frameFeatureMatrix(request.samples);
      const analysis = analyseSignal(
        { samples: request.samples, sampleRate: ANALYSIS_SAMPLE_RATE },
        1,
        matrix,
      );
      const instruments = request.instrumentsModelId
        ? predictUnits(modelFor(request.instrumentsModelId), request.samples, 0, undefined, matrix)
        : null;
      const result = {
        featureSet: analysis.featureSet,
        features: analysis.features,
        instruments,
        ms: performance.now() - started,
      };
      reply({ id: request.id, type: 'frames', result });
      return;
    }
    case 'score-csv': {
      const { text } = decodeCsvBytes(new Uint8Array(request.bytes));
      const result = scoreTable(modelFor(request.modelId), text, request.fileName);
      reply({ id: request.id, type: 'scores', result });
      return;
    }
    default: {
      const unknown = request as { id?: number; type?: unknown };
      reply({ id: unknown.id ?? -1, type: 'error', message: `Unknown request type ${String(unknown.type)}` });
    }
  }
}

// One request at a time, in order: a model load finishes before the units that need it.
const enqueue = serveInOrder<ClassifyRequest>(scope, handle, (request, message) =>
  reply({ id: request.id, type: 'error', message }),
);

// The models' weights lived in the lost WebGL context: reopen them on the backend set up now (WebGL left out)
// before the next request, so that classifying goes on.
onWebglLost(() => {
  enqueue(async () => {
    await setupTf();
    for (const [id, source] of sources) {
      const reopened = await openModel(source).catch(() => null);
      if (reopened) models.set(id, reopened);
      else models.delete(id);
    }
  });
});

/// <reference lib="webworker" />
import { setupTf } from '../browser/tfSetup';
import { openBundle, type BundleParts } from '../core/bundle/bundle';
import { framesSpec } from '../core/features/frames';
import { checkSpecSupported } from '../core/features/spec';
import { ClassifierModel } from '../core/models/build';
import type { Classifier } from '../core/models/classifier';
import { parseModelConfig, type KnnConfig, type NetworkConfig } from '../core/models/config';
import { KnnClassifier } from '../core/models/knn';
import { createLiveAnalyzer, SPECTROGRAM_BANDS, type LiveAnalyzer, type LiveWindow } from './liveAnalysis';
import type { LiveModelInfo, LivePrediction, LiveReply, LiveRequest } from './liveProtocol';

// An adapter: the message switch lives here, the analysis in liveAnalysis.ts and src/core.
const scope = self as unknown as DedicatedWorkerGlobalScope;

interface LoadedModel {
  info: LiveModelInfo;
  classifier: Classifier;
  mean: Float32Array | null;
  std: Float32Array | null;
}

let model: LoadedModel | null = null;
let analyzer: LiveAnalyzer | null = null;

function reply(message: LiveReply, transfer: Transferable[] = []): void {
  scope.postMessage(message, transfer);
}

async function loadModel(parts: BundleParts): Promise<LoadedModel> {
  const tf = await setupTf();
  const opened = await openBundle(parts);
  const { meta } = opened;
  const release = () => {
    if (opened.kind === 'tf-layers') opened.model.dispose();
  };
  try {
    checkSpecSupported(meta.featureSpec, [framesSpec]);
    const columns = framesSpec.columns;
    if (
      meta.featureSpec.columns.join(',') !== columns.join(',') ||
      meta.inputShape.join(',') !== `${columns.length}`
    ) {
      throw new Error(
        `Live computes the ${columns.length} "frames" columns; the model "${meta.name}" expects input [${meta.inputShape.join(', ')}]`,
      );
    }
    let classifier: Classifier;
    if (opened.kind === 'tf-layers') {
      classifier = new ClassifierModel(opened.model, parseModelConfig(meta.modelConfig) as NetworkConfig);
    } else {
      classifier = new KnnClassifier(parseModelConfig(meta.modelConfig) as KnnConfig, {
        nClasses: meta.classNames.length,
        inputShape: meta.inputShape,
      }).fit(opened.knn.points, opened.knn.labels);
    }
    if (classifier.nClasses !== meta.classNames.length) {
      classifier.dispose();
      throw new Error(
        `The model "${meta.name}" outputs ${classifier.nClasses} values for ${meta.classNames.length} classes`,
      );
    }
    const norm = meta.normalization;
    return {
      info: {
        name: meta.name,
        classNames: [...meta.classNames],
        backend: opened.kind === 'knn' ? 'k-NN (TypeScript)' : tf.backend,
        backendReason: tf.reason,
      },
      classifier,
      mean: norm ? Float32Array.from(norm.mean) : null,
      std: norm ? Float32Array.from(norm.std) : null,
    };
  } catch (error) {
    release();
    throw error;
  }
}

/** The window's row, standardised as at training time, then the model's class probabilities. */
function classify(loaded: LoadedModel, row: Float32Array): Float32Array {
  const z = new Float32Array(row.length);
  for (let c = 0; c < row.length; c++) {
    z[c] = loaded.mean && loaded.std ? (row[c] - loaded.mean[c]) / loaded.std[c] : row[c];
    if (!Number.isFinite(z[c]))
      throw new Error(`Expected finite features, got ${row[c]} for ${framesSpec.columns[c]}`);
  }
  return loaded.classifier.predictProbs(z);
}

function predictionOf(window: LiveWindow): LivePrediction {
  return {
    probs: model && window.full && !window.silent ? classify(model, window.row) : null,
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
      const loaded = await loadModel(request.parts);
      model?.classifier.dispose();
      model = loaded;
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
let queue: Promise<void> = Promise.resolve();
scope.addEventListener('message', (event: MessageEvent<LiveRequest>) => {
  const request = event.data;
  queue = queue.then(() =>
    handle(request).catch((error: unknown) => {
      if (request.type === 'audio') analyzer = null;
      reply({
        id: request.id,
        type: 'error',
        message: error instanceof Error ? error.message : String(error),
      });
    }),
  );
});

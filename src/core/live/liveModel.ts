/**
 * The instruments model as Live runs it: a bundle opened as Classify opens it (modelRunner), checked to take
 * the `frames` row Live computes, and applied to one window's row with the bundle's standardisation.
 */
import type { BundleParts } from '../bundle/bundle';
import { framesSpec } from '../features/frames';
import { checkSpecSupported } from '../features/spec';
import { KnnClassifier } from '../models/knn';
import { openRunnableModel, predictProbabilities } from '../predict/modelRunner';

export interface LiveModelInfo {
  name: string;
  classNames: string[];
  /** The TF.js backend running the model ('knn' models run in plain TypeScript). */
  backend: string;
  backendReason: string;
}

export interface LiveModel {
  info: LiveModelInfo;
  /** Class probabilities of one `framesSpec` row (raw features: standardised here). */
  classify(row: Float32Array): Float32Array;
  dispose(): void;
}

/** Loads a bundle for Live; `backend` names the TF.js backend already set up (and why), for the UI. */
export async function openLiveModel(
  parts: BundleParts,
  backend: { backend: string; reason: string },
): Promise<LiveModel> {
  const model = await openRunnableModel(parts);
  const { meta } = model;
  try {
    if (meta.featureSpec.name !== framesSpec.name) {
      throw new Error(
        `Live computes "${framesSpec.name}" features on 1-s windows; the model "${meta.name}" uses "${meta.featureSpec.name}"`,
      );
    }
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
  } catch (error) {
    model.classifier.dispose();
    throw error;
  }
  const norm = meta.normalization;
  const mean = norm ? Float32Array.from(norm.mean) : null;
  const std = norm ? Float32Array.from(norm.std) : null;
  const z = new Float32Array(framesSpec.columns.length);
  return {
    info: {
      name: meta.name,
      classNames: [...meta.classNames],
      backend: model.classifier instanceof KnnClassifier ? 'k-NN (TypeScript)' : backend.backend,
      backendReason: backend.reason,
    },
    classify(row) {
      if (row.length !== z.length)
        throw new Error(`Expected a row of ${z.length} features, got ${row.length}`);
      for (let c = 0; c < row.length; c++) {
        z[c] = mean && std ? (row[c] - mean[c]) / std[c] : row[c];
        if (!Number.isFinite(z[c])) {
          throw new Error(`Expected finite features, got ${row[c]} for ${framesSpec.columns[c]}`);
        }
      }
      return predictProbabilities(model, z);
    },
    dispose() {
      model.classifier.dispose();
    },
  };
}

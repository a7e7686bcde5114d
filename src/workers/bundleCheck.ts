/**
 * The whole check of an untrusted bundle before it is stored: meta, model.json, weights, the feature set this
 * build computes, and a real load by TF.js (then freed). Runs in the model import worker (and wherever a stored
 * bundle is re-checked), never needing the DOM.
 */
import { disposeOpened, openBundle, type BundleParts, type SavedBundle } from '../core/bundle/bundle';
import { BundleError } from '../core/bundle/json';
import type { BundleMeta } from '../core/bundle/meta';
import { AUDIO_SPECS, isAudioFeatureSet } from '../core/features/audioSets';
import { checkSpecSupported } from '../core/features/spec';

/** Refuses a bundle whose audio feature set this build computes differently (another version). */
function checkFeatures(meta: BundleMeta): void {
  if (!isAudioFeatureSet(meta.featureSpec.name)) return;
  try {
    checkSpecSupported(meta.featureSpec, AUDIO_SPECS);
  } catch (error) {
    throw new BundleError(`This model needs features the app cannot compute: ${(error as Error).message}`);
  }
}

function toArrayBuffer(weights: ArrayBuffer | ArrayBufferView): ArrayBuffer {
  if (weights instanceof ArrayBuffer) return weights;
  return new Uint8Array(weights.buffer, weights.byteOffset, weights.byteLength).slice().buffer;
}

/**
 * Validates untrusted parts completely: meta, model.json, weights, and a real load by TF.js (then freed).
 * Returns them as a bundle the writers accept.
 */
export async function checkBundle(parts: BundleParts): Promise<SavedBundle> {
  const opened = await openBundle(parts);
  disposeOpened(opened);
  checkFeatures(opened.meta);
  return {
    modelJson: parts.modelJson as SavedBundle['modelJson'],
    weights: toArrayBuffer(parts.weights),
    meta: opened.meta,
  };
}

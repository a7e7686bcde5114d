/**
 * TensorFlow.js in the page or a worker: probes WebGL, registers the WebGL and WASM backends (the WASM binaries
 * are served from our own origin) and activates the one `chooseBackend` picks. Works without `document`.
 */
import '@tensorflow/tfjs-backend-webgl';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import {
  activateBackend,
  chooseBackend,
  type BackendCapabilities,
  type TfBackendName,
} from '../core/backend';

export interface TfSetup {
  backend: TfBackendName;
  /** Why this backend, in one sentence, for the UI. */
  reason: string;
  renderer: string | null;
}

/** What WebGL this context offers, read through an OffscreenCanvas so that workers can ask too. */
export function probeWebgl(): Pick<BackendCapabilities, 'hasWebgl' | 'renderer'> {
  try {
    if (typeof OffscreenCanvas === 'undefined') return { hasWebgl: false, renderer: null };
    const gl =
      new OffscreenCanvas(1, 1).getContext('webgl2') ?? new OffscreenCanvas(1, 1).getContext('webgl');
    if (!gl) return { hasWebgl: false, renderer: null };
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = info ? String(gl.getParameter(info.UNMASKED_RENDERER_WEBGL)) : null;
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return { hasWebgl: true, renderer };
  } catch {
    return { hasWebgl: false, renderer: null };
  }
}

const setups = new Map<boolean, Promise<TfSetup>>();

/** Sets TF.js up once per kind of job; conv training needs WebGL or CPU (WASM lacks its gradients). */
export function setupTf(needsConvTraining = false): Promise<TfSetup> {
  let setup = setups.get(needsConvTraining);
  if (!setup) {
    setup = (async () => {
      setWasmPaths({
        'tfjs-backend-wasm.wasm': wasmPlain,
        'tfjs-backend-wasm-simd.wasm': wasmSimd,
        'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
      });
      const webgl = probeWebgl();
      const choice = chooseBackend({ ...webgl, needsConvTraining });
      const backend = await activateBackend(choice.order);
      return { backend, reason: choice.reason, renderer: webgl.renderer ?? null };
    })();
    setups.set(needsConvTraining, setup);
  }
  return setup;
}

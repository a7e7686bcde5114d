/**
 * TensorFlow.js in the page or a worker: probes WebGL, registers the WebGL and WASM backends (the WASM binaries
 * are served from our own origin) and activates the one `chooseBackend` picks. Works without `document`.
 */
import '@tensorflow/tfjs-backend-webgl';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import * as tf from '@tensorflow/tfjs';
import {
  activateBackend,
  chooseBackend,
  describeBackend,
  type BackendCapabilities,
  type BackendPreference,
  type TfBackendName,
} from '../core/backend';

export interface TfSetup {
  backend: TfBackendName;
  /** Why this backend, in one sentence, for the UI. */
  reason: string;
  renderer: string | null;
  /** The backend in plain words (`describeBackend`), for the UI. */
  label: string;
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

const setups = new Map<string, Promise<TfSetup>>();
let webglLost = false;
const lostListeners = new Set<() => void>();

/**
 * Calls `listener` when the WebGL context TF.js computes on is lost (a GPU driver reset, the GPU out of
 * memory, the browser reclaiming it). After a loss, set-ups in this context leave WebGL out. Returns the
 * unsubscribe.
 */
export function onWebglLost(listener: () => void): () => void {
  lostListeners.add(listener);
  return () => lostListeners.delete(listener);
}

export const WEBGL_LOST_MESSAGE =
  'The WebGL context was lost (the GPU driver reset, or the GPU ran out of memory)';

/** Listens for the loss of the context the WebGL backend just set up. */
function watchWebgl(): void {
  const backend = tf.backend() as unknown as { gpgpu?: { gl?: { canvas?: unknown } } };
  const canvas = backend.gpgpu?.gl?.canvas;
  if (!(canvas instanceof EventTarget)) return;
  canvas.addEventListener(
    'webglcontextlost',
    () => {
      webglLost = true;
      setups.clear();
      for (const listener of [...lostListeners]) listener();
    },
    { once: true },
  );
}

/**
 * Sets TF.js up once per kind of job and preference; conv training needs WebGL or CPU (WASM lacks its
 * gradients). `prefer` is the user's choice of backend, honoured when it can do the job.
 */
export function setupTf(needsConvTraining = false, prefer: BackendPreference = 'auto'): Promise<TfSetup> {
  const key = `${needsConvTraining}/${prefer}`;
  let setup = setups.get(key);
  if (!setup) {
    setup = (async () => {
      setWasmPaths({
        'tfjs-backend-wasm.wasm': wasmPlain,
        'tfjs-backend-wasm-simd.wasm': wasmSimd,
        'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
      });
      const webgl = webglLost ? { hasWebgl: false, renderer: null } : probeWebgl();
      const choice = chooseBackend({ ...webgl, needsConvTraining, prefer });
      const backend = await activateBackend(choice.order);
      if (backend === 'webgl') watchWebgl();
      const reason = webglLost ? `WebGL was lost in this tab: ${choice.reason}` : choice.reason;
      const hasSimd =
        backend === 'wasm'
          ? await Promise.resolve()
              .then(() => tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'))
              .then(Boolean, () => undefined)
          : undefined;
      const label = describeBackend(backend, { renderer: webgl.renderer, wasmSimd: hasSimd });
      return { backend, reason, renderer: webgl.renderer ?? null, label };
    })();
    setups.set(key, setup);
  }
  return setup;
}

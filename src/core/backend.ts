import * as tf from '@tensorflow/tfjs';

/** The TensorFlow.js backends Oído uses, fastest first when each works well. */
export type TfBackendName = 'webgl' | 'wasm' | 'cpu';

/** What the caller found out about the runtime; the DOM probing itself lives in `src/browser/`. */
export interface BackendCapabilities {
  /** A WebGL context could be created. */
  hasWebgl: boolean;
  /** `UNMASKED_RENDERER_WEBGL` from `WEBGL_debug_renderer_info`, when the extension exists. */
  renderer?: string | null;
  /** WebAssembly is available (true in every browser and Node we support); default true. */
  hasWasm?: boolean;
  /** The job trains convolution layers (cnn1d, cnn2d). */
  needsConvTraining?: boolean;
  /** A backend the user chose; honoured when it can do the job, else the automatic choice says why not. */
  prefer?: BackendPreference;
}

/** What the user may choose: a backend, or `auto` (the choice below). */
export type BackendPreference = 'auto' | TfBackendName;
export const BACKEND_PREFERENCES: readonly BackendPreference[] = ['auto', 'webgl', 'wasm', 'cpu'];

export interface BackendChoice {
  /** Backends to try in order; the first that initialises wins. */
  order: TfBackendName[];
  /** One sentence saying why, for logs and the settings panel. */
  reason: string;
}

const SOFTWARE_RENDERERS = [
  'swiftshader',
  'llvmpipe',
  'softpipe',
  'software rasterizer',
  'microsoft basic render',
];

/** True when the WebGL renderer string names a CPU rasteriser rather than a GPU. */
export function isSoftwareRenderer(renderer: string | null | undefined): boolean {
  if (!renderer) return false;
  const lower = renderer.toLowerCase();
  return SOFTWARE_RENDERERS.some((name) => lower.includes(name));
}

/**
 * The backend in plain words for people, never the raw GPU string: `WebGL (GPU)`, `WebGL (software, slow)`
 * when a CPU rasteriser (SwiftShader, llvmpipe) emulates it, `WASM (CPU, SIMD)`, `Plain JavaScript (CPU)`.
 */
export function describeBackend(
  backend: string,
  details: { renderer?: string | null; wasmSimd?: boolean } = {},
): string {
  switch (backend) {
    case 'webgl':
      return isSoftwareRenderer(details.renderer) ? 'WebGL (software, slow)' : 'WebGL (GPU)';
    case 'wasm':
      return details.wasmSimd === false ? 'WASM (CPU)' : 'WASM (CPU, SIMD)';
    case 'cpu':
      return 'Plain JavaScript (CPU)';
    case 'none':
      return 'no TensorFlow.js';
    default:
      return backend;
  }
}

/**
 * Picks backends by capability: WebGL on a real GPU; WASM (SIMD) when WebGL is missing or software-rendered,
 * because WebGL emulated on the CPU is slower than WASM; CPU last.
 *
 * Conv training is the exception: the WASM backend has no `Conv2DBackpropFilter` kernel (conv1d runs on it
 * too), so a job that trains convolutions needs WebGL (even software-rendered, it has every gradient) or CPU.
 */
export function chooseBackend(caps: BackendCapabilities): BackendChoice {
  const auto = chooseAutomatically(caps);
  const prefer = caps.prefer ?? 'auto';
  if (prefer === 'auto') return auto;
  const cannot =
    prefer === 'webgl' && !caps.hasWebgl
      ? 'WebGL is not available here'
      : prefer === 'wasm' && caps.needsConvTraining
        ? 'WASM cannot train convolutions (no Conv2DBackpropFilter)'
        : prefer === 'wasm' && caps.hasWasm === false
          ? 'WebAssembly is not available here'
          : null;
  if (cannot) return { order: auto.order, reason: `${cannot}, so automatic: ${auto.reason}` };
  return {
    order: [prefer, ...auto.order.filter((name) => name !== prefer)],
    reason: `${prefer.toUpperCase()}, as chosen (automatic would pick ${auto.order[0].toUpperCase()}: ${auto.reason})`,
  };
}

function chooseAutomatically(caps: BackendCapabilities): BackendChoice {
  const hasWasm = caps.hasWasm ?? true;
  const software = caps.hasWebgl && isSoftwareRenderer(caps.renderer);
  const realGpu = caps.hasWebgl && !software;
  if (caps.needsConvTraining) {
    if (realGpu)
      return { order: ['webgl', 'cpu'], reason: 'WebGL on a real GPU trains convolutions fastest' };
    if (software) {
      return {
        order: ['cpu', 'webgl'],
        reason:
          'WebGL is software-rendered (no GPU) and WASM cannot train convolutions (no Conv2DBackpropFilter): CPU',
      };
    }
    return {
      order: ['cpu'],
      reason: 'No WebGL and WASM cannot train convolutions (no Conv2DBackpropFilter): CPU',
    };
  }
  if (realGpu) {
    return { order: hasWasm ? ['webgl', 'wasm', 'cpu'] : ['webgl', 'cpu'], reason: 'WebGL on a real GPU' };
  }
  if (hasWasm) {
    const why = software ? 'WebGL is software-rendered (no GPU)' : 'no WebGL';
    return { order: ['wasm', 'cpu'], reason: `${why}: WASM (SIMD where available)` };
  }
  return { order: ['cpu'], reason: 'Neither a GPU nor WebAssembly: plain CPU' };
}

/**
 * Activates the first backend in `order` that is registered and initialises, returning its name.
 * Registering a backend (importing `@tensorflow/tfjs-backend-wasm`, setting WASM paths) is the shell's job.
 */
export async function activateBackend(order: readonly TfBackendName[]): Promise<TfBackendName> {
  if (order.length === 0) throw new Error('Expected at least one backend to try, got none');
  const failures: string[] = [];
  for (const name of order) {
    if (tf.findBackendFactory(name) == null) {
      failures.push(`${name}: not registered`);
      continue;
    }
    try {
      if (await tf.setBackend(name)) {
        await tf.ready();
        if (name === 'wasm') installWasmMatMulFastPath();
        return name;
      }
      failures.push(`${name}: failed to initialise`);
    } catch (error) {
      failures.push(`${name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  throw new Error(`No TensorFlow.js backend could start (${failures.join('; ')})`);
}

const patchedKernels = new Set<string>();

/**
 * Makes WASM matrix products take XNNPACK's fast path. The WASM `BatchMatMul` kernel uses XNNPACK only for one
 * untransposed product and otherwise falls back to a plain loop: 5–10× slower for a transposed operand
 * (64×256ᵀ·64×128: 4.7 ms against 0.9 ms transposing first; every dense layer's backward pass multiplies by a
 * transpose) and ~40× for a batch of products (3 × 256×256·256×128: 156 ms against 3 × 3.9 ms). The wrapper
 * transposes such operands with the `Transpose` kernel and runs a batch as one product per slice, calling the
 * original kernel each time. Returns whether it installed (false when WASM is not registered or already
 * patched). Results agree to float rounding.
 */
export function installWasmMatMulFastPath(): boolean {
  const transpose = tf.getKernel('Transpose', 'wasm');
  const slice = tf.getKernel('Slice', 'wasm');
  const concat = tf.getKernel('Concat', 'wasm');
  if (!transpose || !slice || !concat) return false;
  let installed = false;
  for (const kernelName of ['BatchMatMul', '_FusedMatMul']) {
    const original = tf.getKernel(kernelName, 'wasm');
    if (!original || patchedKernels.has(kernelName)) continue;
    const kernelFunc: tf.KernelFunc = (args) => {
      const { inputs, attrs = {} } = args;
      const backend = args.backend as tf.KernelBackend;
      const { transposeA, transposeB } = attrs as { transposeA?: boolean; transposeB?: boolean };
      const batchOf = (t: tf.TensorInfo) => t.shape.slice(0, -2).reduce((p, d) => p * d, 1);
      const splitBatch =
        kernelName === 'BatchMatMul' &&
        inputs.a!.shape.length === 3 &&
        inputs.b!.shape.length === 3 &&
        Math.max(batchOf(inputs.a!), batchOf(inputs.b!)) > 1;
      if (!transposeA && !transposeB && !splitBatch) return original.kernelFunc(args);
      const temporaries: tf.TensorInfo[] = [];
      const run = (
        name: tf.KernelConfig,
        kernelInputs: tf.NamedTensorInfoMap | tf.TensorInfo[],
        kernelAttrs: object,
      ) => {
        const out = name.kernelFunc({
          inputs: kernelInputs as tf.NamedTensorInfoMap,
          backend,
          attrs: kernelAttrs as tf.NamedAttrMap,
        }) as tf.TensorInfo;
        temporaries.push(out);
        return out;
      };
      const swapLastTwo = (t: tf.TensorInfo): tf.TensorInfo => {
        const rank = t.shape.length;
        const perm = Array.from({ length: rank }, (_, i) => i);
        [perm[rank - 2], perm[rank - 1]] = [perm[rank - 1], perm[rank - 2]];
        return run(transpose, { x: t }, { perm });
      };
      const a = transposeA ? swapLastTwo(inputs.a!) : inputs.a!;
      const b = transposeB ? swapLastTwo(inputs.b!) : inputs.b!;
      const plainAttrs = { ...attrs, transposeA: false, transposeB: false };
      let result: tf.TensorInfo;
      if (splitBatch) {
        const batches = Math.max(a.shape[0], b.shape[0]);
        const part = (t: tf.TensorInfo, i: number) =>
          t.shape[0] === 1
            ? t
            : run(slice, { x: t }, { begin: [i, 0, 0], size: [1, t.shape[1], t.shape[2]] });
        const products = Array.from({ length: batches }, (_, i) =>
          run(original, { ...inputs, a: part(a, i), b: part(b, i) }, plainAttrs),
        );
        result = concat.kernelFunc({
          inputs: products as unknown as tf.NamedTensorInfoMap,
          backend,
          attrs: { axis: 0 },
        }) as tf.TensorInfo;
      } else {
        result = original.kernelFunc({
          inputs: { ...inputs, a, b },
          backend,
          attrs: plainAttrs,
        }) as tf.TensorInfo;
      }
      for (const t of temporaries) backend.disposeData(t.dataId);
      return result;
    };
    tf.unregisterKernel(kernelName, 'wasm');
    tf.registerKernel({ ...original, kernelFunc });
    patchedKernels.add(kernelName);
    installed = true;
  }
  return installed;
}

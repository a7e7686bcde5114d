/**
 * The chroma filterbank product in WebAssembly SIMD: for every frame, each class's Σ_k weight[k]·power[k],
 * two classes per f64x2 vector, every sum still over k in order from 0 (so the same doubles as the JS loop
 * in chroma.ts, which stays the fallback). The module is generated with wasmCode.ts.
 */
import { ensureMemory, I32, instantiate, op, SIMD, V128, v128Load, v128Store, wasmModule } from './wasmCode';

const P_FRAMES = 0;
const L_T = 1;
const L_K = 2;
const L_ROW = 3;
const L_W = 4;
const V_P = 5;
const V_ACC = 6; // V_ACC … V_ACC + nChroma/2 − 1

/**
 * run(frames): sums (f64, frames × nChroma at `sumsAt`) of the float32 power rows (frames × bins at
 * `powerAt`) times the bin-major weights (f64, bins × nChroma at 0).
 */
function chromaModule(
  bins: number,
  nChroma: number,
  powerAt: number,
  sumsAt: number,
): Uint8Array<ArrayBuffer> {
  const pairs = nChroma / 2;
  const rowBytes = 4 * bins;
  const weightRow = 8 * nChroma;
  const zero = op.simd(SIMD.v128Const, ...Array<number>(16).fill(0));
  const body = [
    ...op.i32Const(0),
    ...op.set(L_T),
    ...op.i32Const(0),
    ...op.set(L_ROW),
    ...op.block,
    ...op.loop,
    ...op.get(L_T),
    ...op.get(P_FRAMES),
    ...op.i32GeU,
    ...op.brIf(1),
    ...Array.from({ length: pairs }, (_, j) => [...zero, ...op.set(V_ACC + j)]).flat(),
    ...op.i32Const(0),
    ...op.set(L_K),
    ...op.i32Const(0),
    ...op.set(L_W),
    ...op.block,
    ...op.loop,
    ...op.get(L_K),
    ...op.i32Const(rowBytes),
    ...op.i32GeU,
    ...op.brIf(1),
    // p = (power[t][k], power[t][k]) in doubles
    ...op.get(L_ROW),
    ...op.get(L_K),
    ...op.i32Add,
    ...op.f32Load(powerAt),
    ...op.f64PromoteF32,
    ...op.simd(SIMD.f64x2Splat),
    ...op.set(V_P),
    ...Array.from({ length: pairs }, (_, j) => [
      ...op.get(V_ACC + j),
      ...op.get(L_W),
      ...v128Load(16 * j),
      ...op.get(V_P),
      ...op.simd(SIMD.f64x2Mul),
      ...op.simd(SIMD.f64x2Add),
      ...op.set(V_ACC + j),
    ]).flat(),
    ...op.get(L_K),
    ...op.i32Const(4),
    ...op.i32Add,
    ...op.set(L_K),
    ...op.get(L_W),
    ...op.i32Const(weightRow),
    ...op.i32Add,
    ...op.set(L_W),
    ...op.br(0),
    ...op.end,
    ...op.end,
    // sums[t] = acc: t · nChroma · 8 = row / (4 bins) · weightRow, kept as its own running offset
    ...Array.from({ length: pairs }, (_, j) => [
      ...op.get(L_T),
      ...op.i32Const(weightRow),
      0x6c, // i32.mul
      ...op.get(V_ACC + j),
      ...v128Store(sumsAt + 16 * j),
    ]).flat(),
    ...op.get(L_T),
    ...op.i32Const(1),
    ...op.i32Add,
    ...op.set(L_T),
    ...op.get(L_ROW),
    ...op.i32Const(rowBytes),
    ...op.i32Add,
    ...op.set(L_ROW),
    ...op.br(0),
    ...op.end,
    ...op.end,
  ];
  return wasmModule([
    {
      name: 'run',
      params: 1,
      locals: [
        [4, I32],
        [1 + pairs, V128],
      ],
      body,
    },
  ]);
}

interface ChromaKernel {
  run(frames: number): void;
  memory: WebAssembly.Memory;
  /** The weights last written (the bank's bin-major table), to skip rewriting them. */
  weights: Float64Array | null;
}

/** Byte offsets: weights at 0, power rows at `powerAt`, sums after the power rows at the fixed `sumsAt`. */
const POWER_AT = 1 << 20;
/** Frames the module takes per call (its regions are fixed): 47 s of 512-sample hops, a whole GTZAN piece. */
const FRAMES_PER_CALL = 2048;
const kernels = new Map<string, ChromaKernel | null>();

function kernelFor(bins: number, nChroma: number): ChromaKernel | null {
  const key = `${bins}/${nChroma}`;
  if (!kernels.has(key)) {
    if (nChroma % 2 !== 0 || bins * nChroma * 8 > POWER_AT) {
      kernels.set(key, null);
    } else {
      const sumsAt = POWER_AT + FRAMES_PER_CALL * bins * 4;
      const exports = instantiate<{ run(frames: number): void; memory: WebAssembly.Memory }>(
        chromaModule(bins, nChroma, POWER_AT, sumsAt),
      );
      const kernel = exports ? { run: exports.run, memory: exports.memory, weights: null } : null;
      if (kernel && !ensureMemory(kernel.memory, sumsAt + FRAMES_PER_CALL * nChroma * 8))
        kernels.set(key, null);
      else kernels.set(key, kernel);
    }
  }
  return kernels.get(key) ?? null;
}

/**
 * Σ_k weights[k·nChroma + c] · power[t·bins + k] into `sums[t·nChroma + c]` for every frame t and class c,
 * or false (sums untouched) where WebAssembly SIMD is not available.
 */
export function chromaSumsSimd(
  power: Float32Array,
  frames: number,
  bins: number,
  weights: Float64Array,
  nChroma: number,
  sums: Float64Array,
): boolean {
  const kernel = kernelFor(bins, nChroma);
  if (!kernel) return false;
  const buffer = kernel.memory.buffer;
  if (kernel.weights !== weights) {
    new Float64Array(buffer, 0, weights.length).set(weights);
    kernel.weights = weights;
  }
  const sumsAt = POWER_AT + FRAMES_PER_CALL * bins * 4;
  for (let t0 = 0; t0 < frames; t0 += FRAMES_PER_CALL) {
    const count = Math.min(FRAMES_PER_CALL, frames - t0);
    new Float32Array(buffer, POWER_AT, count * bins).set(power.subarray(t0 * bins, (t0 + count) * bins));
    kernel.run(count);
    sums.set(new Float64Array(buffer, sumsAt, count * nChroma), t0 * nChroma);
  }
  return true;
}

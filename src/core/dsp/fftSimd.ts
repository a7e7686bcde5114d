import FFT from 'fft.js';
import {
  compileKernel,
  ensureMemory,
  I32,
  op,
  SIMD,
  singleFunctionModule,
  V128,
  v128Load,
  v128Store,
  type CompiledKernel,
} from './wasmCode';

/**
 * A complex FFT in WebAssembly SIMD, one complex double per f64x2 vector: the bit-reversed input, then the
 * radix-2 decimation-in-time stages two at a time (a "radix-2²" pass over four quarter-blocks with two
 * twiddles per butterfly, so half as many passes over memory), then a last radix-2 stage when log2 size is
 * odd. fft.js stays the fallback; its `transform(out, data)` is the interface kept: both are forward DFTs
 * (e^{−2πikn/N}) of interleaved re, im doubles, equal to rounding.
 */
export interface ComplexFft {
  /** The forward DFT of `data` (size complex values, interleaved) into `out`. */
  transform(out: Float64Array, data: Float64Array): void;
}

// Locals of `run`.
const L_BLK = 0;
const L_J = 1;
const L_P = 2;
const L_TW = 3;
const V_A = 4;
const V_B = 5;
const V_C = 6;
const V_D = 7;
const V_T1 = 8;
const V_T2 = 9;
const V_W2R = 10;
const V_W2I = 11;
const V_W1R = 12;
const V_W1I = 13;
const V_SIGN = 14;

const SWAP_LANES = [8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7];

/** x · w with w given as (wr, wr) and (−wi, wi): x·wr + swap(x)·(−wi, wi). Leaves the product on the stack. */
function complexMultiply(x: number, wr: number, wi: number): number[] {
  return [
    ...op.get(x),
    ...op.get(wr),
    ...op.simd(SIMD.f64x2Mul),
    ...op.get(x),
    ...op.get(x),
    ...op.simd(SIMD.i8x16Shuffle, ...SWAP_LANES),
    ...op.get(wi),
    ...op.simd(SIMD.f64x2Mul),
    ...op.simd(SIMD.f64x2Add),
  ];
}

interface Layout {
  size: number;
  revAt: number;
  twAt: number;
  inAt: number;
  outAt: number;
  bytes: number;
  /** Per double stage: its half-length h and the byte offset of its twiddles (64 bytes per j < h). */
  stages: Array<{ h: number; tw: number }>;
  /** The last radix-2 stage's twiddles (32 bytes per j < size/2), when log2 size is odd; else −1. */
  lastTw: number;
}

function layoutFor(size: number): Layout {
  const revAt = 0;
  let at = revAt + 4 * size;
  const twAt = (at = (at + 15) & ~15);
  const stages: Layout['stages'] = [];
  let h = 1;
  for (; 4 * h <= size; h *= 4) {
    stages.push({ h, tw: at });
    at += 64 * h;
  }
  let lastTw = -1;
  if (2 * h === size) {
    lastTw = at;
    at += 32 * h;
  }
  const inAt = at;
  const outAt = inAt + 16 * size;
  return { size, revAt, twAt, inAt, outAt, bytes: outAt + 16 * size, stages, lastTw };
}

function moduleBytes(layout: Layout): Uint8Array<ArrayBuffer> {
  const { size, revAt, inAt, outAt } = layout;
  const body: number[] = [
    // sign = (+0, −0): xor flips the second lane's sign
    ...op.simd(SIMD.v128Const, ...Array<number>(15).fill(0), 0x80),
    ...op.set(V_SIGN),
    // out[rev[n]] = in[n]
    ...op.i32Const(0),
    ...op.set(L_J),
    ...op.block,
    ...op.loop,
    ...op.get(L_J),
    ...op.i32Const(size * 4),
    ...op.i32GeU,
    ...op.brIf(1),
    ...op.get(L_J),
    ...op.i32Load(revAt),
    ...op.get(L_J),
    ...op.get(L_J),
    ...op.i32Add,
    ...op.get(L_J),
    ...op.i32Add,
    ...op.get(L_J),
    ...op.i32Add,
    ...v128Load(inAt),
    ...v128Store(outAt),
    ...op.get(L_J),
    ...op.i32Const(4),
    ...op.i32Add,
    ...op.set(L_J),
    ...op.br(0),
    ...op.end,
    ...op.end,
  ];
  for (const { h, tw } of layout.stages) {
    const q = 16 * h;
    body.push(
      ...op.i32Const(0),
      ...op.set(L_BLK),
      ...op.block,
      ...op.loop,
      ...op.get(L_BLK),
      ...op.i32Const(16 * size),
      ...op.i32GeU,
      ...op.brIf(1),
      ...op.i32Const(0),
      ...op.set(L_J),
      ...op.block,
      ...op.loop,
      ...op.get(L_J),
      ...op.i32Const(q),
      ...op.i32GeU,
      ...op.brIf(1),
      // p = blk + j (bytes); tw = 4·j (64 bytes per twiddle entry, 16 per point)
      ...op.get(L_BLK),
      ...op.get(L_J),
      ...op.i32Add,
      ...op.set(L_P),
      ...op.get(L_J),
      ...op.get(L_J),
      ...op.i32Add,
      ...op.tee(L_TW),
      ...op.get(L_TW),
      ...op.i32Add,
      ...op.set(L_TW),
      ...[V_A, V_B, V_C, V_D].flatMap((v, i) => [...op.get(L_P), ...v128Load(outAt + i * q), ...op.set(v)]),
      ...[V_W2R, V_W2I, V_W1R, V_W1I].flatMap((v, i) => [
        ...op.get(L_TW),
        ...v128Load(tw + 16 * i),
        ...op.set(v),
      ]),
      // first stage (half-length h): t1 = w2·b, t2 = w2·d
      ...complexMultiply(V_B, V_W2R, V_W2I),
      ...op.set(V_T1),
      ...complexMultiply(V_D, V_W2R, V_W2I),
      ...op.set(V_T2),
      ...op.get(V_A),
      ...op.get(V_T1),
      ...op.simd(SIMD.f64x2Sub),
      ...op.set(V_B),
      ...op.get(V_A),
      ...op.get(V_T1),
      ...op.simd(SIMD.f64x2Add),
      ...op.set(V_A),
      ...op.get(V_C),
      ...op.get(V_T2),
      ...op.simd(SIMD.f64x2Sub),
      ...op.set(V_D),
      ...op.get(V_C),
      ...op.get(V_T2),
      ...op.simd(SIMD.f64x2Add),
      ...op.set(V_C),
      // second stage (half-length 2h): u1 = w1·c, u2 = −i·w1·d = (im, −re)
      ...complexMultiply(V_C, V_W1R, V_W1I),
      ...op.set(V_T1),
      ...complexMultiply(V_D, V_W1R, V_W1I),
      ...op.set(V_T2),
      ...op.get(V_T2),
      ...op.get(V_T2),
      ...op.simd(SIMD.i8x16Shuffle, ...SWAP_LANES),
      ...op.get(V_SIGN),
      ...op.simd(SIMD.v128Xor),
      ...op.set(V_T2),
      ...op.get(L_P),
      ...op.get(V_A),
      ...op.get(V_T1),
      ...op.simd(SIMD.f64x2Add),
      ...v128Store(outAt),
      ...op.get(L_P),
      ...op.get(V_A),
      ...op.get(V_T1),
      ...op.simd(SIMD.f64x2Sub),
      ...v128Store(outAt + 2 * q),
      ...op.get(L_P),
      ...op.get(V_B),
      ...op.get(V_T2),
      ...op.simd(SIMD.f64x2Add),
      ...v128Store(outAt + q),
      ...op.get(L_P),
      ...op.get(V_B),
      ...op.get(V_T2),
      ...op.simd(SIMD.f64x2Sub),
      ...v128Store(outAt + 3 * q),
      ...op.get(L_J),
      ...op.i32Const(16),
      ...op.i32Add,
      ...op.set(L_J),
      ...op.br(0),
      ...op.end,
      ...op.end,
      ...op.get(L_BLK),
      ...op.i32Const(4 * q),
      ...op.i32Add,
      ...op.set(L_BLK),
      ...op.br(0),
      ...op.end,
      ...op.end,
    );
  }
  if (layout.lastTw >= 0) {
    const q = 8 * size; // bytes to the partner: size/2 points
    body.push(
      ...op.i32Const(0),
      ...op.set(L_J),
      ...op.block,
      ...op.loop,
      ...op.get(L_J),
      ...op.i32Const(q),
      ...op.i32GeU,
      ...op.brIf(1),
      ...op.get(L_J),
      ...op.get(L_J),
      ...op.i32Add,
      ...op.set(L_TW),
      ...op.get(L_J),
      ...v128Load(outAt),
      ...op.set(V_A),
      ...op.get(L_J),
      ...v128Load(outAt + q),
      ...op.set(V_B),
      ...op.get(L_TW),
      ...v128Load(layout.lastTw),
      ...op.set(V_W1R),
      ...op.get(L_TW),
      ...v128Load(layout.lastTw + 16),
      ...op.set(V_W1I),
      ...complexMultiply(V_B, V_W1R, V_W1I),
      ...op.set(V_T1),
      ...op.get(L_J),
      ...op.get(V_A),
      ...op.get(V_T1),
      ...op.simd(SIMD.f64x2Add),
      ...v128Store(outAt),
      ...op.get(L_J),
      ...op.get(V_A),
      ...op.get(V_T1),
      ...op.simd(SIMD.f64x2Sub),
      ...v128Store(outAt + q),
      ...op.get(L_J),
      ...op.i32Const(16),
      ...op.i32Add,
      ...op.set(L_J),
      ...op.br(0),
      ...op.end,
      ...op.end,
    );
  }
  return singleFunctionModule(
    0,
    [
      [4, I32],
      [11, V128],
    ],
    body,
  );
}

/** Writes w = e^{−2πik/n} at `at` as (wr, wr), (−wi, wi). */
function putTwiddle(heap: Float64Array, at: number, k: number, n: number): void {
  const angle = (-2 * Math.PI * k) / n;
  const wr = Math.cos(angle);
  const wi = Math.sin(angle);
  const i = at / 8;
  heap[i] = wr;
  heap[i + 1] = wr;
  heap[i + 2] = -wi;
  heap[i + 3] = wi;
}

class SimdFft implements ComplexFft {
  private readonly input: Float64Array;
  private readonly output: Float64Array;

  constructor(
    private readonly kernel: CompiledKernel<() => void>,
    layout: Layout,
  ) {
    const { size } = layout;
    ensureMemory(kernel.memory, layout.bytes);
    const buffer = kernel.memory.buffer;
    const rev = new Int32Array(buffer, layout.revAt, size);
    const bits = Math.log2(size);
    for (let n = 0; n < size; n++) {
      let r = 0;
      for (let b = 0; b < bits; b++) r |= ((n >> b) & 1) << (bits - 1 - b);
      rev[n] = 16 * r;
    }
    const heap = new Float64Array(buffer);
    for (const { h, tw } of layout.stages) {
      for (let j = 0; j < h; j++) {
        putTwiddle(heap, tw + 64 * j, j, 2 * h); // w2 = W_{2h}^j
        putTwiddle(heap, tw + 64 * j + 32, j, 4 * h); // w1 = W_{4h}^j
      }
    }
    if (layout.lastTw >= 0)
      for (let j = 0; j < size / 2; j++) putTwiddle(heap, layout.lastTw + 32 * j, j, size);
    this.input = new Float64Array(buffer, layout.inAt, 2 * size);
    this.output = new Float64Array(buffer, layout.outAt, 2 * size);
  }

  transform(out: Float64Array, data: Float64Array): void {
    this.input.set(data.length === this.input.length ? data : data.subarray(0, this.input.length));
    this.kernel.run();
    out.set(this.output);
  }
}

const ffts = new Map<number, ComplexFft>();

/**
 * A shared complex FFT of `size` points (a power of two >= 2): WebAssembly SIMD where it runs, else fft.js.
 * Each size has its own module and memory; single-threaded use only.
 */
export function complexFft(size: number, options: { simd?: boolean } = {}): ComplexFft {
  if (!Number.isInteger(size) || size < 2 || (size & (size - 1)) !== 0)
    throw new Error(`Expected an FFT size that is a power of two >= 2, got ${size}`);
  const key = options.simd === false ? -size : size;
  let fft = ffts.get(key);
  if (!fft) {
    const layout = layoutFor(size);
    const kernel = options.simd === false ? null : compileKernel<() => void>(moduleBytes(layout));
    fft = kernel ? new SimdFft(kernel, layout) : new FFT(size);
    ffts.set(key, fft);
  }
  return fft;
}

/** Whether `complexFft(size)` runs in WebAssembly here. */
export function simdFftAvailable(size = 1024): boolean {
  return complexFft(size) instanceof SimdFft;
}

/** The generated module's size in bytes (Chromium compiles at most 4 KB synchronously on a page's thread). */
export function fftModuleBytes(size: number): number {
  return moduleBytes(layoutFor(size)).length;
}

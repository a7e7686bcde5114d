/**
 * The code of spectralSimd.ts's module, emitted with wasmCode.ts: the STFT's and ISTFT's per-frame work in
 * WebAssembly SIMD, one complex double per f64x2 vector, one module per transform size M (complex points;
 * real frames of N = 2M samples):
 *
 * - `fft()`: a complex FFT (bit-reversed input, then the radix-2 decimation-in-time stages two at a time, a
 *   "radix-2²" pass over four quarter-blocks with two twiddles per butterfly, then a last radix-2 stage when
 *   log2 M is odd);
 * - `stftFrame(src)`: one windowed real frame of the source → the half-size complex FFT → split into bins
 *   0 … M → the bins rounded to float32 (as the JS STFT stores them), their power and magnitude;
 * - `istftFrame(at)`: one frame's bins × its gains → the pre-twiddled half-size spectrum → FFT → windowed
 *   and overlap-added into the output signal.
 *
 * Each computes what the JS in stft.ts / istft.ts computes, operation for operation where the order can be
 * kept (the ISTFT's) and to double rounding elsewhere (the FFT's butterflies). The few kilobytes of module are
 * generated here (wasmCode.ts): no toolchain, no binary in the repository.
 */
import {
  F64,
  I32,
  loadF32Pair,
  op,
  SIMD,
  storeF32Pair,
  V128,
  v128Load,
  v128Store,
  wasmModule,
  type FunctionCode,
} from './wasmCode';

// Every function takes one i32 parameter (P0) and declares the same locals.
const P0 = 0;
const L_BLK = 1;
const L_J = 2;
const L_P = 3;
const L_TW = 4;
const L_K = 5;
const V_A = 9;
const V_B = 10;
const V_C = 11;
const V_D = 12;
const V_T1 = 13;
const V_T2 = 14;
const V_W2R = 15;
const V_W2I = 16;
const V_W1R = 17;
const V_W1I = 18;
const V_SIGN = 19;
const V_HALF = 20;
const V_X = 21;
const V_Y = 22;
const F_P = 25;
const LOCALS: Array<[number, number]> = [
  [8, I32],
  [16, V128],
  [2, F64],
];

const SWAP_LANES = [8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7];
const f64x2 = (code: number, ...imm: number[]) => op.simd(code, ...imm);
const add = f64x2(SIMD.f64x2Add);
const sub = f64x2(SIMD.f64x2Sub);
const mul = f64x2(SIMD.f64x2Mul);
const swap = op.simd(SIMD.i8x16Shuffle, ...SWAP_LANES);
const xor = op.simd(SIMD.v128Xor);
const lane = (i: number) => op.simd(SIMD.f64x2ExtractLane, i);
const f64Mul = [0xa2];
const f64Sub = [0xa1];
const f64x2ReplaceLane1 = op.simd(0x22, 1);
const i32Shl = (bits: number) => [...op.i32Const(bits), 0x74];

/** x · w with w stored as (wr, wr), (−wi, wi): x·wr + swap(x)·(−wi, wi). Leaves the product on the stack. */
function complexMultiply(x: number, wr: number, wi: number): number[] {
  return [
    ...op.get(x),
    ...op.get(wr),
    ...mul,
    ...op.get(x),
    ...op.get(x),
    ...swap,
    ...op.get(wi),
    ...mul,
    ...add,
  ];
}

/** for (counter = from; counter < limit; counter += step) body */
function countedLoop(counter: number, from: number, limit: number, step: number, body: number[]): number[] {
  return [
    ...op.i32Const(from),
    ...op.set(counter),
    ...op.block,
    ...op.loop,
    ...op.get(counter),
    ...op.i32Const(limit),
    ...op.i32GeU,
    ...op.brIf(1),
    ...body,
    ...op.get(counter),
    ...op.i32Const(step),
    ...op.i32Add,
    ...op.set(counter),
    ...op.br(0),
    ...op.end,
    ...op.end,
  ];
}

export interface Layout {
  size: number;
  revAt: number;
  /** Per double stage: its half-length h and its twiddles' byte offset (64 bytes per j < h). */
  stages: Array<{ h: number; tw: number }>;
  /** The last radix-2 stage's twiddles (32 bytes per j < M/2) when log2 M is odd; else −1. */
  lastTw: number;
  inAt: number;
  workAt: number;
  /** Analysis window pairs (w[2n], w[2n+1]) as f64x2. */
  anaWinAt: number;
  /** Split twiddles c_k = (−sin, −cos)(2πk/N), as (wr, wr), (−wi, wi). */
  splitAt: number;
  specAt: number;
  powAt: number;
  magAt: number;
  rowAt: number;
  gainAt: number;
  /** softMask's two energy rows (float32, M + 2: a whole last pair). */
  maskXAt: number;
  maskRefAt: number;
  /** ISTFT pre-twiddles e^{+2πik/N} for k ≤ M/2, as (wr, wr), (−wi, wi). */
  preAt: number;
  /** Synthesis window pairs (w[2n]/M, −w[2n+1]/M), each rounded to float32 as the JS ISTFT's window. */
  synWinAt: number;
  /** The frame source (STFT) or the output signal (ISTFT), to the end of memory. */
  dynAt: number;
}

export function layoutFor(size: number): Layout {
  let at = 0;
  const take = (bytes: number) => {
    const start = at;
    at = (at + bytes + 15) & ~15;
    return start;
  };
  const revAt = take(4 * size);
  const stages: Layout['stages'] = [];
  let h = 1;
  for (; 4 * h <= size; h *= 4) stages.push({ h, tw: take(64 * h) });
  const lastTw = 2 * h === size ? take(32 * h) : -1;
  return {
    size,
    revAt,
    stages,
    lastTw,
    inAt: take(16 * size),
    workAt: take(16 * size),
    anaWinAt: take(16 * size),
    splitAt: take(32 * size),
    specAt: take(8 * (size + 1)),
    powAt: take(4 * (size + 1)),
    magAt: take(4 * (size + 1)),
    rowAt: take(8 * (size + 1)),
    gainAt: take(4 * (size + 2)),
    maskXAt: take(4 * (size + 2)),
    maskRefAt: take(4 * (size + 2)),
    preAt: take(32 * (size / 2 + 1)),
    synWinAt: take(16 * size),
    dynAt: take(0),
  };
}

function prologue(): number[] {
  return [
    // sign = (+0, −0): xor flips lane 1's sign (conjugates)
    ...op.simd(SIMD.v128Const, ...Array<number>(15).fill(0), 0x80),
    ...op.set(V_SIGN),
    ...op.simd(SIMD.v128Const, 0, 0, 0, 0, 0, 0, 0xe0, 0x3f, 0, 0, 0, 0, 0, 0, 0xe0, 0x3f),
    ...op.set(V_HALF),
  ];
}

/** The FFT stages, in place on the bit-reversed points at workAt. */
function stagesCode(layout: Layout): number[] {
  const { size, workAt } = layout;
  const code: number[] = [];
  for (const { h, tw } of layout.stages) {
    const q = 16 * h;
    const butterfly = [
      // p = blk + j (bytes); tw = 4·j (64 bytes of twiddles per point)
      ...op.get(L_BLK),
      ...op.get(L_J),
      ...op.i32Add,
      ...op.set(L_P),
      ...op.get(L_J),
      ...i32Shl(2),
      ...op.set(L_TW),
      ...[V_A, V_B, V_C, V_D].flatMap((v, i) => [...op.get(L_P), ...v128Load(workAt + i * q), ...op.set(v)]),
      ...[V_W2R, V_W2I, V_W1R, V_W1I].flatMap((v, i) => [
        ...op.get(L_TW),
        ...v128Load(tw + 16 * i),
        ...op.set(v),
      ]),
      // the first stage (half-length h): t1 = w2·b, t2 = w2·d
      ...complexMultiply(V_B, V_W2R, V_W2I),
      ...op.set(V_T1),
      ...complexMultiply(V_D, V_W2R, V_W2I),
      ...op.set(V_T2),
      ...[...op.get(V_A), ...op.get(V_T1), ...sub, ...op.set(V_B)],
      ...[...op.get(V_A), ...op.get(V_T1), ...add, ...op.set(V_A)],
      ...[...op.get(V_C), ...op.get(V_T2), ...sub, ...op.set(V_D)],
      ...[...op.get(V_C), ...op.get(V_T2), ...add, ...op.set(V_C)],
      // the second (half-length 2h): u1 = w1·c, u2 = −i·w1·d = (im, −re)
      ...complexMultiply(V_C, V_W1R, V_W1I),
      ...op.set(V_T1),
      ...complexMultiply(V_D, V_W1R, V_W1I),
      ...op.tee(V_T2),
      ...op.get(V_T2),
      ...swap,
      ...op.get(V_SIGN),
      ...xor,
      ...op.set(V_T2),
      ...[...op.get(L_P), ...op.get(V_A), ...op.get(V_T1), ...add, ...v128Store(workAt)],
      ...[...op.get(L_P), ...op.get(V_A), ...op.get(V_T1), ...sub, ...v128Store(workAt + 2 * q)],
      ...[...op.get(L_P), ...op.get(V_B), ...op.get(V_T2), ...add, ...v128Store(workAt + q)],
      ...[...op.get(L_P), ...op.get(V_B), ...op.get(V_T2), ...sub, ...v128Store(workAt + 3 * q)],
    ];
    code.push(...countedLoop(L_BLK, 0, 16 * size, 4 * q, countedLoop(L_J, 0, q, 16, butterfly)));
  }
  if (layout.lastTw >= 0) {
    const q = 8 * size; // bytes to the partner: M/2 points on
    code.push(
      ...countedLoop(L_J, 0, q, 16, [
        ...op.get(L_J),
        ...i32Shl(1),
        ...op.set(L_TW),
        ...[...op.get(L_J), ...v128Load(workAt), ...op.set(V_A)],
        ...[...op.get(L_J), ...v128Load(workAt + q), ...op.set(V_B)],
        ...[...op.get(L_TW), ...v128Load(layout.lastTw), ...op.set(V_W1R)],
        ...[...op.get(L_TW), ...v128Load(layout.lastTw + 16), ...op.set(V_W1I)],
        ...complexMultiply(V_B, V_W1R, V_W1I),
        ...op.set(V_T1),
        ...[...op.get(L_J), ...op.get(V_A), ...op.get(V_T1), ...add, ...v128Store(workAt)],
        ...[...op.get(L_J), ...op.get(V_A), ...op.get(V_T1), ...sub, ...v128Store(workAt + q)],
      ]),
    );
  }
  return code;
}

/** The stages as their own function (index 0), called by the other three. */
const callStages = [...op.i32Const(0), 0x10, 0];

function stagesFunction(layout: Layout): FunctionCode {
  return { name: 'stages', params: 1, locals: LOCALS, body: [...prologue(), ...stagesCode(layout)] };
}

/** fft(): in[n] → work[rev n], then the stages. */
function fftFunction(layout: Layout): FunctionCode {
  const { size, revAt, inAt, workAt } = layout;
  const body = [
    ...prologue(),
    ...countedLoop(L_J, 0, 4 * size, 4, [
      ...op.get(L_J),
      ...op.i32Load(revAt),
      ...op.get(L_J),
      ...i32Shl(2),
      ...v128Load(inAt),
      ...v128Store(workAt),
    ]),
    ...callStages,
  ];
  return { name: 'fft', params: 1, locals: LOCALS, body };
}

/** Bin k's float32 value, power and magnitude from V_X (k·4 in L_K), as the JS STFT pass rounds them. */
function storeBin(layout: Layout): number[] {
  return [
    ...op.get(L_K),
    ...i32Shl(1),
    ...op.get(V_X),
    ...storeF32Pair(layout.specAt),
    // p = re² + im² of the rounded values, in doubles
    ...op.get(V_X),
    ...op.simd(SIMD.f32x4DemoteF64x2Zero),
    ...op.simd(SIMD.f64x2PromoteLowF32x4),
    ...op.tee(V_Y),
    ...op.get(V_Y),
    ...mul,
    ...op.set(V_Y),
    ...op.get(V_Y),
    ...lane(0),
    ...op.get(V_Y),
    ...lane(1),
    ...op.f64Add,
    ...op.set(F_P),
    ...op.get(L_K),
    ...op.get(F_P),
    ...op.f32DemoteF64,
    ...op.f32Store(layout.powAt),
    ...op.get(L_K),
    ...op.get(F_P),
    ...op.f64Sqrt,
    ...op.f32DemoteF64,
    ...op.f32Store(layout.magAt),
  ];
}

/** stftFrame(src): the windowed frame at dynAt + src (float32 samples) → bins 0 … M at specAt, powAt, magAt. */
function stftFunction(layout: Layout): FunctionCode {
  const { size, revAt, workAt, anaWinAt, splitAt, dynAt } = layout;
  const body = [
    ...prologue(),
    // work[rev n] = (x[2n], x[2n+1]) · (w[2n], w[2n+1])
    ...countedLoop(L_J, 0, 4 * size, 4, [
      ...op.get(L_J),
      ...op.i32Load(revAt),
      ...op.get(P0),
      ...op.get(L_J),
      ...i32Shl(1),
      ...op.i32Add,
      ...loadF32Pair(dynAt),
      ...op.get(L_J),
      ...i32Shl(2),
      ...v128Load(anaWinAt),
      ...mul,
      ...v128Store(workAt),
    ]),
    ...callStages,
    // bins 0 and M: (z0.re ± z0.im, 0)
    ...op.i32Const(0),
    ...v128Load(workAt),
    ...op.set(V_A),
    ...[...op.get(V_A), ...lane(0), ...op.get(V_A), ...lane(1), ...op.f64Add],
    ...op.simd(SIMD.f64x2Splat),
    ...[0x44, 0, 0, 0, 0, 0, 0, 0, 0], // f64.const 0
    ...f64x2ReplaceLane1,
    ...op.set(V_X),
    ...op.i32Const(0),
    ...op.set(L_K),
    ...storeBin(layout),
    ...[...op.get(V_A), ...lane(0), ...op.get(V_A), ...lane(1), ...f64Sub],
    ...op.simd(SIMD.f64x2Splat),
    ...[0x44, 0, 0, 0, 0, 0, 0, 0, 0],
    ...f64x2ReplaceLane1,
    ...op.set(V_X),
    ...op.i32Const(4 * size),
    ...op.set(L_K),
    ...storeBin(layout),
    // bins 1 … M−1: X = E + D·c_k, E = (Z[k] + conj Z[M−k]) / 2, D = (Z[k] − conj Z[M−k]) / 2
    ...countedLoop(L_K, 4, 4 * size, 4, [
      ...op.get(L_K),
      ...i32Shl(2),
      ...op.tee(L_P),
      ...v128Load(workAt),
      ...op.set(V_A),
      ...op.i32Const(16 * size),
      ...op.get(L_P),
      ...op.i32Sub,
      ...v128Load(workAt),
      ...op.get(V_SIGN),
      ...xor,
      ...op.set(V_B),
      ...halvesAndTwiddle(splitAt),
      ...op.get(V_C),
      ...complexMultiply(V_D, V_W1R, V_W1I),
      ...add,
      ...op.set(V_X),
      ...storeBin(layout),
    ]),
  ];
  return { name: 'stftFrame', params: 1, locals: LOCALS, body };
}

/** V_C = (A + B) / 2, V_D = (A − B) / 2, and bin k's twiddle pair from the table at `tableAt` in V_W1R, V_W1I. */
function halvesAndTwiddle(tableAt: number): number[] {
  return [
    ...[...op.get(V_A), ...op.get(V_B), ...add, ...op.get(V_HALF), ...mul, ...op.set(V_C)],
    ...[...op.get(V_A), ...op.get(V_B), ...sub, ...op.get(V_HALF), ...mul, ...op.set(V_D)],
    ...op.get(L_K),
    ...i32Shl(3),
    ...op.tee(L_TW),
    ...v128Load(tableAt),
    ...op.set(V_W1R),
    ...op.get(L_TW),
    ...v128Load(tableAt + 16),
    ...op.set(V_W1I),
  ];
}

/** X[k] · gain[k] for k·4 = `kBytes` (code leaving an i32 on the stack), as an f64x2. */
function gainedBin(layout: Layout, kBytes: number[]): number[] {
  return [
    ...kBytes,
    ...i32Shl(1),
    ...loadF32Pair(layout.rowAt),
    ...kBytes,
    ...op.f32Load(layout.gainAt),
    ...op.f64PromoteF32,
    ...op.simd(SIMD.f64x2Splat),
    ...mul,
  ];
}

/** istftFrame(at): bins × gains at rowAt, gainAt → the inverse frame, windowed, added to the signal at dynAt + at. */
function istftFunction(layout: Layout): FunctionCode {
  const { size, revAt, workAt, preAt, synWinAt, dynAt } = layout;
  const half = size / 2;
  const kIs = (bytes: number) => op.i32Const(bytes);
  const body = [
    ...prologue(),
    // k = 0 pairs DC and Nyquist: z[0] = ((dc + ny) / 2, −(dc − ny) / 2)
    ...op.i32Const(0),
    ...gainedBin(layout, kIs(0)),
    ...lane(0),
    ...op.simd(SIMD.f64x2Splat),
    ...gainedBin(layout, kIs(4 * size)),
    ...lane(0),
    ...op.simd(SIMD.f64x2Splat),
    ...op.get(V_SIGN),
    ...xor,
    ...add,
    ...op.get(V_HALF),
    ...mul,
    ...op.get(V_SIGN),
    ...xor,
    ...v128Store(workAt),
    // k < m = M − k: A = (x + conj y) / 2, D = (x − conj y) / 2, B = D·e^{2πik/N};
    // z[k] = conj(A + iB) = conj(A − s), z[m] = A + s, where s = (B.im, −B.re)
    ...countedLoop(L_K, 4, 4 * half, 4, [
      ...gainedBin(layout, op.get(L_K)),
      ...op.set(V_A),
      ...gainedBin(layout, [...op.i32Const(4 * size), ...op.get(L_K), ...op.i32Sub]),
      ...op.get(V_SIGN),
      ...xor,
      ...op.set(V_B),
      ...halvesAndTwiddle(preAt),
      ...complexMultiply(V_D, V_W1R, V_W1I),
      ...op.tee(V_T2),
      ...op.get(V_T2),
      ...swap,
      ...op.get(V_SIGN),
      ...xor,
      ...op.set(V_T2),
      ...[...op.i32Const(4 * size), ...op.get(L_K), ...op.i32Sub, ...op.i32Load(revAt)],
      ...[...op.get(V_C), ...op.get(V_T2), ...add, ...v128Store(workAt)],
      ...[...op.get(L_K), ...op.i32Load(revAt)],
      ...[...op.get(V_C), ...op.get(V_T2), ...sub, ...op.get(V_SIGN), ...xor, ...v128Store(workAt)],
    ]),
  ];
  if (size % 2 === 0) {
    // The middle bin pairs with itself: z = (x.re − x.im·cos, x.im·sin)
    body.push(
      ...gainedBin(layout, kIs(4 * half)),
      ...op.set(V_A),
      ...op.i32Const(0),
      ...v128Load(preAt + 32 * half),
      ...op.set(V_W1R),
      ...op.i32Const(0),
      ...v128Load(preAt + 32 * half + 16),
      ...op.set(V_W1I),
      ...op.i32Const(4 * half),
      ...op.i32Load(revAt),
      ...[
        ...op.get(V_A),
        ...lane(0),
        ...op.get(V_A),
        ...lane(1),
        ...op.get(V_W1R),
        ...lane(0),
        ...f64Mul,
        ...f64Sub,
      ],
      ...op.simd(SIMD.f64x2Splat),
      ...[...op.get(V_A), ...lane(1), ...op.get(V_W1I), ...lane(1), ...f64Mul],
      ...f64x2ReplaceLane1,
      ...v128Store(workAt),
    );
  }
  body.push(
    ...callStages,
    // y[at + 2n, 2n+1] += (w[2n], −w[2n+1]) · out[n]
    ...countedLoop(L_J, 0, 16 * size, 16, [
      ...op.get(P0),
      ...op.get(L_J),
      ...op.i32Add,
      ...op.tee(L_P),
      ...op.get(L_P),
      ...v128Load(dynAt),
      ...op.get(L_J),
      ...v128Load(synWinAt),
      ...op.get(L_J),
      ...v128Load(workAt),
      ...mul,
      ...add,
      ...v128Store(dynAt),
    ]),
  );
  return { name: 'istftFrame', params: 1, locals: LOCALS, body };
}

/**
 * softMask(): gains (float32, at gainAt) = x² / (x² + ref²) of the rows at maskXAt and maskRefAt, 0.5 where
 * neither reaches float32's tiny: librosa.util.softmask(x, ref, power=2, split_zeros=True), as hpss.ts's
 * softMask computes it (in doubles, one division, stored as float32), two bins per vector.
 */
function softMaskFunction(layout: Layout): FunctionCode {
  const { size, gainAt, maskXAt, maskRefAt } = layout;
  const tiny = new Uint8Array(new Float64Array([1.1754943508222875e-38, 1.1754943508222875e-38]).buffer);
  const half = new Uint8Array(new Float64Array([0.5, 0.5]).buffer);
  const body = [
    ...countedLoop(L_J, 0, 8 * (size / 2 + 1), 8, [
      ...op.get(L_J),
      ...op.get(L_J),
      ...loadF32Pair(maskXAt),
      ...op.tee(V_A),
      ...op.get(V_A),
      ...mul,
      ...op.tee(V_C),
      ...op.get(V_C),
      ...op.get(L_J),
      ...loadF32Pair(maskRefAt),
      ...op.tee(V_B),
      ...op.get(V_B),
      ...mul,
      ...add,
      ...op.simd(0xf3), // f64x2.div: a² / (a² + b²)
      ...op.simd(SIMD.v128Const, ...half),
      // a ≥ tiny or b ≥ tiny (false for NaN, as in JS)
      ...op.get(V_A),
      ...op.simd(SIMD.v128Const, ...tiny),
      ...op.simd(0x4c), // f64x2.ge
      ...op.get(V_B),
      ...op.simd(SIMD.v128Const, ...tiny),
      ...op.simd(0x4c),
      ...op.simd(0x50), // v128.or
      ...op.simd(SIMD.bitselect),
      ...storeF32Pair(gainAt),
    ]),
  ];
  return { name: 'softMask', params: 1, locals: LOCALS, body };
}

export function spectralModuleBytes(size: number): Uint8Array<ArrayBuffer> {
  const layout = layoutFor(size);
  return wasmModule([
    stagesFunction(layout),
    fftFunction(layout),
    stftFunction(layout),
    istftFunction(layout),
    softMaskFunction(layout),
  ]);
}

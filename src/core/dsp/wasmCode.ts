/**
 * Just enough of the WebAssembly binary format to emit the small SIMD kernels of medianSimd.ts and
 * fftSimd.ts at run time: one function, one exported memory. Generating the few kilobytes here keeps the
 * kernels readable beside the JS they replace, with no toolchain or binary in the repository.
 */

export const I32 = 0x7f;
export const F64 = 0x7c;
export const V128 = 0x7b;

/** Unsigned LEB128. */
export function uleb(value: number): number[] {
  const out: number[] = [];
  let v = value >>> 0;
  do {
    let byte = v & 0x7f;
    v >>>= 7;
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
  return out;
}

/** Signed LEB128 (i32.const). */
export function sleb(value: number): number[] {
  const out: number[] = [];
  let v = value | 0;
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    if ((v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

export const op = {
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  end: [0x0b],
  br: (depth: number) => [0x0c, ...uleb(depth)],
  brIf: (depth: number) => [0x0d, ...uleb(depth)],
  get: (i: number) => [0x20, ...uleb(i)],
  set: (i: number) => [0x21, ...uleb(i)],
  tee: (i: number) => [0x22, ...uleb(i)],
  i32Load: (offset: number) => [0x28, 2, ...uleb(offset)],
  i32Store: (offset: number) => [0x36, 2, ...uleb(offset)],
  i32Const: (value: number) => [0x41, ...sleb(value)],
  i32GeU: [0x4f],
  i32LtU: [0x49],
  i32Add: [0x6a],
  i32Sub: [0x6b],
  f32Load: (offset: number) => [0x2a, 2, ...uleb(offset)],
  f32Store: (offset: number) => [0x38, 2, ...uleb(offset)],
  f64Load: (offset: number) => [0x2b, 3, ...uleb(offset)],
  f64Store: (offset: number) => [0x39, 3, ...uleb(offset)],
  f64Add: [0xa0],
  f64Sqrt: [0x9f],
  f32DemoteF64: [0xb6],
  f64PromoteF32: [0xbb],
  simd: (code: number, ...immediates: number[]) => [0xfd, ...uleb(code), ...immediates],
};

/** SIMD opcodes used here (after the 0xfd prefix). */
export const SIMD = {
  v128Load: 0x00,
  v128Store: 0x0b,
  v128Const: 0x0c,
  i8x16Shuffle: 0x0d,
  i32x4Splat: 0x11,
  f64x2Splat: 0x14,
  f64x2ExtractLane: 0x21,
  i32x4ExtractLane: 0x1b,
  i32x4ReplaceLane: 0x1c,
  i32x4GtS: 0x3b,
  v128Xor: 0x51,
  v128Load64Zero: 0x5d,
  v128Store64Lane: 0x5b,
  f32x4DemoteF64x2Zero: 0x5e,
  f64x2PromoteLowF32x4: 0x5f,
  bitselect: 0x52,
  i32x4Add: 0xae,
  i32x4MinS: 0xb6,
  i32x4MaxS: 0xb8,
  f64x2Add: 0xf0,
  f64x2Sub: 0xf1,
  f64x2Mul: 0xf2,
};

/** v128.load / v128.store with a byte offset (alignment hint 1). */
export const v128Load = (offset: number) => op.simd(SIMD.v128Load, 0, ...uleb(offset));
export const v128Store = (offset: number) => op.simd(SIMD.v128Store, 0, ...uleb(offset));

/** Two float32 at `offset` (+ the address on the stack) as an f64x2. */
export const loadF32Pair = (offset: number) => [
  ...op.simd(SIMD.v128Load64Zero, 0, ...uleb(offset)),
  ...op.simd(SIMD.f64x2PromoteLowF32x4),
];

/** Stores an f64x2 (on the stack, after the address) as two float32 at `offset`, rounded as Math.fround. */
export const storeF32Pair = (offset: number) => [
  ...op.simd(SIMD.f32x4DemoteF64x2Zero),
  ...op.simd(SIMD.v128Store64Lane, 0, ...uleb(offset), 0),
];

function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

function name(text: string): number[] {
  const bytes = [...text].map((c) => c.charCodeAt(0));
  return [...uleb(bytes.length), ...bytes];
}

export interface FunctionCode {
  name: string;
  /** i32 parameters (no result). */
  params: number;
  locals: Array<[number, number]>;
  /** The body without its final `end`. */
  body: number[];
}

/** A module of `functions` (each exported under its name) and an exported memory `memory` of one page. */
export function wasmModule(functions: FunctionCode[]): Uint8Array<ArrayBuffer> {
  const types = [...new Set(functions.map((f) => f.params))];
  const codes = functions.map((f) => {
    const code = [
      ...uleb(f.locals.length),
      ...f.locals.flatMap(([count, type]) => [...uleb(count), type]),
      ...f.body,
      ...op.end,
    ];
    return [...uleb(code.length), ...code];
  });
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, [
      ...uleb(types.length),
      ...types.flatMap((params) => [0x60, ...uleb(params), ...Array<number>(params).fill(I32), 0]),
    ]),
    ...section(3, [...uleb(functions.length), ...functions.map((f) => types.indexOf(f.params))]),
    ...section(5, [1, 0x00, 1]),
    ...section(7, [
      ...uleb(functions.length + 1),
      ...functions.flatMap((f, i) => [...name(f.name), 0x00, ...uleb(i)]),
      ...name('memory'),
      0x02,
      0,
    ]),
    ...section(10, [...uleb(functions.length), ...codes.flat()]),
  ]);
}

/** Compiles and instantiates `bytes` synchronously: its exports, or null where that fails. */
export function instantiate<Exports>(bytes: Uint8Array<ArrayBuffer>): Exports | null {
  try {
    if (typeof WebAssembly !== 'object' || !WebAssembly.validate(bytes)) return null;
    return new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports as unknown as Exports;
  } catch {
    return null;
  }
}

/** A module of one function `run` (`params` i32 parameters, no result) and an exported memory. */
export function singleFunctionModule(
  params: number,
  locals: Array<[number, number]>,
  body: number[],
): Uint8Array<ArrayBuffer> {
  return wasmModule([{ name: 'run', params, locals, body }]);
}

export interface CompiledKernel<Run> {
  run: Run;
  memory: WebAssembly.Memory;
}

/** Compiles and instantiates `bytes` synchronously, or null where that fails (no SIMD, or not allowed here). */
export function compileKernel<Run>(bytes: Uint8Array<ArrayBuffer>): CompiledKernel<Run> | null {
  const exports = instantiate<{ run: Run; memory: WebAssembly.Memory }>(bytes);
  return exports ? { run: exports.run, memory: exports.memory } : null;
}

/** Grows `memory` to at least `bytes`; false when it cannot (the caller then takes its JS path). */
export function ensureMemory(memory: WebAssembly.Memory, bytes: number): boolean {
  const have = memory.buffer.byteLength;
  if (have >= bytes) return true;
  try {
    memory.grow(Math.ceil((bytes - have) / 65536));
    return true;
  } catch {
    return false; // over the 4 GiB of a 32-bit memory, or the page is out of memory
  }
}

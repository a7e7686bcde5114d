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
  simd: (code: number, ...immediates: number[]) => [0xfd, ...uleb(code), ...immediates],
};

/** SIMD opcodes used here (after the 0xfd prefix). */
export const SIMD = {
  v128Load: 0x00,
  v128Store: 0x0b,
  v128Const: 0x0c,
  i8x16Shuffle: 0x0d,
  i32x4Splat: 0x11,
  i32x4ExtractLane: 0x1b,
  i32x4ReplaceLane: 0x1c,
  i32x4GtS: 0x3b,
  v128Xor: 0x51,
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

function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

function name(text: string): number[] {
  const bytes = [...text].map((c) => c.charCodeAt(0));
  return [...uleb(bytes.length), ...bytes];
}

/**
 * A module of one function `run` with `params` i32 parameters and no result, its locals (count and type
 * pairs) and body (without the final `end`), and an exported memory `memory` of one page to start.
 */
export function singleFunctionModule(
  params: number,
  locals: Array<[number, number]>,
  body: number[],
): Uint8Array<ArrayBuffer> {
  const code = [
    ...uleb(locals.length),
    ...locals.flatMap(([count, type]) => [...uleb(count), type]),
    ...body,
    ...op.end,
  ];
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, [1, 0x60, ...uleb(params), ...Array<number>(params).fill(I32), 0]),
    ...section(3, [1, 0]),
    ...section(5, [1, 0x00, 1]),
    ...section(7, [2, ...name('run'), 0x00, 0, ...name('memory'), 0x02, 0]),
    ...section(10, [1, ...uleb(code.length), ...code]),
  ]);
}

export interface CompiledKernel<Run> {
  run: Run;
  memory: WebAssembly.Memory;
}

/** Compiles and instantiates `bytes` synchronously, or null where that fails (no SIMD, or not allowed here). */
export function compileKernel<Run>(bytes: Uint8Array<ArrayBuffer>): CompiledKernel<Run> | null {
  try {
    if (typeof WebAssembly !== 'object' || !WebAssembly.validate(bytes)) return null;
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes));
    const exports = instance.exports as unknown as { run: Run; memory: WebAssembly.Memory };
    return { run: exports.run, memory: exports.memory };
  } catch {
    return null;
  }
}

/** Grows `memory` to at least `bytes`. */
export function ensureMemory(memory: WebAssembly.Memory, bytes: number): void {
  const have = memory.buffer.byteLength;
  if (have < bytes) memory.grow(Math.ceil((bytes - have) / 65536));
}

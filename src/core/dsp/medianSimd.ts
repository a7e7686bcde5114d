/**
 * Sliding medians four series at a time in WebAssembly SIMD: the HPSS median filters' hot loop.
 *
 * Each series keeps a sorted window of `kernel` keys (integers; the float32 bit patterns of non-negative
 * values, which order as the values do). Replacing the key leaving the window (o) by the one entering (n)
 * is done without a search or a data-dependent branch: with w the old window (w[0] = −∞, w[kernel+1] = +∞),
 *   w'[i] = w[i] > o′ ? max(w[i], min(w[i+1], n)) : min(w[i], max(w[i−1], n)),   o′ = n > o ? o − 1 : o
 * (the slots between the two keys' ranks shift by one, the rest stay), evaluated for all slots of four
 * windows at once with i32x4 min/max/compare/bitselect. The JS filters in hpss.ts branch at every slot of
 * every step on coin-flip comparisons; this does ~8 vector operations per slot for four cells.
 *
 * The module is about 3.6 KB generated (medianSimdCode.ts) for the kernel asked for (its slots unrolled): there is
 * no binary to ship or build; where WebAssembly SIMD is missing, `simdMedianFilter` returns false and the
 * caller uses the JS filter.
 */
import { medianModuleCode } from './medianSimdCode';
import { ensureMemory, instantiate } from './wasmCode';

type MedianRun = (
  sched: number,
  steps: number,
  lanes: number,
  groups: number,
  win: number,
  inp: number,
  out: number,
) => void;

interface MedianKernel {
  run: MedianRun;
  runContiguous: MedianRun;
  memory: WebAssembly.Memory;
}

const kernels = new Map<number, MedianKernel | null>();

/** The compiled kernel for this window size, or null where WebAssembly SIMD is not available. */
function kernelFor(kernel: number): MedianKernel | null {
  if (!kernels.has(kernel)) kernels.set(kernel, instantiate<MedianKernel>(medianModuleCode(kernel)));
  return kernels.get(kernel) ?? null;
}

/** The size in bytes of the generated module for `kernel` (for tests: Chromium compiles ≤ 4 KB on the page's thread). */
export function medianModuleBytes(kernel: number): number {
  return medianModuleCode(kernel).length;
}

/** Whether the SIMD filter runs here (WebAssembly with SIMD). */
export function simdMediansAvailable(): boolean {
  return kernelFor(3) !== null;
}

/** scipy.ndimage's 'reflect' boundary (d c b a | a b c d | d c b a): index i of a length-n axis. */
function reflectIndex(i: number, n: number): number {
  const period = 2 * n;
  let j = i % period;
  if (j < 0) j += period;
  return j < n ? j : period - 1 - j;
}

/** Steps per call along the rows (see below). */
const STEPS_PER_CALL = 16;

const align16 = (n: number) => (n + 15) & ~15;

/** Where one filter's tables go in the kernel's memory: lane offsets, the step schedule, the windows. */
interface Aux {
  lanesAt: number;
  schedAt: number;
  winAt: number;
  end: number;
}

/** Room for the tables of a filter along either axis of a rows × cols matrix, from byte `at`. */
function auxLayout(at: number, rows: number, cols: number, kernel: number): Aux {
  const groups = Math.ceil(Math.max(rows, cols) / 4);
  const lanesAt = align16(at);
  const schedAt = align16(lanesAt + groups * 16);
  const winAt = align16(schedAt + (kernel + Math.max(rows, cols) - 1) * 12);
  return { lanesAt, schedAt, winAt, end: align16(winAt + groups * (kernel + 2) * 16) };
}

/**
 * Runs one filter on keys already at `inAt` in the kernel's memory, writing the median keys at `outAt`.
 * The memory must hold both matrices and `aux`.
 */
function runFilter(
  compiled: MedianKernel,
  rows: number,
  cols: number,
  kernel: number,
  axis: 'rows' | 'cols',
  inAt: number,
  outAt: number,
  aux: Aux,
): void {
  const h = (kernel - 1) / 2;
  // A series is `length` values `step` elements apart; the series themselves `laneStride` elements apart.
  const series = axis === 'rows' ? cols : rows;
  const length = axis === 'rows' ? rows : cols;
  const step = axis === 'rows' ? cols : 1;
  const laneStride = axis === 'rows' ? 1 : cols;
  const groups = Math.ceil(series / 4);
  const steps = kernel + length - 1;
  const { lanesAt, schedAt, winAt } = aux;
  const heap = new Int32Array(compiled.memory.buffer);

  // Lane offsets (bytes): the last group repeats the last series in its spare lanes (same answer, same cell).
  for (let g = 0; g < groups; g++)
    for (let lane = 0; lane < 4; lane++)
      heap[(lanesAt >> 2) + 4 * g + lane] = Math.min(4 * g + lane, series - 1) * laneStride * 4;
  // Steps: first the window is filled with k copies of its first key, which are then replaced one by one by
  // the first window's keys (each writing position 0: the last write is its median); then it slides.
  const first = reflectIndex(-h, length);
  let p = schedAt >> 2;
  for (let j = 0; j < kernel; j++) {
    heap[p++] = first * step * 4;
    heap[p++] = reflectIndex(j - h, length) * step * 4;
    heap[p++] = 0;
  }
  for (let t = 1; t < length; t++) {
    heap[p++] = reflectIndex(t - h - 1, length) * step * 4;
    heap[p++] = reflectIndex(t + h, length) * step * 4;
    heap[p++] = t * step * 4;
  }
  const stride = (kernel + 2) * 4;
  for (let g = 0; g < groups; g++) {
    const base = (winAt >> 2) + g * stride;
    for (let lane = 0; lane < 4; lane++) {
      const v = heap[(inAt >> 2) + heap[(lanesAt >> 2) + 4 * g + lane] / 4 + first * step];
      heap[base + lane] = -0x80000000;
      for (let s = 1; s <= kernel; s++) heap[base + 4 * s + lane] = v;
      heap[base + 4 * (kernel + 1) + lane] = 0x7fffffff;
    }
  }
  // Many short calls, not one long one: V8 runs a new WebAssembly function in its baseline compiler and
  // switches to optimised code only at a later call. Along the rows all series step together (rows are read
  // in order); along the columns each group of four rows slides to its end while its window stays in cache.
  if (axis === 'rows') {
    // Whole groups of four adjacent columns as vectors; a last, partial group by lanes.
    const whole = Math.floor(series / 4);
    for (let at = 0; at < steps; at += STEPS_PER_CALL) {
      const sched = schedAt + at * 12;
      const count = Math.min(STEPS_PER_CALL, steps - at);
      if (whole > 0) compiled.runContiguous(sched, count, lanesAt, whole, winAt, inAt, outAt);
      if (whole < groups)
        compiled.run(
          sched,
          count,
          lanesAt + 16 * whole,
          groups - whole,
          winAt + whole * stride * 4,
          inAt,
          outAt,
        );
    }
  } else {
    for (let g = 0; g < groups; g++)
      compiled.run(schedAt, steps, lanesAt + 16 * g, 1, winAt + g * stride * 4, inAt, outAt);
  }
}

function checkKernel(kernel: number): void {
  if (!Number.isInteger(kernel) || kernel < 1 || kernel % 2 === 0)
    throw new Error(`Expected an odd median kernel >= 1, got ${kernel}`);
}

/**
 * Median over `kernel` consecutive values (scipy 'reflect' edges) along one axis of a row-major
 * `rows` × `cols` matrix of non-negative keys: along the rows (`axis` 'rows': each column is a series) or
 * along the columns ('cols': each row is a series). Writes the median keys into `out` (same layout) and
 * returns true, or returns false without touching `out` where WebAssembly SIMD is not available.
 */
export function simdMedianFilter(
  keys: Int32Array,
  rows: number,
  cols: number,
  kernel: number,
  axis: 'rows' | 'cols',
  out: Int32Array,
): boolean {
  checkKernel(kernel);
  if (keys.length !== rows * cols || out.length !== rows * cols)
    throw new Error(`Expected ${rows * cols} keys in and out, got ${keys.length} and ${out.length}`);
  if (rows === 0 || cols === 0) return true;
  const compiled = kernelFor(kernel);
  if (!compiled) return false;
  const cells = rows * cols;
  const inAt = 0;
  const outAt = align16(cells * 4);
  const aux = auxLayout(outAt + cells * 4, rows, cols, kernel);
  if (!ensureMemory(compiled.memory, aux.end)) return false;
  new Int32Array(compiled.memory.buffer, inAt, cells).set(keys);
  runFilter(compiled, rows, cols, kernel, axis, inAt, outAt, aux);
  out.set(new Int32Array(compiled.memory.buffer, outAt, cells));
  return true;
}

/**
 * Both HPSS median filters of one spectrogram without copies: the caller writes the non-negative values into
 * `values` (a view of the kernel's memory), then reads each filter's medians from the view `filter` returns.
 * The views stay valid until the next median filter of the same kernel size (which may grow the memory).
 */
export interface MedianWorkspace {
  values: Float32Array;
  /** Medians along time ('rows': each column over `kernel` rows) or frequency ('cols'); `slot` 0 or 1. */
  filter(axis: 'rows' | 'cols', slot: 0 | 1): Float32Array;
}

/** A workspace for `rows` × `cols` spectrograms and this kernel, or null where WebAssembly SIMD is not available. */
export function simdMedianWorkspace(rows: number, cols: number, kernel: number): MedianWorkspace | null {
  checkKernel(kernel);
  const compiled = kernelFor(kernel);
  if (!compiled || rows === 0 || cols === 0) return null;
  const cells = rows * cols;
  const outAt = [align16(cells * 4), align16(cells * 4) + align16(cells * 4)];
  const aux = auxLayout(outAt[1] + cells * 4, rows, cols, kernel);
  if (!ensureMemory(compiled.memory, aux.end)) return null;
  const buffer = compiled.memory.buffer;
  return {
    values: new Float32Array(buffer, 0, cells),
    filter(axis, slot) {
      runFilter(compiled, rows, cols, kernel, axis, 0, outAt[slot], aux);
      return new Float32Array(buffer, outAt[slot], cells);
    },
  };
}

/**
 * The code of medianSimd.ts's module, emitted with wasmCode.ts: `run` and `runContiguous` replace one key in
 * each of a number of sorted windows, four series per vector, and write the windows' medians (see medianSimd.ts).
 */

import { I32, sleb, uleb, V128, wasmModule, type FunctionCode } from './wasmCode';

// Parameters and locals of `run`, by index.
const P_SCHED = 0;
const P_STEPS = 1;
const P_LANES = 2;
const P_GROUPS = 3;
const P_WIN = 4;
const P_IN = 5;
const P_OUT = 6;
const L_STEP = 7;
const L_G = 8;
const L_LP = 9;
const L_WP = 10;
const L_OLD = 11;
const L_NEW = 12;
const L_OUTROW = 13;
const L_LANE = 14; // 14..17: the four lanes' byte offsets
const V_O = 18;
const V_N = 19;
const V_O2 = 20;
const V_PREV = 21;
const V_CUR = 22;
const V_NEXT = 23;
const ROTATION = [V_PREV, V_CUR, V_NEXT];
const V_VAL = 24;

const get = (i: number) => [0x20, ...uleb(i)];
const set = (i: number) => [0x21, ...uleb(i)];
const simd = (op: number, ...imm: number[]) => [0xfd, ...uleb(op), ...imm];
const i32Load = (offset: number) => [0x28, 2, ...uleb(offset)];
const i32Add = [0x6a];
const V128_LOAD = 0x00;
const V128_STORE = 0x0b;
const I32X4_SPLAT = 0x11;
const I32X4_EXTRACT = 0x1b;
const I32X4_REPLACE = 0x1c;
const I32X4_GT_S = 0x3b;
const BITSELECT = 0x52;
const I32X4_ADD = 0xae;
const I32X4_MIN_S = 0xb6;
const I32X4_MAX_S = 0xb8;

/** The four lanes of the series at `base` (a local) + each lane's offset, as one vector. */
function gather(base: number): number[] {
  const code = [...get(base), ...get(L_LANE), ...i32Add, ...i32Load(0), ...simd(I32X4_SPLAT)];
  for (let lane = 1; lane < 4; lane++) {
    code.push(...get(base), ...get(L_LANE + lane), ...i32Add, ...i32Load(0), ...simd(I32X4_REPLACE, lane));
  }
  return code;
}

/**
 * run(sched, steps, lanes, groups, win, in, out): for each step (three byte offsets in `sched`: the leaving
 * key's, the entering key's and the output's position), for each group of four series (lane byte offsets in
 * `lanes`, 16 bytes per group), replaces the key in the group's window (kernel + 2 vectors at `win`) and
 * writes the median to `out` + the step's output offset + each lane's offset.
 */
export function medianModuleCode(kernel: number): Uint8Array<ArrayBuffer> {
  return wasmModule([runFunction(kernel, false), runFunction(kernel, true)]);
}

/**
 * `run`, or with `contiguous` `runContiguous`: the same for groups whose four series are adjacent columns
 * (lane offsets l, l+4, l+8, l+12), read and written as whole vectors.
 */
function runFunction(kernel: number, contiguous: boolean): FunctionCode {
  const h = (kernel - 1) / 2;
  const slotsBytes = (kernel + 2) * 16;
  const loopGroups: number[] = [
    // l0..l3 = lanes[lp ..]
    ...(contiguous ? [0] : [0, 1, 2, 3]).flatMap((lane) => [
      ...get(L_LP),
      ...i32Load(lane * 4),
      ...set(L_LANE + lane),
    ]),
    ...(contiguous ? [...get(L_OLD), ...get(L_LANE), ...i32Add, ...simd(V128_LOAD, 0, 0)] : gather(L_OLD)),
    ...set(V_O),
    ...(contiguous ? [...get(L_NEW), ...get(L_LANE), ...i32Add, ...simd(V128_LOAD, 0, 0)] : gather(L_NEW)),
    ...set(V_N),
    // o′ = o + (n > o ? −1 : 0)
    ...get(V_O),
    ...get(V_N),
    ...get(V_O),
    ...simd(I32X4_GT_S),
    ...simd(I32X4_ADD),
    ...set(V_O2),
    ...get(L_WP),
    ...simd(V128_LOAD, 0, ...uleb(0)),
    ...set(V_PREV),
    ...get(L_WP),
    ...simd(V128_LOAD, 0, ...uleb(16)),
    ...set(V_CUR),
  ];
  for (let s = 1; s <= kernel; s++) {
    // Three locals take turns as the previous, current and next slot: no moves between slots.
    const prev = ROTATION[(s - 1) % 3];
    const cur = ROTATION[s % 3];
    const next = ROTATION[(s + 1) % 3];
    loopGroups.push(
      ...get(L_WP),
      ...simd(V128_LOAD, 0, ...uleb(16 * (s + 1))),
      ...set(next),
      // the address for the store below
      ...get(L_WP),
      // A = max(cur, min(next, n))
      ...get(cur),
      ...get(next),
      ...get(V_N),
      ...simd(I32X4_MIN_S),
      ...simd(I32X4_MAX_S),
      // B = min(cur, max(prev, n))
      ...get(cur),
      ...get(prev),
      ...get(V_N),
      ...simd(I32X4_MAX_S),
      ...simd(I32X4_MIN_S),
      // cur > o′ ? A : B
      ...get(cur),
      ...get(V_O2),
      ...simd(I32X4_GT_S),
      ...simd(BITSELECT),
      0x22,
      ...uleb(V_VAL), // local.tee
      ...simd(V128_STORE, 0, ...uleb(16 * s)),
    );
    if (s === h + 1 && contiguous) {
      loopGroups.push(...get(L_OUTROW), ...get(L_LANE), ...i32Add, ...get(V_VAL), ...simd(V128_STORE, 0, 0));
    } else if (s === h + 1) {
      for (let lane = 0; lane < 4; lane++) {
        loopGroups.push(
          ...get(L_OUTROW),
          ...get(L_LANE + lane),
          ...i32Add,
          ...get(V_VAL),
          ...simd(I32X4_EXTRACT, lane),
          0x36,
          2,
          0, // i32.store
        );
      }
    }
  }
  const body: number[] = [
    0x02,
    0x40, // block $exit
    0x03,
    0x40, // loop $steps
    ...get(L_STEP),
    ...get(P_STEPS),
    0x4f, // i32.ge_u
    0x0d,
    1, // br_if $exit
    ...get(P_IN),
    ...get(P_SCHED),
    ...i32Load(0),
    ...i32Add,
    ...set(L_OLD),
    ...get(P_IN),
    ...get(P_SCHED),
    ...i32Load(4),
    ...i32Add,
    ...set(L_NEW),
    ...get(P_OUT),
    ...get(P_SCHED),
    ...i32Load(8),
    ...i32Add,
    ...set(L_OUTROW),
    0x41,
    0,
    ...set(L_G),
    ...get(P_LANES),
    ...set(L_LP),
    ...get(P_WIN),
    ...set(L_WP),
    0x02,
    0x40, // block $groupsDone
    0x03,
    0x40, // loop $groups
    ...get(L_G),
    ...get(P_GROUPS),
    0x4f,
    0x0d,
    1, // br_if $groupsDone
    ...loopGroups,
    ...get(L_G),
    0x41,
    1,
    ...i32Add,
    ...set(L_G),
    ...get(L_LP),
    0x41,
    16,
    ...i32Add,
    ...set(L_LP),
    ...get(L_WP),
    0x41,
    ...sleb(slotsBytes),
    ...i32Add,
    ...set(L_WP),
    0x0c,
    0, // br $groups
    0x0b,
    0x0b, // end loop, end block
    ...get(L_STEP),
    0x41,
    1,
    ...i32Add,
    ...set(L_STEP),
    ...get(P_SCHED),
    0x41,
    12,
    ...i32Add,
    ...set(P_SCHED),
    0x0c,
    0, // br $steps
    0x0b,
    0x0b, // end loop, end block
  ];
  return {
    name: contiguous ? 'runContiguous' : 'run',
    params: 7,
    locals: [
      [11, I32],
      [7, V128],
    ],
    body,
  };
}

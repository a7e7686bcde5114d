import type { Rng } from '../random';

/** Give the event loop a turn this often, so that a worker can receive a cancel message. */
const YIELD_MS = 100;

/** Thrown inside the loops when the signal aborts; `train` turns it into `stopReason: 'cancelled'`. */
export class Cancelled extends Error {}

/** Yields to the event loop every ~100 ms, and throws `Cancelled` once the signal has aborted. */
export async function maybeYield(
  clock: { lastYield: number },
  signal: AbortSignal | undefined,
): Promise<void> {
  if (performance.now() - clock.lastYield > YIELD_MS) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    clock.lastYield = performance.now();
  }
  if (signal?.aborted) throw new Cancelled();
}

/** Gathers the rows `order[start..end)` of x (optionally augmented) into one batch buffer. */
export function gatherRows(
  x: Float32Array,
  size: number,
  order: Int32Array,
  start: number,
  end: number,
  augment: ((example: Float32Array, rng: Rng) => Float32Array) | undefined,
  rng: Rng,
): Float32Array {
  const out = new Float32Array((end - start) * size);
  for (let i = start; i < end; i++) {
    let row = x.subarray(order[i] * size, (order[i] + 1) * size);
    if (augment) {
      row = augment(row, rng);
      if (row.length !== size)
        throw new Error(`Expected augment to return ${size} values, got ${row.length}`);
    }
    out.set(row, (i - start) * size);
  }
  return out;
}

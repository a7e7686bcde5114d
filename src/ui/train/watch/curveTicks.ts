/*
 * Ticks for the live training curves. Given to the axes and shown at every position (`interval={0}`), they
 * spare Recharts its nice-tick search (decimal.js) and its label measuring (hidden text laid out for each new
 * set of ticks): most of what a redraw per epoch would otherwise cost the main thread.
 */

/** Round ticks (steps of 1, 2, 2.5 or 5 × 10ⁿ) from 0 to a little above `max`; [0, 1] when there is none. */
export function ticksUpTo(max: number, count = 5): number[] {
  if (!(max > 0) || !Number.isFinite(max)) return [0, 1];
  const raw = max / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? 10 * magnitude;
  const n = Math.ceil(max / step - 1e-9);
  return Array.from({ length: n + 1 }, (_, i) => +(i * step).toPrecision(12));
}

/** Whole-epoch ticks across 1 … epochs, about 8 of them. */
export function epochTicks(epochs: number): number[] {
  const step = Math.max(1, Math.ceil(epochs / 8));
  const ticks = [1];
  for (let e = step; e <= epochs; e += step) if (e > 1) ticks.push(e);
  if (ticks[ticks.length - 1] !== epochs) ticks.push(epochs);
  return ticks;
}

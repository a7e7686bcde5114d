import { classKind } from '../../core/instruments/classes';

/** What the Live headline says, from the model's probabilities: pure functions, tested without a browser. */

/** The headline when nothing is named: silence, low confidence, or the model's own `other` class. */
export const NOTHING_LABEL = 'nothing / other';

export interface TopReading {
  /** The class named, or null for "nothing / other". */
  label: string | null;
  /** Index and probability of the most probable class (−1 and 0 when silent or without probabilities). */
  index: number;
  confidence: number;
  silent: boolean;
}

/**
 * The class to name: the most probable one, unless the input is silent, it is not an instrument (`other`,
 * `voice`), or below `threshold`.
 */
export function readTop(
  probs: Float32Array | null,
  classNames: readonly string[],
  threshold: number,
  silent: boolean,
): TopReading {
  if (silent || !probs || probs.length === 0) return { label: null, index: -1, confidence: 0, silent };
  if (probs.length !== classNames.length)
    throw new Error(`Expected ${classNames.length} probabilities (one per class), got ${probs.length}`);
  let index = 0;
  for (let c = 1; c < probs.length; c++) if (probs[c] > probs[index]) index = c;
  const confidence = probs[index];
  const named = confidence >= threshold && classKind(classNames[index]) === 'instrument';
  return { label: named ? classNames[index] : null, index, confidence, silent };
}

/** Events per second over the last `spanMs` before `now`, from their times (ms); null with fewer than 2. */
export function ratePerSecond(times: readonly number[], now: number, spanMs: number): number | null {
  const recent = times.filter((t) => t > now - spanMs && t <= now);
  if (recent.length < 2) return null;
  const span = recent[recent.length - 1] - recent[0];
  return span > 0 ? ((recent.length - 1) * 1000) / span : null;
}

/** The median of `values` (null for none): latency readings jitter with the blocks, the median does not. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

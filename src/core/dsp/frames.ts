export type PadMode = 'constant' | 'reflect' | 'edge';

export interface FramingOptions {
  frameLength: number;
  hop: number;
  /** Pad `frameLength / 2` samples on each side so that frame t is centred on sample t * hop (librosa's `center=True`). */
  center: boolean;
  padMode?: PadMode;
}

export function validateFraming({ frameLength, hop }: FramingOptions): void {
  if (!Number.isInteger(frameLength) || frameLength < 1) {
    throw new Error(`Expected frameLength to be an integer >= 1, got ${frameLength}`);
  }
  if (!Number.isInteger(hop) || hop < 1) throw new Error(`Expected hop to be an integer >= 1, got ${hop}`);
}

/** Pads `signal` by `before` and `after` samples with numpy's `np.pad` semantics for the given mode. */
export function padSignal(signal: Float32Array, before: number, after: number, mode: PadMode): Float32Array {
  const n = signal.length;
  const out = new Float32Array(n + before + after);
  out.set(signal, before);
  if (n === 0 || mode === 'constant') return out;
  for (let i = 0; i < before; i++) out[before - 1 - i] = signal[sourceIndex(-1 - i, n, mode)];
  for (let i = 0; i < after; i++) out[before + n + i] = signal[sourceIndex(n + i, n, mode)];
  return out;
}

function sourceIndex(i: number, n: number, mode: PadMode): number {
  if (mode === 'edge' || n === 1) return i < 0 ? 0 : n - 1;
  // reflect without repeating the edge sample: period 2(n-1)
  const period = 2 * (n - 1);
  let j = ((i % period) + period) % period;
  if (j >= n) j = period - j;
  return j;
}

/** Number of frames librosa yields: 1 + floor((len - frameLength) / hop) on the (padded) signal, at least 0. */
export function frameCount(signalLength: number, { frameLength, hop, center }: FramingOptions): number {
  const padded = center ? signalLength + 2 * Math.floor(frameLength / 2) : signalLength;
  if (padded < frameLength) return 0;
  return 1 + Math.floor((padded - frameLength) / hop);
}

/** The signal as the frames will see it: centred and padded if asked. */
export function framedSource(signal: Float32Array, options: FramingOptions): Float32Array {
  validateFraming(options);
  if (!options.center) return signal;
  const half = Math.floor(options.frameLength / 2);
  return padSignal(signal, half, half, options.padMode ?? 'constant');
}

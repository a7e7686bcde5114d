import { frameCount, padSignal, validateFraming, type FramingOptions } from './frames';
import type { Spectrogram } from './stft';

/** numpy's `finfo(float32).tiny`: librosa leaves a frame whose L1 norm is below it un-normalised. */
const FLOAT_TINY = 1.1754943508222875e-38;

function checkBins(mag: ArrayLike<number>, freqs: ArrayLike<number>): void {
  if (mag.length !== freqs.length) {
    throw new Error(
      `Expected as many frequencies as bins, got ${freqs.length} frequencies for ${mag.length} bins`,
    );
  }
}

/** L1 norm librosa divides by: the frame's sum, or 1 when the frame is (numerically) silent. */
function l1Norm(mag: ArrayLike<number>): number {
  let sum = 0;
  for (let k = 0; k < mag.length; k++) sum += Math.abs(mag[k]);
  return sum < FLOAT_TINY ? 1 : sum;
}

/** Spectral centroid (Hz) of one magnitude frame: Σ f·|X| / Σ |X| (librosa); 0 for a silent frame. */
export function spectralCentroid(mag: ArrayLike<number>, freqs: ArrayLike<number>): number {
  checkBins(mag, freqs);
  let weighted = 0;
  for (let k = 0; k < mag.length; k++) weighted += freqs[k] * mag[k];
  return weighted / l1Norm(mag);
}

/** Spectral bandwidth (Hz) of order `p` around `centroid`: (Σ |X|·|f − c|^p / Σ |X|)^(1/p), librosa's default p = 2. */
export function spectralBandwidth(
  mag: ArrayLike<number>,
  freqs: ArrayLike<number>,
  centroid: number,
  p = 2,
): number {
  checkBins(mag, freqs);
  if (!(p > 0)) throw new Error(`Expected p > 0, got ${p}`);
  let sum = 0;
  for (let k = 0; k < mag.length; k++) {
    const d = Math.abs(freqs[k] - centroid);
    sum += mag[k] * (p === 2 ? d * d : d ** p);
  }
  const value = sum / l1Norm(mag);
  return p === 2 ? Math.sqrt(value) : value ** (1 / p);
}

/**
 * Roll-off frequency: the centre of the first bin at which the cumulative magnitude reaches `rollPercent`
 * of the total (librosa); bin 0's frequency for a silent frame.
 */
export function spectralRolloff(
  mag: ArrayLike<number>,
  freqs: ArrayLike<number>,
  rollPercent = 0.85,
): number {
  checkBins(mag, freqs);
  if (!(rollPercent > 0 && rollPercent < 1))
    throw new Error(`Expected rollPercent in (0, 1), got ${rollPercent}`);
  let total = 0;
  for (let k = 0; k < mag.length; k++) total += mag[k];
  const threshold = rollPercent * total;
  let cumulative = 0;
  for (let k = 0; k < mag.length; k++) {
    cumulative += mag[k];
    if (cumulative >= threshold) return freqs[k];
  }
  return freqs[mag.length - 1] ?? 0;
}

/**
 * Centroid, bandwidth (p = 2) and roll-off of one magnitude frame in two passes over it, the same values as
 * the three functions above; written to `out` as [centroid, bandwidth, rolloff] so that a frame loop
 * allocates nothing.
 */
export function spectralShape(
  mag: ArrayLike<number>,
  freqs: ArrayLike<number>,
  out: Float64Array,
  rollPercent = 0.85,
): Float64Array {
  checkBins(mag, freqs);
  if (!(rollPercent > 0 && rollPercent < 1))
    throw new Error(`Expected rollPercent in (0, 1), got ${rollPercent}`);
  const n = mag.length;
  let total = 0;
  let weighted = 0;
  for (let k = 0; k < n; k++) {
    total += mag[k];
    weighted += freqs[k] * mag[k];
  }
  const norm = total < FLOAT_TINY ? 1 : total;
  const centroid = weighted / norm;
  const threshold = rollPercent * total;
  let spread = 0;
  let cumulative = 0;
  let rolloff = -1;
  for (let k = 0; k < n; k++) {
    const m = mag[k];
    const d = freqs[k] - centroid;
    spread += m * d * d;
    cumulative += m;
    if (rolloff < 0 && cumulative >= threshold) rolloff = freqs[k];
  }
  out[0] = centroid;
  out[1] = Math.sqrt(spread / norm);
  out[2] = rolloff < 0 ? (n > 0 ? freqs[n - 1] : 0) : rolloff;
  return out;
}

/**
 * Zero-crossing rate of one frame as librosa: sign changes between neighbouring samples (samples with
 * |x| <= threshold count as +0) divided by the frame length.
 */
export function zeroCrossingRate(frame: ArrayLike<number>, threshold = 1e-10): number {
  const n = frame.length;
  if (n === 0) return 0;
  let crossings = 0;
  let previous = isNegative(frame[0], threshold);
  for (let i = 1; i < n; i++) {
    const negative = isNegative(frame[i], threshold);
    if (negative !== previous) crossings++;
    previous = negative;
  }
  return crossings / n;
}

/** librosa zeroes samples with |x| <= threshold, then compares sign bits: only x < -threshold is negative. */
function isNegative(x: number, threshold: number): boolean {
  return x < -threshold;
}

/** Root mean square of one frame; 0 for an empty frame. */
export function rms(frame: ArrayLike<number>): number {
  const n = frame.length;
  if (n === 0) return 0;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += frame[i] * frame[i];
  return Math.sqrt(sum / n);
}

/** Applies a per-frame descriptor of a magnitude spectrogram to every frame. */
export function perFrame(mag: Spectrogram, descriptor: (frame: Float32Array) => number): Float32Array {
  const out = new Float32Array(mag.frames);
  for (let t = 0; t < mag.frames; t++)
    out[t] = descriptor(mag.data.subarray(t * mag.bins, (t + 1) * mag.bins));
  return out;
}

/**
 * Zero-crossing rate of every frame of a signal, librosa's framing (centred frames are edge-padded).
 * Linear time: a prefix count of crossings serves every frame.
 */
export function zeroCrossingRates(
  signal: Float32Array,
  options: FramingOptions,
  threshold = 1e-10,
): Float32Array {
  validateFraming(options);
  const { frameLength, hop, center } = options;
  const half = Math.floor(frameLength / 2);
  const source = center ? padSignal(signal, half, half, options.padMode ?? 'edge') : signal;
  const frames = frameCount(signal.length, options);
  if (frameLength % hop === 0) {
    // Frames of whole hop-blocks: count each block's sign changes once (change j is between samples j − 1
    // and j); a frame from `start` counts changes start + 1 … start + frameLength − 1: its blocks' counts
    // less change `start`. Integer counts: the same rates as the prefix sums below, without their array.
    const perFrame = frameLength / hop;
    const blocks = new Int32Array(frames + perFrame - 1);
    const firstChange = new Uint8Array(blocks.length);
    const negativeBelow = -threshold;
    let before = source.length > 0 && source[0] < negativeBelow;
    for (let b = 0; b < blocks.length; b++) {
      const from = b * hop;
      const end = Math.min(source.length, from + hop);
      let count = 0;
      for (let j = Math.max(from, 1); j < end; j++) {
        const negative = source[j] < negativeBelow;
        if (negative !== before) {
          count++;
          if (j === from) firstChange[b] = 1;
        }
        before = negative;
      }
      blocks[b] = count;
    }
    const out = new Float32Array(frames);
    for (let t = 0; t < frames; t++) {
      let count = -firstChange[t];
      for (let b = t; b < t + perFrame; b++) count += blocks[b];
      out[t] = count / frameLength;
    }
    return out;
  }
  // crossingsBefore[i] = number of sign changes between samples j-1 and j for j in 1..i
  const crossingsBefore = new Int32Array(source.length);
  for (let i = 1; i < source.length; i++) {
    const change = isNegative(source[i], threshold) !== isNegative(source[i - 1], threshold) ? 1 : 0;
    crossingsBefore[i] = crossingsBefore[i - 1] + change;
  }
  const out = new Float32Array(frames);
  for (let t = 0; t < frames; t++) {
    const start = t * hop;
    out[t] = (crossingsBefore[start + frameLength - 1] - crossingsBefore[start]) / frameLength;
  }
  return out;
}

/**
 * RMS of every un-windowed frame of a signal, librosa's `feature.rms` framing (centred frames padded with
 * `padMode`, librosa 0.7/0.8's default 'reflect'). Sums hop-sized blocks when frames are whole blocks
 * (not prefix sums, which lose quiet frames' precision on long signals).
 */
export function rmsFrames(signal: Float32Array, options: FramingOptions): Float32Array {
  validateFraming(options);
  const { frameLength, hop, center } = options;
  const half = Math.floor(frameLength / 2);
  const source = center ? padSignal(signal, half, half, options.padMode ?? 'reflect') : signal;
  const frames = frameCount(signal.length, options);
  const out = new Float32Array(frames);
  if (frameLength % hop === 0) {
    // Each frame is frameLength / hop whole hop-blocks: sum every block once.
    const perFrame = frameLength / hop;
    const blocks = new Float64Array(frames + perFrame - 1);
    for (let b = 0; b < blocks.length; b++) {
      let energy = 0;
      const end = Math.min(source.length, (b + 1) * hop);
      for (let i = b * hop; i < end; i++) energy += source[i] * source[i];
      blocks[b] = energy;
    }
    for (let t = 0; t < frames; t++) {
      let energy = 0;
      for (let b = t; b < t + perFrame; b++) energy += blocks[b];
      out[t] = Math.sqrt(energy / frameLength);
    }
    return out;
  }
  for (let t = 0; t < frames; t++) {
    const start = t * hop;
    let energy = 0;
    for (let i = start; i < start + frameLength; i++) energy += source[i] * source[i];
    out[t] = Math.sqrt(energy / frameLength);
  }
  return out;
}

import type { Spectrogram } from './stft';

/** numpy's `finfo(float32).tiny`, librosa's guard against dividing by a flat parabola. */
const FLOAT_TINY = 1.1754943508222875e-38;

export interface PiptrackOptions {
  sampleRate: number;
  nFft: number;
  fmin?: number;
  fmax?: number;
  /** A bin is a peak candidate above `threshold` × its frame's maximum. */
  threshold?: number;
}

/** The spectral peaks piptrack found, one entry per (bin, frame) peak. */
export interface PitchPeaks {
  frequencies: Float64Array;
  magnitudes: Float64Array;
  count: number;
}

/**
 * librosa.piptrack: in each frame, local maxima (over frequency) above `threshold` × the frame's maximum and
 * within [fmin, fmax), refined by parabolic interpolation to a frequency and a peak height.
 */
export function piptrack(spec: Spectrogram, options: PiptrackOptions): PitchPeaks {
  const { sampleRate, nFft, threshold = 0.1 } = options;
  if (!(sampleRate > 0)) throw new Error(`Expected sampleRate > 0, got ${sampleRate}`);
  if (spec.bins !== Math.floor(nFft / 2) + 1)
    throw new Error(`Expected ${Math.floor(nFft / 2) + 1} bins for nFft ${nFft}, got ${spec.bins}`);
  const fmin = Math.max(options.fmin ?? 150, 0);
  const fmax = Math.min(options.fmax ?? 4000, sampleRate / 2);
  const { data, frames, bins } = spec;
  // Only bins in [fmin, fmax) can be peaks; bin 0 never is (it cannot exceed its edge-padded left neighbour).
  let first = bins;
  let last = -1;
  for (let k = 1; k < bins; k++) {
    const f = (k * sampleRate) / nFft;
    if (f >= fmin && f < fmax) {
      if (first === bins) first = k;
      last = k;
    }
  }
  let frequencies = new Float64Array(256);
  let magnitudes = new Float64Array(256);
  let count = 0;
  const thresholded = (row: number, k: number, ref: number): number => {
    const v = data[row + k];
    return v > ref ? v : 0;
  };
  for (let t = 0; t < frames; t++) {
    const row = t * bins;
    let max = 0;
    for (let k = 0; k < bins; k++) if (data[row + k] > max) max = data[row + k];
    const ref = threshold * max;
    for (let k = first; k <= last; k++) {
      const x = thresholded(row, k, ref);
      if (x === 0) continue;
      const before = thresholded(row, k - 1, ref);
      const after = k + 1 < bins ? thresholded(row, k + 1, ref) : x;
      if (!(x > before && x >= after)) continue;
      let shift = 0;
      let skew = 0;
      if (k + 1 < bins) {
        const s0 = data[row + k - 1];
        const s1 = data[row + k];
        const s2 = data[row + k + 1];
        const avg = 0.5 * (s2 - s0);
        const curvature = 2 * s1 - s2 - s0;
        shift = avg / (curvature + (Math.abs(curvature) < FLOAT_TINY ? 1 : 0));
        skew = 0.5 * avg * shift;
      }
      if (count === frequencies.length) {
        frequencies = grow(frequencies);
        magnitudes = grow(magnitudes);
      }
      frequencies[count] = ((k + shift) * sampleRate) / nFft;
      magnitudes[count] = data[row + k] + skew;
      count++;
    }
  }
  return { frequencies: frequencies.subarray(0, count), magnitudes: magnitudes.subarray(0, count), count };
}

function grow(a: Float64Array<ArrayBuffer>): Float64Array<ArrayBuffer> {
  const b = new Float64Array(a.length * 2);
  b.set(a);
  return b;
}

/**
 * librosa.pitch_tuning: the most common deviation of `frequencies` from the equal-tempered A440 grid, in
 * fractions of a bin, as the left edge of the fullest histogram cell of width `resolution` over [-0.5, 0.5).
 */
export function pitchTuning(frequencies: ArrayLike<number>, resolution = 0.01, binsPerOctave = 12): number {
  if (!(resolution > 0 && resolution < 1))
    throw new Error(`Expected resolution in (0, 1), got ${resolution}`);
  const nBins = Math.ceil(1 / resolution);
  // numpy.linspace(-0.5, 0.5, nBins + 1)
  const step = 1 / nBins;
  const edges = new Float64Array(nBins + 1);
  for (let i = 0; i < nBins; i++) edges[i] = i * step - 0.5;
  edges[nBins] = 0.5;
  const counts = new Int32Array(nBins);
  let any = false;
  for (let i = 0; i < frequencies.length; i++) {
    const f = frequencies[i];
    if (!(f > 0)) continue;
    any = true;
    let residual = binsPerOctave * Math.log2(f / (440 / 16));
    residual -= Math.floor(residual);
    if (residual >= 0.5) residual -= 1;
    counts[histogramIndex(residual, edges)]++;
  }
  if (!any) return 0;
  let best = 0;
  for (let i = 1; i < nBins; i++) if (counts[i] > counts[best]) best = i;
  return edges[best];
}

/** numpy.histogram's cell for x on uniform edges: half-open cells, the last one closed. */
function histogramIndex(x: number, edges: Float64Array): number {
  const n = edges.length - 1;
  const first = edges[0];
  let i = Math.floor((x - first) * (n / (edges[n] - first)));
  if (i >= n) i = n - 1;
  if (i < 0) i = 0;
  if (x < edges[i] && i > 0) i--;
  if (i < n - 1 && x >= edges[i + 1]) i++;
  return i;
}

export interface TuningOptions extends PiptrackOptions {
  resolution?: number;
  binsPerOctave?: number;
}

/**
 * librosa.estimate_tuning from a spectrogram: piptrack's peaks at or above their median height vote for the
 * tuning offset. chroma_stft calls it with the power spectrogram. A spectrum without peaks gives 0.
 */
export function estimateTuning(spec: Spectrogram, options: TuningOptions): number {
  const { frequencies, magnitudes, count } = piptrack(spec, options);
  let kept = 0;
  const voices = new Float64Array(count);
  const heights = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    if (frequencies[i] > 0) {
      heights[kept] = magnitudes[i];
      voices[kept++] = frequencies[i];
    }
  }
  if (kept === 0) return 0;
  const threshold = medianOf(heights.subarray(0, kept));
  const selected: number[] = [];
  for (let i = 0; i < count; i++)
    if (frequencies[i] > 0 && magnitudes[i] >= threshold) selected.push(frequencies[i]);
  return pitchTuning(selected, options.resolution ?? 0.01, options.binsPerOctave ?? 12);
}

function medianOf(values: Float64Array): number {
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : 0.5 * (sorted[mid - 1] + sorted[mid]);
}

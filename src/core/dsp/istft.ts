import { complexFft } from './fftSimd';
import { softMask } from './hpss';
import { spectralKernels } from './spectralSimd';
import { twiddles, type ComplexSpectrogram } from './stft';
import { hannWindow } from './window';

export interface IstftOptions {
  hop: number;
  /** Frames were centred: drop nFft/2 samples at each end (librosa's `center=True`). */
  center: boolean;
  /** Real gain per cell (frames × bins), e.g. a separation mask, applied before inversion. */
  gain?: Float32Array;
  /**
   * The gains frame by frame instead, written by the caller into `out` (bins values) when frame `frame` is
   * inverted: a mask computed on the fly, never stored whole.
   */
  gainRows?: (frame: number, out: Float32Array) => void;
  /**
   * The gains as librosa.util.softmask(x, ref, power=2, split_zeros=True) of two frames × bins energy
   * matrices (hpss.ts's softMask), made frame by frame: HPSS's harmonic mask, never stored whole.
   */
  softMask?: { x: Float32Array; ref: Float32Array };
}

/** numpy's `finfo(float32).tiny`: librosa only divides by window sums above it. */
const FLOAT_TINY = 1.1754943508222875e-38;

/**
 * librosa.istft with a periodic Hann window: windowed overlap-add of the inverse FFTs, divided by the summed
 * squared window. Without a `length`, the output has `hop * (frames - 1)` samples when centred, as librosa.
 */
export function istft(stft: ComplexSpectrogram, options: IstftOptions): Float32Array {
  return Float32Array.from(istftFloat64(stft, options));
}

/**
 * `istft` before its rounding to float32: a view into `scratch` when that holds nFft + hop·(frames − 1)
 * doubles (reused, its contents overwritten), else into a new array.
 */
export function istftFloat64(
  stft: ComplexSpectrogram,
  options: IstftOptions,
  scratch?: Float64Array,
): Float64Array {
  const { frames, bins, nFft } = stft;
  const { hop, center, gain, gainRows, softMask: mask } = options;
  if (!Number.isInteger(hop) || hop < 1) throw new Error(`Expected hop to be an integer >= 1, got ${hop}`);
  if (gain && gain.length !== frames * bins) {
    throw new Error(`Expected a gain of ${frames * bins} cells, got ${gain.length}`);
  }
  if (mask && (mask.x.length !== frames * bins || mask.ref.length !== frames * bins)) {
    throw new Error(
      `Expected soft-mask energies of ${frames * bins} cells, got ${mask.x.length} and ${mask.ref.length}`,
    );
  }
  if (frames === 0) return new Float64Array(0);
  const half = nFft / 2;
  // Each frame's irfft is one complex FFT of half the size: z[n] = x[2n] + i·x[2n+1] has the spectrum
  // Z[k] = A[k] + i·B[k], A and B the DFTs of x's even and odd samples, both read off X[k] and X[N/2 − k].
  const fft = complexFft(half);
  const { cos, sin } = twiddles(nFft);
  const fullLength = nFft + hop * (frames - 1);
  const y =
    scratch && scratch.length >= fullLength ? scratch.subarray(0, fullLength) : new Float64Array(fullLength);
  const d = stft.data;
  const begin = center ? Math.floor(nFft / 2) : 0;
  const end = Math.max(begin, center ? fullLength - Math.floor(nFft / 2) : fullLength);
  // The same frame pipeline in WebAssembly SIMD where it runs (spectralSimd.ts).
  const kernels = half >= 2 && (half & (half - 1)) === 0 ? spectralKernels(half) : null;
  const added = kernels?.istft(
    frames,
    hop,
    fullLength,
    (t, frameBins, frameGains) => {
      const row = t * bins;
      frameBins.set(d.subarray(2 * row, 2 * (row + bins)));
      if (gain) frameGains.set(gain.subarray(row, row + bins));
      else if (gainRows) gainRows(t, frameGains);
      else if (!mask) frameGains.fill(1);
    },
    mask,
  );
  if (added) {
    y.set(added);
    divideByWindowSum(y, hannWindow(nFft), frames, hop, begin, end);
    return y.subarray(begin, end);
  }
  const z = new Float64Array(2 * half);
  const out = new Float64Array(2 * half);
  const gains = new Float32Array(bins);
  if (!gain && !gainRows && !mask) gains.fill(1);
  // The forward transform of conj(Z) is (N/2)·conj(z): fold the 1/(N/2) into the window.
  const window = hannWindow(nFft).map((w) => w / half);
  y.fill(0);
  for (let t = 0; t < frames; t++) {
    const row = t * bins;
    if (gain) gains.set(gain.subarray(row, row + bins));
    else if (gainRows) gainRows(t, gains);
    else if (mask)
      softMask(mask.x.subarray(row, row + bins), mask.ref.subarray(row, row + bins), 2, true, gains);
    // k = 0 pairs the DC and Nyquist bins, whose imaginary parts numpy's irfft ignores.
    const dc = d[2 * row] * gains[0];
    const nyquist = d[2 * (row + half)] * gains[half];
    z[0] = 0.5 * (dc + nyquist);
    z[1] = -(0.5 * (dc - nyquist));
    // Bins k and m = N/2 − k give z[k] and z[m] from the same A and B: A[m] = conj A[k], B[m] = conj B[k].
    let k = 1;
    for (let m = half - 1; k < m; k++, m--) {
      const gk = gains[k];
      const gm = gains[m];
      const xRe = d[2 * (row + k)] * gk;
      const xIm = d[2 * (row + k) + 1] * gk;
      const yRe = d[2 * (row + m)] * gm;
      const yIm = d[2 * (row + m) + 1] * gm;
      // A = (X[k] + conj X[m]) / 2, D = (X[k] − conj X[m]) / 2
      const aRe = 0.5 * (xRe + yRe);
      const aIm = 0.5 * (xIm - yIm);
      const dRe = 0.5 * (xRe - yRe);
      const dIm = 0.5 * (xIm + yIm);
      // B = D · e^{+2πik/N}
      const bRe = dRe * cos[k] - dIm * sin[k];
      const bIm = dRe * sin[k] + dIm * cos[k];
      // z[k] = conj(A + i·B), z[m] = conj(conj A + i·conj B)
      z[2 * k] = aRe - bIm;
      z[2 * k + 1] = -(aIm + bRe);
      z[2 * m] = aRe + bIm;
      z[2 * m + 1] = aIm - bRe;
    }
    if (k === half - k) {
      // The middle bin pairs with itself: A = Re X, D = i·Im X.
      const g = gains[k];
      const xRe = d[2 * (row + k)] * g;
      const xIm = d[2 * (row + k) + 1] * g;
      z[2 * k] = xRe - xIm * cos[k];
      z[2 * k + 1] = xIm * sin[k];
    }
    fft.transform(out, z);
    const start = t * hop;
    for (let n = 0; n < half; n++) {
      y[start + 2 * n] += window[2 * n] * out[2 * n];
      y[start + 2 * n + 1] -= window[2 * n + 1] * out[2 * n + 1];
    }
  }
  divideByWindowSum(y, hannWindow(nFft), frames, hop, begin, end);
  return y.subarray(begin, end);
}

/**
 * Divides y[begin .. end) by Σ_t w²[n − t·hop] (librosa's window_sumsquare) where that exceeds float32's tiny.
 * Away from the ends every position sees a whole set of frames, so the sum is the periodic sum of the squared
 * window; only the ends are summed frame by frame.
 */
function divideByWindowSum(
  y: Float64Array,
  window: Float32Array,
  frames: number,
  hop: number,
  begin: number,
  end: number,
): void {
  const n = window.length;
  const squared = new Float64Array(n);
  for (let j = 0; j < n; j++) squared[j] = window[j] * window[j];
  const periodic = new Float64Array(hop);
  for (let j = 0; j < n; j++) periodic[j % hop] += squared[j];
  const interiorStart = Math.max(begin, n - hop);
  const interiorEnd = Math.min(end, frames * hop);
  const divide = (i: number): void => {
    // frames t with 0 <= i - t·hop < n
    const first = Math.max(0, Math.floor((i - n) / hop) + 1);
    const last = Math.min(frames - 1, Math.floor(i / hop));
    let sum = 0;
    for (let t = first; t <= last; t++) sum += squared[i - t * hop];
    if (sum > FLOAT_TINY) y[i] /= sum;
  };
  if (interiorStart >= interiorEnd) {
    for (let i = begin; i < end; i++) divide(i);
    return;
  }
  for (let i = begin; i < interiorStart; i++) divide(i);
  for (let i = interiorStart, j = interiorStart % hop; i < interiorEnd; i++) {
    const sum = periodic[j];
    if (sum > FLOAT_TINY) y[i] /= sum;
    if (++j === hop) j = 0;
  }
  for (let i = interiorEnd; i < end; i++) divide(i);
}

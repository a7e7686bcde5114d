import { chromaSumsSimd } from './chromaSimd';
import type { Spectrogram } from './stft';

export interface ChromaOptions {
  sampleRate: number;
  nFft: number;
  nChroma?: number;
  /** Deviation from A440 in fractions of a chroma bin (as `estimateTuning` returns). */
  tuning?: number;
  /** Centre of the octave-dominance Gaussian, in octaves above A0 (27.5 Hz). */
  ctroct?: number;
  /** Half-width of that Gaussian in octaves; `null` weights all octaves equally. */
  octwidth?: number | null;
  /** Start the bank at C (true) or at A (false). */
  baseC?: boolean;
}

/** A dense chroma filterbank: `weights[c * bins + k]` is the weight of FFT bin k in chroma class c. */
export interface ChromaFilterbank {
  weights: Float32Array;
  nChroma: number;
  bins: number;
}

/**
 * librosa.filters.chroma: each FFT bin spreads over the chroma classes as a Gaussian in pitch-class distance
 * (its width grows where bins are coarser than a semitone), each bin's column L2-normalised, then weighted by
 * a Gaussian over octaves so that very low and very high bins count little.
 */
export function chromaFilterbank(options: ChromaOptions): ChromaFilterbank {
  const { sampleRate, nFft, nChroma = 12, tuning = 0, ctroct = 5.0, baseC = true } = options;
  const octwidth = options.octwidth === undefined ? 2 : options.octwidth;
  if (!(sampleRate > 0)) throw new Error(`Expected sampleRate > 0, got ${sampleRate}`);
  if (!Number.isInteger(nFft) || nFft < 2)
    throw new Error(`Expected nFft to be an integer >= 2, got ${nFft}`);
  if (!Number.isInteger(nChroma) || nChroma < 1)
    throw new Error(`Expected nChroma to be an integer >= 1, got ${nChroma}`);
  if (!Number.isFinite(tuning)) throw new Error(`Expected a finite tuning, got ${tuning}`);
  if (octwidth !== null && !(octwidth > 0)) throw new Error(`Expected octwidth > 0 or null, got ${octwidth}`);

  const bins = Math.floor(nFft / 2) + 1;
  const a440 = 440 * 2 ** (tuning / nChroma);
  // Pitch of FFT bin k in chroma bins above A0 (k >= 1); the DC bin is placed 1.5 octaves below bin 1.
  const binPitch = (k: number): number => nChroma * Math.log2((k * sampleRate) / nFft / (a440 / 16));
  const pitch = new Float64Array(bins + 1);
  pitch[0] = binPitch(1) - 1.5 * nChroma;
  for (let k = 1; k <= bins; k++) pitch[k] = binPitch(k);

  const half = Math.round(nChroma / 2);
  const weights = new Float32Array(nChroma * bins);
  const column = new Float64Array(nChroma);
  for (let k = 0; k < bins; k++) {
    // Bin width in chroma bins, at least one; the last of nFft columns (never kept here) would use 1.
    const width = k + 1 < nFft ? Math.max(pitch[k + 1] - pitch[k], 1) : 1;
    let sumSq = 0;
    for (let c = 0; c < nChroma; c++) {
      // Signed distance from class c, wrapped into [-half, nChroma - half).
      const d = floorMod(pitch[k] - c + half + 10 * nChroma, nChroma) - half;
      const w = Math.exp(-0.5 * ((2 * d) / width) ** 2);
      column[c] = w;
      sumSq += w * w;
    }
    const norm = Math.sqrt(sumSq);
    const scale = norm > 0 ? 1 / norm : 1;
    const octaveWeight =
      octwidth === null ? 1 : Math.exp(-0.5 * ((pitch[k] / nChroma - ctroct) / octwidth) ** 2);
    // Row 0 is A before the roll; rolling by -3 makes row 0 C.
    const shift = baseC ? 3 : 0;
    for (let c = 0; c < nChroma; c++) {
      const row = floorMod(c - shift, nChroma);
      weights[row * bins + k] = column[c] * scale * octaveWeight;
    }
  }
  return { weights, nChroma, bins };
}

/** numpy's `finfo(float64).tiny`, librosa's threshold below which a norm counts as zero. */
const DOUBLE_TINY = 2.2250738585072014e-308;

function floorMod(a: number, n: number): number {
  return a - n * Math.floor(a / n);
}

/** The bank transposed to bin-major doubles (`[k * nChroma + c]`), so a frame is one pass over its bins. */
const binMajorBanks = new WeakMap<ChromaFilterbank, Float64Array>();

function binMajor(bank: ChromaFilterbank): Float64Array {
  let t = binMajorBanks.get(bank);
  if (!t) {
    const { weights, nChroma, bins } = bank;
    t = new Float64Array(weights.length);
    for (let k = 0; k < bins; k++)
      for (let c = 0; c < nChroma; c++) t[k * nChroma + c] = weights[c * bins + k];
    binMajorBanks.set(bank, t);
  }
  return t;
}

/**
 * Chromagram of a (power) spectrogram: frames × nChroma. With `normalize`, each frame is divided by its
 * largest class (librosa chroma_stft's `norm=inf`); an all-zero frame stays zero.
 */
export function applyChroma(spec: Spectrogram, bank: ChromaFilterbank, normalize = true): Spectrogram {
  const { nChroma, bins } = bank;
  if (spec.bins !== bins) throw new Error(`Expected a spectrogram with ${bins} bins, got ${spec.bins}`);
  const w = binMajor(bank);
  const frames = spec.frames;
  const sums = new Float64Array(frames * nChroma);
  const data = spec.data;
  if (chromaSumsSimd(data, frames, bins, w, nChroma, sums)) {
    // The same sums in WebAssembly SIMD (chromaSimd.ts), each over k in order.
  } else if (nChroma % 4 === 0) {
    // Two frames by four classes at a time: eight running sums in registers, each weight read once for two
    // frames (about twice as fast as twelve sums over one frame). Each sum still runs over k in order.
    for (let t = 0; t < frames; t += 2) {
      const row0 = t * bins;
      const row1 = Math.min(t + 1, frames - 1) * bins;
      for (let c = 0; c < nChroma; c += 4) {
        // prettier-ignore
        let a0 = 0, a1 = 0, a2 = 0, a3 = 0, b0 = 0, b1 = 0, b2 = 0, b3 = 0;
        for (let k = 0, j = c; k < bins; k++, j += nChroma) {
          const p = data[row0 + k];
          const q = data[row1 + k];
          const w0 = w[j];
          const w1 = w[j + 1];
          const w2 = w[j + 2];
          const w3 = w[j + 3];
          a0 += w0 * p;
          a1 += w1 * p;
          a2 += w2 * p;
          a3 += w3 * p;
          b0 += w0 * q;
          b1 += w1 * q;
          b2 += w2 * q;
          b3 += w3 * q;
        }
        const o = t * nChroma + c;
        sums[o] = a0;
        sums[o + 1] = a1;
        sums[o + 2] = a2;
        sums[o + 3] = a3;
        if (t + 1 < frames) {
          sums[o + nChroma] = b0;
          sums[o + nChroma + 1] = b1;
          sums[o + nChroma + 2] = b2;
          sums[o + nChroma + 3] = b3;
        }
      }
    }
  } else {
    for (let t = 0; t < frames; t++) {
      const row = t * bins;
      const o = t * nChroma;
      for (let k = 0, j = 0; k < bins; k++, j += nChroma) {
        const p = data[row + k];
        for (let c = 0; c < nChroma; c++) sums[o + c] += w[j + c] * p;
      }
    }
  }
  const out = new Float32Array(frames * nChroma);
  for (let t = 0; t < frames; t++) {
    const o = t * nChroma;
    let max = 0;
    for (let c = 0; c < nChroma; c++) max = Math.max(max, Math.abs(sums[o + c]));
    // librosa leaves columns whose norm is below the smallest normal double untouched.
    const scale = normalize && max >= DOUBLE_TINY ? 1 / max : 1;
    for (let c = 0; c < nChroma; c++) out[o + c] = sums[o + c] * scale;
  }
  return { data: out, frames, bins: nChroma };
}

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

/**
 * Chromagram of a (power) spectrogram: frames × nChroma. With `normalize`, each frame is divided by its
 * largest class (librosa chroma_stft's `norm=inf`); an all-zero frame stays zero.
 */
export function applyChroma(spec: Spectrogram, bank: ChromaFilterbank, normalize = true): Spectrogram {
  const { weights, nChroma, bins } = bank;
  if (spec.bins !== bins) throw new Error(`Expected a spectrogram with ${bins} bins, got ${spec.bins}`);
  const out = new Float32Array(spec.frames * nChroma);
  const acc = new Float64Array(nChroma);
  for (let t = 0; t < spec.frames; t++) {
    const row = t * bins;
    let max = 0;
    for (let c = 0; c < nChroma; c++) {
      const w = c * bins;
      let sum = 0;
      for (let k = 0; k < bins; k++) sum += weights[w + k] * spec.data[row + k];
      acc[c] = sum;
      const a = Math.abs(sum);
      if (a > max) max = a;
    }
    // librosa leaves columns whose norm is below the smallest positive double untouched.
    const scale = normalize && max >= DOUBLE_TINY ? 1 / max : 1;
    for (let c = 0; c < nChroma; c++) out[t * nChroma + c] = acc[c] * scale;
  }
  return { data: out, frames: spec.frames, bins: nChroma };
}

import type { Spectrogram } from './stft';

// Slaney's auditory-toolbox mel scale (librosa's default, htk=False): linear below 1 kHz, log above.
const F_SP = 200 / 3;
const MIN_LOG_HZ = 1000;
const MIN_LOG_MEL = MIN_LOG_HZ / F_SP;
const LOG_STEP = Math.log(6.4) / 27;

export function hzToMel(hz: number, htk = false): number {
  if (htk) return 2595 * Math.log10(1 + hz / 700);
  return hz >= MIN_LOG_HZ ? MIN_LOG_MEL + Math.log(hz / MIN_LOG_HZ) / LOG_STEP : hz / F_SP;
}

export function melToHz(mel: number, htk = false): number {
  if (htk) return 700 * (10 ** (mel / 2595) - 1);
  return mel >= MIN_LOG_MEL ? MIN_LOG_HZ * Math.exp(LOG_STEP * (mel - MIN_LOG_MEL)) : F_SP * mel;
}

export interface MelOptions {
  sampleRate: number;
  nFft: number;
  nMels: number;
  fMin?: number;
  fMax?: number;
  htk?: boolean;
  /** 'slaney' divides each triangle by its width in Hz (constant energy per band), as librosa's default. */
  norm?: 'slaney' | null;
}

/** One sparse triangular filter per mel band: weights for bins `start .. start + weights.length - 1`. */
export interface MelFilterbank {
  bands: { start: number; weights: Float32Array }[];
  bins: number;
}

export function melFilterbank(options: MelOptions): MelFilterbank {
  const { sampleRate, nFft, nMels, fMin = 0, htk = false, norm = 'slaney' } = options;
  const fMax = options.fMax ?? sampleRate / 2;
  if (!(nMels >= 1)) throw new Error(`Expected nMels >= 1, got ${nMels}`);
  if (!(fMin >= 0 && fMax > fMin && fMax <= sampleRate / 2)) {
    throw new Error(`Expected 0 <= fMin < fMax <= sampleRate/2, got fMin ${fMin}, fMax ${fMax}`);
  }
  const bins = nFft / 2 + 1;
  const melMin = hzToMel(fMin, htk);
  const melMax = hzToMel(fMax, htk);
  const edges = new Float64Array(nMels + 2);
  for (let i = 0; i < nMels + 2; i++) edges[i] = melToHz(melMin + ((melMax - melMin) * i) / (nMels + 1), htk);
  const bands: MelFilterbank['bands'] = [];
  for (let m = 0; m < nMels; m++) {
    const lower = edges[m];
    const centre = edges[m + 1];
    const upper = edges[m + 2];
    const scale = norm === 'slaney' ? 2 / (upper - lower) : 1;
    const dense: number[] = [];
    let start = -1;
    for (let k = 0; k < bins; k++) {
      const f = (k * sampleRate) / nFft;
      const w = Math.max(0, Math.min((f - lower) / (centre - lower), (upper - f) / (upper - centre)));
      if (w > 0) {
        if (start < 0) start = k;
        dense[k - start] = w * scale;
      } else if (start >= 0) break;
    }
    bands.push({ start: Math.max(start, 0), weights: Float32Array.from(dense) });
  }
  return { bands, bins };
}

/** Applies the filterbank to every frame of a (power or magnitude) spectrogram: frames × nMels. */
export function applyMel(spec: Spectrogram, bank: MelFilterbank): Spectrogram {
  if (spec.bins !== bank.bins) throw new Error(`Expected ${bank.bins} bins, got ${spec.bins}`);
  const nMels = bank.bands.length;
  const out = new Float32Array(spec.frames * nMels);
  for (let t = 0; t < spec.frames; t++) {
    const row = t * spec.bins;
    for (let m = 0; m < nMels; m++) {
      const { start, weights } = bank.bands[m];
      let sum = 0;
      for (let i = 0; i < weights.length; i++) sum += weights[i] * spec.data[row + start + i];
      out[t * nMels + m] = sum;
    }
  }
  return { data: out, frames: spec.frames, bins: nMels };
}

/** librosa.power_to_db: 10·log10(max(x, amin)) − 10·log10(max(ref, amin)), floored at max − topDb. In place. */
export function powerToDb(
  values: Float32Array,
  { ref = 1, amin = 1e-10, topDb = 80 as number | null } = {},
): Float32Array {
  const refDb = 10 * Math.log10(Math.max(ref, amin));
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const db = 10 * Math.log10(Math.max(values[i], amin)) - refDb;
    values[i] = db;
    if (db > max) max = db;
  }
  if (topDb !== null) {
    const floor = max - topDb;
    for (let i = 0; i < values.length; i++) if (values[i] < floor) values[i] = floor;
  }
  return values;
}

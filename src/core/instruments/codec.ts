/**
 * What a low-bitrate perceptual codec (MP3, Ogg Vorbis at ~40 kbit/s, as most clips people drop) does to a
 * spectrum, roughly: everything above a cut-off goes, and in each short frame the spectral lines the codec judges
 * masked (well below their neighbours), inaudible (far below the frame's loudest) or cannot afford (whole bands
 * now and then) are quantised to zero,
 * leaving time-varying holes. Short-time Fourier analysis and overlap-add with a Hann window at 75 % overlap.
 */
import { realFft } from '../dsp/fft';
import { hannWindow } from '../dsp/window';
import type { Rng } from '../random';
import { inverseRealSpectrum } from './reverb';

export interface CodecOptions {
  sampleRate: number;
  /** Everything above this is removed, Hz. */
  cutoffHz: number;
  /** Lines more than this many dB below the mean power of the 33 lines around them are zeroed (masked). */
  maskDb: number;
  /** Lines more than this many dB below their frame's loudest line are zeroed (inaudible). */
  floorDb: number;
  /**
   * Chance that each band of 16 lines above 2 kHz is zeroed for a block of 8 frames (~93 ms at 22,050 Hz): a
   * codec's choice holds over a block, so the hole outlasts the analysis window's overlap.
   */
  bandDropProbability: number;
}

const FRAME = 1024;
const HOP = FRAME / 4;
const BAND = 16;
const DROP_FROM_HZ = 2000;
const BLOCK_FRAMES = 8;
/** Lines either side that mask a line. */
const NEIGHBOURS = 16;

export function lossyCodec(x: Float32Array, options: CodecOptions, rng: Rng): Float32Array {
  const { sampleRate, cutoffHz, maskDb, floorDb, bandDropProbability } = options;
  if (!Number.isInteger(sampleRate) || sampleRate <= 0)
    throw new Error(`Expected sampleRate to be a whole number of Hz, got ${sampleRate}`);
  if (!(cutoffHz > 0 && cutoffHz <= sampleRate / 2))
    throw new Error(`Expected cutoffHz in (0, ${sampleRate / 2}], got ${cutoffHz}`);
  if (!(maskDb > 0 && Number.isFinite(maskDb))) throw new Error(`Expected maskDb > 0, got ${maskDb}`);
  if (!(floorDb > 0 && Number.isFinite(floorDb))) throw new Error(`Expected floorDb > 0, got ${floorDb}`);
  if (!(bandDropProbability >= 0 && bandDropProbability <= 1))
    throw new Error(`Expected bandDropProbability in [0, 1], got ${bandDropProbability}`);
  const n = x.length;
  const out = new Float32Array(n);
  if (n === 0) return out;
  const fft = realFft(FRAME);
  const window = hannWindow(FRAME);
  const bins = fft.bins;
  const cutoffBin = Math.floor((cutoffHz * FRAME) / sampleRate);
  const dropFrom = Math.ceil((DROP_FROM_HZ * FRAME) / sampleRate);
  const mask = 10 ** (-maskDb / 10);
  const floor = 10 ** (-floorDb / 10);
  const power = new Float64Array(bins);
  const prefix = new Float64Array(bins + 1);
  const frame = new Float64Array(FRAME);
  const spectrum = new Float64Array(2 * bins);
  const scratch = new Float64Array(2 * bins);
  const time = new Float64Array(FRAME);
  const dropped = new Uint8Array(bins);
  const sum = new Float64Array(n + FRAME);
  const weight = new Float64Array(n + FRAME);
  // Frames start a frame before the signal so its first samples get full overlap too.
  for (let start = -FRAME + HOP, f = 0; start < n; start += HOP, f++) {
    if (f % BLOCK_FRAMES === 0) {
      dropped.fill(0);
      if (bandDropProbability > 0) {
        for (let b = dropFrom; b <= Math.min(cutoffBin, bins - 1); b += BAND) {
          if (rng.next() < bandDropProbability) dropped.fill(1, b, Math.min(b + BAND, bins));
        }
      }
    }
    for (let i = 0; i < FRAME; i++) {
      const j = start + i;
      frame[i] = j >= 0 && j < n ? x[j] * window[i] : 0;
    }
    fft.complex(frame, spectrum);
    let peak = 0;
    for (let k = 0; k < bins; k++) {
      power[k] = spectrum[2 * k] ** 2 + spectrum[2 * k + 1] ** 2;
      peak = Math.max(peak, power[k]);
      prefix[k + 1] = prefix[k] + power[k];
    }
    const inaudible = peak * floor;
    for (let k = 0; k < bins; k++) {
      const lo = Math.max(0, k - NEIGHBOURS);
      const hi = Math.min(bins, k + NEIGHBOURS + 1);
      const masked = power[k] < (mask * (prefix[hi] - prefix[lo])) / (hi - lo);
      if (k > cutoffBin || power[k] < inaudible || masked || dropped[k])
        spectrum[2 * k] = spectrum[2 * k + 1] = 0;
    }
    inverseRealSpectrum(fft, spectrum, scratch, time);
    for (let i = 0; i < FRAME; i++) {
      const j = start + i;
      if (j < 0 || j >= n) continue;
      sum[j] += time[i] * window[i];
      weight[j] += window[i] * window[i];
    }
  }
  for (let j = 0; j < n; j++) out[j] = weight[j] > 1e-8 ? sum[j] / weight[j] : 0;
  return out;
}

/** Codec settings of a random low-to-middling bitrate. */
export function randomCodec(sampleRate: number, rng: Rng): CodecOptions {
  return {
    sampleRate,
    cutoffHz: Math.min(sampleRate / 2, 9000 + 3000 * rng.next()),
    maskDb: 12 + 13 * rng.next(),
    floorDb: 60 + 30 * rng.next(),
    bandDropProbability: 0.15 * rng.next(),
  };
}

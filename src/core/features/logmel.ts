import { ANALYSIS_SAMPLE_RATE } from '../audio/signal';
import { applyMel, melFilterbank, powerToDb, type MelFilterbank } from '../dsp/mel';
import { powerSpectrogram } from '../dsp/stft';
import type { FeatureSpec } from './spec';

/*
 * Log-mel spectrogram for CNN input: librosa.feature.melspectrogram defaults (n_fft 2,048, hop 512, periodic
 * Hann, centred frames padded with zeros as librosa ≥ 0.10, power 2, 128 Slaney mel bands over 0 … 11,025 Hz)
 * then power_to_db with ref 1, amin 1e-10 and top_db 80. The 80-dB floor is taken below the loudest value of
 * what a model sees: the whole clip for `logMelSpectrogram`, each patch for `logMelPatches`, so that a 3-s
 * patch has the same numbers whether it came from a song file or from a live 3-s buffer.
 */

const N_FFT = 2048;
const HOP = 512;
const N_MELS = 128;
const AMIN = 1e-10;
const TOP_DB = 80;
export const PATCH_FRAMES = 130;

export const logmelSpec: FeatureSpec = {
  name: 'logmel',
  version: 1,
  sampleRate: ANALYSIS_SAMPLE_RATE,
  frameLength: N_FFT,
  hop: HOP,
  columns: Array.from({ length: N_MELS }, (_, m) => `mel${m + 1}`),
  params: {
    nMels: N_MELS,
    fMin: 0,
    fMax: ANALYSIS_SAMPLE_RATE / 2,
    melScale: 'slaney',
    center: true,
    padMode: 'constant',
    ref: 1,
    amin: AMIN,
    topDb: TOP_DB,
    topDbScope: 'patch',
    patchFrames: PATCH_FRAMES,
    patchHopFrames: PATCH_FRAMES,
  },
};

/** Frame-major: `data[t * bands + m]` is mel band m of frame t, in dB. */
export interface LogMelSpectrogram {
  data: Float32Array;
  frames: number;
  bands: number;
}

/** One CNN input: `frames × bands` values, frame-major (a [frames, bands, 1] tensor). */
export interface LogMelPatch extends LogMelSpectrogram {
  /** First frame of the patch in the clip's spectrogram. */
  startFrame: number;
  /** Its time in seconds (frame t is centred on sample t · hop). */
  startSeconds: number;
}

let bank: MelFilterbank | null = null;
function melBank(): MelFilterbank {
  bank ??= melFilterbank({ sampleRate: ANALYSIS_SAMPLE_RATE, nFft: N_FFT, nMels: N_MELS });
  return bank;
}

function checkSamples(samples: Float32Array): void {
  if (!(samples instanceof Float32Array)) {
    throw new Error(`Expected samples as a Float32Array, got ${Object.prototype.toString.call(samples)}`);
  }
  for (let i = 0; i < samples.length; i++) {
    if (!Number.isFinite(samples[i]))
      throw new Error(`Expected finite samples, got ${samples[i]} at index ${i}`);
  }
}

/** Mel power in dB (ref 1, amin 1e-10), not yet floored: values ≥ −100. An empty clip gives one silent frame. */
function melDb(samples: Float32Array): LogMelSpectrogram {
  checkSamples(samples);
  const power = powerSpectrogram(samples, {
    frameLength: N_FFT,
    hop: HOP,
    center: true,
    padMode: 'constant',
  });
  const mel = applyMel(power, melBank());
  powerToDb(mel.data, { ref: 1, amin: AMIN, topDb: null });
  return { data: mel.data, frames: mel.frames, bands: N_MELS };
}

/** Raises every value below (max − TOP_DB) to that floor, in place; returns the floor (never below amin's dB). */
function applyTopDb(values: Float32Array): number {
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) if (values[i] > max) max = values[i];
  const floor = Math.max(max - TOP_DB, 10 * Math.log10(AMIN));
  for (let i = 0; i < values.length; i++) if (values[i] < floor) values[i] = floor;
  return floor;
}

/** The clip's log-mel spectrogram (frames × 128), floored 80 dB below its loudest value. */
export function logMelSpectrogram(samples: Float32Array): LogMelSpectrogram {
  const spec = melDb(samples);
  applyTopDb(spec.data);
  return spec;
}

/**
 * Fixed-size patches (default 130 frames ≈ 3.0 s) every `hopFrames` frames, each floored 80 dB below its
 * own loudest value. The last patch, which may run past the clip, is padded with that floor (silence); a clip
 * shorter than one patch gives one padded patch.
 */
export function logMelPatches(
  samples: Float32Array,
  frames = PATCH_FRAMES,
  hopFrames = frames,
): LogMelPatch[] {
  if (!Number.isInteger(frames) || frames < 1)
    throw new Error(`Expected frames to be an integer >= 1, got ${frames}`);
  if (!Number.isInteger(hopFrames) || hopFrames < 1) {
    throw new Error(`Expected hopFrames to be an integer >= 1, got ${hopFrames}`);
  }
  const spec = melDb(samples);
  const patches: LogMelPatch[] = [];
  for (let start = 0; ; start += hopFrames) {
    const available = Math.min(frames, spec.frames - start);
    const data = new Float32Array(frames * N_MELS);
    const audio = data.subarray(0, available * N_MELS);
    audio.set(spec.data.subarray(start * N_MELS, (start + available) * N_MELS));
    const floor = applyTopDb(audio);
    data.fill(floor, available * N_MELS);
    patches.push({
      data,
      frames,
      bands: N_MELS,
      startFrame: start,
      startSeconds: (start * HOP) / ANALYSIS_SAMPLE_RATE,
    });
    if (start + frames >= spec.frames) break;
  }
  return patches;
}

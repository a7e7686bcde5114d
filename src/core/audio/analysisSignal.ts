import { resample } from './resample';
import { ANALYSIS_SAMPLE_RATE, mixToMono, type AudioSignal } from './signal';

/**
 * Decoded channels → the one signal every feature set and model reads: mono (channels averaged, as
 * librosa's `to_mono`) at 22,050 Hz, resampled by the core resampler. No DOM: runs in the features worker.
 */
export function toAnalysisSignal(channels: readonly Float32Array[], sampleRate: number): AudioSignal {
  if (!(sampleRate > 0) || !Number.isFinite(sampleRate)) {
    throw new Error(`Expected sampleRate to be a positive number, got ${sampleRate}`);
  }
  const mono = mixToMono(channels);
  const samples =
    sampleRate === ANALYSIS_SAMPLE_RATE ? mono : resample(mono, sampleRate, ANALYSIS_SAMPLE_RATE);
  return { samples, sampleRate: ANALYSIS_SAMPLE_RATE };
}

/** Mono audio as the core sees it. */
export interface AudioSignal {
  samples: Float32Array;
  sampleRate: number;
}

/** Every model and feature set analyses audio at this rate (librosa's default, GTZAN's own). */
export const ANALYSIS_SAMPLE_RATE = 22_050;

/** Averages channels into one, as librosa's `to_mono`. */
export function mixToMono(channels: readonly Float32Array[]): Float32Array {
  if (channels.length === 0) return new Float32Array(0);
  if (channels.length === 1) return channels[0];
  const length = Math.min(...channels.map((c) => c.length));
  const out = new Float32Array(length);
  for (const channel of channels) for (let i = 0; i < length; i++) out[i] += channel[i];
  const scale = 1 / channels.length;
  for (let i = 0; i < length; i++) out[i] *= scale;
  return out;
}

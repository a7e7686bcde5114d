import { AudioDecodeError } from './errors';

/**
 * The sample rates a file may declare. Below 1 kHz nothing musical is left and resampling up to 22,050 Hz
 * multiplies the samples (a 1-Hz header turns a few bytes into gigabytes); above 384 kHz no recorder writes.
 */
export const MIN_SOURCE_SAMPLE_RATE = 1_000;
export const MAX_SOURCE_SAMPLE_RATE = 384_000;

/** Throws AudioDecodeError 'unsupported-format', naming the rate, when a file declares one outside the range. */
export function checkSourceSampleRate(sampleRate: number, what = 'This file'): void {
  if (!(sampleRate >= MIN_SOURCE_SAMPLE_RATE && sampleRate <= MAX_SOURCE_SAMPLE_RATE)) {
    throw new AudioDecodeError(
      'unsupported-format',
      `${what} declares a sample rate of ${sampleRate} Hz; this app reads ${MIN_SOURCE_SAMPLE_RATE.toLocaleString('en')} Hz to ${MAX_SOURCE_SAMPLE_RATE.toLocaleString('en')} Hz`,
    );
  }
}

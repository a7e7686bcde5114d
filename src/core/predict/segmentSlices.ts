/**
 * How a decoded file is handed to the workers in pieces: each 30-s segment of the analysis signal (22,050 Hz)
 * comes from a stretch of the file's own samples with a second of margin either side, which the worker
 * resamples and trims. The margins hold the resampler's filter tails, so the pieces join into the signal a
 * whole-file `resample` gives (to float rounding) while the workers resample in parallel.
 */
import { resampledLength } from '../audio/resample';
import { ANALYSIS_SAMPLE_RATE } from '../audio/signal';
import { SEGMENT_SECONDS, songSegments } from './applyModel';

export interface SegmentSlice {
  /** Input samples [inputStart, inputEnd) at the file's rate. */
  inputStart: number;
  inputEnd: number;
  /** Analysis samples to drop from the front of the resampled stretch (its left margin), then to keep. */
  trimStart: number;
  length: number;
  /** Where the kept samples start in the analysis signal. */
  outputStart: number;
}

const MARGIN_SECONDS = 1;

/**
 * The song's segments (`songSegments`: one rule for the page and the CLI) as stretches of the input, for a
 * file of `inputLength` samples at `sampleRate` (a whole number of Hz).
 */
export function segmentSlices(
  inputLength: number,
  sampleRate: number,
  segmentSeconds = SEGMENT_SECONDS,
): SegmentSlice[] {
  if (!Number.isInteger(segmentSeconds) || segmentSeconds < 1) {
    throw new Error(`Expected segmentSeconds to be a whole number >= 1, got ${segmentSeconds}`);
  }
  const total = resampledLength(inputLength, sampleRate, ANALYSIS_SAMPLE_RATE);
  const margin = MARGIN_SECONDS * sampleRate;
  return songSegments(total, segmentSeconds).map(({ start: outputStart, length }) => {
    const outputEnd = outputStart + length;
    // Whole seconds of output start at whole input samples, whatever the rate.
    const seconds = outputStart / ANALYSIS_SAMPLE_RATE;
    const inputStart = Math.max(0, seconds * sampleRate - margin);
    const inputEnd =
      outputEnd === total
        ? inputLength
        : Math.min(inputLength, (outputEnd / ANALYSIS_SAMPLE_RATE) * sampleRate + margin);
    return {
      inputStart,
      inputEnd,
      trimStart: outputStart - (inputStart / sampleRate) * ANALYSIS_SAMPLE_RATE,
      length,
      outputStart,
    };
  });
}

/**
 * Which of a song's segments can start while the song is still decoding: with `available` samples of the
 * analysis signal in hand (22,050 Hz, the decode worker's output), a segment is settled when no length the
 * song may turn out to have (at least `available`) changes it: it is a whole `segmentSeconds` with more than
 * the shortest tail after it, and its right margin is in. Those are exactly the first slices
 * `segmentSlices(total)` gives for the whole song, so a streamed song is read in the very same segments.
 */
import { ANALYSIS_SAMPLE_RATE } from '../audio/signal';
import { MIN_TAIL_SECONDS, SEGMENT_SECONDS } from './applyModel';
import { segmentSlices, type SegmentSlice } from './segmentSlices';

export function settledSegmentSlices(available: number, segmentSeconds = SEGMENT_SECONDS): SegmentSlice[] {
  if (!Number.isInteger(available) || available < 0) {
    throw new Error(`Expected available to be a whole number of samples >= 0, got ${available}`);
  }
  const step = segmentSeconds * ANALYSIS_SAMPLE_RATE;
  const tail = Math.min(MIN_TAIL_SECONDS, segmentSeconds) * ANALYSIS_SAMPLE_RATE;
  return segmentSlices(available, ANALYSIS_SAMPLE_RATE, segmentSeconds).filter(
    (s) => s.length === step && available - (s.outputStart + step) >= tail && s.inputEnd <= available,
  );
}

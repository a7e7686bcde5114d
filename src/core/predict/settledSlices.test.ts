import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBundleModel } from '../../node/bundleModel';
import { decodeAudioFile } from '../../node/decodeFile';
import { SignalBuffer, streamRanges } from '../audio/rangeDecode';
import { ANALYSIS_SAMPLE_RATE } from '../audio/signal';
import { analyseSegment, MIN_TAIL_SECONDS, SEGMENT_SECONDS, segmentPiece } from './applyModel';
import type { RunnableModel } from './modelRunner';
import { segmentSlices, type SegmentSlice } from './segmentSlices';
import { settledSegmentSlices } from './settledSlices';

const ROOT = process.cwd();
/** A real song of 133 s (Ogg Vorbis): five segments. */
const SONG = path.resolve(ROOT, '../shared/data/songs/Karissa_Hobbs_-_Lets_Go_Fishin.ogg');
const RATE = ANALYSIS_SAMPLE_RATE;

describe('settledSegmentSlices', () => {
  it('gives only slices that every longer song shares, at their place, with their input in hand', () => {
    const step = SEGMENT_SECONDS * RATE;
    const tail = MIN_TAIL_SECONDS * RATE;
    // Lengths around every edge the rule has: a segment's end, the shortest tail after it, the margin.
    const edges = [0, 1, RATE, 2 * RATE, 10 * RATE];
    for (let k = 0; k <= 6; k++)
      for (const d of [-1, 0, 1]) edges.push(k * step + d, k * step + tail + d, k * step + RATE + d);
    const lengths = [...new Set(edges.filter((n) => n >= 0))].sort((a, b) => a - b);
    let checked = 0;
    for (const total of lengths) {
      const whole = segmentSlices(total, RATE);
      for (const available of lengths) {
        if (available > total) break;
        const settled = settledSegmentSlices(available);
        expect(settled).toEqual(whole.slice(0, settled.length));
        for (const s of settled) expect(s.inputEnd).toBeLessThanOrEqual(available);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(200);
    // Not too cautious: with 100 s in hand, the segments ending at 30, 60 and 90 s are settled.
    expect(settledSegmentSlices(100 * RATE).map((s) => s.outputStart / RATE)).toEqual([0, 30, 60]);
    expect(settledSegmentSlices(92 * RATE)).toHaveLength(2);
  });

  it('refuses a length that is not a whole number of samples', () => {
    expect(() => settledSegmentSlices(-1)).toThrow('got -1');
    expect(() => settledSegmentSlices(1.5)).toThrow('got 1.5');
  });

  it('a song streamed range by range gets the genre answers of the song decoded whole, segment for segment', async () => {
    const bytes = new Uint8Array(readFileSync(SONG));
    const model = await loadBundleModel(path.join(ROOT, 'public/models/genre'));
    const segmentOf = (signal: Float32Array, slice: SegmentSlice, m: RunnableModel) =>
      analyseSegment(segmentPiece([signal], RATE, slice), m);

    // As the page does it: the pieces gathered in one buffer, each settled segment read from the signal so far.
    let gathered: SignalBuffer | null = null;
    const streamed: Array<ReturnType<typeof segmentOf>> = [];
    let pieces = 0;
    const info = await streamRanges(async (s, e) => bytes.slice(s, e), bytes.length, {
      rangeBytes: 32 * 1024,
      onStart: ({ capacity }) => (gathered = new SignalBuffer(capacity)),
      onSamples: (piece) => {
        pieces++;
        gathered!.push(piece);
        const view = gathered!.view();
        for (const slice of settledSegmentSlices(view.length).slice(streamed.length))
          streamed.push(segmentOf(view, slice, model));
      },
    });
    const beforeTheEnd = streamed.length;
    const signal = gathered!.view();
    const slices = segmentSlices(signal.length, RATE);
    for (const slice of slices.slice(streamed.length)) streamed.push(segmentOf(signal, slice, model));

    // The CLI's whole-file decode, read in the same segments.
    const whole = await decodeAudioFile(SONG);
    expect(info.length).toBe(whole.samples.length);
    expect(signal).toEqual(whole.samples);
    const once = segmentSlices(whole.samples.length, RATE).map((slice) =>
      segmentOf(whole.samples, slice, model),
    );
    expect(pieces).toBeGreaterThan(10);
    expect(slices).toHaveLength(5);
    // Most segments started before the song was decoded: all but the last one or two.
    expect(beforeTheEnd).toBeGreaterThanOrEqual(slices.length - 2);
    expect(beforeTheEnd).toBeGreaterThan(0);
    expect(streamed.map((r) => r.samples)).toEqual(once.map((r) => r.samples));
    expect(streamed.map((r) => r.units!.units.map((u) => u.probs))).toEqual(
      once.map((r) => r.units!.units.map((u) => u.probs)),
    );
  }, 120_000);
});

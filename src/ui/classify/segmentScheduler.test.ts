import { describe, expect, it } from 'vitest';
import { ANALYSIS_SAMPLE_RATE } from '../../core/audio/signal';
import { segmentSlices } from '../../core/predict/segmentSlices';
import { settledSegmentSlices } from '../../core/predict/settledSlices';
import { segmentScheduler } from './segmentScheduler';

const RATE = ANALYSIS_SAMPLE_RATE;

/** A job per segment that finishes when the test says so. */
function jobs() {
  const started: number[] = [];
  const finishers = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();
  const run = (_: unknown, i: number) =>
    new Promise<void>((resolve, reject) => {
      started.push(i);
      finishers.set(i, { resolve, reject });
    });
  const settle = async (i: number, error?: Error) => {
    const f = finishers.get(i)!;
    if (error) f.reject(error);
    else f.resolve();
    await new Promise((r) => setTimeout(r, 0));
  };
  return { started, run, settle };
}

describe('segmentScheduler', () => {
  it('starts settled segments as the song decodes, at most `limit` at once, and the rest once it is whole', async () => {
    const { started, run, settle } = jobs();
    const scheduler = segmentScheduler(2, run);
    let finished = false;
    void scheduler.done.then(() => (finished = true));
    scheduler.offer(settledSegmentSlices(100 * RATE)); // three settled
    expect(started).toEqual([]); // not before open
    scheduler.open();
    expect(started).toEqual([0, 1]);
    scheduler.offer(settledSegmentSlices(50 * RATE)); // a shorter offer changes nothing
    await settle(0);
    expect(started).toEqual([0, 1, 2]);
    const whole = segmentSlices(180 * RATE, RATE);
    scheduler.close(whole);
    await settle(1);
    await settle(2);
    expect(started).toEqual([0, 1, 2, 3, 4]);
    expect(finished).toBe(false);
    await settle(3);
    await settle(4);
    expect(started).toEqual([0, 1, 2, 3, 4, 5]);
    expect(finished).toBe(false);
    await settle(5);
    expect(finished).toBe(true);
    expect(scheduler.started).toBe(6);
  });

  it('refuses final slices that differ from those already started', () => {
    const scheduler = segmentScheduler(2, async () => {});
    scheduler.open();
    scheduler.offer(settledSegmentSlices(70 * RATE));
    const other = segmentSlices(70 * RATE, RATE).map((s) => ({ ...s, inputEnd: s.inputEnd + 1 }));
    expect(() => scheduler.close(other)).toThrow(
      'Segment 1 started on a stretch the whole song does not have',
    );
  });

  it('fails with the first failure and starts nothing after it', async () => {
    const { started, run, settle } = jobs();
    const scheduler = segmentScheduler(1, run);
    scheduler.open();
    scheduler.close(segmentSlices(90 * RATE, RATE));
    await settle(0, new Error('the worker died'));
    await expect(scheduler.done).rejects.toThrow('the worker died');
    expect(started).toEqual([0]);
  });

  it('ends at once for a song with no segments, and checks its limit', async () => {
    const scheduler = segmentScheduler(3, async () => {});
    scheduler.open();
    scheduler.close([]);
    await expect(scheduler.done).resolves.toBeUndefined();
    expect(() => segmentScheduler(0, async () => {})).toThrow('got 0');
  });

  it('stops starting segments when the song fails midway', async () => {
    const { started, run, settle } = jobs();
    const scheduler = segmentScheduler(1, run);
    scheduler.open();
    scheduler.offer(settledSegmentSlices(200 * RATE));
    expect(started).toEqual([0]);
    scheduler.stop(new Error('This MP3 file is damaged'));
    await settle(0);
    expect(started).toEqual([0]);
    await expect(scheduler.done).rejects.toThrow('damaged');
  });
});

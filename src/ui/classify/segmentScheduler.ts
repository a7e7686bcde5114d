/**
 * Runs a song's segments as their samples arrive: the slices known so far are offered as the song decodes
 * (each offer a longer prefix of the song's slices), the final slices once it is decoded, and at most `limit`
 * run at once (each copies its stretch of the signal when it starts: a long song is not copied all at once).
 * Nothing starts before `open` (the genre model is known). `done` settles when every final slice has run, or
 * with the first failure or `stop` (after which nothing more starts).
 */
import type { SegmentSlice } from '../../core/predict/segmentSlices';

export interface SegmentScheduler {
  /** The slices settled so far: a prefix of the song's final slices, longer than the last offer or ignored. */
  offer(settled: readonly SegmentSlice[]): void;
  /** The song's slices; throws if an offered slice is not among them, unchanged, at its place. */
  close(slices: readonly SegmentSlice[]): void;
  /** Lets the segments start. */
  open(): void;
  /** Starts nothing more (the song failed): `done` fails with `reason`; the segments running finish unheard. */
  stop(reason: unknown): void;
  /** How many segments have started. */
  readonly started: number;
  readonly done: Promise<void>;
}

const sameSlice = (a: SegmentSlice, b: SegmentSlice) =>
  a.inputStart === b.inputStart &&
  a.inputEnd === b.inputEnd &&
  a.trimStart === b.trimStart &&
  a.length === b.length &&
  a.outputStart === b.outputStart;

export function segmentScheduler(
  limit: number,
  run: (slice: SegmentSlice, index: number) => Promise<void>,
): SegmentScheduler {
  if (!Number.isInteger(limit) || limit < 1)
    throw new Error(`Expected limit to be a whole number >= 1, got ${limit}`);
  let slices: readonly SegmentSlice[] = [];
  let closed = false;
  let opened = false;
  let failed = false;
  let next = 0;
  let running = 0;
  let settle: { resolve: () => void; reject: (error: unknown) => void };
  const done = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
  done.catch(() => {}); // a failure is reported where `done` is awaited

  const pump = () => {
    if (failed || !opened) return;
    while (running < limit && next < slices.length) {
      const i = next++;
      running++;
      run(slices[i], i).then(
        () => {
          running--;
          pump();
        },
        (error: unknown) => {
          failed = true;
          settle.reject(error);
        },
      );
    }
    if (closed && running === 0 && next === slices.length) settle.resolve();
  };

  return {
    offer(settled) {
      if (closed || settled.length <= slices.length) return;
      slices = settled;
      pump();
    },
    close(final) {
      if (closed) throw new Error('The segments were closed twice');
      slices.forEach((s, i) => {
        if (!final[i] || !sameSlice(s, final[i]))
          throw new Error(`Segment ${i + 1} started on a stretch the whole song does not have`);
      });
      slices = final;
      closed = true;
      pump();
    },
    open() {
      opened = true;
      pump();
    },
    stop(reason) {
      if (failed) return;
      failed = true;
      settle.reject(reason);
    },
    get started() {
      return next;
    },
    done,
  };
}

/**
 * A song's store updates, merged: each update re-renders its card (timeline, scatter, player) in one main-thread
 * task, so progress and per-segment answers are handed over at most once per `intervalMs` (the first at once),
 * while phase changes go through immediately. A 24-minute song sends hundreds of messages; the page sees a few
 * renders a second.
 */
export interface CoalescedUpdates<P extends object> {
  /** Merged with what is pending and handed over within `intervalMs`. */
  soon(patch: P): void;
  /** Merged with what is pending and handed over now. */
  now(patch: P): void;
  /** Forgets what is pending (the analysis failed or was cancelled: its card says so instead). */
  drop(): void;
}

export function coalescedUpdates<P extends object>(
  update: (patch: P) => void,
  intervalMs: number,
  clock: () => number = () => performance.now(),
): CoalescedUpdates<P> {
  if (!(intervalMs >= 0)) throw new RangeError(`Expected intervalMs >= 0, got ${intervalMs}`);
  let pending: P | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let last = -Infinity;
  const flush = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    if (pending === null) return;
    const patch = pending;
    pending = null;
    last = clock();
    update(patch);
  };
  return {
    soon(patch) {
      pending = { ...pending, ...patch } as P;
      if (timer === null) timer = setTimeout(flush, Math.max(0, last + intervalMs - clock()));
    },
    now(patch) {
      pending = { ...pending, ...patch } as P;
      flush();
    },
    drop() {
      if (timer !== null) clearTimeout(timer);
      timer = null;
      pending = null;
    },
  };
}

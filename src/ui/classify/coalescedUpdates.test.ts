import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { coalescedUpdates } from './coalescedUpdates';

describe('coalescedUpdates', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('hands over the first patch at once, then merges what comes within the interval', () => {
    const seen: Array<Record<string, number>> = [];
    const updates = coalescedUpdates<Record<string, number>>(
      (p) => seen.push(p),
      500,
      () => Date.now(),
    );
    updates.soon({ progress: 0 });
    vi.advanceTimersByTime(0);
    expect(seen).toEqual([{ progress: 0 }]);
    updates.soon({ progress: 0.1 });
    updates.soon({ progress: 0.2, done: 1 });
    vi.advanceTimersByTime(499);
    expect(seen).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(seen).toEqual([{ progress: 0 }, { progress: 0.2, done: 1 }]);
  });

  it('sends a phase change now, with what was pending under it, and drops the rest on failure', () => {
    const seen: Array<Record<string, unknown>> = [];
    const updates = coalescedUpdates<Record<string, unknown>>(
      (p) => seen.push(p),
      500,
      () => Date.now(),
    );
    updates.soon({ progress: 0.5 });
    updates.now({ phase: 'extracting', progress: 0 });
    expect(seen).toEqual([{ phase: 'extracting', progress: 0 }]);
    updates.soon({ progress: 0.7 });
    updates.drop();
    vi.advanceTimersByTime(2_000);
    expect(seen).toHaveLength(1);
    expect(() => coalescedUpdates(() => {}, -1)).toThrow('intervalMs');
  });
});

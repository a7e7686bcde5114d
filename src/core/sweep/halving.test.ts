import { describe, expect, it } from 'vitest';
import { halvingRungs, successiveHalving, type TrialScore } from './halving';

const score = (accuracy: number): TrialScore => ({ accuracy, macroF1: accuracy, accuracyStd: 0, seconds: 0 });

/** A trial's "true" quality, seen more sharply with more budget (noise shrinks with it), deterministic. */
function quality(index: number): number {
  return ((index * 37) % 23) / 23;
}

describe('successiveHalving', () => {
  it('builds rungs 1/9, 1/3, 1', () => {
    expect(halvingRungs(3)).toEqual([1 / 9, 1 / 3, 1]);
    expect(halvingRungs(1)).toEqual([1]);
    expect(() => halvingRungs(0)).toThrow(/rungs/);
  });

  it('keeps the best trial to the full budget and stops the poor ones early', async () => {
    const calls: Array<[number, number]> = [];
    const result = await successiveHalving({
      trials: 20,
      rungs: halvingRungs(3),
      concurrency: 1,
      scoreTrial: async (index, rung, budget) => {
        calls.push([index, rung]);
        return score(quality(index) * (0.5 + budget / 2));
      },
    });
    const best = Array.from({ length: 20 }, (_, i) => i).sort((a, b) => quality(b) - quality(a))[0];
    expect(result.best).toBe(best);
    expect(result.trials[best].status).toBe('done');
    expect(result.trials[best].scores).toHaveLength(3);
    const stopped = result.trials.filter((t) => t.status === 'stopped');
    // Most trials never get past the first rung: a third of the work of 20 full trials or less.
    expect(stopped.length).toBeGreaterThanOrEqual(14);
    const work = calls.reduce((w, [, rung]) => w + halvingRungs(3)[rung], 0);
    expect(work).toBeLessThan(20 / 2);
    expect(calls.filter(([, r]) => r === 0)).toHaveLength(20);
  });

  it('takes an always-promoted trial to the full budget however poorly it starts', async () => {
    const worst = Array.from({ length: 20 }, (_, i) => i).sort((a, b) => quality(a) - quality(b))[0];
    const result = await successiveHalving({
      trials: 20,
      rungs: halvingRungs(3),
      concurrency: 2,
      alwaysPromoted: new Set([worst]),
      scoreTrial: async (index, _rung, budget) => score(quality(index) * (0.5 + budget / 2)),
    });
    expect(result.trials[worst].status).toBe('done');
    expect(result.trials[worst].scores).toHaveLength(3);
    // It does not take a better trial's place: the best is still found and finished.
    const best = Array.from({ length: 20 }, (_, i) => i).sort((a, b) => quality(b) - quality(a))[0];
    expect(result.best).toBe(best);
  });

  it('promotes and picks by `rank` when given one (an AUC that disagrees with accuracy)', async () => {
    // Accuracy rises with the index, the AUC falls with it: ranked by AUC, trial 0 is the one kept to the end.
    const result = await successiveHalving({
      trials: 9,
      rungs: halvingRungs(2),
      concurrency: 2,
      scoreTrial: async (index) => ({ ...score(0.5 + index / 20), auc: 0.99 - index / 20 }),
      rank: (s) => s.auc!,
    });
    expect(result.best).toBe(0);
    expect(result.trials[0].status).toBe('done');
    expect(result.trials[8].status).toBe('stopped');
  });

  it('runs at most `concurrency` trials at once and scores each rung of a trial in order', async () => {
    let running = 0;
    let peak = 0;
    const rungsOf = new Map<number, number[]>();
    await successiveHalving({
      trials: 12,
      rungs: halvingRungs(2),
      concurrency: 3,
      scoreTrial: async (index, rung) => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, 1 + (index % 3)));
        running--;
        rungsOf.set(index, [...(rungsOf.get(index) ?? []), rung]);
        return score(quality(index));
      },
    });
    expect(peak).toBe(3);
    for (const rungs of rungsOf.values()) expect(rungs).toEqual(rungs.map((_, i) => i));
  });

  it('with fewer trials than a rung needs, still carries the best to the full budget', async () => {
    const result = await successiveHalving({
      trials: 2,
      rungs: halvingRungs(3),
      concurrency: 2,
      scoreTrial: async (index) => score(index === 1 ? 0.9 : 0.5),
    });
    expect(result.best).toBe(1);
    expect(result.trials[1].scores).toHaveLength(3);
    expect(result.trials[0].status).toBe('stopped');
  });

  it('a failing trial is marked, the search goes on', async () => {
    const result = await successiveHalving({
      trials: 4,
      rungs: [1],
      concurrency: 2,
      scoreTrial: async (index) => {
        if (index === 2) throw new Error('bad config');
        return score(index / 10);
      },
    });
    expect(result.trials[2]).toMatchObject({ status: 'failed', error: 'bad config' });
    expect(result.best).toBe(3);
  });

  it('cancel stops it and marks what did not finish', async () => {
    const controller = new AbortController();
    const result = await successiveHalving({
      trials: 6,
      rungs: [1],
      concurrency: 1,
      signal: controller.signal,
      scoreTrial: async (index) => {
        if (index === 1) controller.abort();
        return score(0.5);
      },
    });
    expect(result.cancelled).toBe(true);
    expect(result.trials.filter((t) => t.status === 'cancelled')).toHaveLength(4);
  });
});

/**
 * Asynchronous successive halving (ASHA, Li et al. 2020): every trial first runs on the smallest budget (a
 * fraction of its epochs); whenever a worker is free, a trial in the top 1/eta of those that finished a rung is
 * promoted to the next rung, else a new trial starts. Poor trials are thus stopped early without waiting for a
 * whole rung to finish. A rung retrains from scratch on its budget (a fold's net is not kept between rungs), so
 * a 20-trial search with rungs 1/9, 1/3, 1 costs about a third of 20 full trials.
 *
 * Pure scheduling: `scoreTrial` does the work (cross-validation in a worker), and at most `concurrency` calls
 * are in flight at once.
 */

export type TrialStatus = 'pending' | 'running' | 'stopped' | 'done' | 'failed' | 'cancelled';

export interface TrialScore {
  accuracy: number;
  macroF1: number;
  accuracyStd: number;
  /** Two classes: mean ROC AUC over the folds; null (or absent) otherwise. */
  auc?: number | null;
  seconds: number;
}

export interface TrialProgress {
  index: number;
  status: TrialStatus;
  /** Rungs finished (scores[r] is rung r's); the last is the trial's score. */
  scores: TrialScore[];
  /** The rung running or last run. */
  rung: number;
  error?: string;
}

export interface HalvingOptions {
  trials: number;
  /** Budget fractions, ascending, the last 1: e.g. [1/9, 1/3, 1]; [1] scores every trial once in full. */
  rungs: readonly number[];
  /** Promote the top 1/eta of a rung. Default 3. */
  eta?: number;
  /** Trials promoted whatever their rank, so that they reach the full budget (a reference config). */
  alwaysPromoted?: ReadonlySet<number>;
  concurrency: number;
  scoreTrial(index: number, rung: number, budget: number): Promise<TrialScore>;
  /** The figure trials are ranked by, higher better (default: accuracy). */
  rank?(score: TrialScore): number;
  /** Every change of a trial's status or scores (a copy of every trial). */
  onUpdate?(trials: TrialProgress[]): void;
  signal?: AbortSignal;
}

export interface HalvingResult {
  trials: TrialProgress[];
  /** The trial with the best full-budget score by `rank` (earliest on ties); null when none finished. */
  best: number | null;
  cancelled: boolean;
}

/** Rungs for `count` levels with factor eta: count 3, eta 3 → [1/9, 1/3, 1]. */
export function halvingRungs(count: number, eta = 3): number[] {
  if (!Number.isInteger(count) || count < 1 || count > 6) {
    throw new Error(`Expected the number of rungs to be an integer in [1, 6], got ${count}`);
  }
  return Array.from({ length: count }, (_, i) => eta ** -(count - 1 - i));
}

/** Epochs of a rung: the budget's share of the trial's epochs, at least one. */
export function rungEpochs(epochs: number, budget: number): number {
  return Math.max(1, Math.round(epochs * budget));
}

function checkOptions(o: HalvingOptions, eta: number): void {
  if (!Number.isInteger(o.trials) || o.trials < 1)
    throw new Error(`Expected trials to be an integer >= 1, got ${o.trials}`);
  if (!Number.isInteger(o.concurrency) || o.concurrency < 1) {
    throw new Error(`Expected concurrency to be an integer >= 1, got ${o.concurrency}`);
  }
  if (!(eta > 1)) throw new Error(`Expected eta > 1, got ${eta}`);
  const r = o.rungs;
  if (r.length === 0 || r[r.length - 1] !== 1 || r.some((b, i) => !(b > 0) || (i > 0 && b <= r[i - 1]))) {
    throw new Error(`Expected rungs to be ascending fractions ending in 1, got [${r.join(', ')}]`);
  }
}

export async function successiveHalving(options: HalvingOptions): Promise<HalvingResult> {
  const eta = options.eta ?? 3;
  checkOptions(options, eta);
  const top = options.rungs.length - 1;
  const rank = options.rank ?? ((score: TrialScore) => score.accuracy);
  const trials: TrialProgress[] = Array.from({ length: options.trials }, (_, index) => ({
    index,
    status: 'pending',
    scores: [],
    rung: 0,
  }));
  /** promoted[r]: trials already sent on from rung r. */
  const promoted = options.rungs.map(() => new Set<number>());
  let nextNew = 0;
  let cancelled = false;
  const inFlight = new Map<number, Promise<void>>();
  const publish = () => options.onUpdate?.(trials.map((t) => ({ ...t, scores: [...t.scores] })));

  const finishedAt = (rung: number) =>
    trials
      .filter((t) => t.scores.length > rung)
      .sort((a, b) => rank(b.scores[rung]) - rank(a.scores[rung]) || a.index - b.index);

  /** ASHA's job choice: a promotable trial from the highest rung that has one, else a new trial. */
  const nextJob = (): { index: number; rung: number } | null => {
    for (let r = top - 1; r >= 0; r--) {
      const done = finishedAt(r);
      const quota = Math.floor(done.length / eta);
      const promotable = (t: TrialProgress) =>
        !promoted[r].has(t.index) && t.status !== 'running' && t.status !== 'failed';
      const candidate =
        done.slice(0, quota).find(promotable) ??
        done.find((t) => options.alwaysPromoted?.has(t.index) && promotable(t));
      if (candidate) return { index: candidate.index, rung: r + 1 };
    }
    if (nextNew < options.trials) return { index: nextNew++, rung: 0 };
    return null;
  };

  /** When the trials run out before any reached the full budget, the best so far is carried up to it. */
  const finalJob = (): { index: number; rung: number } | null => {
    if (finishedAt(top).length > 0) return null;
    for (let r = top - 1; r >= 0; r--) {
      const best = finishedAt(r).find((t) => t.status !== 'failed');
      if (best && !promoted[r].has(best.index)) return { index: best.index, rung: r + 1 };
      if (best) return null;
    }
    return null;
  };

  const launch = (job: { index: number; rung: number }) => {
    const trial = trials[job.index];
    if (job.rung > 0) promoted[job.rung - 1].add(job.index);
    trial.status = 'running';
    trial.rung = job.rung;
    publish();
    const run = options
      .scoreTrial(job.index, job.rung, options.rungs[job.rung])
      .then(
        (score) => {
          trial.scores.push(score);
          trial.status = job.rung === top ? 'done' : 'stopped';
        },
        (error: unknown) => {
          if (options.signal?.aborted) {
            trial.status = 'cancelled';
          } else {
            trial.status = 'failed';
            trial.error = error instanceof Error ? error.message : String(error);
          }
        },
      )
      .finally(() => {
        inFlight.delete(job.index);
        publish();
      });
    inFlight.set(job.index, run);
  };

  for (;;) {
    if (options.signal?.aborted) {
      cancelled = true;
      break;
    }
    let job: { index: number; rung: number } | null;
    while (inFlight.size < options.concurrency && (job = nextJob()) !== null) launch(job);
    if (inFlight.size === 0) {
      const last = finalJob();
      if (!last) break;
      launch(last);
    }
    await Promise.race(inFlight.values());
  }
  if (cancelled) {
    await Promise.allSettled(inFlight.values());
    for (const t of trials) if (t.status === 'pending' || t.status === 'running') t.status = 'cancelled';
    publish();
  }
  const finished = finishedAt(top).filter((t) => t.status === 'done');
  return {
    trials: trials.map((t) => ({ ...t, scores: [...t.scores] })),
    best: finished[0]?.index ?? null,
    cancelled,
  };
}

/**
 * Starts and cancels the Train view's hyper-parameter search, and trains its best config as a normal run.
 * The search runs on a pool of Web Workers (`src/workers/sweepClient.ts`), one trial each at a time; its live
 * report goes to the store.
 */
import { kFold } from '../../../core/data/split';
import type { TabularDataset } from '../../../core/data/tabular';
import { baseConfigFor } from '../../../core/sweep/configs';
import { createTrialPool } from '../../../core/sweep/pool';
import { runSearch } from '../../../core/sweep/search';
import { SWEEPABLE_FAMILIES, searchSpaceFor } from '../../../core/sweep/space';
import { useAppStore } from '../../../state/store';
import { createSweepWorkers, sweepWorkerCount, type SweepWorkers } from '../../../workers/sweepClient';
import { validateDraft } from '../configure/draft';
import { startRun } from '../trainController';
import { currentTable } from '../data/datasetService';
import { resolveKept, selectColumns } from '../data/featureTable';

const store = () => useAppStore.getState();
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

let active: { controller: AbortController; workers: SweepWorkers | null } | null = null;

/** The table's kept columns as a dataset for the search, or a message saying why there is none. */
function searchRows(): TabularDataset | string {
  const table = currentTable();
  if (!table) return 'There is no data to search on yet: add labelled clips or a CSV file first';
  if (table.inputShape.length > 1) {
    return 'A search scores flat feature rows; log-mel patches are not: choose the frames or GTZAN features';
  }
  const selected = selectColumns(table, resolveKept(table.columns, store().keptFeatures));
  return {
    features: selected.x,
    rows: table.rows,
    columns: selected.columns,
    labels: table.labels.slice(),
    classNames: [...table.classNames],
    groups: [...table.groups],
    ids: [...table.ids],
    dropped: [],
    ignoredColumns: [],
  };
}

/** Runs a search with the panel's settings; its trials and the best land in the store. */
export async function startSweep(): Promise<void> {
  if (active) return;
  const s = store();
  const settings = s.sweepSettings;
  const fail = (message: string) => s.patchSweep({ sweepPhase: 'error', sweepError: message });
  const rows = searchRows();
  if (typeof rows === 'string') return fail(rows);
  const { family, trials, folds, sampler, seed, objective } = settings;
  if (!SWEEPABLE_FAMILIES.includes(family)) return fail(`A search cannot score the ${family} family`);
  if (!Number.isInteger(trials) || trials < 1 || trials > 200) {
    return fail(`Expected trials to be an integer from 1 to 200, got ${String(trials)}`);
  }
  if (!Number.isInteger(folds) || folds < 2 || folds > 20) {
    return fail(`Expected folds to be an integer from 2 to 20, got ${String(folds)}`);
  }
  if (objective === 'auc' && rows.classNames.length !== 2) {
    return fail(
      `Ranking by ROC AUC needs two classes, and the data has ${rows.classNames.length}: rank by accuracy`,
    );
  }
  try {
    // The folds' own checks (too few files or rows of a class), before any worker starts.
    kFold(rows.labels, rows.groups, folds, seed);
  } catch (error) {
    return fail(messageOf(error));
  }
  const controller = new AbortController();
  const count = sweepWorkerCount(trials);
  active = { controller, workers: null };
  s.patchSweep({ sweepPhase: 'running', sweepReport: null, sweepError: null, sweepWorkers: count });
  const workers = createSweepWorkers(rows, count);
  active.workers = workers;
  try {
    const pool = createTrialPool(workers.workers);
    const report = await runSearch({
      space: searchSpaceFor(family),
      base: baseConfigFor(family, 'tabular', { rows: rows.rows, classes: rows.classNames.length }),
      sampler,
      trials,
      folds,
      seed,
      objective,
      concurrency: pool.size,
      runTrial: pool.runTrial,
      signal: controller.signal,
      onUpdate: (r) => {
        if (!controller.signal.aborted) store().patchSweep({ sweepReport: r });
      },
    });
    const failed = report.trials.find((t) => t.status === 'failed');
    store().patchSweep({
      sweepReport: report,
      sweepPhase: report.cancelled ? 'cancelled' : report.best ? 'done' : 'error',
      sweepError: report.best || report.cancelled ? null : `No trial finished: ${failed?.error ?? 'unknown'}`,
    });
  } catch (error) {
    store().patchSweep({ sweepPhase: 'error', sweepError: messageOf(error) });
  } finally {
    workers.dispose();
    active = null;
  }
}

/** Stops the search: the trials in flight end at once (their workers are stopped). */
export function cancelSweep(): void {
  if (!active) return;
  active.controller.abort();
  active.workers?.dispose('The search was cancelled');
}

/**
 * Trains the best config of the last search as a normal run (split, seeds and augmentation from the Configure
 * step), so that it can be judged, compared and kept like any other.
 */
export async function trainBest(): Promise<string | null> {
  const s = store();
  const best = s.sweepReport?.best;
  if (!best) {
    s.reportError('There is no best config yet: run a search first', 'train.start');
    return null;
  }
  const table = currentTable();
  if (!s.trainDraft || !table) {
    s.reportError('There is no data to train on yet: add labelled clips or a CSV file first', 'train.start');
    return null;
  }
  const { valid, errors } = validateDraft(
    s.trainDraft,
    { labels: table.labels, groups: table.groups },
    s.datasetSource === 'audio',
  );
  if (!valid) {
    s.reportError(`Fix the Configure step first: ${errors[0]?.message ?? 'invalid settings'}`, 'train.start');
    return null;
  }
  return startRun({ ...valid, model: best.config.model, training: best.config.training });
}

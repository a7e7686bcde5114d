/**
 * The Compare table's rows: each run's settings and final test scores, flattened for display and sorting,
 * and its per-epoch curves for overlaying.
 */
import type { RunsSort, RunSortKey } from '../../../state/runs';
import type { EpochLog, RunPhase, RunRecord } from '../../../state/training';
import type { CurveSeries } from '../../charts/curvesData';
import { curveEpochs, hasEpochs } from '../watch/modelSteps';

export interface RunRow {
  id: string;
  name: string;
  createdAt: string;
  phase: RunPhase;
  family: string;
  /** null for k-NN, which has no optimiser. */
  optimizer: string | null;
  learningRate: number | null;
  /** Epochs logged (training phase) and asked for. */
  epochs: number;
  plannedEpochs: number | null;
  batchSize: number | null;
  featureSet: string;
  classes: number;
  rows: number;
  backend: string | null;
  accuracy: number | null;
  macroF1: number | null;
  auc: number | null;
}

export function runRow(run: RunRecord): RunRow {
  const family = run.config.model.family;
  const trains = hasEpochs(run.config.model);
  const result = run.result;
  return {
    id: run.id,
    name: run.name,
    createdAt: run.createdAt,
    phase: run.phase,
    family,
    optimizer: trains ? run.config.training.optimizer.type : null,
    learningRate: trains ? run.config.training.optimizer.learningRate : null,
    epochs: curveEpochs(run.config.model, run.epochs).filter((e) => e.phase === 'train').length,
    plannedEpochs: trains ? run.config.training.epochs : null,
    batchSize: trains ? run.config.training.batchSize : null,
    featureSet: run.datasetSummary.featureSet,
    classes: run.datasetSummary.classNames.length,
    rows: run.datasetSummary.rows,
    backend: run.backend,
    accuracy: result?.evaluation.accuracy ?? null,
    macroF1: result?.evaluation.macroF1 ?? null,
    auc: result?.rocCurve?.auc ?? null,
  };
}

function valueOf(row: RunRow, key: RunSortKey): string | number | null {
  switch (key) {
    case 'epochs':
      return row.epochs;
    default:
      return row[key];
  }
}

/** Rows in the chosen order; a missing value (a k-NN's optimiser, an unfinished run's scores) sorts last. */
export function sortRunRows(rows: readonly RunRow[], sort: RunsSort): RunRow[] {
  const sign = sort.direction === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const va = valueOf(a, sort.key);
    const vb = valueOf(b, sort.key);
    if (va === null || vb === null) {
      if (va === vb) return a.createdAt.localeCompare(b.createdAt);
      return va === null ? 1 : -1;
    }
    const order =
      typeof va === 'number' && typeof vb === 'number'
        ? va - vb
        : String(va).localeCompare(String(vb), undefined, { numeric: true });
    return order * sign || a.createdAt.localeCompare(b.createdAt);
  });
}

export type CurveMetric = 'valLoss' | 'valAcc' | 'loss' | 'acc';

/** One series per run of a per-epoch figure (training-phase epochs only; pretraining is another loss). */
export function runCurves(runs: readonly RunRecord[], metric: CurveMetric): CurveSeries[] {
  return runs.map((run) => ({
    id: run.id,
    name: run.name,
    points: curveEpochs(run.config.model, run.epochs)
      .filter((e: EpochLog) => e.phase === 'train')
      .map((e) => ({ epoch: e.epoch, value: e[metric] })),
  }));
}

/** Whether any of the runs logged this figure (a run without a validation split has no val curves). */
export function hasCurve(runs: readonly RunRecord[], metric: CurveMetric): boolean {
  return runs.some((run) =>
    curveEpochs(run.config.model, run.epochs).some((e) => e.phase === 'train' && e[metric] !== null),
  );
}

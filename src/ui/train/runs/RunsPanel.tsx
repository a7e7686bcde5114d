import { useMemo } from 'react';
import type { RunSortKey } from '../../../state/runs';
import { useAppStore } from '../../../state/store';
import { CurvesChart } from '../../charts/CurvesChart';
import { percent } from '../judge/judgeData';
import { hasCurve, runCurves, runRow, sortRunRows, type RunRow } from './runRows';

interface Column {
  key: RunSortKey;
  label: string;
  numeric?: boolean;
  cell: (row: RunRow) => string;
}

const COLUMNS: Column[] = [
  { key: 'name', label: 'Run', cell: (r) => r.name },
  { key: 'family', label: 'Model', cell: (r) => r.family },
  { key: 'optimizer', label: 'Optimiser', cell: (r) => r.optimizer ?? '–' },
  {
    key: 'learningRate',
    label: 'LR',
    numeric: true,
    cell: (r) => (r.learningRate === null ? '–' : String(r.learningRate)),
  },
  {
    key: 'epochs',
    label: 'Epochs',
    numeric: true,
    cell: (r) => (r.plannedEpochs === null ? '–' : `${r.epochs}/${r.plannedEpochs}`),
  },
  {
    key: 'batchSize',
    label: 'Batch',
    numeric: true,
    cell: (r) => (r.batchSize === null ? '–' : String(r.batchSize)),
  },
  { key: 'accuracy', label: 'Accuracy', numeric: true, cell: (r) => percent(r.accuracy) },
  { key: 'macroF1', label: 'Macro-F1', numeric: true, cell: (r) => percent(r.macroF1) },
  { key: 'auc', label: 'AUC', numeric: true, cell: (r) => (r.auc === null ? '–' : r.auc.toFixed(3)) },
];

const PHASE_TEXT: Record<RunRow['phase'], string> = {
  starting: 'starting',
  training: 'training',
  evaluating: 'evaluating',
  done: 'done',
  cancelled: 'cancelled',
  error: 'failed',
};

/** Every run of this visit with its settings and test scores, sortable; tick runs to overlay their curves. */
export function RunsPanel() {
  const runs = useAppStore((s) => s.runs);
  const sort = useAppStore((s) => s.runsSort);
  const sortRunsBy = useAppStore((s) => s.sortRunsBy);
  const comparedIds = useAppStore((s) => s.comparedRunIds);
  const toggleComparedRun = useAppStore((s) => s.toggleComparedRun);
  const judgeRun = useAppStore((s) => s.judgeRun);

  const rows = useMemo(() => sortRunRows(runs.map(runRow), sort), [runs, sort]);
  const compared = useMemo(
    () => comparedIds.map((id) => runs.find((r) => r.id === id)).filter((r) => r !== undefined),
    [comparedIds, runs],
  );
  const valLoss = useMemo(() => runCurves(compared, 'valLoss'), [compared]);
  const valAcc = useMemo(() => runCurves(compared, 'valAcc'), [compared]);
  const hasValidation = hasCurve(compared, 'valLoss');
  const trainLoss = useMemo(() => runCurves(compared, 'loss'), [compared]);

  if (runs.length === 0) {
    return (
      <section className="card runs" data-testid="train.runs">
        <h2>Compare runs</h2>
        <p className="muted">
          Each training run is listed here with its settings and scores, to compare them.
        </p>
      </section>
    );
  }

  return (
    <section className="card runs" data-testid="train.runs">
      <h2>Compare runs</h2>
      <div className="table-scroll">
        <table className="features runs__table" data-testid="train.runs-table">
          <caption>
            Scores on each run&apos;s test split. Tick runs to overlay their curves; click a name to judge it.
          </caption>
          <thead>
            <tr>
              <th scope="col">
                <span className="visually-hidden">Overlay</span>
              </th>
              {COLUMNS.map((c) => (
                <th
                  key={c.key}
                  scope="col"
                  className={c.numeric ? 'num' : undefined}
                  aria-sort={
                    sort.key === c.key ? (sort.direction === 'asc' ? 'ascending' : 'descending') : 'none'
                  }
                >
                  <button
                    type="button"
                    className="runs__sort"
                    data-testid={`train.runs-sort-${c.key}`}
                    onClick={() => sortRunsBy(c.key)}
                  >
                    {c.label}
                    <span aria-hidden="true" className="runs__arrow">
                      {sort.key === c.key ? (sort.direction === 'asc' ? '▲' : '▼') : ''}
                    </span>
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.id} data-testid="train.run-row" data-run-id={row.id}>
                <td>
                  <input
                    type="checkbox"
                    checked={comparedIds.includes(row.id)}
                    onChange={() => toggleComparedRun(row.id)}
                    aria-label={`Overlay the curves of ${row.name}`}
                    data-testid="train.run-compare"
                  />
                </td>
                {COLUMNS.map((c) =>
                  c.key === 'name' ? (
                    <th key={c.key} scope="row">
                      {row.accuracy !== null ? (
                        <button type="button" className="runs__name" onClick={() => judgeRun(row.id)}>
                          {row.name}
                        </button>
                      ) : (
                        row.name
                      )}
                      {row.phase !== 'done' && <span className="runs__state">{PHASE_TEXT[row.phase]}</span>}
                    </th>
                  ) : (
                    <td key={c.key} className={c.numeric ? 'num' : undefined}>
                      {c.cell(row)}
                    </td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {compared.length === 0 ? (
        <p className="muted">Tick one or more runs to overlay their curves.</p>
      ) : hasValidation ? (
        <div className="runs__curves" data-testid="train.runs-curves">
          <CurvesChart series={valLoss} title="Validation loss" testId="train.runs-val-loss" />
          <CurvesChart
            series={valAcc}
            title="Validation accuracy"
            yDomain={[0, 1]}
            format={(v) => `${Math.round(v * 100)}%`}
            testId="train.runs-val-acc"
          />
        </div>
      ) : (
        <div className="runs__curves" data-testid="train.runs-curves">
          <CurvesChart series={trainLoss} title="Training loss (these runs kept no validation split)" />
        </div>
      )}
    </section>
  );
}

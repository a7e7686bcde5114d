import { useMemo } from 'react';
import { FAMILY_LABELS } from '../configure/draft';
import { describeSettings, formatValue } from '../../../core/sweep/configs';
import { SAMPLERS, type SamplerKind } from '../../../core/sweep/sampler';
import { SWEEP_OBJECTIVES, type SweepObjective } from '../../../core/sweep/search';
import { SWEEPABLE_FAMILIES, searchSpaceFor } from '../../../core/sweep/space';
import type { ModelFamily } from '../../../core/models/config';
import { useAppStore } from '../../../state/store';
import { SettingScatters } from './SettingScatters';
import { cancelSweep, startSweep, trainBest } from './sweepController';
import { settingPlots, STATUS_TEXT } from './sweepPlotData';
import './sweep.css';

const percent = (x: number | null) => (x === null ? '–' : `${(x * 100).toFixed(1)} %`);
const aucText = (x: number | null | undefined) => (typeof x === 'number' ? x.toFixed(4) : '–');
const OBJECTIVE_TEXT: Record<SweepObjective, string> = {
  accuracy: 'Accuracy',
  auc: 'ROC AUC (two classes)',
};

/** Reads a whole number from a field, or keeps the text as typed (the controller names a bad one). */
const asInt = (text: string) => (/^\d+$/.test(text.trim()) ? Number(text) : (text as unknown as number));

/**
 * Search settings: choose a family, trials, folds and sampler; trials run on a pool of workers, each scored by
 * grouped k-fold CV, poor ones stopped early; the best config can then be trained as a normal run.
 */
export function SweepPanel() {
  const settings = useAppStore((s) => s.sweepSettings);
  const setSettings = useAppStore((s) => s.setSweepSettings);
  const phase = useAppStore((s) => s.sweepPhase);
  const report = useAppStore((s) => s.sweepReport);
  const error = useAppStore((s) => s.sweepError);
  const workers = useAppStore((s) => s.sweepWorkers);
  const hasData = useAppStore((s) => (s.tableSummary?.rows ?? 0) > 0);
  const training = useAppStore((s) =>
    s.runs.some((r) => ['starting', 'training', 'evaluating'].includes(r.phase)),
  );
  const running = phase === 'running';
  const space = useMemo(() => (report ? searchSpaceFor(report.family as ModelFamily) : null), [report]);
  const plots = useMemo(() => (report && space ? settingPlots(report, space.params) : []), [report, space]);
  // Two-class searches score an ROC AUC per trial: shown beside accuracy, whichever ranks.
  const showAuc = report?.trials.some((t) => typeof t.auc === 'number') ?? false;
  const byAuc = report?.objective === 'auc';
  const finished =
    report?.trials.filter((t) => t.status === 'done' || t.status === 'stopped' || t.status === 'failed')
      .length ?? 0;

  return (
    <section className="card train-step sweep" aria-labelledby="sweep-title" data-testid="sweep.panel">
      <div className="train-step__header">
        <h2 id="sweep-title">Search settings</h2>
        <span className={`status status--${phase}`} data-testid="sweep.status" role="status">
          {phase}
        </span>
      </div>
      <p className="muted">
        Try many configurations of one family: each trial is scored by k-fold cross-validation (grouped by
        file, stratified by class); the networks&apos; poor trials stop early (successive halving on their
        epochs).
      </p>
      <div className="config-grid sweep__form">
        <div className="field">
          <label className="field__label" htmlFor="sweep-family">
            Family
          </label>
          <select
            id="sweep-family"
            className="field__input"
            data-testid="sweep.family"
            value={settings.family}
            disabled={running}
            onChange={(e) => setSettings({ family: e.target.value as ModelFamily })}
          >
            {SWEEPABLE_FAMILIES.map((f) => (
              <option key={f} value={f}>
                {FAMILY_LABELS[f] ?? f}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label className="field__label" htmlFor="sweep-trials">
            Trials
          </label>
          <input
            id="sweep-trials"
            className="field__input"
            inputMode="numeric"
            data-testid="sweep.trials"
            value={String(settings.trials)}
            disabled={running}
            onChange={(e) => setSettings({ trials: asInt(e.target.value) })}
          />
        </div>
        <div className="field">
          <label className="field__label" htmlFor="sweep-folds">
            Folds
          </label>
          <input
            id="sweep-folds"
            className="field__input"
            inputMode="numeric"
            data-testid="sweep.folds"
            value={String(settings.folds)}
            disabled={running}
            onChange={(e) => setSettings({ folds: asInt(e.target.value) })}
          />
        </div>
        <div className="field">
          <label className="field__label" htmlFor="sweep-sampler">
            Sampler
          </label>
          <select
            id="sweep-sampler"
            className="field__input"
            data-testid="sweep.sampler"
            value={settings.sampler}
            disabled={running}
            onChange={(e) => setSettings({ sampler: e.target.value as SamplerKind })}
          >
            {SAMPLERS.map((s) => (
              <option key={s} value={s}>
                {s === 'random' ? 'Random (log scales where fitting)' : 'Grid (distinct grid points)'}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label className="field__label" htmlFor="sweep-objective">
            Rank trials by
          </label>
          <select
            id="sweep-objective"
            className="field__input"
            data-testid="sweep.objective"
            value={settings.objective}
            disabled={running}
            title="ROC AUC judges how well a two-class model ranks the rare class; accuracy says little when one class is most rows"
            onChange={(e) => setSettings({ objective: e.target.value as SweepObjective })}
          >
            {SWEEP_OBJECTIVES.map((o) => (
              <option key={o} value={o}>
                {OBJECTIVE_TEXT[o]}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="train-row">
        <button
          type="button"
          className="button"
          data-testid="sweep.start"
          disabled={running || !hasData}
          title={hasData ? 'Search in background workers' : 'Add data first'}
          onClick={() => void startSweep()}
        >
          Start search
        </button>
        <button
          type="button"
          className="button button--secondary"
          data-testid="sweep.cancel"
          disabled={!running}
          onClick={cancelSweep}
        >
          Cancel
        </button>
        {report && (
          <span className="muted" data-testid="sweep.progress">
            {finished}/{report.trials.length} trials scored
            {running ? ` on ${workers} worker${workers === 1 ? '' : 's'}` : ''}
          </span>
        )}
      </div>
      {error && (
        <p className="notice notice--error" role="alert" data-testid="sweep.error">
          {error}
        </p>
      )}
      {report && (
        <>
          <div className="table-scroll">
            <table className="features sweep__table" data-testid="sweep.table">
              <caption>
                Trials of the {report.family} search, {report.folds}-fold CV accuracy
                {showAuc ? ' and ROC AUC' : ''} (mean over folds){byAuc ? ', ranked by ROC AUC' : ''}.
              </caption>
              <thead>
                <tr>
                  <th scope="col">Trial</th>
                  {space?.params.map((p) => (
                    <th key={p.name} scope="col">
                      {p.name}
                    </th>
                  ))}
                  <th scope="col" className="num" title="Epochs the trial trained at its last rung">
                    Trained
                  </th>
                  <th scope="col" className="num">
                    Accuracy
                  </th>
                  {showAuc && (
                    <th scope="col" className="num">
                      ROC AUC
                    </th>
                  )}
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {report.trials.map((t) => (
                  <tr
                    key={t.trial}
                    data-testid="sweep.row"
                    data-status={t.status}
                    className={report.best?.trial === t.trial ? 'sweep__best' : undefined}
                  >
                    <th
                      scope="row"
                      title={t.base ? 'The recommended config the search starts from' : undefined}
                    >
                      #{t.trial}
                      {t.base ? ' (recommended)' : ''}
                    </th>
                    {space?.params.map((p) => (
                      <td key={p.name}>{formatValue(t.settings[p.name])}</td>
                    ))}
                    <td className="num">{t.budget ?? '–'}</td>
                    <td className="num" data-testid="sweep.accuracy">
                      {percent(t.accuracy)}
                    </td>
                    {showAuc && (
                      <td className="num" data-testid="sweep.auc">
                        {aucText(t.auc)}
                      </td>
                    )}
                    <td title={t.error}>{STATUS_TEXT[t.status]}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <SettingScatters plots={plots} />
        </>
      )}
      {report?.best && (
        <div className="train-row sweep__best-row">
          <p data-testid="sweep.best">
            Best{byAuc ? ' by ROC AUC' : ''}: trial {report.best.trial}, {percent(report.best.accuracy)}
            {typeof report.best.auc === 'number' ? `, AUC ${aucText(report.best.auc)}` : ''} (
            {describeSettings(report.best.settings)})
          </p>
          <button
            type="button"
            className="button"
            data-testid="sweep.train-best"
            disabled={running || training}
            onClick={() => void trainBest()}
          >
            Train the best
          </button>
        </div>
      )}
    </section>
  );
}

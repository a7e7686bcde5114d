import { useMemo } from 'react';
import { BACKEND_PREFERENCES, type BackendPreference } from '../../../core/backend';
import { useAppStore } from '../../../state/store';
import { FieldErrors } from '../../FieldErrors';
import type { EpochLog } from '../../../state/training';
import { useTrainDraft } from '../configure/ConfigurePanel';
import { cancelRun, startRun } from '../trainController';
import { curveEpochs, hasEpochs, progressText } from './modelSteps';
import { RunResultSummary } from './RunResultSummary';
import { isRunActive, trainStatus } from './trainStatus';
import { TrainingCurves } from './TrainingCurves';

const NO_EPOCHS: EpochLog[] = [];

const BACKEND_LABELS: Record<BackendPreference, string> = {
  auto: 'Automatic (recommended)',
  webgl: 'WebGL (GPU)',
  wasm: 'WASM (CPU, SIMD)',
  cpu: 'Plain JavaScript (CPU)',
};

const PHASE_TEXT = {
  starting: 'Setting up TensorFlow.js and building the model…',
  training: 'Training…',
  evaluating: 'Scoring the test split and saving the model…',
} as const;

/** Step 4: start (in the training worker), watch the curves live, cancel, read the test scores. */
export function WatchPanel() {
  const { valid } = useTrainDraft();
  const datasetPhase = useAppStore((s) => s.datasetPhase);
  const problem = useAppStore((s) => s.datasetProblem);
  const summary = useAppStore((s) => s.tableSummary);
  const run = useAppStore((s) => s.runs.find((r) => r.id === s.activeRunId) ?? null);
  const backendChoice = useAppStore((s) => s.trainBackend);
  const setBackendChoice = useAppStore((s) => s.setTrainBackend);
  const status = trainStatus(datasetPhase, run?.phase ?? null);
  const active = isRunActive(run?.phase);
  const busyData = status === 'extracting';
  const canStart = !!valid && !!summary && summary.rows > 0 && !problem && !active && !busyData;
  const trainEpochs = run?.epochs.filter((e) => e.phase === 'train') ?? [];
  const last = trainEpochs[trainEpochs.length - 1];
  const runModel = run?.config.model;
  const runEpochs = run?.epochs ?? NO_EPOCHS;
  const progress = runModel ? progressText(runModel, runEpochs) : null;
  const curves = useMemo(
    () => (runModel ? curveEpochs(runModel, runEpochs) : NO_EPOCHS),
    [runModel, runEpochs],
  );
  const model = runModel ?? valid?.model;
  const why =
    !summary || summary.rows === 0
      ? 'Add data first'
      : problem
        ? problem
        : !valid
          ? 'Fix the configuration first'
          : undefined;

  return (
    <section className="card train-step" aria-labelledby="train-watch-title" data-testid="train.watch">
      <div className="train-step__header">
        <h2 id="train-watch-title">
          <span className="train-step__number">4</span> Train and watch
        </h2>
        <span className={`status status--${status}`} data-testid="train.status" role="status">
          {status}
        </span>
      </div>
      <div className="train-row">
        <button
          type="button"
          className="button"
          data-testid="train.start"
          disabled={!canStart}
          title={canStart ? 'Train in a background worker' : why}
          onClick={() => valid && void startRun(valid)}
        >
          Start training
        </button>
        <button
          type="button"
          className="button button--secondary"
          data-testid="train.cancel"
          disabled={!active}
          onClick={cancelRun}
        >
          Cancel
        </button>
        <label className="train-backend-choice">
          Compute on{' '}
          <select
            data-testid="train.backend-choice"
            value={backendChoice}
            disabled={active}
            onChange={(event) => setBackendChoice(event.target.value as BackendPreference)}
          >
            {BACKEND_PREFERENCES.map((name) => (
              <option key={name} value={name}>
                {BACKEND_LABELS[name]}
              </option>
            ))}
          </select>
        </label>
        {run && (
          <span className="muted" data-testid="train.run-name">
            {run.name}
          </span>
        )}
      </div>
      <FieldErrors source="train.start" />
      {run && (
        <p className="train-backend muted">
          Backend:{' '}
          <strong data-testid="train.backend" data-backend={run.backend ?? ''} title={run.backendReason}>
            {run.backendLabel ?? run.backend ?? '…'}
          </strong>
          {run.backendReason && <span> — {run.backendReason}</span>}
        </p>
      )}
      {run && active && (
        <p className="progress" role="status" data-testid="train.progress">
          {run.phase === 'training' && progress ? progress : PHASE_TEXT[run.phase as keyof typeof PHASE_TEXT]}
          {run.phase === 'training' && last && (
            <progress aria-label="Epochs" value={last.epoch} max={last.epochs} />
          )}
        </p>
      )}
      {run?.phase === 'error' && (
        <p className="train-problem" data-testid="train.run-error">
          {run.error}
        </p>
      )}
      {run?.phase === 'cancelled' && (
        <p className="muted">Cancelled{progress ? ` (last reported: ${progress})` : ''}.</p>
      )}
      {/* Mounted before the first run, so that starting one only feeds it data. */}
      {(!model || hasEpochs(model)) && (
        <TrainingCurves
          epochs={curves}
          totalEpochs={run ? run.config.training.epochs : (valid?.training.epochs ?? 25)}
          interactive={!active}
          hasValidation={run ? (run.datasetSummary.split?.val ?? 0) > 0 : (valid?.split.val ?? 0) > 0}
        />
      )}
      {run?.phase === 'done' && <RunResultSummary run={run} />}
    </section>
  );
}

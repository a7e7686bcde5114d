import type { RunRecord } from '../../../state/training';
import { stoppingFacts } from './stopping';
import { voteStepsText } from './modelSteps';
import { SmallDataFacts } from '../judge/SmallDataFacts';

const pct = (v: number) => `${(v * 100).toFixed(1)} %`;

/** The finished run's scores on its test split, in a line of facts. */
export function RunResultSummary({ run }: { run: RunRecord }) {
  const result = run.result;
  if (!result) return null;
  const split = run.datasetSummary.split;
  const chance = 1 / run.datasetSummary.classNames.length;
  const stopping = stoppingFacts(run);
  const voteSteps = voteStepsText(run.config.model, run.epochs);
  return (
    <dl className="facts train-result" data-testid="train.result">
      {result.crossValidation && <SmallDataFacts cv={result.crossValidation} testId="train.result-cv" />}
      <div>
        <dt>
          {result.crossValidation
            ? `Test accuracy (${result.testRows} rows: too few alone)`
            : 'Test accuracy'}
        </dt>
        <dd data-testid="train.test-accuracy" data-value={result.evaluation.accuracy}>
          {pct(result.evaluation.accuracy)}
        </dd>
      </div>
      <div>
        <dt>Chance</dt>
        <dd>{pct(chance)}</dd>
      </div>
      <div>
        <dt>Macro F1</dt>
        <dd data-testid="train.test-f1" data-value={result.evaluation.macroF1}>
          {result.evaluation.macroF1.toFixed(3)}
        </dd>
      </div>
      {result.rocCurve && (
        <div>
          <dt>ROC AUC ({run.datasetSummary.classNames[1]})</dt>
          <dd data-testid="train.test-auc" data-value={result.rocCurve.auc}>
            {result.rocCurve.auc.toFixed(3)}
          </dd>
        </div>
      )}
      {result.threshold && (
        <div>
          <dt>Threshold (F1 on {result.thresholdSource})</dt>
          <dd>{result.threshold.threshold.toFixed(3)}</dd>
        </div>
      )}
      <div>
        <dt>Test rows</dt>
        <dd
          data-testid="train.split-rows"
          data-train={split?.train}
          data-augmented={split?.augmented}
          data-val={split?.val}
          data-test={result.testRows}
        >
          {result.testRows}
          {split && (
            <span className="muted">
              {' '}
              (train {split.train}
              {split.augmented ? ` + ${split.augmented} augmented` : ''}, val {split.val})
            </span>
          )}
        </dd>
      </div>
      {stopping && (
        <div>
          <dt>{stopping.label}</dt>
          <dd data-testid="train.stopping" data-stop-reason={result.stopReason}>
            {stopping.text}
          </dd>
        </div>
      )}
      {voteSteps && (
        <div>
          <dt>Models fitted</dt>
          <dd data-testid="train.vote-steps">{voteSteps}</dd>
        </div>
      )}
      <div>
        <dt>Time</dt>
        <dd>{result.totalSeconds.toFixed(1)} s</dd>
      </div>
    </dl>
  );
}

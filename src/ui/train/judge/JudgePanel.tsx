import { isClassicFamily } from '../../../core/models/classic/families';
import { calibrationLine } from '../../../core/train/calibrate';
import { useAppStore } from '../../../state/store';
import { ConfusionMatrix } from '../../charts/ConfusionMatrix';
import { percent, positiveClassOf, startingThreshold } from './judgeData';
import { PerClassTable } from './PerClassTable';
import { RunScatter } from './RunScatter';
import { SmallDataFacts } from './SmallDataFacts';
import { ThresholdPanel } from './ThresholdPanel';
import { useJudgedRun, useRunArtifacts } from './useJudgedRun';

/** Room for the matrix's cells beside the per-class table (20 classes still get 24-px cells, below it). */
const CONFUSION_GRID_WIDTH = 330;

/**
 * How a finished run does on its held-out test split: confusion matrix, per-class scores, and for two
 * classes the ROC curve and a threshold to tune; the embedding scatter when the run has one.
 */
export function JudgePanel() {
  const run = useJudgedRun();
  const runs = useAppStore((s) => s.runs);
  const judgeRun = useAppStore((s) => s.judgeRun);
  const chosen = useAppStore((s) => (run ? s.chosenThresholds[run.id] : undefined));
  const chooseThreshold = useAppStore((s) => s.chooseThreshold);
  const artifacts = useRunArtifacts(run?.id ?? null);
  const finished = runs.filter((r) => r.phase === 'done' && r.result);

  if (!run?.result) {
    return (
      <section className="card judge" data-testid="train.judge">
        <h2>Judge</h2>
        <p className="muted" data-testid="train.judge-empty">
          When a run finishes, its confusion matrix, per-class scores and (for two classes) ROC curve and
          threshold appear here, measured on test rows the model never trained on.
        </p>
      </section>
    );
  }

  const { result } = run;
  const classNames = run.datasetSummary.classNames;
  const twoClasses = classNames.length === 2;
  const threshold = startingThreshold(result, chosen);

  return (
    <section className="card judge" data-testid="train.judge" data-run-id={run.id}>
      <div className="judge__head">
        <h2>Judge</h2>
        {finished.length > 1 && (
          <label className="judge__picker">
            Run{' '}
            <select
              value={run.id}
              data-testid="train.judge-run"
              onChange={(event) => judgeRun(event.target.value)}
            >
              {finished.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.name}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      <dl className="facts" data-testid="train.judge-summary">
        <div>
          <dt>Run</dt>
          <dd>{run.name}</dd>
        </div>
        {result.crossValidation && <SmallDataFacts cv={result.crossValidation} testId="train.judge-cv" />}
        <div>
          <dt>
            {result.crossValidation
              ? `Test accuracy (${result.testRows} rows: too few alone)`
              : 'Test accuracy'}
          </dt>
          <dd data-testid="train.judge-accuracy" data-value={result.evaluation.accuracy}>
            {percent(result.evaluation.accuracy)}
          </dd>
        </div>
        <div>
          <dt>Macro-F1</dt>
          <dd data-value={result.evaluation.macroF1}>{percent(result.evaluation.macroF1)}</dd>
        </div>
        {result.rocCurve && (
          <div>
            <dt>AUC</dt>
            <dd>{result.rocCurve.auc.toFixed(3)}</dd>
          </div>
        )}
        <div>
          <dt>Test rows</dt>
          <dd>{result.testRows}</dd>
        </div>
        {run.backend && (
          <div>
            <dt>Backend</dt>
            <dd>{run.backendLabel ?? run.backend}</dd>
          </div>
        )}
      </dl>
      {result.calibration && (
        <p className="muted" data-testid="train.judge-calibration">
          {calibrationLine(result.calibration)}
        </p>
      )}
      <div className="judge__grid">
        <ConfusionMatrix
          matrix={result.evaluation.confusion}
          classNames={classNames}
          maxGridWidth={CONFUSION_GRID_WIDTH}
          testId="train.confusion"
        />
        <PerClassTable evaluation={result.evaluation} />
      </div>
      {twoClasses && artifacts && (
        <ThresholdPanel
          key={run.id}
          classNames={classNames}
          test={artifacts.test}
          defaultPositive={positiveClassOf(classNames, artifacts.bundle.meta.task)}
          curve={result.rocCurve}
          tuned={result.threshold}
          tunedOn={result.thresholdSource}
          threshold={threshold}
          onThreshold={(t) => chooseThreshold(run.id, t)}
        />
      )}
      {artifacts?.projection && (
        <RunScatter
          projection={artifacts.projection}
          classNames={classNames}
          probabilities={isClassicFamily(run.config.model.family) || run.config.model.family === 'voting'}
        />
      )}
    </section>
  );
}

import { useMemo } from 'react';
import type { ScoredSplit } from '../../../browser/runResults';
import { rocCurve, type RocCurve } from '../../../core/eval/roc';
import type { ThresholdChoice } from '../../../core/eval/threshold';
import { binaryCountsAt, histogramData } from '../../charts/histogramData';
import { ProbabilityHistogram } from '../../charts/ProbabilityHistogram';
import { RocChart } from '../../charts/RocChart';
import { binaryLabels, percent, positiveScores } from './judgeData';

interface ThresholdPanelProps {
  /** The two classes; the second is the positive one. */
  classNames: readonly string[];
  test: ScoredSplit;
  /** The job's ROC of the test split, when it computed one. */
  curve?: RocCurve;
  tuned?: ThresholdChoice;
  tunedOn?: 'validation' | 'test';
  threshold: number;
  onThreshold: (threshold: number) => void;
}

/**
 * Two-class runs: the ROC curve, where the positive class's probability falls for each true class, and a
 * cut-off to drag, with precision and recall on the test split following it.
 */
export function ThresholdPanel({
  classNames,
  test,
  curve,
  tuned,
  tunedOn,
  threshold,
  onThreshold,
}: ThresholdPanelProps) {
  const scores = useMemo(() => positiveScores(test), [test]);
  const labels = useMemo(() => binaryLabels(test), [test]);
  const bothClasses = labels.includes(0) && labels.includes(1);
  const roc = useMemo(
    () => curve ?? (bothClasses ? rocCurve(labels, scores) : undefined),
    [curve, bothClasses, labels, scores],
  );
  const [negative, positive] = classNames;
  const histogram = useMemo(
    () => histogramData(scores, labels, [negative, positive], 20),
    [scores, labels, negative, positive],
  );
  const at = useMemo(() => binaryCountsAt(scores, labels, threshold), [scores, labels, threshold]);

  return (
    <div className="judge__threshold">
      {roc ? (
        <RocChart
          curve={roc}
          positiveName={positive}
          operatingPoint={{ fpr: at.fpr, tpr: at.recall }}
          testId="train.roc"
        />
      ) : (
        <p className="muted">The test split holds one class only: no ROC curve.</p>
      )}
      <div>
        <ProbabilityHistogram
          data={histogram}
          threshold={threshold}
          positiveName={positive}
          testId="train.histogram"
        />
        <label className="threshold">
          <span className="threshold__label">
            Call it “{positive}” when P ≥{' '}
            <strong data-testid="train.threshold-value">{threshold.toFixed(3)}</strong>
          </span>
          <input
            type="range"
            min={0}
            max={1}
            step={0.001}
            value={threshold}
            className="threshold__slider"
            data-testid="train.threshold"
            aria-label={`Decision threshold on the probability of ${positive}`}
            onChange={(event) => onThreshold(Number(event.target.value))}
          />
        </label>
        <dl className="facts threshold__facts" data-testid="train.threshold-stats">
          <div>
            <dt>Precision</dt>
            <dd data-testid="train.threshold-precision" data-value={at.precision}>
              {percent(at.precision)}
            </dd>
          </div>
          <div>
            <dt>Recall</dt>
            <dd data-testid="train.threshold-recall" data-value={at.recall}>
              {percent(at.recall)}
            </dd>
          </div>
          <div>
            <dt>F1</dt>
            <dd>{percent(at.f1)}</dd>
          </div>
          <div>
            <dt>False positives</dt>
            <dd>
              {at.fp} of {at.fp + at.tn}
            </dd>
          </div>
        </dl>
        {tuned && (
          <p className="muted threshold__tuned">
            Tuned for F1 on the {tunedOn ?? 'validation'} split: {tuned.threshold.toFixed(3)}.{' '}
            <button
              type="button"
              className="button button--quiet"
              data-testid="train.threshold-reset"
              onClick={() => onThreshold(Math.min(1, Math.max(0, tuned.threshold)))}
              disabled={Math.abs(tuned.threshold - threshold) < 1e-9}
            >
              Back to the tuned value
            </button>
          </p>
        )}
      </div>
    </div>
  );
}

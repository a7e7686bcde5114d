import { useMemo, useState } from 'react';
import type { ScoredSplit } from '../../../core/train/runResults';
import { rocCurve, type RocCurve } from '../../../core/eval/roc';
import type { ThresholdChoice } from '../../../core/eval/threshold';
import { classColour } from '../../charts/classColours';
import { binaryCountsAt, histogramData, preferShares } from '../../charts/histogramData';
import { ProbabilityHistogram } from '../../charts/ProbabilityHistogram';
import { RocChart } from '../../charts/RocChart';
import { classLabels, classScores, percent, thresholdOn, type BinaryClass } from './judgeData';

interface ThresholdPanelProps {
  /** The two classes. */
  classNames: readonly string[];
  test: ScoredSplit;
  /** The class Classify will apply the saved cut-off to; the panel starts from it. */
  defaultPositive: BinaryClass;
  /** The job's ROC of class 1 on the test split, when it computed one. */
  curve?: RocCurve;
  /** The job's cut-off on class 1, and the split it was tuned on. */
  tuned?: ThresholdChoice;
  tunedOn?: 'validation' | 'test';
  /** The current cut-off, on class 1's probability. */
  threshold: number;
  onThreshold: (thresholdOnClass1: number) => void;
}

const SLIDER_STEP = 0.001;

/**
 * Two-class runs: the ROC curve, where the positive class's probability falls for each true class, and a
 * cut-off to drag, with precision and recall on the test split following it.
 */
export function ThresholdPanel({
  classNames,
  test,
  defaultPositive,
  curve,
  tuned,
  tunedOn,
  threshold,
  onThreshold,
}: ThresholdPanelProps) {
  const [positive, setPositive] = useState<BinaryClass>(defaultPositive);
  const negative: BinaryClass = positive === 1 ? 0 : 1;
  const scores = useMemo(() => classScores(test, positive), [test, positive]);
  const labels = useMemo(() => classLabels(test, positive), [test, positive]);
  const bothClasses = labels.includes(0) && labels.includes(1);
  const roc = useMemo(() => {
    if (positive === 1 && curve) return curve;
    return bothClasses ? rocCurve(labels, scores) : undefined;
  }, [curve, positive, bothClasses, labels, scores]);
  const negativeName = classNames[negative];
  const positiveName = classNames[positive];
  const histogram = useMemo(
    () => histogramData(scores, labels, [negativeName, positiveName], 20),
    [scores, labels, negativeName, positiveName],
  );
  // Each class keeps its colour from the scatter and Classify (classColours.ts).
  const colours = useMemo(() => [classColour(negative), classColour(positive)], [negative, positive]);
  const [mode, setMode] = useState<'count' | 'share' | null>(null);
  const shownMode = mode ?? (preferShares(histogram) ? 'share' : 'count');
  const cut = thresholdOn(positive, threshold);
  const at = useMemo(() => binaryCountsAt(scores, labels, cut), [scores, labels, cut]);
  const tunedCut = tuned ? thresholdOn(positive, tuned.threshold) : undefined;

  return (
    <div className="judge__threshold-block">
      <div className="judge__positive">
        <label>
          Positive class{' '}
          <select
            value={positive}
            data-testid="train.positive-class"
            onChange={(event) => setPositive(Number(event.target.value) === 0 ? 0 : 1)}
          >
            <option value={0}>{classNames[0]}</option>
            <option value={1}>{classNames[1]}</option>
          </select>
        </label>
        <div className="segmented" role="group" aria-label="Histogram heights">
          {(['count', 'share'] as const).map((m) => (
            <button
              key={m}
              type="button"
              className="segmented__option"
              aria-pressed={shownMode === m}
              onClick={() => setMode(m)}
            >
              {m === 'count' ? 'Counts' : 'Share of each class'}
            </button>
          ))}
        </div>
      </div>
      <div className="judge__threshold">
        {roc ? (
          <RocChart
            curve={roc}
            positiveName={positiveName}
            operatingPoint={{ fpr: at.fpr, tpr: at.recall }}
            testId="train.roc"
          />
        ) : (
          <p className="muted">The test split holds one class only: no ROC curve.</p>
        )}
        <div>
          <ProbabilityHistogram
            data={histogram}
            threshold={cut}
            positiveName={positiveName}
            mode={shownMode}
            colours={colours}
            testId="train.prob-histogram"
          />
          <label className="threshold">
            <span className="threshold__label">
              Call it “{positiveName}” when P ≥{' '}
              <strong data-testid="train.threshold-value">{cut.toFixed(3)}</strong>
            </span>
            <input
              type="range"
              min={0}
              max={1}
              step={SLIDER_STEP}
              value={cut}
              className="threshold__slider"
              data-testid="train.threshold"
              aria-label={`Decision threshold on the probability of ${positiveName}`}
              onChange={(event) => onThreshold(thresholdOn(positive, Number(event.target.value)))}
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
          {tuned && tunedCut !== undefined && (
            <p className="muted threshold__tuned">
              Tuned for the F1 of “{classNames[1]}” on the {tunedOn ?? 'validation'} split:{' '}
              {tunedCut.toFixed(3)}.{' '}
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
    </div>
  );
}

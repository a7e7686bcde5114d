import { useAppStore } from '../../../state/store';
import { AudioSource } from './AudioSource';
import { CsvSource } from './CsvSource';
import { setDatasetSource } from './datasetService';

/** Step 1: labelled audio (folders, files, the microphone) or a CSV of numbers, and what came of it. */
export function DataPanel() {
  const source = useAppStore((s) => s.datasetSource);
  const summary = useAppStore((s) => s.tableSummary);
  const phase = useAppStore((s) => s.datasetPhase);
  const problem = useAppStore((s) => s.datasetProblem);

  return (
    <section className="card train-step" aria-labelledby="train-data-title" data-testid="train.data">
      <div className="train-step__header">
        <h2 id="train-data-title">
          <span className="train-step__number">1</span> Data
        </h2>
        <div className="source-switch" role="radiogroup" aria-label="Kind of data">
          {(
            [
              ['audio', 'Labelled audio'],
              ['csv', 'CSV table'],
            ] as const
          ).map(([kind, label]) => (
            <label
              key={kind}
              className={`source-switch__option${source === kind ? ' source-switch__option--on' : ''}`}
            >
              <input
                type="radio"
                name="train-source"
                value={kind}
                checked={source === kind}
                data-testid={`train.source-${kind}`}
                onChange={() => setDatasetSource(kind)}
              />
              {label}
            </label>
          ))}
        </div>
      </div>
      {source === 'audio' ? <AudioSource /> : <CsvSource />}
      <p className="train-summary" data-testid="train.data-summary" role="status">
        {/* In the summary's own line, so that nothing above it moves under the pointer while a CSV is read. */}
        {phase === 'reading' ? (
          <span className="muted" data-testid="train.csv-reading">
            Reading the CSV files…
          </span>
        ) : summary && summary.rows > 0 ? (
          <>
            <strong>{summary.rows.toLocaleString('en-US')}</strong> rows ·{' '}
            <strong>{summary.classNames.length}</strong> classes · <strong>{summary.groups}</strong>{' '}
            {source === 'audio' ? 'clips' : 'groups'} · input{' '}
            {summary.inputShape.length === 1
              ? `${summary.inputShape[0]} features`
              : `${summary.inputShape.join(' × ')} (log-mel patch)`}
          </>
        ) : (
          <span className="muted">No training rows yet.</span>
        )}
      </p>
      {problem && (
        <p className="train-problem" data-testid="train.data-problem">
          {problem}
        </p>
      )}
    </section>
  );
}

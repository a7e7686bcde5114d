import { useMemo, useRef, useState, type DragEvent } from 'react';
import { useAppStore } from '../../state/store';
import { downloadText } from '../../browser/download';
import { orderScoredRows, scoredRowsCsv, type ScoredOrder } from './scoredRows';
import { HiddenFileInput } from '../HiddenFileInput';

interface TableScorerProps {
  onFile: (file: File) => void;
}

/**
 * Drop a CSV of Spotify-style audio features: the reggaeton model scores every row, and a cut-off (the
 * model's tuned threshold to start with) picks the rows it calls reggaeton.
 */
export function TableScorer({ onFile }: TableScorerProps) {
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const scoring = useAppStore((s) => s.tableScoring);
  const cutoffSetting = useAppStore((s) => s.tableCutoff);
  const setCutoff = useAppStore((s) => s.setTableCutoff);
  const info = useAppStore((s) => (scoring ? s.classifyModels[scoring.modelId] : undefined));
  const modelName = useAppStore((s) => s.models.find((m) => m.id === s.activeModels.reggaeton)?.name);

  const tuned = info?.threshold ?? 0.5;
  const cutoff = cutoffSetting ?? tuned;
  const positive = info && info.positiveClass !== null ? info.classNames[info.positiveClass] : 'reggaeton';
  const [order, setOrder] = useState<ScoredOrder>('score');
  const listed = useMemo(
    () => orderScoredRows(scoring?.scored ?? [], cutoff, order),
    [scoring?.scored, cutoff, order],
  );
  const above = listed.filter((r) => r.above);
  const exportRows = () => {
    if (!scoring) return;
    const base = scoring.fileName.replace(/\.csv$/i, '');
    downloadText(scoredRowsCsv(listed, positive, cutoff), `${base}-scored.csv`);
  };

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setOver(false);
    const file = event.dataTransfer.files[0];
    if (file) onFile(file);
  };

  return (
    <section
      className={`card tabular${over ? ' tabular--over' : ''}`}
      aria-label="Score a table of audio features"
      data-testid="classify.tabular"
      onDragOver={(event) => {
        event.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
    >
      <header className="tabular__header">
        <div>
          <h2 className="tabular__title">Is it reggaeton? Score a table of Spotify features</h2>
          <p className="muted tabular__hint">
            Drop a CSV with the columns the model reads
            {info ? (
              <>
                {' '}
                (<code>{info.columns.join(', ')}</code>)
              </>
            ) : (
              ' (danceability, energy, tempo, …)'
            )}
            ; each row is one song. Model: <strong>{info?.name ?? modelName ?? 'none available'}</strong>
            {info && ` on ${info.backend.toUpperCase()}`}.
          </p>
        </div>
        <button type="button" className="button button--secondary" onClick={() => input.current?.click()}>
          Choose a CSV…
        </button>
        <HiddenFileInput
          inputRef={input}
          accept=".csv,text/csv"
          testId="classify.csv-input"
          label="Choose a CSV of audio features"
          onPick={([file]) => {
            if (file) onFile(file);
          }}
        />
      </header>
      {scoring?.phase === 'scoring' && (
        <p className="muted" role="status">
          Scoring <strong>{scoring.fileName}</strong>…
        </p>
      )}
      {scoring?.phase === 'done' && (
        <div className="tabular__body">
          <p
            data-testid="classify.table-summary"
            data-scored={scoring.scored.length}
            data-skipped={scoring.skipped.length}
          >
            <strong>{scoring.fileName}</strong>: {scoring.scored.length} rows scored
            {scoring.skipped.length > 0 && `, ${scoring.skipped.length} skipped (listed below)`}.
          </p>
          <label className="cutoff">
            <span>
              Cut-off on P({positive}):{' '}
              <strong data-testid="classify.cutoff-value">{cutoff.toFixed(2)}</strong>
            </span>
            <input
              type="range"
              min={0}
              max={1}
              step={0.01}
              value={cutoff}
              data-testid="classify.cutoff"
              onChange={(event) => setCutoff(Number(event.target.value))}
            />
            <button
              type="button"
              className="button button--quiet"
              disabled={cutoffSetting === null}
              onClick={() => setCutoff(null)}
            >
              Reset to tuned {tuned.toFixed(2)}
            </button>
          </label>
          <div className="scored-tools">
            <p className="muted">
              {above.length} of {scoring.scored.length} rows at or above the cut-off (marked {positive}); all
              rows listed, {order === 'score' ? 'most likely first' : 'in file order'}:
            </p>
            <div className="scored-tools__buttons" role="group" aria-label="Order the rows">
              <button
                type="button"
                className="button button--quiet"
                aria-pressed={order === 'score'}
                data-testid="classify.scored-order-score"
                onClick={() => setOrder('score')}
              >
                By score
              </button>
              <button
                type="button"
                className="button button--quiet"
                aria-pressed={order === 'file'}
                data-testid="classify.scored-order-file"
                onClick={() => setOrder('file')}
              >
                File order
              </button>
              <button
                type="button"
                className="button button--secondary"
                data-testid="classify.scored-export"
                onClick={exportRows}
              >
                Export rows (CSV)
              </button>
            </div>
          </div>
          <ol
            className="scored-list"
            data-testid="classify.reggaeton-list"
            data-count={above.length}
            data-rows={listed.length}
            data-order={order}
          >
            {listed.map((row) => (
              <li
                key={row.line}
                className={`scored-list__row${row.above ? ' scored-list__row--above' : ''}`}
                data-testid={row.above ? 'classify.reggaeton-row' : 'classify.below-row'}
                data-score={row.score}
                data-line={row.line}
              >
                <span className="scored-list__mark" aria-label={row.above ? positive : `not ${positive}`}>
                  {row.above ? '●' : '○'}
                </span>
                <span>{row.id}</span>
                <span className="scored-list__score">{(row.score * 100).toFixed(1)} %</span>
              </li>
            ))}
          </ol>
          {scoring.skipped.length > 0 && (
            <details className="skipped" data-testid="classify.skipped-rows">
              <summary>
                {scoring.skipped.length} row{scoring.skipped.length === 1 ? '' : 's'} skipped
              </summary>
              <ul>
                {scoring.skipped.map((row) => (
                  <li key={row.line}>
                    Line {row.line} ({row.id}): {row.reason}
                  </li>
                ))}
              </ul>
            </details>
          )}
        </div>
      )}
    </section>
  );
}

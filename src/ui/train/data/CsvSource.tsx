import type { SuspectColumn } from '../../../core/data/columns';
import { useAppStore } from '../../../state/store';
import type { CsvFileEntry } from '../../../state/dataset';
import { addCsvFiles, removeCsvFile, updateCsvFile } from './datasetService';

function CsvFileCard({ file }: { file: CsvFileEntry }) {
  const named = file.header.filter((h) => h.trim() !== '');
  return (
    <li className="csv-file" data-testid="train.csv-file">
      <div className="csv-file__header">
        <strong>{file.name}</strong>
        <span className="muted">{named.length} columns</span>
        <button
          type="button"
          className="button button--quiet"
          aria-label={`Remove ${file.name}`}
          onClick={() => removeCsvFile(file.id)}
        >
          ×
        </button>
      </div>
      <div className="csv-file__labels">
        <label>
          <input
            type="radio"
            name={`labels-${file.id}`}
            checked={file.labelMode === 'column'}
            onChange={() => updateCsvFile(file.id, { labelMode: 'column' })}
          />{' '}
          Labels in column{' '}
          <select
            className="field__input"
            value={file.labelColumn ?? ''}
            disabled={file.labelMode !== 'column'}
            data-testid="train.csv-label-column"
            onChange={(event) => updateCsvFile(file.id, { labelColumn: event.target.value })}
          >
            {named.map((h) => (
              <option key={h} value={h}>
                {h}
              </option>
            ))}
          </select>
        </label>
        <label>
          <input
            type="radio"
            name={`labels-${file.id}`}
            checked={file.labelMode === 'class'}
            onChange={() => updateCsvFile(file.id, { labelMode: 'class' })}
          />{' '}
          Every row is class{' '}
          <input
            type="text"
            className="field__input"
            defaultValue={file.className}
            disabled={file.labelMode !== 'class'}
            data-testid="train.csv-class"
            onBlur={(event) => updateCsvFile(file.id, { className: event.target.value })}
            onKeyDown={(event) => {
              if (event.key === 'Enter') updateCsvFile(file.id, { className: event.currentTarget.value });
            }}
          />
        </label>
      </div>
    </li>
  );
}

/** Columns left out by default (row ids, a column that alone separates the classes), each with a way back in. */
function SuspectNotes({ columns, suspects }: { columns: string[]; suspects: SuspectColumn[] }) {
  const kept = useAppStore((s) => s.keptFeatures);
  const setKept = useAppStore((s) => s.setKeptFeatures);
  // With no choice made (null) every column trains; the service fills the choice in without the suspects.
  const left = kept ? suspects.filter((c) => !kept.includes(c.name)) : [];
  if (!kept || left.length === 0) return null;
  return (
    <ul className="csv-suspects" data-testid="train.suspect-columns">
      {left.map((c) => (
        <li key={c.name} data-column={c.name}>
          Left out <code>{c.name}</code>: {c.detail}. A model that learns it learns how the files were made,
          not the music.{' '}
          <button
            type="button"
            className="button button--quiet"
            onClick={() => setKept(columns.filter((name) => name === c.name || kept.includes(name)))}
          >
            Train on {c.name} anyway
          </button>
        </li>
      ))}
    </ul>
  );
}

/** CSV files: one with a label column, or several each naming the class of all its rows. */
export function CsvSource() {
  const files = useAppStore((s) => s.csvFiles);
  const summary = useAppStore((s) => s.tableSummary);
  const dropped = summary?.dropped ?? [];
  const ignored = (summary?.ignoredColumns ?? []).filter((c) => c.reason !== 'label');
  return (
    <div className="train-csv">
      <div className="train-row">
        <label className="button">
          Add CSV files…
          <input
            className="visually-hidden"
            type="file"
            accept=".csv,text/csv"
            multiple
            data-testid="train.csv-input"
            onChange={(event) => {
              const picked = Array.from(event.target.files ?? []);
              event.target.value = '';
              void addCsvFiles(picked);
            }}
          />
        </label>
        <span className="muted">
          One file with a label column, or one file per class (e.g. <code>reggaeton.csv</code> and{' '}
          <code>other.csv</code>). Feature columns are chosen in Explore.
        </span>
      </div>
      {files.length > 0 && (
        <ul className="csv-files">
          {files.map((file) => (
            <CsvFileCard key={file.id} file={file} />
          ))}
        </ul>
      )}
      {summary && (ignored.length > 0 || summary.uncommonColumns.length > 0) && (
        <p className="muted" data-testid="train.csv-ignored">
          Not used as features:{' '}
          {[
            ...ignored.map((c) => `${c.name || '(unnamed)'} (${c.reason})`),
            ...summary.uncommonColumns.map((c) => `${c} (not in every file)`),
          ].join(', ')}
        </p>
      )}
      {summary && <SuspectNotes columns={summary.columns} suspects={summary.suspectColumns} />}
      {dropped.length > 0 && (
        <details className="csv-dropped" data-testid="train.csv-dropped">
          <summary>{dropped.length} rows left out for missing or bad values</summary>
          <ul>
            {dropped.slice(0, 50).map((d, i) => (
              <li key={i}>
                {d.source ? `${d.source}, ` : ''}line {d.line}: {d.reason}
              </li>
            ))}
            {dropped.length > 50 && <li>… and {dropped.length - 50} more</li>}
          </ul>
        </details>
      )}
    </div>
  );
}

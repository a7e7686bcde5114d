import { useMemo } from 'react';
import type { ClassifyFile } from '../../state/classify';
import { downloadText } from '../../browser/download';
import { formatDuration } from './format';
import { resultsCsv, summarizeFile } from './results';

const STATUS: Record<ClassifyFile['phase'], string> = {
  queued: 'waiting',
  decoding: 'decoding',
  extracting: 'analysing',
  done: 'done',
  error: 'failed',
  cancelled: 'cancelled',
};

/** Every dropped file on one line, exportable as CSV. */
export function ResultsTable({ files }: { files: readonly ClassifyFile[] }) {
  const rows = useMemo(() => files.map(summarizeFile), [files]);

  const exportCsv = () => downloadText(resultsCsv(rows), 'oido-results.csv');

  return (
    <section className="card summary" aria-label="All files">
      <header className="summary__header">
        <h2 className="summary__title">All files</h2>
        <button
          type="button"
          className="button button--secondary"
          data-testid="classify.export-csv"
          onClick={exportCsv}
        >
          Export CSV
        </button>
      </header>
      <div className="table-scroll">
        <table className="features results-table" data-testid="classify.results-table">
          <thead>
            <tr>
              <th scope="col">File</th>
              <th scope="col" className="num">
                Duration
              </th>
              <th scope="col">Top genre</th>
              <th scope="col">Instruments heard</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id} data-file={r.name}>
                <td className="results-table__name" title={r.name}>
                  {r.name}
                </td>
                <td className="num">
                  {r.durationSeconds === null ? '—' : formatDuration(r.durationSeconds)}
                </td>
                <td>
                  {r.topGenre ? (
                    <>
                      <strong>{r.topGenre}</strong> {((r.topGenreProb ?? 0) * 100).toFixed(0)} %
                    </>
                  ) : (
                    '—'
                  )}
                </td>
                <td>
                  {r.instruments.length > 0
                    ? r.instruments.join(', ')
                    : r.instrumentsNotSure
                      ? 'not sure of any'
                      : '—'}
                </td>
                <td>{STATUS[r.status]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

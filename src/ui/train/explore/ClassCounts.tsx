import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { IMBALANCE_HINT_RATIO, imbalanceRatio, type CapNote } from '../../../core/dataset/perFile';
import { classColour } from '../../charts/classColours';

/**
 * Rows per class, with imbalance judged by files (groups), not rows: an audio clip cut into many windows is
 * still one example of its class. An imbalanced set by files shows at a glance and suggests balanced class
 * weights; windows left out so that no clip outweighs the others are named.
 */
export function ClassCounts({
  classNames,
  counts,
  files,
  capNote,
}: {
  classNames: string[];
  counts: number[];
  /** Files (groups) per class; rows stand in when absent. */
  files?: number[];
  capNote?: CapNote | null;
}) {
  const byFiles = files ?? counts;
  const data = classNames.map((name, i) => ({ name, rows: counts[i], files: byFiles[i] }));
  const ratio = imbalanceRatio(byFiles);
  const unit = files ? 'files' : 'rows';
  return (
    <figure
      className="chart-figure"
      data-testid="train.class-counts"
      data-counts={counts.join(',')}
      data-files={byFiles.join(',')}
    >
      <div className="chart-figure__title">
        Rows per class
        {Number.isFinite(ratio) && ratio >= IMBALANCE_HINT_RATIO && (
          <span className="muted" data-testid="train.imbalance-hint">
            {' '}
            · imbalanced by {unit} ({ratio.toFixed(0)} : 1): try balanced class weights
          </span>
        )}
      </div>
      {files && (
        <p className="muted" data-testid="train.class-files">
          Files per class: {classNames.map((n, i) => `${n} ${files[i]}`).join(', ')}
          {capNote &&
            ` · ${capNote.rowsLeftOut} windows of ${capNote.files} long ${capNote.files === 1 ? 'file' : 'files'} left out (at most ${capNote.cap} per file, evenly spaced), so that no file outweighs the others`}
        </p>
      )}
      <ResponsiveContainer width="100%" height={Math.min(60 + 26 * classNames.length, 340)}>
        <BarChart data={data} layout="vertical" margin={{ top: 4, right: 24, bottom: 4, left: 8 }}>
          <CartesianGrid stroke="#e6eaf0" horizontal={false} />
          <XAxis type="number" allowDecimals={false} />
          <YAxis type="category" dataKey="name" width={110} />
          <Tooltip />
          <Bar dataKey="rows" isAnimationActive={false}>
            {data.map((d, i) => (
              <Cell key={d.name} fill={classColour(i)} />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}

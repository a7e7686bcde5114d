import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { classColour } from '../../charts/classColours';

/** Rows per class: an imbalanced set shows at a glance (and suggests balanced class weights). */
export function ClassCounts({ classNames, counts }: { classNames: string[]; counts: number[] }) {
  const data = classNames.map((name, i) => ({ name, rows: counts[i] }));
  const max = Math.max(...counts);
  const min = Math.min(...counts);
  return (
    <figure className="chart-figure" data-testid="train.class-counts" data-counts={counts.join(',')}>
      <div className="chart-figure__title">
        Rows per class
        {min > 0 && max / min >= 3 && (
          <span className="muted">
            {' '}
            · imbalanced ({(max / min).toFixed(0)} : 1): try balanced class weights
          </span>
        )}
      </div>
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

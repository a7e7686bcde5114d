import { useMemo } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useAppStore } from '../../../state/store';
import { classColour } from '../../charts/classColours';
import type { FeatureTable } from '../data/featureTable';
import { classHistogram } from './stats';

const short = (v: number) =>
  Math.abs(v) >= 1000 || (Math.abs(v) < 0.01 && v !== 0) ? v.toExponential(1) : v.toPrecision(3);

/** How one feature spreads in each class (20 bins over its range). */
export function FeatureHistogram({ table, column }: { table: FeatureTable; column: string }) {
  const patch = useAppStore((s) => s.patchDataset);
  const index = table.columns.indexOf(column);
  const data = useMemo(() => {
    if (index < 0) return [];
    const h = classHistogram(
      table.x,
      table.rows,
      table.columns.length,
      index,
      table.labels,
      table.classNames.length,
    );
    return h.edges.slice(0, -1).map((lo, b) => {
      const row: Record<string, number | string> = {
        bin: short((lo + h.edges[b + 1]) / 2),
        range: `${short(lo)} … ${short(h.edges[b + 1])}`,
      };
      table.classNames.forEach((name, c) => (row[name] = h.counts[c][b]));
      return row;
    });
  }, [table, index]);

  return (
    <figure className="chart-figure" data-testid="train.histogram" data-feature={column}>
      <div className="chart-figure__title">
        <label>
          Histogram of{' '}
          <select
            className="field__input"
            value={column}
            data-testid="train.histogram-feature"
            onChange={(event) => patch({ exploreFeature: event.target.value })}
          >
            {table.columns.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>{' '}
          per class
        </label>
      </div>
      <ResponsiveContainer width="100%" height={260}>
        <BarChart
          data={data}
          margin={{ top: 8, right: 8, bottom: 28, left: 0 }}
          barGap={0}
          barCategoryGap={1}
        >
          <CartesianGrid stroke="#e6eaf0" vertical={false} />
          <XAxis
            dataKey="bin"
            interval="preserveStartEnd"
            fontSize={11}
            label={{ value: `${column}, bin centres`, position: 'insideBottom', offset: -14, fontSize: 12 }}
          />
          <YAxis allowDecimals={false} width={36} />
          <Tooltip labelFormatter={(_, items) => String(items?.[0]?.payload?.range ?? '')} />
          <Legend verticalAlign="top" height={24} />
          {table.classNames.map((name, c) => (
            <Bar key={name} dataKey={name} fill={classColour(c)} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}

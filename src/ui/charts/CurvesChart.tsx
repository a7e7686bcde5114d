import { useMemo } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { mergeCurves, seriesColour, type CurveSeries } from './curvesData';

interface CurvesChartProps {
  series: CurveSeries[];
  title: string;
  /** Fixed y range (e.g. [0, 1] for accuracy); automatic otherwise. */
  yDomain?: [number, number];
  format?: (value: number) => string;
  height?: number;
  testId?: string;
}

const plain = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : v.toPrecision(3));

/** Several runs' per-epoch curves on one pair of axes, one colour per run. */
export function CurvesChart({
  series,
  title,
  yDomain,
  format = plain,
  height = 240,
  testId,
}: CurvesChartProps) {
  const rows = useMemo(() => mergeCurves(series), [series]);
  return (
    <figure className="chart-figure" data-testid={testId}>
      <div className="chart-figure__title">{title}</div>
      <ResponsiveContainer width="100%" height={height}>
        <LineChart data={rows} margin={{ top: 8, right: 16, bottom: 20, left: 4 }}>
          <CartesianGrid stroke="#e6eaf0" />
          <XAxis
            dataKey="epoch"
            type="number"
            domain={['dataMin', 'dataMax']}
            allowDecimals={false}
            label={{ value: 'Epoch', position: 'insideBottom', offset: -12 }}
          />
          <YAxis type="number" domain={yDomain ?? ['auto', 'auto']} tickFormatter={format} width={52} />
          <Tooltip formatter={(value) => (typeof value === 'number' ? format(value) : String(value))} />
          <Legend verticalAlign="top" height={28} />
          {series.map((s, i) => (
            <Line
              key={s.id}
              dataKey={s.id}
              name={s.name}
              type="monotone"
              stroke={seriesColour(i)}
              strokeWidth={2}
              dot={false}
              connectNulls
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}

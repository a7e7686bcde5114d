import { useMemo } from 'react';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
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

const TICK = { fontSize: 12 };
/** Three significant digits without trailing zeros: 1.2, 0.85, 0.0031. */
const plain = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : String(Number(v.toPrecision(3))));

/** Several runs' per-epoch curves on one pair of axes, one colour per run (in `series` order). */
export function CurvesChart({
  series,
  title,
  yDomain,
  format = plain,
  height = 220,
  testId,
}: CurvesChartProps) {
  const rows = useMemo(() => mergeCurves(series), [series]);
  return (
    <figure className="chart-figure" data-testid={testId} data-series={series.length}>
      <div className="chart-figure__title">{title}</div>
      <ResponsiveContainer width="100%" height={height}>
        <LineChart data={rows} margin={{ top: 8, right: 16, bottom: 20, left: 4 }}>
          <CartesianGrid stroke="#e6eaf0" />
          <XAxis
            dataKey="epoch"
            type="number"
            domain={['dataMin', 'dataMax']}
            allowDecimals={false}
            tick={TICK}
            label={{ value: 'Epoch', position: 'insideBottom', offset: -12, fontSize: 12 }}
          />
          <YAxis
            type="number"
            domain={yDomain ?? ['auto', 'auto']}
            tickFormatter={format}
            tick={TICK}
            width={52}
          />
          <Tooltip formatter={(value) => (typeof value === 'number' ? format(value) : String(value))} />
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
      <ul className="legend" aria-label="Legend">
        {series.map((s, i) => (
          <li key={s.id} className="legend__item">
            <span className="legend__swatch legend__swatch--line" style={{ background: seriesColour(i) }} />
            {s.name}
          </li>
        ))}
      </ul>
    </figure>
  );
}

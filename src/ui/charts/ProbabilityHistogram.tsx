import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { HistogramData } from './histogramData';

interface ProbabilityHistogramProps {
  data: HistogramData;
  threshold: number;
  positiveName: string;
  /** Colour of each series, in `data.series` order. */
  colours?: readonly string[];
  testId?: string;
}

const DEFAULT_COLOURS = ['#9aa5b4', '#1f6f8b'];

/** How the positive class's probability spreads for each true class, with the current cut-off drawn in. */
export function ProbabilityHistogram({
  data,
  threshold,
  positiveName,
  colours = DEFAULT_COLOURS,
  testId,
}: ProbabilityHistogramProps) {
  return (
    <figure className="chart-figure" data-testid={testId}>
      <div className="chart-figure__title">Probability of “{positiveName}”, by true class</div>
      <ResponsiveContainer width="100%" height={240}>
        <BarChart data={data.rows} margin={{ top: 8, right: 16, bottom: 20, left: 4 }} barGap={0}>
          <CartesianGrid stroke="#e6eaf0" vertical={false} />
          <XAxis
            dataKey="mid"
            type="number"
            domain={[0, 1]}
            ticks={[0, 0.25, 0.5, 0.75, 1]}
            label={{ value: `P(${positiveName})`, position: 'insideBottom', offset: -12 }}
          />
          <YAxis allowDecimals={false} width={48} />
          <Tooltip
            labelFormatter={(_, payload) => {
              const row = payload?.[0]?.payload as { from?: number; to?: number } | undefined;
              return row?.from !== undefined && row.to !== undefined
                ? `${row.from.toFixed(2)} – ${row.to.toFixed(2)}`
                : '';
            }}
          />
          <Legend verticalAlign="top" height={28} />
          {data.series.map((s, k) => (
            <Bar
              key={s.key}
              dataKey={s.key}
              name={`true ${s.name}`}
              fill={colours[k % colours.length]}
              isAnimationActive={false}
            />
          ))}
          <ReferenceLine
            x={threshold}
            stroke="#e15759"
            strokeWidth={2}
            label={{
              value: `threshold ${threshold.toFixed(2)}`,
              position: 'top',
              fill: '#a12828',
              fontSize: 12,
            }}
            ifOverflow="visible"
          />
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}

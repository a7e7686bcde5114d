import {
  Bar,
  BarChart,
  CartesianGrid,
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
  /** Bar heights: rows per bin, or each true class's share (its bins sum to 100%). */
  mode?: 'count' | 'share';
  /** Colour of each series, in `data.series` order. */
  colours?: readonly string[];
  testId?: string;
}

const DEFAULT_COLOURS = ['#9aa5b4', '#1f6f8b'];
const TICK = { fontSize: 12 };
const asPercent = (v: number) => `${Math.round(v * 100)}%`;

/** How the positive class's probability spreads for each true class, with the current cut-off drawn in. */
export function ProbabilityHistogram({
  data,
  threshold,
  positiveName,
  mode = 'count',
  colours = DEFAULT_COLOURS,
  testId,
}: ProbabilityHistogramProps) {
  const share = mode === 'share';
  return (
    <figure className="chart-figure" data-testid={testId} data-mode={mode}>
      <div className="chart-figure__title">
        Probability of “{positiveName}”, by true class{share ? ' (share of each class)' : ''}
      </div>
      <ResponsiveContainer width="100%" height={220}>
        <BarChart data={data.rows} margin={{ top: 22, right: 16, bottom: 20, left: 4 }} barGap={0}>
          <CartesianGrid stroke="#e6eaf0" vertical={false} />
          <XAxis
            dataKey="mid"
            type="number"
            domain={[0, 1]}
            ticks={[0, 0.25, 0.5, 0.75, 1]}
            tick={TICK}
            label={{ value: `P(${positiveName})`, position: 'insideBottom', offset: -12, fontSize: 12 }}
          />
          <YAxis
            allowDecimals={share}
            width={48}
            tick={TICK}
            domain={[0, 'auto']}
            tickFormatter={share ? asPercent : undefined}
          />
          <Tooltip
            formatter={(value) => (share ? asPercent(Number(value)) : String(value))}
            labelFormatter={(_, payload) => {
              const row = payload?.[0]?.payload as { from?: number; to?: number } | undefined;
              return row?.from !== undefined && row.to !== undefined
                ? `P between ${row.from.toFixed(2)} and ${row.to.toFixed(2)}`
                : '';
            }}
          />
          {data.series.map((s, k) => (
            <Bar
              key={s.key}
              dataKey={share ? s.shareKey : s.key}
              name={`true ${s.name}`}
              fill={colours[k % colours.length]}
              isAnimationActive={false}
            />
          ))}
          <ReferenceLine
            x={threshold}
            stroke="#e15759"
            strokeWidth={2}
            ifOverflow="visible"
            label={{ value: threshold.toFixed(2), position: 'top', fill: '#a12828', fontSize: 12 }}
          />
        </BarChart>
      </ResponsiveContainer>
      <ul className="legend" aria-label="Legend">
        {data.series.map((s, k) => (
          <li key={s.key} className="legend__item">
            <span
              className="legend__swatch legend__swatch--square"
              style={{ background: colours[k % colours.length] }}
            />
            true {s.name} ({s.total})
          </li>
        ))}
        <li className="legend__item">
          <span className="legend__swatch legend__swatch--line" />
          threshold
        </li>
      </ul>
    </figure>
  );
}

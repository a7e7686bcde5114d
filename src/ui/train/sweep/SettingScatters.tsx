import { memo } from 'react';
import { CartesianGrid, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { SettingPlot, SettingPoint } from './sweepPlotData';

const COLOUR: Record<string, string> = { done: '#1f6f8b', stopped: '#bab0ac', running: '#f28e2b' };
const MARGIN = { top: 6, right: 10, bottom: 4, left: 0 };
const Y_DOMAIN: [number, number] = [0, 1];
const Y_TICKS = [0, 0.5, 1];
const percent = (v: unknown) => (typeof v === 'number' ? `${Math.round(v * 100)}%` : String(v));

function SettingScatter({ plot }: { plot: SettingPlot }) {
  const byStatus = (status: string) =>
    plot.points.filter((p) => (status === 'stopped' ? p.status !== 'done' : p.status === 'done'));
  const categoryTick = (i: unknown) => plot.categories[Number(i)] ?? '';
  const longest = Math.max(0, ...plot.categories.map((c) => c.length));
  const slanted = plot.categories.length > 4 || longest > 12;
  const axisHeight = slanted ? 14 + longest * 3.9 : 30;
  const numberTick = (v: unknown) =>
    typeof v !== 'number' ? String(v) : plot.axis === 'log' ? v.toExponential(0) : String(v);
  const xProps = {
    type: 'number' as const,
    domain: plot.domain,
    ticks: plot.ticks,
    tickFormatter: plot.axis === 'category' ? categoryTick : numberTick,
    ...(plot.axis === 'log' ? { scale: 'log' as const } : {}),
    ...(slanted ? { angle: -40, textAnchor: 'end' as const, height: axisHeight } : {}),
  };
  // Slanted labels reach left of their tick and below the axis: room for the first and the longest (a vote's
  // "mlp+svm+gradient-boosting"), and the plot keeps its own height above them.
  const margin = slanted ? { ...MARGIN, left: Math.max(0, longest * 4.6 - 38) } : MARGIN;
  return (
    <figure className="chart-figure sweep-plot" data-testid="sweep.plot" data-setting={plot.name}>
      <figcaption className="chart-figure__title">{plot.name}</figcaption>
      <ResponsiveContainer width="100%" height={120 + axisHeight}>
        <ScatterChart margin={margin}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="x" name={plot.name} fontSize={11} interval={0} {...xProps} />
          <YAxis
            dataKey="score"
            name={plot.scoreName}
            domain={Y_DOMAIN}
            ticks={Y_TICKS}
            tickFormatter={percent}
            width={38}
            fontSize={11}
          />
          <Tooltip
            formatter={(value: unknown, name: unknown) =>
              name === plot.scoreName ? percent(value) : String(value)
            }
            labelFormatter={() => ''}
            content={({ payload }) => {
              const point = payload?.[0]?.payload as SettingPoint | undefined;
              return point ? (
                <div className="sweep-tip">
                  Trial {point.trial}: {plot.name} {point.label}, {plot.scoreName} {percent(point.score)}
                </div>
              ) : null;
            }}
          />
          <Scatter
            name="stopped early"
            data={byStatus('stopped')}
            fill={COLOUR.stopped}
            isAnimationActive={false}
          />
          <Scatter name="done" data={byStatus('done')} fill={COLOUR.done} isAnimationActive={false} />
        </ScatterChart>
      </ResponsiveContainer>
    </figure>
  );
}

/** One small scatter per setting: its value against the trial's cross-validated accuracy (or ROC AUC). */
export const SettingScatters = memo(function SettingScatters({ plots }: { plots: SettingPlot[] }) {
  return (
    <div className="sweep-plots" data-testid="sweep.plots">
      {plots.map((plot) => (
        <SettingScatter key={plot.name} plot={plot} />
      ))}
      <p className="chart-figure__caption sweep-plots__caption">
        Each dot is a trial: its value of the setting across, its mean fold accuracy up. Blue: trained in
        full; grey: stopped early after a share of its epochs (scored on fewer epochs, so lower).
      </p>
    </div>
  );
});

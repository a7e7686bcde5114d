import { useMemo } from 'react';
import {
  CartesianGrid,
  Line,
  LineChart,
  ReferenceDot,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { RocCurve } from '../../core/eval/roc';
import { rocChartPoints } from './rocData';

interface RocChartProps {
  curve: RocCurve;
  /** Where the chosen threshold sits on the curve, marked with a dot. */
  operatingPoint?: { fpr: number; tpr: number };
  positiveName: string;
  testId?: string;
}

const TICK = { fontSize: 12 };
const percent = (v: number) => `${Math.round(v * 100)}%`;

/** True-positive rate against false-positive rate over every threshold, with the chance diagonal. */
export function RocChart({ curve, operatingPoint, positiveName, testId }: RocChartProps) {
  const points = useMemo(() => rocChartPoints(curve), [curve]);
  return (
    <figure className="chart-figure" data-testid={testId} data-auc={curve.auc}>
      <div className="chart-figure__title">
        ROC for “{positiveName}” · AUC <strong>{curve.auc.toFixed(3)}</strong>
      </div>
      <ResponsiveContainer width="100%" height={260}>
        <LineChart data={points} margin={{ top: 8, right: 16, bottom: 20, left: 14 }}>
          <CartesianGrid stroke="#e6eaf0" />
          <XAxis
            dataKey="fpr"
            type="number"
            domain={[0, 1]}
            ticks={[0, 0.25, 0.5, 0.75, 1]}
            tickFormatter={percent}
            tick={TICK}
            label={{ value: 'False-positive rate', position: 'insideBottom', offset: -12, fontSize: 12 }}
          />
          <YAxis
            type="number"
            domain={[0, 1]}
            ticks={[0, 0.25, 0.5, 0.75, 1]}
            tickFormatter={percent}
            width={48}
            tick={TICK}
            label={{
              value: 'True-positive rate',
              angle: -90,
              position: 'insideLeft',
              offset: 0,
              dx: -4,
              dy: 52,
              fontSize: 12,
            }}
          />
          <ReferenceLine
            segment={[
              { x: 0, y: 0 },
              { x: 1, y: 1 },
            ]}
            stroke="#b8c2d0"
            strokeDasharray="4 4"
          />
          <Tooltip
            formatter={(value) => percent(Number(value))}
            labelFormatter={(label) => `False-positive rate ${percent(Number(label))}`}
          />
          <Line
            dataKey="tpr"
            name="True-positive rate"
            type="linear"
            stroke="#1f6f8b"
            strokeWidth={2}
            dot={false}
            isAnimationActive={false}
          />
          {operatingPoint && (
            <ReferenceDot
              x={operatingPoint.fpr}
              y={operatingPoint.tpr}
              r={5}
              fill="#e15759"
              stroke="#fff"
              ifOverflow="visible"
            />
          )}
        </LineChart>
      </ResponsiveContainer>
      <figcaption className="chart-figure__caption">
        The red dot is the threshold chosen below; the dashed line is guessing.
      </figcaption>
    </figure>
  );
}

import { memo, useMemo } from 'react';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { EpochLog } from '../../../state/training';
import { epochTicks, ticksUpTo } from './curveTicks';

const LOSS = '#1f6f8b';
const VAL = '#e15759';
const LR = '#9c755f';

const fmt = (v: unknown) =>
  typeof v === 'number'
    ? Math.abs(v) < 0.001 && v !== 0
      ? v.toExponential(1)
      : String(+v.toPrecision(3))
    : String(v);
const percent = (v: number) => `${Math.round(v * 100)} %`;

/** An HTML legend: Recharts' own measures its items on every redraw. */
function CurveLegend({ items }: { items: [string, string, boolean?][] }) {
  return (
    <ul className="curve-legend">
      {items.map(([label, colour, dashed]) => (
        <li key={label}>
          <span
            className={`curve-legend__swatch${dashed ? ' curve-legend__swatch--dashed' : ''}`}
            style={{ borderColor: colour }}
          />
          {label}
        </li>
      ))}
    </ul>
  );
}

// Props Recharts compares by reference: kept stable so that a redraw does not re-register axes and lines.
const MARGIN_LOSS = { top: 8, right: 8, bottom: 18, left: 0 };
const MARGIN_ACC = { top: 8, right: 16, bottom: 18, left: 0 };
const EPOCH_LABEL = { value: 'Epoch', position: 'insideBottom', offset: -10 } as const;
const ACC_DOMAIN: [number, number] = [0, 1];
const ACC_TICKS = [0, 0.25, 0.5, 0.75, 1];
interface CurveRow {
  epoch: number;
  loss: number | null;
  valLoss: number | null;
  acc: number | null;
  valAcc: number | null;
  lr: number | null;
}
const PLACEHOLDER: CurveRow[] = [{ epoch: 1, loss: null, valLoss: null, acc: null, valAcc: null, lr: null }];
const epochLabel = (e: unknown) => `Epoch ${String(e)}`;
const percentTip = (v: unknown) => (typeof v === 'number' ? `${(v * 100).toFixed(1)} %` : String(v));

/** The same array object for the same numbers, so that an axis keeps its settings across redraws. */
function useStable(values: number[]): number[] {
  const key = values.join(',');
  // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed by the values, not the array object
  return useMemo(() => values, [key]);
}

interface TrainingCurvesProps {
  epochs: EpochLog[];
  totalEpochs: number;
  /** Tooltips once the run is over; while it trains, every redraw is kept as light as it can be. */
  interactive: boolean;
  /** Known before the first epoch, so that the validation lines are there from the start (no mount mid-run). */
  hasValidation: boolean;
}

/** Loss and accuracy per epoch, training and validation, with the learning rate: redrawn as epochs arrive. */

/**
 * The train line and, when there is a validation split, the validation line of one metric. Returned as
 * elements (not a component) because Recharts reads its lines from the chart's direct children.
 */
function trainValLines(train: string, val: string, what: string, hasVal: boolean, yAxisId?: string) {
  const line = (dataKey: string, name: string, stroke: string) => (
    <Line
      key={dataKey}
      {...(yAxisId === undefined ? {} : { yAxisId })}
      dataKey={dataKey}
      name={`${name} ${what}`}
      stroke={stroke}
      strokeWidth={2}
      dot={false}
      isAnimationActive={false}
    />
  );
  return hasVal ? [line(train, 'train', LOSS), line(val, 'validation', VAL)] : [line(train, 'train', LOSS)];
}

export const TrainingCurves = memo(function TrainingCurves({
  epochs,
  totalEpochs,
  interactive,
  hasValidation: hasVal,
}: TrainingCurvesProps) {
  const rows = useMemo(
    (): (CurveRow & { loss: number; lr: number })[] =>
      epochs
        .filter((e) => e.phase === 'train')
        .map((e) => ({
          epoch: e.epoch,
          loss: e.loss,
          valLoss: e.valLoss,
          acc: e.acc,
          valAcc: e.valAcc,
          lr: e.lr,
        })),
    [epochs],
  );
  const pretrain = epochs.filter((e) => e.phase === 'pretrain');
  // Before the first epoch the lines get one empty point, so that they (and their paths) are mounted already.
  const data: CurveRow[] = rows.length > 0 ? rows : PLACEHOLDER;
  const span = Math.max(totalEpochs, 2);
  const xTicks = useMemo(() => epochTicks(span), [span]);
  const xDomain = useMemo(() => [1, span], [span]);
  const lossTicks = useStable(ticksUpTo(Math.max(...rows.flatMap((r) => [r.loss, r.valLoss ?? 0]), 0)));
  const lrTicks = useStable(ticksUpTo(Math.max(...rows.map((r) => r.lr), 0), 4));
  const lossDomain = useStable([0, lossTicks[lossTicks.length - 1]]);
  const lrDomain = useStable([0, lrTicks[lrTicks.length - 1]]);
  const x = (
    <XAxis
      dataKey="epoch"
      type="number"
      domain={xDomain}
      ticks={xTicks}
      allowDecimals={false}
      label={EPOCH_LABEL}
    />
  );
  return (
    <div className="curves" data-testid="train.curves" data-epochs={rows.length}>
      {pretrain.length > 0 && (
        <p className="muted" data-testid="train.pretrain">
          Autoencoder pretraining: epoch {pretrain[pretrain.length - 1].epoch} of{' '}
          {pretrain[pretrain.length - 1].epochs}, reconstruction error{' '}
          {fmt(pretrain[pretrain.length - 1].loss)}
        </p>
      )}
      <figure className="chart-figure">
        <div className="chart-figure__title">Loss (cross-entropy) and learning rate</div>
        <CurveLegend
          items={[
            ['train', LOSS],
            ...(hasVal ? [['validation', VAL] as [string, string]] : []),
            ['learning rate (right axis)', LR, true],
          ]}
        />
        <ResponsiveContainer width="100%" height={220}>
          <LineChart data={data} margin={MARGIN_LOSS}>
            <CartesianGrid stroke="#e6eaf0" vertical={false} />
            {x}
            <YAxis
              yAxisId="loss"
              width={48}
              tickFormatter={fmt}
              domain={lossDomain}
              ticks={lossTicks}
              interval={0}
            />
            <YAxis
              yAxisId="lr"
              orientation="right"
              width={56}
              tickFormatter={fmt}
              domain={lrDomain}
              ticks={lrTicks}
              interval={0}
            />
            {interactive && <Tooltip formatter={fmt} labelFormatter={epochLabel} />}
            {trainValLines('loss', 'valLoss', 'loss', hasVal, 'loss')}
            <Line
              yAxisId="lr"
              dataKey="lr"
              name="learning rate"
              stroke={LR}
              strokeDasharray="4 3"
              dot={false}
              isAnimationActive={false}
            />
          </LineChart>
        </ResponsiveContainer>
      </figure>
      <figure className="chart-figure">
        <div className="chart-figure__title">Accuracy</div>
        <CurveLegend
          items={[['train', LOSS], ...(hasVal ? [['validation', VAL] as [string, string]] : [])]}
        />
        <ResponsiveContainer width="100%" height={220}>
          <LineChart data={data} margin={MARGIN_ACC}>
            <CartesianGrid stroke="#e6eaf0" vertical={false} />
            {x}
            <YAxis width={56} domain={ACC_DOMAIN} ticks={ACC_TICKS} interval={0} tickFormatter={percent} />
            {interactive && <Tooltip formatter={percentTip} labelFormatter={epochLabel} />}
            {trainValLines('acc', 'valAcc', 'accuracy', hasVal)}
          </LineChart>
        </ResponsiveContainer>
      </figure>
    </div>
  );
});

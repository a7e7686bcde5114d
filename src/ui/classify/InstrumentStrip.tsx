import { useCallback, useMemo, useRef } from 'react';
import { sizedContext, useCanvasPainting } from '../charts/useCanvasPainting';
import type { UnitPrediction } from '../../core/predict/songUnits';
import { classColour } from '../charts/classColours';
import { instrumentPresence, PRESENCE_MIN_SHARE, PRESENCE_THRESHOLD } from './instrumentPresence';
import { clockTime, timeTicks } from './time';

interface InstrumentStripProps {
  classNames: readonly string[];
  /** 1-s windows, in time order. */
  units: readonly UnitPrediction[];
  duration: number;
}

const ROW = 18;

/**
 * One heat strip per instrument class over the song's 1-s windows (darker: more probable). Classes heard in
 * enough windows are listed first and marked; silent windows are hatched.
 */
export function InstrumentStrip({ classNames, units, duration }: InstrumentStripProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const rows = useMemo(() => instrumentPresence(classNames, units), [classNames, units]);
  const span = Math.max(duration, ...units.map((u) => u.end), 1e-6);

  const draw = useCallback(
    (element: HTMLCanvasElement) => {
      const width = element.clientWidth;
      const ctx = sizedContext(element, width, rows.length * ROW);
      if (!ctx) return;
      const x = (t: number) => (t / span) * width;
      rows.forEach((row, r) => {
        ctx.fillStyle = r % 2 === 0 ? '#f6f8fb' : '#eef2f6';
        ctx.fillRect(0, r * ROW, width, ROW);
        for (const u of units) {
          const x0 = x(u.start);
          const w = Math.max(1, x(u.end) - x0);
          if (!u.probs) {
            ctx.fillStyle = '#d9dee6';
            ctx.fillRect(x0, r * ROW + ROW / 2 - 1, w, 2);
            continue;
          }
          ctx.globalAlpha = Math.max(0, Math.min(1, u.probs[row.index] ?? 0));
          ctx.fillStyle = classColour(row.index);
          ctx.fillRect(x0, r * ROW + 1, w + 0.5, ROW - 2);
          ctx.globalAlpha = 1;
        }
      });
    },
    [rows, units, span],
  );
  useCanvasPainting(canvas, draw);

  const present = rows.filter((r) => r.present);
  return (
    <figure className="chart instruments" data-testid="classify.instruments" data-windows={units.length}>
      <div className="instruments__grid">
        <ul className="instruments__labels" style={{ gridTemplateRows: `repeat(${rows.length}, ${ROW}px)` }}>
          {rows.map((row) => (
            <li
              key={row.name}
              className={`instruments__label${row.present ? ' instruments__label--present' : ''}`}
              data-testid="classify.instrument-row"
              data-class={row.name}
              data-present={row.present}
              data-share={row.share}
              title={`${row.name}: p ≥ ${PRESENCE_THRESHOLD} in ${(row.share * 100).toFixed(0)} % of sounding windows`}
            >
              {row.present && (
                <span className="instruments__mark" style={{ background: classColour(row.index) }} />
              )}
              {row.name}
            </li>
          ))}
        </ul>
        <canvas
          ref={canvas}
          className="instruments__canvas"
          style={{ height: rows.length * ROW }}
          role="img"
          aria-label={`Instrument probabilities over ${units.length} one-second windows`}
        />
        <span />
        <div className="instruments__axis" aria-hidden="true">
          {timeTicks(span).map((t) => (
            <span key={t} style={{ left: `${(t / span) * 100}%` }}>
              {clockTime(t)}
            </span>
          ))}
        </div>
      </div>
      <figcaption className="chart__caption">
        {present.length > 0
          ? `Heard: ${present.map((r) => `${r.name} (${(r.share * 100).toFixed(0)} % of the time)`).join(', ')}.`
          : 'No instrument class reaches the threshold in enough windows.'}{' '}
        A class is marked when the model gives it p ≥ {PRESENCE_THRESHOLD} in at least{' '}
        {PRESENCE_MIN_SHARE * 100} % of the sounding 1-s windows; time runs left to right.
      </figcaption>
    </figure>
  );
}

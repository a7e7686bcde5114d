import { useCallback, useMemo, useRef } from 'react';
import { sizedContext, useCanvasPainting } from '../charts/useCanvasPainting';
import type { UnitPrediction } from '../../core/predict/songUnits';
import { classColour } from '../charts/classColours';
import { describePresenceRule, PRESENCE_RULE } from '../../core/predict/songPresence';
import { instrumentPresence } from './instrumentPresence';
import { usePlayhead, type PlaybackClock } from './playbackClock';
import { clockTime, timeTicks } from './time';

interface InstrumentStripProps {
  classNames: readonly string[];
  /** 1-s windows, in time order. */
  units: readonly UnitPrediction[];
  duration: number;
  /** Where the card's player is: a playhead crosses the strip. */
  clock?: PlaybackClock;
}

const ROW = 18;

/**
 * One heat strip per instrument class over the song's 1-s windows (darker: more probable). Classes heard in
 * enough windows are listed first and marked; silent windows are hatched.
 */
export function InstrumentStrip({ classNames, units, duration, clock }: InstrumentStripProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const playhead = useRef<HTMLDivElement>(null);
  const verdict = useMemo(() => instrumentPresence(classNames, units), [classNames, units]);
  const rows = verdict.rows;
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
        // One colour per pass (a fill style set per window made a long song's strip a second-long task), and
        // no rectangle for a window too faint to see.
        ctx.fillStyle = '#d9dee6';
        for (const u of units) {
          if (u.probs) continue;
          const x0 = x(u.start);
          ctx.fillRect(x0, r * ROW + ROW / 2 - 1, Math.max(1, x(u.end) - x0), 2);
        }
        ctx.fillStyle = classColour(row.index);
        for (const u of units) {
          const p = u.probs ? Math.min(1, u.probs[row.index] ?? 0) : 0;
          if (!(p >= 1 / 255)) continue;
          const x0 = x(u.start);
          ctx.globalAlpha = p;
          ctx.fillRect(x0, r * ROW + 1, Math.max(1, x(u.end) - x0) + 0.5, ROW - 2);
        }
        ctx.globalAlpha = 1;
      });
    },
    [rows, units, span],
  );
  useCanvasPainting(canvas, draw);
  usePlayhead(clock, playhead, span);

  const present = verdict.heard;
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
              data-mean={row.meanProb}
              title={`${row.name}: mean p ${(row.meanProb * 100).toFixed(0)} %, p ≥ ${PRESENCE_RULE.windowProb} in ${(row.share * 100).toFixed(0)} % of sounding windows`}
            >
              {row.present && (
                <span className="instruments__mark" style={{ background: classColour(row.index) }} />
              )}
              {row.name}
            </li>
          ))}
        </ul>
        <div className="instruments__plot">
          <canvas
            ref={canvas}
            className="instruments__canvas"
            style={{ height: rows.length * ROW }}
            role="img"
            aria-label={`Instrument probabilities over ${units.length} one-second windows`}
          />
          <div
            ref={playhead}
            className="axis-playhead"
            aria-hidden="true"
            data-testid="classify.instruments-playhead"
          />
        </div>
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
        <span data-testid="classify.instruments-verdict" data-sure={verdict.notSure === null}>
          {verdict.notSure ??
            `Heard: ${present.map((r) => `${r.name} (${(r.share * 100).toFixed(0)} % of the time)`).join(', ')}.`}
        </span>{' '}
        {describePresenceRule()} Time runs left to right.
      </figcaption>
    </figure>
  );
}

import { useRef } from 'react';
import { songVerdict, type Abstention } from '../../core/predict/applyModel';
import type { UnitPrediction } from '../../core/predict/songUnits';
import { classColour } from '../charts/classColours';
import { usePlayhead, type PlaybackClock } from './playbackClock';
import { clockTime, timeTicks } from './time';

interface GenreTimelineProps {
  classNames: readonly string[];
  /** The model's units (segments, windows or patches) answered so far. */
  units: readonly UnitPrediction[];
  /** The columns: the song's segments, each marked done once its units are in. */
  segments: ReadonlyArray<{ start: number; end: number; done: boolean }>;
  duration: number;
  /** Where the card's player is: a playhead crosses the columns. */
  clock?: PlaybackClock;
}

const W = 800;
const H = 200;
const M = { left: 46, right: 16, top: 8, bottom: 42 };

/** Per segment: the mean of the units inside it (one unit for a 30-s segment model). */
export function segmentColumns(
  units: readonly UnitPrediction[],
  segments: GenreTimelineProps['segments'],
  classes: number,
): Array<{
  start: number;
  end: number;
  done: boolean;
  probs: number[] | null;
  abstain: Abstention | null;
}> {
  return segments.map((s) => {
    const inside = units.filter((u) => u.start >= s.start - 1e-6 && u.start < s.end - 1e-6);
    const verdict = s.done ? songVerdict(inside, classes) : { song: null, abstain: null };
    return { ...s, probs: verdict.song, abstain: verdict.abstain };
  });
}

/** The SVG playhead's place: a fraction of the plot's width, in the viewBox's units. */
const placeOnPlot = (head: Element, fraction: number) =>
  head.setAttribute('transform', `translate(${(M.left + fraction * (W - M.left - M.right)).toFixed(2)} 0)`);

/**
 * Genre probabilities over time: one stacked column per segment, classes in a fixed order so that a colour
 * keeps its place from one segment to the next. Silent or too-short segments are hatched, segments unlike the
 * model's training data faint, segments still running grey.
 */
export function GenreTimeline({ classNames, units, segments, duration, clock }: GenreTimelineProps) {
  const playhead = useRef<SVGLineElement>(null);
  const plotW = W - M.left - M.right;
  const plotH = H - M.top - M.bottom;
  const span = Math.max(duration, ...segments.map((s) => s.end), 1e-6);
  const x = (t: number) => M.left + (t / span) * plotW;
  const y = (p: number) => M.top + (1 - p) * plotH;
  const columns = segmentColumns(units, segments, classNames.length);
  usePlayhead(clock, playhead, span, placeOnPlot);
  const describe = (probs: number[] | null, done: boolean, abstain: Abstention | null) =>
    !done
      ? 'still running'
      : abstain && abstain.reason !== 'silent'
        ? abstain.message
        : probs
          ? classNames
              .map((name, c) => ({ name, p: probs[c] }))
              .sort((a, b) => b.p - a.p)
              .slice(0, 3)
              .map((e) => `${e.name} ${(e.p * 100).toFixed(0)} %`)
              .join(', ')
          : 'silent: not classified';

  return (
    <figure className="chart timeline" data-testid="classify.timeline" data-segments={segments.length}>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        className="timeline__svg"
        role="img"
        aria-label={`Genre probabilities in ${segments.length} segments over time`}
      >
        <defs>
          <pattern
            id="timeline-hatch"
            width="6"
            height="6"
            patternUnits="userSpaceOnUse"
            patternTransform="rotate(45)"
          >
            <rect width="6" height="6" fill="#eef1f5" />
            <line x1="0" y1="0" x2="0" y2="6" stroke="#c9d1dc" strokeWidth="2" />
          </pattern>
        </defs>
        {[0, 0.5, 1].map((p) => (
          <g key={p}>
            <line x1={M.left} x2={W - M.right} y1={y(p)} y2={y(p)} className="timeline__grid" />
            <text
              x={M.left - 6}
              y={y(p)}
              className="timeline__tick"
              textAnchor="end"
              dominantBaseline="middle"
            >
              {p * 100} %
            </text>
          </g>
        ))}
        {columns.map((col) => {
          let top = 0;
          const x0 = x(col.start);
          const width = Math.max(1, x(col.end) - x0 - 1);
          const state = !col.done ? 'pending' : col.probs ? 'done' : 'silent';
          return (
            <g
              key={col.start}
              data-testid="classify.timeline-segment"
              data-state={state}
              data-start={col.start}
              data-end={col.end}
              data-abstain={col.abstain?.reason}
              // Outside what the model knows: its guess is drawn faint, not as an answer.
              opacity={col.abstain?.reason === 'unfamiliar' ? 0.25 : undefined}
            >
              <title>{`${clockTime(col.start)}–${clockTime(col.end)}: ${describe(col.probs, col.done, col.abstain)}`}</title>
              {col.probs ? (
                classNames.map((name, c) => {
                  const p = col.probs![c];
                  const rect = (
                    <rect
                      key={name}
                      x={x0}
                      width={width}
                      y={y(top + p)}
                      height={Math.max(0, p * plotH)}
                      fill={classColour(c)}
                    />
                  );
                  top += p;
                  return rect;
                })
              ) : (
                <rect
                  x={x0}
                  width={width}
                  y={y(1)}
                  height={plotH}
                  fill={state === 'silent' ? 'url(#timeline-hatch)' : undefined}
                  className={state === 'pending' ? 'timeline__pending' : undefined}
                />
              )}
            </g>
          );
        })}
        <line
          ref={playhead}
          x1={0}
          x2={0}
          y1={M.top}
          y2={M.top + plotH}
          className="timeline__playhead"
          data-testid="classify.timeline-playhead"
        />
        {timeTicks(span).map((t) => (
          <text
            key={t}
            x={x(t)}
            y={H - M.bottom + 15}
            className="timeline__tick"
            textAnchor={t >= span - 1e-6 ? 'end' : 'middle'}
          >
            {clockTime(t)}
          </text>
        ))}
        <text x={M.left + plotW / 2} y={H - 5} className="timeline__axis" textAnchor="middle">
          Time (min:s) — one column per segment
        </text>
        <text
          transform={`translate(12, ${M.top + plotH / 2}) rotate(-90)`}
          className="timeline__axis"
          textAnchor="middle"
        >
          Probability
        </text>
      </svg>
      <ul className="legend" aria-label="Genres">
        {classNames.map((name, c) => (
          <li key={name} className="legend__item">
            <span className="legend__swatch" style={{ background: classColour(c) }} />
            {name}
          </li>
        ))}
      </ul>
    </figure>
  );
}

import { useCallback, useRef } from 'react';
import { sizedContext, useCanvasPainting } from './useCanvasPainting';
import { classColour } from './classColours';
import { placeLabels, type LabelBox } from './labelLayout';

export type Point2 = readonly [number, number];

/** A model's training points in its 2-D projection, with their classes. */
export interface ScatterLayer {
  points: readonly Point2[];
  labels: readonly number[];
}

/** Points to make stand out (a song's segments), joined in order, each filled with its class's colour. */
export interface ScatterHighlight {
  name: string;
  points: readonly Point2[];
  /** Class index of each point (its predicted class); -1 or absent: neutral. */
  labels?: readonly number[];
  /** Points outside the model's training data (its novelty rule): drawn hollow with a dashed ring. */
  outside?: readonly boolean[];
}

interface EmbeddingScatterProps {
  training: ScatterLayer;
  classNames: readonly string[];
  highlights?: readonly ScatterHighlight[];
  /** Axis titles, e.g. `PC 1 (31 %)`. */
  axisLabels?: readonly [string, string];
  height?: number;
  caption?: string;
  testId?: string;
}

const MARGIN = { left: 46, right: 12, top: 10, bottom: 38 };
// Stable defaults, so that a chart given neither is not redrawn on every render.
const NO_HIGHLIGHTS: readonly ScatterHighlight[] = [];
const DEFAULT_AXES = ['Component 1', 'Component 2'] as const;

/** About five round tick values across [lo, hi]. */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo) || !Number.isFinite(lo) || !Number.isFinite(hi)) return [lo];
  const raw = (hi - lo) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? raw;
  const ticks: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step)
    ticks.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  return ticks;
}

/** Extent of every point drawn, padded by 5 % so none sits on the frame. */
export function scatterExtent(groups: readonly (readonly Point2[])[]): {
  x: [number, number];
  y: [number, number];
} {
  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = Infinity;
  let y1 = -Infinity;
  for (const points of groups) {
    for (const [x, y] of points) {
      if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
      x0 = Math.min(x0, x);
      x1 = Math.max(x1, x);
      y0 = Math.min(y0, y);
      y1 = Math.max(y1, y);
    }
  }
  if (x0 > x1) return { x: [-1, 1], y: [-1, 1] };
  const pad = (a: number, b: number): [number, number] => {
    const span = b - a || Math.max(Math.abs(a), 1);
    return [a - span * 0.05, b + span * 0.05];
  };
  return { x: pad(x0, x1), y: pad(y0, y1) };
}

/**
 * Numbers the song's points 1, 2, … in time order without overlap (labelLayout): on the marker where there is
 * room, else beside it on a white halo with a leader line, else left out. The counts land on the canvas's
 * data attributes.
 */
function drawSegmentNumbers(
  ctx: CanvasRenderingContext2D,
  anchors: ReadonlyArray<readonly [number, number]>,
  radius: number,
  bounds: LabelBox,
): void {
  const texts = anchors.map((_, i) => String(i + 1));
  const placed = placeLabels(anchors, texts, radius, bounds);
  ctx.font = 'bold 10px system-ui, sans-serif';
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  placed.forEach((label, i) => {
    if (!label) return;
    if (label.onMarker) {
      ctx.fillStyle = '#ffffff';
    } else {
      const [ax, ay] = anchors[i];
      ctx.strokeStyle = 'rgb(28 35 48 / 70%)';
      ctx.lineWidth = 1;
      ctx.beginPath();
      ctx.moveTo(ax, ay);
      ctx.lineTo(label.x, label.y);
      ctx.stroke();
      ctx.fillStyle = 'rgb(255 255 255 / 90%)';
      ctx.fillRect(label.box.x, label.box.y, label.box.width, label.box.height);
      ctx.fillStyle = '#1c2330';
    }
    ctx.fillText(texts[i], label.x, label.y + 0.5);
  });
  const canvas = ctx.canvas as HTMLCanvasElement;
  canvas.dataset.labelsOnMarker = String(placed.filter((l) => l?.onMarker).length);
  canvas.dataset.labelsBeside = String(placed.filter((l) => l && !l.onMarker).length);
  canvas.dataset.labelsLeftOut = String(placed.filter((l) => l === null).length);
  canvas.dataset.labelBoxes = JSON.stringify(
    placed.map((l) => l && [l.box.x, l.box.y, l.box.width, l.box.height].map((v) => +v.toFixed(1))),
  );
}

function formatTick(v: number): string {
  return Math.abs(v) >= 1000 || (Math.abs(v) < 0.01 && v !== 0) ? v.toExponential(0) : String(+v.toFixed(2));
}

/**
 * Training points coloured by class, with a song's points on top, in a model's 2-D projection. Canvas:
 * thousands of points draw in a few milliseconds; the legend is HTML so it reads and wraps as text.
 */
export function EmbeddingScatter({
  training,
  classNames,
  highlights = NO_HIGHLIGHTS,
  axisLabels = DEFAULT_AXES,
  height = 320,
  caption,
  testId,
}: EmbeddingScatterProps) {
  const canvas = useRef<HTMLCanvasElement>(null);

  const draw = useCallback(
    (element: HTMLCanvasElement) => {
      const width = element.clientWidth;
      const ctx = sizedContext(element, width, height);
      if (!ctx) return;
      const extent = scatterExtent([training.points, ...highlights.map((h) => h.points)]);
      const plotW = width - MARGIN.left - MARGIN.right;
      const plotH = height - MARGIN.top - MARGIN.bottom;
      const sx = (x: number) => MARGIN.left + ((x - extent.x[0]) / (extent.x[1] - extent.x[0])) * plotW;
      const sy = (y: number) => MARGIN.top + (1 - (y - extent.y[0]) / (extent.y[1] - extent.y[0])) * plotH;

      // Grid and ticks.
      ctx.font = '11px system-ui, sans-serif';
      ctx.strokeStyle = '#e6eaf0';
      ctx.fillStyle = '#5b6576';
      ctx.lineWidth = 1;
      ctx.textAlign = 'center';
      ctx.textBaseline = 'top';
      for (const t of niceTicks(extent.x[0], extent.x[1])) {
        const x = Math.round(sx(t)) + 0.5;
        ctx.beginPath();
        ctx.moveTo(x, MARGIN.top);
        ctx.lineTo(x, MARGIN.top + plotH);
        ctx.stroke();
        ctx.fillText(formatTick(t), x, MARGIN.top + plotH + 4);
      }
      ctx.textAlign = 'right';
      ctx.textBaseline = 'middle';
      for (const t of niceTicks(extent.y[0], extent.y[1])) {
        const y = Math.round(sy(t)) + 0.5;
        ctx.beginPath();
        ctx.moveTo(MARGIN.left, y);
        ctx.lineTo(MARGIN.left + plotW, y);
        ctx.stroke();
        ctx.fillText(formatTick(t), MARGIN.left - 5, y);
      }
      ctx.strokeStyle = '#c9d1dc';
      ctx.strokeRect(MARGIN.left + 0.5, MARGIN.top + 0.5, plotW, plotH);
      ctx.fillStyle = '#1c2330';
      ctx.textAlign = 'center';
      ctx.textBaseline = 'bottom';
      ctx.fillText(axisLabels[0], MARGIN.left + plotW / 2, height - 2);
      ctx.save();
      ctx.translate(11, MARGIN.top + plotH / 2);
      ctx.rotate(-Math.PI / 2);
      ctx.textBaseline = 'middle';
      ctx.fillText(axisLabels[1], 0, 0);
      ctx.restore();

      // Training points, faint, so the song's stand out: one path per class (one fill per point made each
      // repaint of a few thousand points a long main-thread task).
      ctx.globalAlpha = 0.5;
      const byClass = new Map<number, Path2D>();
      training.points.forEach(([x, y], i) => {
        let path = byClass.get(training.labels[i]);
        if (!path) byClass.set(training.labels[i], (path = new Path2D()));
        path.moveTo(sx(x) + 2.6, sy(y));
        path.arc(sx(x), sy(y), 2.6, 0, 2 * Math.PI);
      });
      for (const [label, path] of byClass) {
        ctx.fillStyle = classColour(label);
        ctx.fill(path);
      }
      ctx.globalAlpha = 1;

      for (const highlight of highlights) {
        const pts = highlight.points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
        if (pts.length > 1) {
          ctx.strokeStyle = 'rgb(28 35 48 / 55%)';
          ctx.lineWidth = 1.5;
          ctx.beginPath();
          pts.forEach(([x, y], i) => (i === 0 ? ctx.moveTo(sx(x), sy(y)) : ctx.lineTo(sx(x), sy(y))));
          ctx.stroke();
        }
        const radius = pts.length > 30 ? 4 : 8;
        highlight.points.forEach(([x, y], i) => {
          if (!Number.isFinite(x) || !Number.isFinite(y)) return;
          const label = highlight.labels?.[i] ?? -1;
          const outside = highlight.outside?.[i] === true;
          ctx.fillStyle = label >= 0 && !outside ? classColour(label) : '#ffffff';
          ctx.strokeStyle = outside ? '#b42318' : '#1c2330';
          ctx.lineWidth = 2;
          ctx.setLineDash(outside ? [3, 2] : []);
          ctx.beginPath();
          ctx.arc(sx(x), sy(y), radius, 0, 2 * Math.PI);
          ctx.fill();
          ctx.stroke();
          ctx.setLineDash([]);
        });
        if (radius >= 8 && highlight.points.length < 100) {
          drawSegmentNumbers(
            ctx,
            highlight.points.map(([x, y]) => [sx(x), sy(y)] as const),
            radius,
            {
              x: MARGIN.left,
              y: MARGIN.top,
              width: plotW,
              height: plotH,
            },
          );
        }
      }
    },
    [training, highlights, height, axisLabels],
  );
  useCanvasPainting(canvas, draw);

  const songPoints = highlights.reduce((n, h) => n + h.points.length, 0);
  const outsidePoints = highlights.reduce((n, h) => n + (h.outside?.filter(Boolean).length ?? 0), 0);
  const counts = classNames.map((_, c) => training.labels.filter((l) => l === c).length);
  return (
    <figure
      className="chart scatter"
      data-testid={testId}
      data-training-points={training.points.length}
      data-highlighted-points={songPoints}
      data-outside-points={outsidePoints}
    >
      <canvas
        ref={canvas}
        className="scatter__canvas"
        style={{ height }}
        role="img"
        aria-label={`Scatter of ${training.points.length} training points in ${classNames.length} classes${songPoints > 0 ? `, with ${songPoints} highlighted` : ''}`}
      />
      <ul className="legend" aria-label="Legend">
        {classNames.map((name, c) => (
          <li key={name} className="legend__item" title={`${counts[c]} training points`}>
            <span className="legend__swatch" style={{ background: classColour(c) }} />
            {name}
          </li>
        ))}
        {highlights.map((h) => (
          <li key={h.name} className="legend__item legend__item--highlight">
            <span className="legend__swatch legend__swatch--ring" />
            {h.name}
          </li>
        ))}
        {outsidePoints > 0 && (
          <li className="legend__item legend__item--highlight">
            <span className="legend__swatch legend__swatch--ring legend__swatch--outside" />
            outside the model&apos;s training data (no label)
          </li>
        )}
      </ul>
      {caption && <figcaption className="chart__caption">{caption}</figcaption>}
    </figure>
  );
}

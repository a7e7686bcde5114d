import { useEffect, useRef } from 'react';
import { useAppStore } from '../../state/store';
import { fitCanvas } from './canvasSize';
import { classColour } from './colours';
import { HISTORY_SECONDS, type LiveFeed } from './liveFeed';

/** Classes drawn: those that reach this probability somewhere in the last 10 s (the rest hug zero). */
const SHOWN_ABOVE = 0.05;
const LEGEND_ROWS = 5;

/** The smoothed class probabilities of the last 10 s, drawn once per animation frame from the feed. */
export function ProbabilityChart({ feed }: { feed: LiveFeed }) {
  const canvasRef = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const draw = () => drawChart(canvas, feed, useAppStore.getState().liveSettings.threshold);
    draw();
    const removeDrawer = feed.addDrawer(draw);
    window.addEventListener('resize', draw);
    return () => {
      removeDrawer();
      window.removeEventListener('resize', draw);
    };
  }, [feed]);

  return (
    <canvas
      ref={canvasRef}
      className="live-chart"
      data-testid="live.chart"
      role="img"
      aria-label="Class probabilities over the last 10 seconds"
    />
  );
}

function drawChart(canvas: HTMLCanvasElement, feed: LiveFeed, threshold: number): void {
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const { width, height, ratio } = fitCanvas(canvas);
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, width, height);
  // Wide: the legend beside the plot; narrow (a phone): under it, in two columns.
  const narrow = width < 520;
  const legendBelow = narrow ? Math.ceil(LEGEND_ROWS / 2) * 18 + 8 : 0;
  const pad = { left: 34, right: narrow ? 10 : 150, top: 10, bottom: 22 + legendBelow };
  const plotW = Math.max(10, width - pad.left - pad.right);
  const plotH = Math.max(10, height - pad.top - pad.bottom);
  const styles = getComputedStyle(canvas);
  const axis = styles.getPropertyValue('--chart-axis').trim() || '#c9d1dc';
  const text = styles.getPropertyValue('--chart-text').trim() || '#5b6576';
  ctx.font = '11px system-ui, sans-serif';
  ctx.lineWidth = 1;

  // Axes: probability 0 … 1 up, the last 10 s across (now at the right).
  ctx.strokeStyle = axis;
  ctx.fillStyle = text;
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (const p of [0, 0.25, 0.5, 0.75, 1]) {
    const y = pad.top + plotH * (1 - p);
    ctx.beginPath();
    ctx.moveTo(pad.left, y);
    ctx.lineTo(pad.left + plotW, y);
    ctx.stroke();
    ctx.fillText(p.toFixed(2).replace(/0$/, ''), pad.left - 4, y);
  }
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (let s = 0; s <= HISTORY_SECONDS; s += narrow ? 5 : 2) {
    const x = pad.left + plotW * (1 - s / HISTORY_SECONDS);
    ctx.fillText(s === 0 ? 'now' : `−${s} s`, x, pad.top + plotH + 5);
  }
  // The confidence threshold, dashed.
  const ty = pad.top + plotH * (1 - threshold);
  ctx.setLineDash([4, 4]);
  ctx.strokeStyle = text;
  ctx.beginPath();
  ctx.moveTo(pad.left, ty);
  ctx.lineTo(pad.left + plotW, ty);
  ctx.stroke();
  ctx.setLineDash([]);

  const points = feed.points;
  const k = feed.classNames.length;
  if (points.length === 0 || k === 0) return;
  const now = points[points.length - 1].time;
  const xOf = (t: number) => pad.left + plotW * (1 - (now - t) / HISTORY_SECONDS);
  const yOf = (p: number) => pad.top + plotH * (1 - p);
  const peak = new Float32Array(k);
  for (const point of points) {
    if (!point.probs || now - point.time > HISTORY_SECONDS) continue;
    for (let c = 0; c < k; c++) peak[c] = Math.max(peak[c], point.probs[c]);
  }
  ctx.save();
  ctx.beginPath();
  ctx.rect(pad.left, pad.top - 2, plotW, plotH + 4);
  ctx.clip();
  ctx.lineWidth = 2;
  ctx.lineJoin = 'round';
  for (let c = 0; c < k; c++) {
    if (peak[c] < SHOWN_ABOVE) continue;
    ctx.strokeStyle = classColour(c);
    ctx.beginPath();
    let drawing = false;
    for (const point of points) {
      // Silence and warm-up leave gaps in every line.
      if (!point.probs) {
        drawing = false;
        continue;
      }
      const x = xOf(point.time);
      const y = yOf(point.probs[c]);
      if (drawing) ctx.lineTo(x, y);
      else ctx.moveTo(x, y);
      drawing = true;
    }
    ctx.stroke();
  }
  ctx.restore();

  // Legend: the classes most probable now, with their probability.
  const latest = points[points.length - 1].probs;
  const order = Array.from({ length: k }, (_, c) => c).sort((a, b) =>
    latest ? latest[b] - latest[a] : peak[b] - peak[a],
  );
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  ctx.font = '12px system-ui, sans-serif';
  order.slice(0, LEGEND_ROWS).forEach((c, row) => {
    const half = Math.ceil(LEGEND_ROWS / 2);
    const y = narrow ? pad.top + plotH + 32 + (row % half) * 18 : pad.top + 10 + row * 20;
    const x = narrow ? pad.left + (row < half ? 0 : plotW / 2) : pad.left + plotW + 14;
    ctx.fillStyle = classColour(c);
    ctx.fillRect(x, y - 5, 10, 10);
    ctx.fillStyle = text;
    const value = latest ? ` ${Math.round(latest[c] * 100)} %` : '';
    ctx.fillText(`${feed.classNames[c]}${value}`, x + 16, y);
  });
}

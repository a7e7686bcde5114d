import { useCallback, useMemo, useRef, useState } from 'react';
import { sizedContext, useCanvasPainting } from '../../charts/useCanvasPainting';
import type { FeatureTable } from '../data/featureTable';
import { correlationMatrix } from './stats';

const SIZE = 420;

/** Diverging blue (−1) … white (0) … red (+1). */
function colourOf(r: number): string {
  const t = Math.max(-1, Math.min(1, r));
  const a = Math.abs(t);
  const [R, G, B] = t >= 0 ? [197, 48, 48] : [31, 111, 139];
  const mix = (c: number) => Math.round(255 + (c - 255) * a);
  return `rgb(${mix(R)} ${mix(G)} ${mix(B)})`;
}

/**
 * Rows the correlations are computed from at most (evenly spaced): 60 columns of 10,000 rows take ~20 ms of
 * the main thread, and each r is within about 3/√10,000 = 0.03 of the whole table's.
 */
export const HEATMAP_MAX_ROWS = 10_000;

/** Pearson correlations of up to 60 features, on a canvas (3,600 cells redraw in well under a frame). */
export function CorrelationHeatmap({ table, columns }: { table: FeatureTable; columns: string[] }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [hover, setHover] = useState<{ i: number; j: number } | null>(null);
  const matrix = useMemo(() => {
    const indices = columns.map((c) => table.columns.indexOf(c)).filter((i) => i >= 0);
    return correlationMatrix(table.x, table.rows, table.columns.length, indices, HEATMAP_MAX_ROWS);
  }, [table, columns]);
  const k = columns.length;
  const cell = k > 0 ? SIZE / k : SIZE;

  const draw = useCallback(
    (element: HTMLCanvasElement) => {
      const ctx = sizedContext(element, SIZE, SIZE);
      if (!ctx) return;
      for (let i = 0; i < k; i++) {
        for (let j = 0; j < k; j++) {
          ctx.fillStyle = colourOf(matrix[i * k + j]);
          ctx.fillRect(j * cell, i * cell, Math.ceil(cell), Math.ceil(cell));
        }
      }
    },
    [matrix, k, cell],
  );
  useCanvasPainting(canvas, draw);

  const value = hover ? matrix[hover.i * k + hover.j] : null;
  return (
    <figure className="chart-figure heatmap" data-testid="train.heatmap" data-columns={k}>
      <div className="chart-figure__title">
        Correlation of {k} features{k === 60 ? ' (the most shown; choose which in the table)' : ''}
        {table.rows > HEATMAP_MAX_ROWS &&
          `, from ${Math.ceil(table.rows / Math.ceil(table.rows / HEATMAP_MAX_ROWS)).toLocaleString('en-US')} evenly spaced rows of ${table.rows.toLocaleString('en-US')}`}
      </div>
      <canvas
        ref={canvas}
        className="heatmap__canvas"

        role="img"
        aria-label={`Correlation heatmap of ${k} features`}
        onMouseMove={(event) => {
          const box = event.currentTarget.getBoundingClientRect();
          const j = Math.floor(((event.clientX - box.left) / box.width) * k);
          const i = Math.floor(((event.clientY - box.top) / box.height) * k);
          setHover(i >= 0 && i < k && j >= 0 && j < k ? { i, j } : null);
        }}
        onMouseLeave={() => setHover(null)}
      />
      <div className="heatmap__legend">
        <span>−1</span>
        <span className="heatmap__scale" aria-hidden="true" />
        <span>+1</span>
        <span className="heatmap__hover" aria-live="polite">
          {hover && value !== null
            ? `${columns[hover.i]} × ${columns[hover.j]}: r = ${value.toFixed(2)}`
            : 'Point at a cell to read it.'}
        </span>
      </div>
    </figure>
  );
}

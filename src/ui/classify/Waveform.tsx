import { useCallback, useRef } from 'react';
import { sizedContext, useCanvasPainting } from '../charts/useCanvasPainting';
import type { WaveformPeaks } from '../../core/predict/fileSummary';

interface WaveformProps {
  peaks: WaveformPeaks;
  height?: number;
  label: string;
}

/** A min/max envelope drawn once per size change, crisp on high-density screens. */
export function Waveform({ peaks, height = 72, label }: WaveformProps) {
  const canvas = useRef<HTMLCanvasElement>(null);

  const draw = useCallback(
    (element: HTMLCanvasElement) => {
      const width = element.clientWidth;
      const ctx = sizedContext(element, width, height);
      if (!ctx) return;
      const style = getComputedStyle(element);
      const mid = height / 2;
      ctx.fillStyle = style.getPropertyValue('--wave-axis').trim() || '#c9d1dc';
      ctx.fillRect(0, mid - 0.5, width, 1);
      ctx.fillStyle = style.getPropertyValue('--wave-fill').trim() || '#2f6f8f';
      const n = peaks.max.length;
      for (let x = 0; x < width; x++) {
        const b = Math.min(n - 1, Math.floor((x * n) / width));
        const top = mid - Math.max(0, peaks.max[b]) * mid;
        const bottom = mid - Math.min(0, peaks.min[b]) * mid;
        ctx.fillRect(x, top, 1, Math.max(1, bottom - top));
      }
    },
    [peaks, height],
  );
  useCanvasPainting(canvas, draw);

  return (
    <canvas
      ref={canvas}
      className="waveform"
      style={{ height }}
      role="img"
      aria-label={label}
      data-testid="classify.waveform"
    />
  );
}

import { useEffect, useRef } from 'react';
import { heatColour } from './colours';
import { HISTORY_SECONDS, type LiveFeed } from './liveFeed';

/** One column per analysis frame (512 samples at 22,050 Hz): 431 columns are the last 10 s. */
const COLUMNS = Math.round((HISTORY_SECONDS * 22_050) / 512);
const DEFAULT_BANDS = 64;
/** Shown range below the loudest recent level, dB; the top follows the input's peak, slowly falling. */
const RANGE_DB = 80;
const PEAK_FALL_DB_PER_COLUMN = 0.05;
const LOWEST_PEAK_DB = -40;

/**
 * A scrolling log-mel spectrogram (low bands at the bottom), from the columns the live worker computes. Each
 * animation frame moves the image left by the new columns and paints them at the right edge; the canvas's
 * pixels are the columns themselves, stretched by CSS.
 */
export function SpectrogramCanvas({ feed }: { feed: LiveFeed }) {
  const canvasRef = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    const canvas = canvasRef.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    canvas.width = COLUMNS;
    canvas.height = DEFAULT_BANDS;
    ctx.fillStyle = '#000004';
    ctx.fillRect(0, 0, COLUMNS, DEFAULT_BANDS);
    let peak = LOWEST_PEAK_DB;
    return feed.addDrawer(() => {
      const chunks = feed.takeColumns();
      const total = chunks.reduce((n, c) => n + c.columns, 0);
      if (total === 0) return;
      const bands = chunks[0].bands;
      if (canvas.height !== bands) canvas.height = bands;
      const shown = Math.min(total, COLUMNS);
      const image = ctx.createImageData(shown, bands);
      let column = 0;
      for (const chunk of chunks) {
        for (let c = 0; c < chunk.columns; c++, column++) {
          let loudest = -Infinity;
          for (let m = 0; m < bands; m++) loudest = Math.max(loudest, chunk.data[c * bands + m]);
          peak = Math.max(LOWEST_PEAK_DB, peak - PEAK_FALL_DB_PER_COLUMN, loudest);
          const x = column - (total - shown);
          if (x < 0) continue;
          for (let m = 0; m < bands; m++) {
            const t = (chunk.data[c * bands + m] - (peak - RANGE_DB)) / RANGE_DB;
            heatColour(t, image.data, ((bands - 1 - m) * shown + x) * 4);
          }
        }
      }
      ctx.drawImage(canvas, -shown, 0);
      ctx.putImageData(image, COLUMNS - shown, 0);
    });
  }, [feed]);

  return (
    <canvas
      ref={canvasRef}
      className="live-spectrogram"
      data-testid="live.spectrogram"
      role="img"
      aria-label="Spectrogram of the last 10 seconds, low pitches at the bottom"
    />
  );
}

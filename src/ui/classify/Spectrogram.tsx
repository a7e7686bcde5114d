import { useCallback, useMemo, useRef } from 'react';
import { sizedContext, useCanvasPainting } from '../charts/useCanvasPainting';
import type { SpectrogramImage } from '../../core/predict/overview';

/** Magma-like stops: dark for the floor, bright for the loudest. */
const STOPS: Array<[number, number, number]> = [
  [0, 0, 4],
  [59, 15, 112],
  [140, 41, 129],
  [222, 73, 104],
  [254, 159, 109],
  [252, 253, 191],
];

let lut: Uint8ClampedArray | null = null;
/** 256 RGB triples through STOPS. */
function colourTable(): Uint8ClampedArray {
  if (lut) return lut;
  lut = new Uint8ClampedArray(256 * 3);
  for (let v = 0; v < 256; v++) {
    const pos = (v / 255) * (STOPS.length - 1);
    const i = Math.min(STOPS.length - 2, Math.floor(pos));
    const f = pos - i;
    for (let k = 0; k < 3; k++) lut[v * 3 + k] = STOPS[i][k] + (STOPS[i + 1][k] - STOPS[i][k]) * f;
  }
  return lut;
}

interface SpectrogramProps {
  image: SpectrogramImage;
  height?: number;
  label: string;
}

/** The song's log-mel spectrogram (worker-made image), low bands at the bottom, stretched to the width. */
export function Spectrogram({ image, height = 120, label }: SpectrogramProps) {
  const canvas = useRef<HTMLCanvasElement>(null);

  // The image at its own size (one pixel per column and band), scaled onto the canvas at each paint.
  const source = useMemo(() => {
    const { columns, bands, pixels } = image;
    const element = document.createElement('canvas');
    element.width = columns;
    element.height = bands;
    const ctx = element.getContext('2d');
    if (!ctx) return null;
    const data = ctx.createImageData(columns, bands);
    const table = colourTable();
    for (let c = 0; c < columns; c++) {
      for (let m = 0; m < bands; m++) {
        const v = pixels[c * bands + m];
        const o = ((bands - 1 - m) * columns + c) * 4;
        data.data[o] = table[v * 3];
        data.data[o + 1] = table[v * 3 + 1];
        data.data[o + 2] = table[v * 3 + 2];
        data.data[o + 3] = 255;
      }
    }
    ctx.putImageData(data, 0, 0);
    return element;
  }, [image]);
  const draw = useCallback(
    (element: HTMLCanvasElement) => {
      if (!source) return;
      const width = element.clientWidth;
      const ctx = sizedContext(element, width, height);
      if (!ctx) return;
      ctx.imageSmoothingEnabled = true;
      ctx.drawImage(source, 0, 0, width, height);
    },
    [source, height],
  );
  useCanvasPainting(canvas, draw);

  return (
    <canvas
      ref={canvas}
      className="spectrogram"
      style={{ height }}
      role="img"
      aria-label={label}
      data-testid="classify.spectrogram"
      data-columns={image.columns}
    />
  );
}

import { useEffect, useRef } from 'react';
import type { SpectrogramImage } from '../../workers/classifyProtocol';

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

  useEffect(() => {
    const element = canvas.current;
    if (!element) return;
    const { columns, bands, pixels } = image;
    const source = document.createElement('canvas');
    source.width = columns;
    source.height = bands;
    const sourceCtx = source.getContext('2d');
    if (!sourceCtx) return;
    const data = sourceCtx.createImageData(columns, bands);
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
    sourceCtx.putImageData(data, 0, 0);
    const draw = () => {
      const ctx = element.getContext('2d');
      const width = element.clientWidth;
      if (!ctx || width === 0) return;
      const ratio = window.devicePixelRatio || 1;
      element.width = Math.round(width * ratio);
      element.height = Math.round(height * ratio);
      ctx.imageSmoothingEnabled = true;
      ctx.drawImage(source, 0, 0, element.width, element.height);
    };
    draw();
    const observer = new ResizeObserver(draw);
    observer.observe(element);
    return () => observer.disconnect();
  }, [image, height]);

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

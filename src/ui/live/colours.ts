/**
 * Colours of the Live canvases: one per class, the app's one class palette (so Live and Classify colour an
 * instrument alike), and the spectrogram's colour map.
 */
export { classColour } from '../charts/classColours';

/** Magma-like stops from quiet (dark) to loud (pale yellow). */
const STOPS: [number, number, number][] = [
  [0, 0, 4],
  [40, 11, 84],
  [101, 21, 110],
  [159, 42, 99],
  [212, 72, 66],
  [245, 125, 21],
  [250, 193, 39],
  [252, 255, 164],
];

/** RGB of `t` in 0 … 1 (clamped) on the colour map, written into `out` at `offset`. */
export function heatColour(t: number, out: Uint8ClampedArray, offset: number): void {
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (STOPS.length - 1);
  const i = Math.min(STOPS.length - 2, Math.floor(x));
  const f = x - i;
  const a = STOPS[i];
  const b = STOPS[i + 1];
  out[offset] = a[0] + (b[0] - a[0]) * f;
  out[offset + 1] = a[1] + (b[1] - a[1]) * f;
  out[offset + 2] = a[2] + (b[2] - a[2]) * f;
  out[offset + 3] = 255;
}

/** Colours of the Live canvases: one per class (stable by class index), and the spectrogram's colour map. */

const CLASS_COLOURS = [
  '#1f77b4',
  '#d62728',
  '#2ca02c',
  '#ff7f0e',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#17becf',
  '#bcbd22',
  '#7f7f7f',
  '#393b79',
  '#ad494a',
  '#637939',
  '#e6550d',
  '#7b4173',
  '#3182bd',
  '#31a354',
  '#843c39',
  '#d6616b',
  '#636363',
];

export function classColour(index: number): string {
  return CLASS_COLOURS[((index % CLASS_COLOURS.length) + CLASS_COLOURS.length) % CLASS_COLOURS.length];
}

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

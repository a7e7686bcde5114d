import { describe, expect, it } from 'vitest';
import {
  COLS,
  extractInstrumentWindows,
  extractRowWindows,
  INSTRUMENTS_SPEC,
  MODEL_COLUMNS,
  modelColumnsOf,
  ROW_COLS,
  ROW_SPEC,
} from './config';

const SR = 22050;

describe("the instruments model's columns", () => {
  it('are the row columns but chroma, in the rows’ order', () => {
    expect(INSTRUMENTS_SPEC.name).toBe(ROW_SPEC.name);
    expect(INSTRUMENTS_SPEC.columns.some((c) => c.startsWith('chroma'))).toBe(false);
    expect(ROW_COLS - COLS).toBe(12 * 7);
    expect(Array.from(MODEL_COLUMNS, (i) => ROW_SPEC.columns[i])).toEqual(INSTRUMENTS_SPEC.columns);
    expect(Array.from(MODEL_COLUMNS)).toEqual([...MODEL_COLUMNS].sort((a, b) => a - b));
  });

  it('are picked from rows of the row spec, and the app’s windows give the same values', () => {
    const x = Float32Array.from(
      { length: 2 * SR },
      (_, i) => 0.2 * Math.sin((2 * Math.PI * 262 * i) / SR) + 0.05 * Math.sin((2 * Math.PI * 523 * i) / SR),
    );
    const full = extractRowWindows(x, 1, 1);
    const picked = modelColumnsOf(Float32Array.from(full.flatMap((w) => Array.from(w.values))));
    expect(picked.length).toBe(full.length * COLS);
    const model = extractInstrumentWindows(x, 1, 1);
    expect(model.map((w) => w.start)).toEqual(full.map((w) => w.start));
    model.forEach((w, r) => {
      expect(Array.from(w.values)).toEqual(Array.from(picked.subarray(r * COLS, (r + 1) * COLS)));
      const c = INSTRUMENTS_SPEC.columns.indexOf('rms_mean');
      expect(w.values[c]).toBe(full[r].values[ROW_SPEC.columns.indexOf('rms_mean')]);
    });
  });
});

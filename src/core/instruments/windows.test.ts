import { describe, expect, it } from 'vitest';
import { extractFrameWindows, framesSpec } from '../features/frames';
import { isSilentWindow, SILENCE_DBFS, soundingWindows, windowLevelDb } from './windows';

const SR = 22050;

/** A 440-Hz tone at `dbfs` RMS for `seconds`. */
function tone(seconds: number, dbfs: number): Float32Array {
  const a = Math.SQRT2 * 10 ** (dbfs / 20);
  return Float32Array.from(
    { length: Math.round(seconds * SR) },
    (_, i) => a * Math.sin((2 * Math.PI * 440 * i) / SR),
  );
}

describe('isSilentWindow', () => {
  it('draws the line at SILENCE_DBFS on the loudest frame', () => {
    expect(isSilentWindow(extractFrameWindows(new Float32Array(SR), 1)[0].values)).toBe(true);
    expect(isSilentWindow(extractFrameWindows(tone(1, SILENCE_DBFS - 3), 1)[0].values)).toBe(true);
    expect(isSilentWindow(extractFrameWindows(tone(1, SILENCE_DBFS + 3), 1)[0].values)).toBe(false);
    // One loud frame is enough: a note starting at the end of a quiet window.
    const late = new Float32Array(SR);
    late.set(tone(0.1, -20), SR - 2205);
    expect(isSilentWindow(extractFrameWindows(late, 1)[0].values)).toBe(false);
  });

  it('reads the level in dBFS and names a wrong row', () => {
    expect(windowLevelDb(extractFrameWindows(tone(1, -20), 1)[0].values)).toBeCloseTo(-20, 1);
    expect(windowLevelDb(new Float32Array(framesSpec.columns.length))).toBe(-Infinity);
    expect(() => isSilentWindow(new Float32Array(5))).toThrow(
      `Expected a row starting with the ${framesSpec.columns.length} frames values, got 5 values`,
    );
  });
});

describe('soundingWindows', () => {
  it('keeps a note and drops its fade into the floor', () => {
    // 2 s at −20 dBFS, then a fall of 60 dB over 4 s.
    const x = new Float32Array(6 * SR);
    x.set(tone(2, -20));
    const tail = tone(4, -20);
    for (let i = 0; i < tail.length; i++) tail[i] *= 10 ** ((-60 * (i / tail.length)) / 20);
    x.set(tail, 2 * SR);
    const windows = extractFrameWindows(x, 1, 0.5);
    const kept = soundingWindows(windows, 30);
    expect(kept.length).toBeLessThan(windows.length);
    for (const w of kept) expect(windowLevelDb(w.values)).toBeGreaterThanOrEqual(-50 - 1e-9);
    // The first 2 s and the first part of the fade are kept (about 2 s of fade stay within 30 dB).
    expect(kept[0].start).toBe(0);
    expect(kept[kept.length - 1].end).toBeGreaterThan(3.5);
    expect(kept[kept.length - 1].end).toBeLessThan(4.6);
  });

  it('gives nothing for silence', () => {
    expect(soundingWindows(extractFrameWindows(new Float32Array(2 * SR), 1))).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { createRng } from '../random';
import { framesSpec } from './frames';
import {
  createTimbreExtractor,
  extractTimbreWindows,
  TIMBRE_COLUMNS,
  timbreFrameMatrix,
  timbreSpec,
  TIMBRE_FRAME_FEATURES,
} from './timbre';

const SR = 22050;

/** One second of a tone at f0 whose h-th harmonic has amplitude amp(h). */
function tone(f0: number, amp: (h: number) => number, seconds = 1): Float32Array {
  const x = new Float32Array(Math.round(seconds * SR));
  for (let h = 1; h * f0 < SR / 2; h++) {
    const a = amp(h);
    for (let i = 0; i < x.length; i++) x[i] += 0.1 * a * Math.sin((2 * Math.PI * h * f0 * i) / SR);
  }
  return x;
}

function column(row: Float32Array, name: string): number {
  const at = timbreSpec.columns.indexOf(name);
  if (at < 0) throw new Error(`no column ${name}`);
  return row[at];
}

describe('timbre descriptors', () => {
  it('names its columns after the frames columns, once each', () => {
    expect(timbreSpec.columns.slice(0, framesSpec.columns.length)).toEqual(framesSpec.columns);
    expect(new Set(timbreSpec.columns).size).toBe(timbreSpec.columns.length);
    expect(TIMBRE_COLUMNS.length).toBe(TIMBRE_FRAME_FEATURES.length * 3 + 1 + 13 + 3);
  });

  it('finds the pitch and the harmonic balance of a harmonic tone', () => {
    // A3 (220 Hz) with odd harmonics only, falling as 1/h: a clarinet-like spectrum.
    const row = extractTimbreWindows(
      tone(220, (h) => (h % 2 === 1 ? 1 / h : 0)),
      1,
    )[0].values;
    expect(column(row, 'pitch_median')).toBeCloseTo(57, 0);
    expect(column(row, 'harmonicity_mean')).toBeGreaterThan(0.9);
    expect(column(row, 'voicedShare')).toBe(1);
    expect(column(row, 'oddEven_median')).toBeGreaterThan(20);
    // All harmonics, equal: even and odd balance, the centroid sits mid-way.
    const flat = extractTimbreWindows(
      tone(330, () => 1),
      1,
    )[0].values;
    expect(column(flat, 'pitch_median')).toBeCloseTo(64, 0);
    expect(Math.abs(column(flat, 'oddEven_median'))).toBeLessThan(2);
    expect(column(flat, 'harmCentroid_median')).toBeCloseTo(4.5, 0);
  });

  it('calls noise unvoiced and gives neutral harmonic values', () => {
    const rng = createRng(3);
    const noise = Float32Array.from({ length: SR }, () => 0.1 * (rng.next() * 2 - 1));
    const row = extractTimbreWindows(noise, 1)[0].values;
    expect(column(row, 'harmonicity_mean')).toBeLessThan(0.4);
    expect(column(row, 'voicedShare')).toBeLessThan(0.2);
    // White noise: every band's peaks and valleys lie far apart in so few bins only by chance.
    expect(column(row, 'contrast4_mean')).toBeGreaterThan(0);
    expect(row.every(Number.isFinite)).toBe(true);
  });

  it('gives finite values for silence and a clip shorter than a frame', () => {
    const silent = extractTimbreWindows(new Float32Array(SR), 1);
    expect(silent[0].values.every(Number.isFinite)).toBe(true);
    expect(column(silent[0].values, 'voicedShare')).toBe(0);
    const short = extractTimbreWindows(new Float32Array(300).fill(0.1), 1);
    expect(short).toHaveLength(1);
    expect(short[0].values.every(Number.isFinite)).toBe(true);
    expect(timbreFrameMatrix(new Float32Array(0)).frames).toBe(1);
  });

  it('tells a decaying note from a held one', () => {
    const held = tone(440, (h) => 1 / h);
    const plucked = held.map((v, i) => v * Math.exp(-i / (0.25 * SR)));
    const h = extractTimbreWindows(held, 1)[0].values;
    const p = extractTimbreWindows(plucked, 1)[0].values;
    expect(column(p, 'levelFall')).toBeGreaterThan(0.5);
    expect(column(p, 'fallingShare')).toBeGreaterThan(0.9);
    expect(column(h, 'levelFall')).toBeLessThan(0.1);
  });

  it('streams the same rows as a file gives, pushed in uneven pieces', () => {
    const rng = createRng(5);
    const clip = tone(196, (h) => 1 / h, 1.5).map((v) => v + 0.01 * (rng.next() - 0.5));
    const extractor = createTimbreExtractor(1);
    expect(extractor.summary()).toBeNull();
    for (let at = 0; at < clip.length;) {
      const n = 300 + rng.int(3000);
      extractor.push(clip.slice(at, at + n));
      at += n;
    }
    // The file's 1-s window over the same last 42 frames (hop 512).
    const start = (extractor.frames - extractor.windowFrames) * 512;
    expect(extractor.windowFrames).toBe(42);
    const expected = extractTimbreWindows(clip.slice(start, start + 22050), 1)[0].values;
    const streamed = extractor.summary()!;
    expect(streamed).toHaveLength(timbreSpec.columns.length);
    // The same frames; only rounding differs (the stream's first frame keeps its flux, the file's has none).
    const flux = timbreSpec.columns.findIndex((c) => c.startsWith('flux_'));
    for (let c = 0; c < streamed.length; c++) {
      if (c >= flux && c < flux + 7) continue;
      expect(Math.abs(streamed[c] - expected[c])).toBeLessThanOrEqual(
        1e-4 * Math.max(1, Math.abs(expected[c])),
      );
    }
    extractor.reset();
    expect(extractor.summary()).toBeNull();
  });
});

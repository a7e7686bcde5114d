import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { resample } from '../audio/resample';
import { ANALYSIS_SAMPLE_RATE } from '../audio/signal';
import { frameFeatureMatrix, summarizeWindow } from '../features/frames';
import { decodeAudioFile } from '../../node/decodeFile';
import {
  createLiveAnalyzer,
  FULL_WINDOW_FRAMES,
  LIVE_SILENCE_DBFS,
  PREDICT_EVERY_FRAMES,
  PREDICTIONS_PER_SECOND,
  SPECTROGRAM_BANDS,
  type LiveWindow,
} from './liveAnalysis';

const TRUMPET = path.resolve(process.cwd(), '../shared/data/songs/sorohanro_-_solo-trumpet-06.ogg');
const DEVICE_RATE = 48_000;

/** Feeds `signal` in blocks of `sizes` (cycled), each stamped with its end time in ms as the capture clock. */
function run(
  signal: Float32Array,
  rate: number,
  sizes: number[],
): { windows: LiveWindow[]; lastBlockEnd: number[] } {
  const analyzer = createLiveAnalyzer(rate);
  const windows: LiveWindow[] = [];
  const lastBlockEnd: number[] = [];
  let k = 0;
  for (let at = 0; at < signal.length; k++) {
    const size = sizes[k % sizes.length];
    const block = signal.slice(at, at + size);
    at += block.length;
    const endMs = (at / rate) * 1000;
    for (const w of analyzer.push(block, endMs)) {
      windows.push(w);
      lastBlockEnd.push(endMs);
    }
  }
  return { windows, lastBlockEnd };
}

describe('a sound after silence, read from its onset', () => {
  it('counts its frames from the onset through a breath, and summarises them alone as the file path does', async () => {
    const { samples } = await decodeAudioFile(TRUMPET);
    const rate = ANALYSIS_SAMPLE_RATE;
    // 1.5 s of digital silence, 0.8 s of trumpet, a 0.3-s breath, 0.4 s more trumpet, then 1 s of silence.
    const note = samples.subarray(Math.round(0.5 * rate), Math.round(1.3 * rate));
    const more = samples.subarray(Math.round(1.3 * rate), Math.round(1.7 * rate));
    const parts = [1.5 * rate, note, 0.3 * rate, more, rate].map((p) =>
      typeof p === 'number' ? new Float32Array(Math.round(p)) : p,
    );
    const signal = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
    parts.reduce((at, p) => (signal.set(p, at), at + p.length), 0);
    const { windows } = run(signal, rate, [2048]);

    const sounding = windows.filter((w) => !w.silent);
    const first = sounding[0];
    expect(first.audioSeconds).toBeGreaterThan(1.5);
    expect(first.soundFrames).toBe(PREDICT_EVERY_FRAMES);
    // Frames since the onset grow by 4 a window, through the breath too, up to a whole window.
    const from = windows.indexOf(first);
    const counted = windows.slice(from, from + 14).map((w) => w.soundFrames);
    expect(counted).toEqual(
      counted.map((_, i) => Math.min(FULL_WINDOW_FRAMES, PREDICT_EVERY_FRAMES * (i + 1))),
    );
    expect(windows.slice(from).some((w) => w.silent && w.soundFrames > 0)).toBe(true);
    // While the window still holds silence from before the onset, its onset row is the file path's row of the
    // frames since the onset alone.
    const matrix = frameFeatureMatrix(signal);
    for (const w of windows.filter((x) => x.onsetRow)) {
      expect(w.soundFrames).toBeLessThan(FULL_WINDOW_FRAMES);
      const expected = summarizeWindow(matrix, w.frames - w.soundFrames, w.frames);
      expect(Array.from(w.onsetRow!)).toEqual(Array.from(expected).map((v) => expect.closeTo(v, 4)));
    }
    // 4, 8, … 40 frames since the onset; from 42 the whole window is the sound's.
    expect(windows.filter((x) => x.onsetRow).length).toBe(10);
    // After a silence longer than a breath (HOLD_FRAMES windows) the count is 0 again.
    expect(windows[windows.length - 1]).toMatchObject({ silent: true, soundFrames: 0, onsetRow: null });
  });
});

describe('live analysis of a real recording at a 48 kHz device rate', () => {
  let device: Float32Array;
  let windows: LiveWindow[];
  let lastBlockEnd: number[];

  beforeAll(async () => {
    // The solo trumpet clip (5.3 s), brought to a microphone's 48 kHz by the file resampler.
    const decoded = await decodeAudioFile(TRUMPET);
    device = resample(decoded.samples, ANALYSIS_SAMPLE_RATE, DEVICE_RATE);
    ({ windows, lastBlockEnd } = run(device, DEVICE_RATE, [2048]));
  });

  it('gives a window every 4 hops: at least 10 a second of audio', () => {
    const seconds = device.length / DEVICE_RATE;
    expect(PREDICTIONS_PER_SECOND).toBeGreaterThanOrEqual(10);
    // Every window lies 4 frames (92.9 ms) after the one before.
    windows.forEach((w, i) => expect(w.frames).toBe(PREDICT_EVERY_FRAMES * (i + 1)));
    const span = windows[windows.length - 1].audioSeconds - windows[0].audioSeconds;
    expect((windows.length - 1) / span).toBeCloseTo(PREDICTIONS_PER_SECOND, 6);
    // All of the audio but the resampler's hold-back and a partial last window is analysed.
    expect(windows.length).toBeGreaterThanOrEqual(Math.floor(seconds * PREDICTIONS_PER_SECOND) - 2);
  });

  it('summarises the last second exactly as the file path does on the same samples', () => {
    const analysis = resample(device, DEVICE_RATE, ANALYSIS_SAMPLE_RATE);
    const matrix = frameFeatureMatrix(analysis);
    for (const w of windows.filter((_, i) => i % 7 === 3)) {
      const expected = summarizeWindow(matrix, Math.max(0, w.frames - FULL_WINDOW_FRAMES), w.frames);
      expect(w.full).toBe(w.frames >= FULL_WINDOW_FRAMES);
      // The live resampler's smaller FFT blocks differ from the file's by rounding only.
      for (let c = 0; c < expected.length; c++) {
        expect(Math.abs(w.row[c] - expected[c])).toBeLessThanOrEqual(
          1e-3 * Math.max(1, Math.abs(expected[c])),
        );
      }
    }
  });

  it('stamps each window with when its last sample was captured, within the hold-back of the blocks', () => {
    for (const [i, w] of windows.entries()) {
      // The capture clock here is the audio clock, so the window's end maps to its own time.
      expect(w.capturedAt).toBeCloseTo(w.audioSeconds * 1000, 6);
      // It was captured before the block that completed it ended, by at most that block and the resampler's
      // hold-back (2,048 + 2,048 input samples, 85 ms).
      const heldBack = lastBlockEnd[i] - w.capturedAt;
      expect(heldBack).toBeGreaterThanOrEqual(0);
      expect(heldBack).toBeLessThan((4096 / DEVICE_RATE) * 1000);
    }
  });

  it('gives the same windows however the device cuts its blocks', () => {
    const other = run(device, DEVICE_RATE, [128, 1000, 4096, 333]).windows;
    expect(other.length).toBe(windows.length);
    for (const i of [0, 9, windows.length - 1]) {
      expect(other[i].frames).toBe(windows[i].frames);
      expect(Array.from(other[i].row)).toEqual(Array.from(windows[i].row));
      expect(other[i].capturedAt).toBeCloseTo(windows[i].capturedAt, 6);
    }
    const columns = (ws: LiveWindow[]) => ws.reduce((n, w) => n + w.columns, 0);
    expect(columns(other)).toBe(columns(windows));
  });

  it('hears the trumpet for its first 3 s and the room after it stops, with a log-mel column per frame', () => {
    // The player stops at about 3.4 s; the last second is the room's decay, below the silence floor.
    const end = windows[windows.length - 1].audioSeconds;
    expect(windows.filter((w) => w.audioSeconds <= 3).every((w) => !w.silent)).toBe(true);
    expect(windows.filter((w) => w.audioSeconds >= end - 1).every((w) => w.silent)).toBe(true);
    expect(Math.max(...windows.map((w) => w.levelDb))).toBeGreaterThan(-20);
    // One column per frame, every value a finite dB level.
    expect(windows.reduce((n, w) => n + w.columns, 0)).toBe(windows[windows.length - 1].frames);
    for (const w of windows) {
      expect(w.spectrogram.length).toBe(w.columns * SPECTROGRAM_BANDS);
      for (const v of w.spectrogram) expect(Number.isFinite(v)).toBe(true);
    }
    // A trumpet's energy sits in the low-mid bands (its fundamentals, 165–1,000 Hz), far above the top band.
    const loudest = windows.reduce((a, b) => (b.levelDb > a.levelDb ? b : a));
    const band = (m: number) => loudest.spectrogram[m];
    const low = Math.max(...Array.from({ length: 24 }, (_, m) => band(m + 4)));
    expect(low - band(SPECTROGRAM_BANDS - 1)).toBeGreaterThan(30);
  });
});

describe('live analysis edge cases', () => {
  it('calls digital silence silent, at −Infinity dB, without NaN anywhere', () => {
    const { windows } = run(new Float32Array(44_100), 44_100, [2048]);
    expect(windows.length).toBeGreaterThan(5);
    for (const w of windows) {
      expect(w.silent).toBe(true);
      expect(w.levelDb).toBe(-Infinity);
      for (const v of w.row) expect(Number.isNaN(v)).toBe(false);
      for (const v of w.spectrogram) expect(Number.isFinite(v)).toBe(true);
    }
  });

  it('calls a quiet room silent and a played note sounding, at the instruments floor', () => {
    const quiet = new Float32Array(48_000).map(
      (_, i) => 10 ** ((LIVE_SILENCE_DBFS - 6) / 20) * Math.SQRT2 * Math.sin(i / 7),
    );
    expect(run(quiet, 48_000, [2048]).windows.every((w) => w.silent)).toBe(true);
    const note = quiet.map((v) => v * 10);
    expect(run(note, 48_000, [2048]).windows.every((w) => !w.silent)).toBe(true);
  });

  it('names a bad device rate or capture time', () => {
    expect(() => createLiveAnalyzer(0)).toThrow('got 0');
    expect(() => createLiveAnalyzer(44_100.5)).toThrow('got 44100.5');
    expect(() => createLiveAnalyzer(48_000).push(new Float32Array(128), Number.NaN)).toThrow('got NaN');
    const withNaN = new Float32Array(4096);
    withNaN[3000] = Number.NaN;
    expect(() => createLiveAnalyzer(22_050).push(withNaN, 0)).toThrow(/NaN/);
  });
});

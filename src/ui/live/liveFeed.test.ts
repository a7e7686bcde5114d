import { describe, expect, it } from 'vitest';
import type { LivePrediction } from '../../workers/liveClient';
import { LiveFeed } from './liveFeed';

const CLASSES = ['flute', 'other', 'trumpet'];
const STEP = 2048 / 22_050;

function prediction(i: number, probs: number[] | null, columns = 4): LivePrediction {
  return {
    probs: probs ? Float32Array.from(probs) : null,
    levelDb: probs ? -20 : -70,
    silent: probs === null,
    capturedAt: 1000 + i * STEP * 1000,
    audioSeconds: (i + 1) * STEP,
    spectrogram: new Float32Array(columns * 64),
    columns,
    bands: 64,
  };
}

describe('LiveFeed', () => {
  it('smooths, names the top class, and starts afresh after silence', () => {
    const feed = new LiveFeed();
    feed.reset(CLASSES);
    const settings = { smoothing: 0.5, threshold: 0.6 };
    expect(feed.receive(prediction(0, [1, 0, 0]), settings, 0).label).toBe('flute');
    // Halfway to trumpet: 0.5 / 0.0 / 0.5, below the threshold.
    const mixed = feed.receive(prediction(1, [0, 0, 1]), settings, 93);
    expect(mixed.label).toBeNull();
    expect(mixed.confidence).toBeCloseTo(0.5, 6);
    expect(feed.receive(prediction(2, null), settings, 186)).toMatchObject({ label: null, silent: true });
    // After silence the average does not remember the flute.
    expect(feed.receive(prediction(3, [0, 0, 1]), settings, 279).label).toBe('trumpet');
    expect(feed.points.map((p) => (p.probs ? Array.from(p.probs) : null))).toEqual([
      [1, 0, 0],
      [0.5, 0, 0.5],
      null,
      [0, 0, 1],
    ]);
    expect(feed.count).toBe(4);
  });

  it('keeps about 11 s of history and at most 512 undrawn spectrogram columns', () => {
    const feed = new LiveFeed();
    feed.reset(CLASSES);
    for (let i = 0; i < 400; i++)
      feed.receive(prediction(i, [0, 0, 1]), { smoothing: 0, threshold: 0.5 }, i * 93);
    const span = feed.points[feed.points.length - 1].time - feed.points[0].time;
    expect(span).toBeGreaterThan(10);
    expect(span).toBeLessThanOrEqual(11);
    const chunks = feed.takeColumns();
    const columns = chunks.reduce((n, c) => n + c.columns, 0);
    expect(columns).toBeLessThanOrEqual(512);
    expect(columns).toBeGreaterThan(431);
    expect(feed.takeColumns()).toEqual([]);
  });

  it('measures latency when drawn (once per prediction) and the arrival rate', () => {
    const feed = new LiveFeed();
    feed.reset(CLASSES);
    const settings = { smoothing: 0, threshold: 0.5 };
    for (let i = 0; i < 30; i++) {
      const p = prediction(i, [0, 0, 1]);
      feed.receive(p, settings, p.capturedAt + 30);
      feed.markDrawn(p.capturedAt + 45);
      feed.markDrawn(p.capturedAt + 900); // a second frame without a new prediction measures nothing
    }
    const now = 1000 + 29 * STEP * 1000 + 45;
    const { latencyMs, rateHz } = feed.timing(now);
    expect(latencyMs).toBeCloseTo(45, 6);
    expect(rateHz).toBeCloseTo(1 / STEP, 6);
    feed.reset(CLASSES);
    expect(feed.timing(now)).toEqual({ latencyMs: null, rateHz: null });
  });
});

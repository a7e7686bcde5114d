import { describe, expect, it } from 'vitest';
import type { LivePrediction } from '../../workers/liveClient';
import { LiveFeed } from './liveFeed';

const CLASSES = ['flute', 'other', 'trumpet'];
const STEP = 2048 / 22_050;

function prediction(
  i: number,
  probs: number[] | null,
  columns = 4,
  unknown: boolean | null = null,
  onset = false,
): LivePrediction {
  return {
    probs: probs ? Float32Array.from(probs) : null,
    unknown: probs ? unknown : null,
    onset: probs !== null && onset,
    taughtWeight: 0,
    teachingSeconds: null,
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
  it('smooths, holds the named class through a dip and a breath, and starts afresh after silence', () => {
    const feed = new LiveFeed();
    feed.reset(CLASSES);
    const settings = { smoothing: 0.5, threshold: 0.6 };
    expect(feed.receive(prediction(0, [1, 0, 0]), settings, 0)).toEqual({
      kind: 'instrument',
      label: 'flute',
      silent: false,
    });
    // Halfway to trumpet: 0.5 / 0.0 / 0.5, below the threshold but above where flute lets go (0.45).
    expect(feed.receive(prediction(1, [0, 0, 1]), settings, 93).label).toBe('flute');
    expect(feed.reading?.confidence).toBeCloseTo(0.5, 6);
    // A breath: still flute, though the window is silent.
    expect(feed.receive(prediction(2, null), settings, 186)).toMatchObject({ label: 'flute', silent: true });
    // A breath carries the average (a silence longer than the hold starts it afresh); trumpet, clearly ahead for
    // 3 frames, takes over.
    expect(feed.receive(prediction(3, [0, 0, 1]), settings, 279).label).toBe('flute');
    expect(feed.receive(prediction(4, [0, 0, 1]), settings, 372).label).toBe('flute');
    expect(feed.receive(prediction(5, [0, 0, 1]), settings, 465).label).toBe('trumpet');
    expect(feed.points.map((p) => (p.probs ? Array.from(p.probs) : null))).toEqual([
      [1, 0, 0],
      [0.5, 0, 0.5],
      null,
      [0.25, 0, 0.75],
      [0.125, 0, 0.875],
      [0.0625, 0, 0.9375],
    ]);
    expect(feed.count).toBe(6);
  });

  it('says silence after a longer silence, and "not an instrument I know" when the open-set rule says so', () => {
    const feed = new LiveFeed();
    feed.reset(CLASSES);
    const settings = { smoothing: 0.5, threshold: 0.5 };
    feed.receive(prediction(0, [0, 0, 1]), settings, 0);
    let last = null;
    for (let i = 1; i <= 7; i++) last = feed.receive(prediction(i, null), settings, i * 93);
    expect(last).toEqual({ kind: 'silence', label: null, silent: true });
    // Sound again: the headline waits for 3 windows (the onset) and a fourth that agrees, then names `other`.
    for (let i = 8; i < 11; i++) last = feed.receive(prediction(i, [0, 0.9, 0.1]), settings, i * 93);
    expect(last).toMatchObject({ kind: 'silence' });
    expect(feed.receive(prediction(11, [0, 0.9, 0.1]), settings, 1023)).toMatchObject({
      kind: 'other',
      label: 'other',
    });
    for (let i = 12; i < 26; i++)
      last = feed.receive(prediction(i, [0.9, 0, 0.1], 4, true), settings, i * 93);
    expect(last).toMatchObject({ kind: 'unknown', label: null });
  });

  it('carries the average through a breath once a sound is under way, and starts afresh after a silence', () => {
    const feed = new LiveFeed();
    feed.reset(CLASSES);
    const settings = { smoothing: 0.5, threshold: 0.4 };
    for (let i = 0; i < 10; i++) feed.receive(prediction(i, [1, 0, 0]), settings, i * 93);
    feed.receive(prediction(10, null), settings, 930);
    feed.receive(prediction(11, null), settings, 1023);
    feed.receive(prediction(12, [0, 0, 1]), settings, 1116);
    expect(Array.from(feed.points[feed.points.length - 1].probs!)).toEqual([0.5, 0, 0.5]);
    // Six silent windows (longer than the 5-window hold): the next sound is an onset, averaged afresh.
    for (let i = 13; i < 19; i++) feed.receive(prediction(i, null), settings, i * 93);
    feed.receive(prediction(19, [0, 0, 1]), settings, 19 * 93);
    expect(Array.from(feed.points[feed.points.length - 1].probs!)).toEqual([0, 0, 1]);
  });

  it('takes a sound’s onset rows as they are, and names a class once two in a row agree on it', () => {
    const feed = new LiveFeed();
    feed.reset(CLASSES);
    const settings = { smoothing: 0.75, threshold: 0.4 };
    feed.receive(prediction(0, [0, 0, 1]), settings, 0);
    for (let i = 1; i <= 7; i++) feed.receive(prediction(i, null), settings, i * 93);
    // Two more silent windows, then a new sound read from its onset: trumpet-like twice (the onset wait), then
    // flute-like once, then trumpet, and whole windows from the 15th on.
    const said: Array<string | null> = [];
    for (let i = 8; i < 20; i++) {
      const probs = i < 10 ? null : i === 12 ? [0.9, 0, 0.1] : [0, 0, 1];
      const reading = feed.receive(prediction(i, probs, 4, null, i < 15), settings, i * 93);
      said.push(reading.kind === 'instrument' ? reading.label : reading.kind);
    }
    expect(said).toEqual([
      ...Array(4).fill('silence'), // silent, then the onset wait (2 windows of sound)
      'silence', // the third window would name flute: the next must agree
      'silence', // the next says trumpet: it must be agreed on in turn
      ...Array(6).fill('trumpet'),
    ]);
    // The onset rows were not averaged: each is shown as it is, and the whole windows average from the last.
    expect(Array.from(feed.points[12].probs!)).toEqual([0.9, 0, 0.1].map((p) => expect.closeTo(p, 6)));
    expect(Array.from(feed.points[13].probs!)).toEqual([0, 0, 1]);
  });

  it('starts the history afresh when taught classes change the classes', () => {
    const feed = new LiveFeed();
    feed.reset(CLASSES);
    const settings = { smoothing: 0.5, threshold: 0.5 };
    feed.receive(prediction(0, [0, 0, 1]), settings, 0);
    feed.setClassNames([...CLASSES, 'ukulele']);
    expect(feed.points).toEqual([]);
    // A prediction made before the change (three classes) is not averaged with the new ones.
    feed.receive(prediction(1, [0, 0, 1]), settings, 93);
    expect(feed.points[0].probs).toBeNull();
    for (let i = 2; i < 5; i++) feed.receive(prediction(i, [0, 0, 0, 1]), settings, i * 93);
    expect(feed.receive(prediction(5, [0, 0, 0, 1]), settings, 465)).toMatchObject({ label: 'ukulele' });
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

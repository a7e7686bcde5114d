/**
 * Where the Live view's fast data lives: predictions arrive about 11 times a second and are smoothed and kept
 * here (outside React), and the canvases draw from here once per animation frame. Only what the headline names
 * and the slow timing figures go to the store.
 */
import type { LivePrediction } from '../../core/live/livePrediction';
import { HeadlineTracker, type HeadlineKind, type HeadlineSettings } from '../../core/predict/headline';
import { median, ratePerSecond, readTop, type TopReading } from './liveReading';

/** Seconds of history the chart and spectrogram show. */
export const HISTORY_SECONDS = 10;
/** Undrawn spectrogram columns kept at most: a little more than the 10 s the spectrogram shows. */
const MAX_PENDING_COLUMNS = 512;

export interface FeedPoint {
  /** Seconds since Start (analysis stream time). */
  time: number;
  /** Smoothed probabilities; null when silent, warming up or without a model. */
  probs: Float32Array | null;
}

export interface SpectrogramChunk {
  data: Float32Array;
  columns: number;
  bands: number;
}

export type FeedSettings = HeadlineSettings;

/** What the headline says after a prediction: its kind, and the class named (instrument or `other`). */
export interface FeedReading {
  kind: HeadlineKind;
  label: string | null;
  silent: boolean;
}

/** A drawer is called once per animation frame after new predictions arrive. */
export type Drawer = (feed: LiveFeed) => void;

export class LiveFeed {
  classNames: string[] = [];
  readonly points: FeedPoint[] = [];
  /** Spectrogram columns not drawn yet (take them with `takeColumns`). */
  private readonly pendingColumns: SpectrogramChunk[] = [];
  private pendingColumnCount = 0;
  latest: LivePrediction | null = null;
  reading: TopReading | null = null;
  /** Predictions received since Start. */
  count = 0;
  /** Page times (performance.now) of recent arrivals, and latencies measured when drawn. */
  private readonly arrivals: number[] = [];
  private readonly latencies: { at: number; ms: number }[] = [];
  private latestDrawn = true;
  /** Smoothing, open-set share and headline (core/predict/headline.ts). */
  private tracker = new HeadlineTracker([]);
  private readonly drawers = new Set<Drawer>();
  private readonly listeners = new Set<() => void>();

  /** The latest smoothed probabilities (null when silent, warming up or without a model). */
  get smoothed(): Float32Array | null {
    return this.tracker.smoothed;
  }

  reset(classNames: string[]): void {
    this.classNames = classNames;
    this.points.length = 0;
    this.pendingColumns.length = 0;
    this.pendingColumnCount = 0;
    this.arrivals.length = 0;
    this.latencies.length = 0;
    this.latest = null;
    this.reading = null;
    this.tracker = new HeadlineTracker(classNames);
    this.count = 0;
    this.latestDrawn = true;
  }

  /** The classes predicted changed (a class was taught or removed): the history starts afresh. */
  setClassNames(classNames: string[]): void {
    this.classNames = classNames;
    this.points.length = 0;
    this.tracker.setClassNames(classNames);
    this.reading = null;
  }

  /** Takes in one prediction; returns what the headline should say. */
  receive(prediction: LivePrediction, settings: FeedSettings, now: number): FeedReading {
    this.count++;
    this.latest = prediction;
    this.latestDrawn = false;
    this.arrivals.push(now);
    while (this.arrivals.length > 0 && this.arrivals[0] < now - 3000) this.arrivals.shift();
    const { kind, index } = this.tracker.step(prediction, settings);
    this.points.push({ time: prediction.audioSeconds, probs: this.smoothed });
    while (this.points.length > 0 && this.points[0].time < prediction.audioSeconds - HISTORY_SECONDS - 1) {
      this.points.shift();
    }
    if (prediction.columns > 0) {
      this.pendingColumns.push({
        data: prediction.spectrogram,
        columns: prediction.columns,
        bands: prediction.bands,
      });
      this.pendingColumnCount += prediction.columns;
      // A hidden tab draws no frames: keep only what the spectrogram could still show.
      while (this.pendingColumnCount - this.pendingColumns[0].columns >= MAX_PENDING_COLUMNS) {
        this.pendingColumnCount -= this.pendingColumns.shift()!.columns;
      }
    }
    this.reading = readTop(this.smoothed, this.classNames, settings.threshold, prediction.silent);
    for (const listener of this.listeners) listener();
    return { kind, label: index >= 0 ? this.classNames[index] : null, silent: prediction.silent };
  }

  /** The spectrogram columns that arrived since the last call, oldest first. */
  takeColumns(): SpectrogramChunk[] {
    this.pendingColumnCount = 0;
    return this.pendingColumns.splice(0);
  }

  /** Call when a frame has drawn the latest prediction: records its audio-to-screen latency. */
  markDrawn(now: number): void {
    if (this.latestDrawn || !this.latest) return;
    this.latestDrawn = true;
    this.latencies.push({ at: now, ms: now - this.latest.capturedAt });
    while (this.latencies.length > 0 && this.latencies[0].at < now - 2000) this.latencies.shift();
  }

  /** Median latency over the last 2 s (ms) and predictions per second over the last 3 s of page time. */
  timing(now: number): { latencyMs: number | null; rateHz: number | null } {
    return {
      latencyMs: median(this.latencies.map((l) => l.ms)),
      rateHz: ratePerSecond(this.arrivals, now, 3000),
    };
  }

  addDrawer(drawer: Drawer): () => void {
    this.drawers.add(drawer);
    return () => this.drawers.delete(drawer);
  }

  draw(): void {
    for (const drawer of this.drawers) drawer(this);
  }

  /** Calls `listener` after each prediction is taken in; returns the unsubscribe. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

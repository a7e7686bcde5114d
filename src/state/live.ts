import type { StateCreator } from 'zustand';
import { DEFAULT_HEADLINE_SETTINGS, type HeadlineKind } from '../core/predict/headline';
import type { AppState } from './store';

/** Live listening's lifecycle: asking for the microphone and loading the model, then listening. */
export type LivePhase = 'idle' | 'starting' | 'listening' | 'stopping';

export interface LiveSettings {
  /** Exponential moving average over predictions: weight of the past, 0 (none) … 0.95. */
  smoothing: number;
  /** Below this probability the top class is not named ("nothing / other"), 0.05 … 0.95. */
  threshold: number;
}

/** What the headline names: it changes a few times a minute, so it may re-render (probabilities do not). */
export interface LiveReading {
  /** What is heard: silence, an instrument, the `other` class, or a sound it does not know (core/predict/headline). */
  kind: HeadlineKind;
  /** The class named (an instrument or `other`); null otherwise. */
  label: string | null;
  silent: boolean;
}

export interface LiveSessionSummary {
  modelName: string | null;
  classNames: string[];
  backend: string | null;
  backendReason: string | null;
  sampleRate: number;
  deviceLabel: string;
  /** When the headline says "not an instrument I know" (core/predict/openSet describeOpenSetRule). */
  openSet?: string;
}

export interface LiveSlice {
  livePhase: LivePhase;
  liveSettings: LiveSettings;
  liveReading: LiveReading | null;
  /** Audio-to-prediction latency, ms (median of the last second), and predictions per second of page time. */
  liveLatencyMs: number | null;
  liveRateHz: number | null;
  liveSession: LiveSessionSummary | null;
  setLivePhase(phase: LivePhase): void;
  setLiveSmoothing(smoothing: number): void;
  setLiveThreshold(threshold: number): void;
  /** Stores a reading only when it changes what the headline shows. */
  setLiveReading(reading: LiveReading | null): void;
  setLiveTiming(latencyMs: number | null, rateHz: number | null): void;
  setLiveSession(session: LiveSessionSummary | null): void;
}

export const DEFAULT_LIVE_SETTINGS: LiveSettings = DEFAULT_HEADLINE_SETTINGS;

function checkRange(name: string, value: number, min: number, max: number): void {
  if (!(Number.isFinite(value) && value >= min && value <= max))
    throw new RangeError(`Expected ${name} to be in ${min} … ${max}, got ${value}`);
}

export const createLiveSlice: StateCreator<AppState, [], [], LiveSlice> = (set, get) => ({
  livePhase: 'idle',
  liveSettings: DEFAULT_LIVE_SETTINGS,
  liveReading: null,
  liveLatencyMs: null,
  liveRateHz: null,
  liveSession: null,
  setLivePhase: (livePhase) => set({ livePhase }),
  setLiveSmoothing: (smoothing) => {
    checkRange('smoothing', smoothing, 0, 0.95);
    set((s) => ({ liveSettings: { ...s.liveSettings, smoothing } }));
  },
  setLiveThreshold: (threshold) => {
    checkRange('threshold', threshold, 0.05, 0.95);
    set((s) => ({ liveSettings: { ...s.liveSettings, threshold } }));
  },
  setLiveReading: (reading) => {
    const now = get().liveReading;
    const same =
      now === reading ||
      (now !== null &&
        reading !== null &&
        now.kind === reading.kind &&
        now.label === reading.label &&
        now.silent === reading.silent);
    if (!same) set({ liveReading: reading });
  },
  setLiveTiming: (liveLatencyMs, liveRateHz) => set({ liveLatencyMs, liveRateHz }),
  setLiveSession: (liveSession) => set({ liveSession }),
});

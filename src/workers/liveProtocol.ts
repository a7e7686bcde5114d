/** Messages between the Live view's session (src/workers/liveClient.ts) and `live.worker.ts`. */
import type { BundleParts } from '../core/bundle/bundle';
import type { LiveModelInfo } from '../core/live/liveModel';

export type { LiveModelInfo } from '../core/live/liveModel';

export type LiveRequest =
  /** Validates and loads an instruments model (untrusted parts, as the registry hands them out). */
  | { id: number; type: 'load'; parts: BundleParts }
  /** Starts a stream of audio at the capture device's rate; forgets any earlier stream. */
  | { id: number; type: 'start'; sampleRate: number }
  /**
   * The next captured block (transferred). `capturedAt`: when its last sample was captured, on the page's
   * `performance.now()` clock; the worker only carries it over to the predictions.
   */
  | { id: number; type: 'audio'; samples: Float32Array; capturedAt: number }
  | { id: number; type: 'stop' };

/** One prediction over the latest 1-s window. */
export interface LivePrediction {
  /** Class probabilities, in `classNames` order; null without a model. */
  probs: Float32Array | null;
  /** Level of the newest ~93 ms, dBFS (−Infinity for digital silence). */
  levelDb: number;
  /** Below the silence floor: nothing is playing, whatever the model would say. */
  silent: boolean;
  /** When the window's last sample was captured, on the page's `performance.now()` clock (ms). */
  capturedAt: number;
  /** End of the window in the analysis stream, seconds since Start. */
  audioSeconds: number;
  /** New log-mel spectrogram columns since the previous prediction: `columns` × `bands`, dB. */
  spectrogram: Float32Array;
  columns: number;
  bands: number;
}

export type LiveReply =
  | { id: number; type: 'loaded'; model: LiveModelInfo }
  | { id: number; type: 'started' }
  | { id: number; type: 'stopped' }
  | { id: number; type: 'prediction'; prediction: LivePrediction }
  | { id: number; type: 'error'; message: string };

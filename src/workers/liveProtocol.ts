/** Messages between the Live view's session (src/workers/liveClient.ts) and `live.worker.ts`. */
import type { BundleParts } from '../core/bundle/bundle';
import type { LiveModelInfo } from '../core/live/liveModel';
import type { LivePrediction } from '../core/live/livePrediction';
import type { TaughtClass } from '../core/predict/taughtHead';

export type { LiveModelInfo } from '../core/live/liveModel';
export type { LivePrediction } from '../core/live/livePrediction';

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
  | { id: number; type: 'stop' }
  /** Applies taught classes (untrusted: as stored), or none; refused when taught on another base model. */
  | { id: number; type: 'head'; head: unknown }
  /** Starts collecting the sounding windows for a class being taught. */
  | { id: number; type: 'teach-start' }
  /** Stops collecting and makes the class `name` from what was heard (it is applied by a later 'head'). */
  | { id: number; type: 'teach-finish'; name: string }
  | { id: number; type: 'teach-cancel' };

export type LiveReply =
  | { id: number; type: 'loaded'; model: LiveModelInfo }
  | { id: number; type: 'started' }
  | { id: number; type: 'stopped' }
  | { id: number; type: 'prediction'; prediction: LivePrediction }
  /** The classes now predicted (the base model's, then taught ones). */
  | { id: number; type: 'head'; classNames: string[] }
  | { id: number; type: 'teaching' }
  | { id: number; type: 'teach-cancelled' }
  | { id: number; type: 'taught'; taught: TaughtClass }
  | { id: number; type: 'error'; message: string };

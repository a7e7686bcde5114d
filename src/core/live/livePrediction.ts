/**
 * One Live prediction from one analysed window: the model (and the taught classes and open-set rule on top of
 * it) hears sounding windows once their row is ready (a whole window, or a sound's onset once it has lasted
 * MIN_ONSET_FRAMES). The Live worker sends these to the page; `npm run live` replays a recording through the same
 * steps.
 */
import { LivePredictor } from '../predict/livePredictor';
import { PREDICTIONS_PER_SECOND, SPECTROGRAM_BANDS, type LiveWindow } from './liveAnalysis';
import type { LiveModel } from './liveModel';

/** One prediction over the latest 1-s window. */
export interface LivePrediction {
  /** Class probabilities, in `classNames` order (taught classes last); null without a model. */
  probs: Float32Array | null;
  /** The probabilities are of a sound's onset alone (less than a whole window of it). */
  onset: boolean;
  /** The bundle's open-set verdict on this window; null without a rule (or without probabilities). */
  unknown: boolean | null;
  /** How much taught classes decided this window (0 … 1). */
  taughtWeight: number;
  /** Seconds of sound collected while teaching; null when not teaching. */
  teachingSeconds: number | null;
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

export function livePrediction(
  window: LiveWindow,
  model: LiveModel | null,
  predictor: LivePredictor | null,
): LivePrediction {
  // Every window goes through rowFor (a meyda model streams its own features from the window's samples).
  const features = model?.rowFor(window) ?? null;
  const decision =
    model && predictor && features?.full && !window.silent
      ? predictor.decide(model.analyse(features.row), !features.onset)
      : null;
  return {
    probs: decision?.probs ?? null,
    unknown: decision?.unknown ?? null,
    onset: decision !== null && features !== null && features.onset,
    taughtWeight: decision?.taughtWeight ?? 0,
    teachingSeconds: predictor?.teachingSeconds ?? null,
    levelDb: window.levelDb,
    silent: window.silent,
    capturedAt: window.capturedAt,
    audioSeconds: window.audioSeconds,
    spectrogram: window.spectrogram,
    columns: window.columns,
    bands: SPECTROGRAM_BANDS,
  };
}

/** Taught classes, teaching and the open-set rule on top of a freshly opened model (none taught yet). */
export function livePredictorFor(model: LiveModel): LivePredictor {
  const { classNames, base, embeddingSize } = model.info;
  return new LivePredictor(classNames, base, embeddingSize, model.openSet.rule, 1 / PREDICTIONS_PER_SECOND);
}

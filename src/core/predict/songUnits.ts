/**
 * A stretch of a song → the model inputs its feature set asks for, one per unit: the whole stretch for
 * `gtzan-librosa` (a 30-s segment), each 1-s window for `frames`, each 3-s patch for `logmel`; then the model's
 * probabilities and projection for each. Silent units are not shown to the model.
 */
import { ANALYSIS_SAMPLE_RATE } from '../audio/signal';
import { columnPicker, pickColumns, type FeatureSpec } from '../features/spec';
import { extractFrameWindows, frameWindowsOf, framesSpec, type FrameFeatureMatrix } from '../features/frames';
import { extractGtzanLibrosa, GTZAN_COLUMNS } from '../features/gtzanLibrosa';
import { logMelPatches, logmelSpec } from '../features/logmel';
import { extractTimbreWindows, timbreSpec } from '../features/timbre';
import { audioFeatureSet, audioFeatureSetOfSpec } from '../features/audioSets';
import { meydaWindows } from '../features/meyda';
import { isSilentWindow, SILENCE_DBFS } from '../instruments/windows';
import { noveltyRuleOf, noveltyScores } from './novelty';
import {
  predictProbabilities,
  projectExamples,
  standardizeExamples,
  type RunnableModel,
} from './modelRunner';

/** One piece of a song a model was asked about: a 30-s segment, a 1-s window, a 3-s patch. */
export interface UnitPrediction {
  /** Seconds from the start of the song. */
  start: number;
  end: number;
  /** Class probabilities; null where nothing sounds (the unit was not shown to the model). */
  probs: number[] | null;
  /** Where the unit's model input falls in the model's 2-D projection, when it has one. */
  point: [number, number] | null;
  /** Shorter than its feature set's `minTellSeconds`: not shown to the model (`probs` null). */
  short?: boolean;
  /** Its input lies outside the training data by the bundle's novelty rule (novelty.ts). */
  novel?: boolean;
}

export interface UnitsResult {
  units: UnitPrediction[];
  /** Time spent computing features and running the model, ms (the worker's own clock). */
  featuresMs: number;
  inferenceMs: number;
}

// The instruments model's "nothing playing" rule, for every kind of unit: silent when even the loudest
// 1,024-sample frame's RMS is below SILENCE_DBFS.
const SILENCE_RMS = 10 ** (SILENCE_DBFS / 20);
const LEVEL_FRAME = 1024;
const LEVEL_HOP = 512;

/** Whether nothing sounds in the samples: every frame's RMS below SILENCE_DBFS (non-finite samples count as 0). */
export function isSilent(samples: Float32Array): boolean {
  const n = samples.length;
  for (let start = 0; start === 0 || start + LEVEL_FRAME <= n; start += LEVEL_HOP) {
    const end = Math.min(start + LEVEL_FRAME, n);
    let sum = 0;
    for (let i = start; i < end; i++) {
      const x = samples[i];
      if (Number.isFinite(x)) sum += x * x;
    }
    if (end > start && Math.sqrt(sum / (end - start)) >= SILENCE_RMS) return false;
    if (end >= n) break;
  }
  return true;
}

interface UnitInputs {
  /** units × inputSize, the model's column order; rows of silent units are left as zeros. */
  inputs: Float32Array;
  spans: Array<{ start: number; end: number; silent: boolean }>;
}

/** What a model of this feature set is shown for `samples` (mono, 22,050 Hz), starting at `offsetSeconds`. */
export function unitInputs(
  spec: FeatureSpec,
  inputShape: readonly number[],
  samples: Float32Array,
  offsetSeconds: number,
  /** The `frames` feature matrix of these samples, when the caller has it already. */
  frameMatrix?: FrameFeatureMatrix,
): UnitInputs {
  const inputSize = inputShape.reduce((a, b) => a * b, 1);
  const seconds = samples.length / ANALYSIS_SAMPLE_RATE;
  switch (spec.name) {
    case 'gtzan-librosa': {
      const picker = columnPicker(spec.columns, GTZAN_COLUMNS, spec.name);
      const silent = isSilent(samples);
      const inputs = new Float32Array(inputSize);
      // A stretch too short to tell is not summarised (predictUnits leaves it out).
      const tooShort = seconds < audioFeatureSet('gtzan-librosa').minTellSeconds;
      if (!silent && !tooShort) {
        const row = extractGtzanLibrosa(samples);
        pickColumns(row, row.length, picker, inputs, 0);
      }
      return { inputs, spans: [{ start: offsetSeconds, end: offsetSeconds + seconds, silent }] };
    }
    case 'frames':
    case 'timbre': {
      const timbre = spec.name === 'timbre';
      const picker = columnPicker(spec.columns, (timbre ? timbreSpec : framesSpec).columns, spec.name);
      const windowSeconds = Number(spec.params?.windowSeconds ?? 1);
      const seconds = windowSeconds > 0 ? windowSeconds : 1;
      const windows = timbre
        ? extractTimbreWindows(samples, seconds, seconds, frameMatrix)
        : frameMatrix
          ? frameWindowsOf(frameMatrix, samples.length, seconds)
          : extractFrameWindows(samples, seconds);
      const inputs = new Float32Array(windows.length * inputSize);
      const spans = windows.map((w, i) => {
        // The very rule the instruments model was trained with, on the window's own frames row.
        const silent = isSilentWindow(w.values);
        if (!silent) pickColumns(w.values, w.values.length, picker, inputs, i * inputSize);
        return { start: offsetSeconds + w.start, end: offsetSeconds + w.end, silent };
      });
      return { inputs, spans };
    }
    case 'meyda': {
      // checkSpecSupported has held the buffer size and hop to ones this build offers.
      const set = audioFeatureSetOfSpec(spec);
      if (!set) throw new Error(`Meyda buffer size ${spec.frameLength} / hop ${spec.hop} is not supported`);
      const picker = columnPicker(spec.columns, audioFeatureSet(set).spec.columns, spec.name);
      const windows = meydaWindows(samples, { bufferSize: spec.frameLength, hop: spec.hop });
      const inputs = new Float32Array(windows.length * inputSize);
      const spans = windows.map((w, i) => {
        const from = Math.round(w.start * ANALYSIS_SAMPLE_RATE);
        const silent = isSilent(samples.subarray(from, Math.round(w.end * ANALYSIS_SAMPLE_RATE)));
        if (!silent) pickColumns(w.values, w.values.length, picker, inputs, i * inputSize);
        return { start: offsetSeconds + w.start, end: offsetSeconds + w.end, silent };
      });
      return { inputs, spans };
    }
    case 'logmel': {
      const frames = Number(spec.params?.patchFrames ?? logmelSpec.params?.patchFrames);
      const hopFrames = Number(spec.params?.patchHopFrames ?? frames);
      const patches = logMelPatches(samples, frames, hopFrames);
      const bands = patches[0].bands;
      if (frames * bands !== inputSize) {
        throw new Error(
          `The model takes ${inputSize} values per example; a log-mel patch has ${frames} × ${bands}`,
        );
      }
      // Patches are frame-major; a model laid out bands × frames gets each one transposed.
      const bandsFirst = inputShape[0] === bands && inputShape[1] === frames && frames !== bands;
      const inputs = new Float32Array(patches.length * inputSize);
      const spans = patches.map((p, i) => {
        const from = p.startFrame * spec.hop;
        const to = Math.min(samples.length, from + frames * spec.hop);
        const silent = isSilent(samples.subarray(from, to));
        const out = inputs.subarray(i * inputSize, (i + 1) * inputSize);
        if (bandsFirst) {
          for (let t = 0; t < frames; t++)
            for (let m = 0; m < bands; m++) out[m * frames + t] = p.data[t * bands + m];
        } else out.set(p.data);
        return {
          start: offsetSeconds + p.startSeconds,
          end: offsetSeconds + to / ANALYSIS_SAMPLE_RATE,
          silent,
        };
      });
      return { inputs, spans };
    }
    default:
      throw new Error(
        `The model reads the "${spec.name}" feature set, which is not computed from audio (expected gtzan-librosa, frames, logmel or meyda)`,
      );
  }
}

/** Runs a model over a stretch of song; the clock tells the features and inference times apart. */
export function predictUnits(
  model: RunnableModel,
  samples: Float32Array,
  offsetSeconds: number,
  now: () => number = () => performance.now(),
  frameMatrix?: FrameFeatureMatrix,
): { units: UnitPrediction[]; featuresMs: number; inferenceMs: number } {
  const started = now();
  const { featureSpec, inputShape } = model.meta;
  const audioSet = audioFeatureSetOfSpec(featureSpec);
  if (audioSet && samples.length < audioFeatureSet(audioSet).minSamples) {
    // Not even one analysis frame: one unit, too short to tell (or silent).
    const end = offsetSeconds + samples.length / ANALYSIS_SAMPLE_RATE;
    const silent = isSilent(samples);
    const unit: UnitPrediction = { start: offsetSeconds, end, probs: null, point: null };
    return { units: [silent ? unit : { ...unit, short: true }], featuresMs: 0, inferenceMs: now() - started };
  }
  const { inputs, spans } = unitInputs(featureSpec, inputShape, samples, offsetSeconds, frameMatrix);
  const featured = now();
  const size = model.inputSize;
  const minTell = audioSet ? audioFeatureSet(audioSet).minTellSeconds : 0;
  const short = spans.map((s) => s.end - s.start < minTell - 1e-6);
  const sounding = spans.flatMap((s, i) => (s.silent || short[i] ? [] : [i]));
  const batch = new Float32Array(sounding.length * size);
  sounding.forEach((u, r) => batch.set(inputs.subarray(u * size, (u + 1) * size), r * size));
  const standardized = standardizeExamples(batch, model.meta.inputShape, model.meta.normalization);
  const probs = sounding.length > 0 ? predictProbabilities(model, standardized) : new Float32Array(0);
  const points = projectExamples(model, standardized, sounding.length);
  const rule = noveltyRuleOf(model.meta);
  const novelty =
    rule && sounding.length > 0 ? noveltyScores(rule, standardized, sounding.length, size) : null;
  const k = model.meta.classNames.length;
  const units: UnitPrediction[] = spans.map((s, i) => ({
    start: s.start,
    end: s.end,
    probs: null,
    point: null,
    ...(short[i] && !s.silent ? { short: true } : {}),
  }));
  sounding.forEach((u, r) => {
    units[u].probs = Array.from(probs.subarray(r * k, (r + 1) * k));
    if (rule && novelty) units[u].novel = novelty[r] > rule.threshold;
    if (points) units[u].point = [points[2 * r], points[2 * r + 1]];
  });
  return { units, featuresMs: featured - started, inferenceMs: now() - featured };
}

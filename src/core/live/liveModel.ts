/**
 * The instruments model as Live runs it: a bundle opened as Classify opens it (modelRunner), checked to take
 * the `frames` row Live computes (or to compute its own `timbre` or Meyda rows), and applied to the columns it
 * reads of one window's row with the bundle's standardisation.
 */
import { usableStd } from '../data/normalize';
import type { BundleParts } from '../bundle/bundle';
import { framesSpec } from '../features/frames';
import { createMeydaExtractor, meydaSpec } from '../features/meyda';
import { createTimbreExtractor, timbreSpec } from '../features/timbre';
import { MIN_ONSET_FRAMES, type LiveWindow } from './liveAnalysis';
import { checkSpecSupported, columnPicker, type FeatureSpec } from '../features/spec';
import { softmaxRows } from '../models/classifier';
import { createEmbeddingRunner } from '../models/embeddingRunner';
import { KnnClassifier } from '../models/knn';
import { baseModelKeyOf } from '../predict/baseModelKey';
import { prepareEmbedding } from '../predict/fewShot';
import type { BaseOutput } from '../predict/livePredictor';
import { noveltyRuleOf, noveltyScores } from '../predict/novelty';
import { openSetRuleOf, type OpenSetReading } from '../predict/openSet';
import { openRunnableModel, predictProbabilities } from '../predict/modelRunner';
import type { BaseModelKey } from '../predict/baseModelKey';
import type { OpenSetRule } from '../predict/openSet';

export interface LiveModelInfo {
  name: string;
  classNames: string[];
  /** The TF.js backend running the model ('knn' models run in plain TypeScript). */
  backend: string;
  backendReason: string;
  /** The base model a taught head must have been taught on. */
  base: BaseModelKey;
  embeddingSize: number;
  /** The bundle's own open-set rule; null when Live falls back to its threshold on the top probability. */
  openSet: OpenSetRule | null;
}

/** The max-probability threshold Live falls back to when the bundle carries no open-set rule (the slider's default). */
const FALLBACK_OPEN_SET_THRESHOLD = 0.4;

export interface LiveModel {
  info: LiveModelInfo;
  /**
   * The row this model reads for a live window, and whether it is ready to be shown to the model (`full`):
   * see `createLiveRowReader`. Call it for every window, silent ones too, so that the stream stays whole.
   */
  rowFor(window: LiveRowInput): LiveRow;
  /** Class probabilities of one row as `rowFor` gives it (raw features: the model's columns picked and standardised here). */
  classify(row: Float32Array): Float32Array;
  /** Probabilities, logits and prepared embedding of one row, in one pass (for the open-set rule and a taught head). */
  analyse(row: Float32Array): BaseOutput;
  /** The bundle's open-set rule, or the max-probability fallback. */
  openSet: OpenSetReading;
  dispose(): void;
}

export type LiveRowInput = Pick<LiveWindow, 'row' | 'full' | 'fresh' | 'soundFrames' | 'onsetRow'>;

export interface LiveRow {
  row: Float32Array;
  /** Ready to be shown to the model: a whole window, or a sound's onset that has lasted MIN_ONSET_FRAMES. */
  full: boolean;
  /** Read over less than a whole window: a sound's onset (it began inside the window, or the stream did). */
  onset: boolean;
}

/**
 * What a model of this (supported) spec reads from Live's windows, window after window: the window's `frames`
 * row, or (timbre, meyda) the row of its own streaming extractor fed with each window's fresh samples. A sound
 * that began inside the window is read from its onset alone (the window's `soundFrames`), and is ready for the
 * model once it has lasted MIN_ONSET_FRAMES; otherwise a row is ready once it spans the whole window. One reader
 * per stream; call it for every window, silent ones too, so that the stream stays whole.
 */
export function createLiveRowReader(spec: FeatureSpec): (window: LiveRowInput) => LiveRow {
  const extractor =
    spec.name === 'meyda'
      ? createMeydaExtractor({ bufferSize: spec.frameLength, hop: spec.hop })
      : spec.name === timbreSpec.name
        ? createTimbreExtractor(1)
        : null;
  const rowOf = (row: Float32Array, whole: boolean, window: LiveRowInput): LiveRow => ({
    row,
    full: whole || window.soundFrames >= MIN_ONSET_FRAMES,
    onset: !whole || window.onsetRow !== null,
  });
  if (!extractor) return (window) => rowOf(window.onsetRow ?? window.row, window.full, window);
  // The extractor's own frames for the window's frames since the onset (meyda hops otherwise than `frames`).
  const hop = spec.name === 'meyda' ? spec.hop : framesSpec.hop;
  const width =
    spec.name === 'meyda'
      ? meydaSpec({ bufferSize: spec.frameLength, hop: spec.hop }).columns.length
      : timbreSpec.columns.length;
  return (window) => {
    extractor.push(window.fresh);
    const onset = window.onsetRow
      ? Math.max(1, Math.round((window.soundFrames * framesSpec.hop) / hop))
      : undefined;
    return rowOf(
      extractor.summary(onset) ?? new Float32Array(width),
      extractor.frames >= extractor.windowFrames,
      window,
    );
  };
}

/** Loads a bundle for Live; `backend` names the TF.js backend already set up (and why), for the UI. */
export async function openLiveModel(
  parts: BundleParts,
  backend: { backend: string; reason: string },
): Promise<LiveModel> {
  const model = await openRunnableModel(parts);
  const { meta } = model;
  // What Live computes for the bundle's feature set; the model may read a subset of it (the shipped instruments
  // model leaves out timbre's chroma statistics).
  let computed: readonly string[] = framesSpec.columns;
  let picker: Int32Array;
  const columns = meta.featureSpec.columns;
  try {
    if (meta.featureSpec.name === 'meyda') {
      const spec = meydaSpec({ bufferSize: meta.featureSpec.frameLength, hop: meta.featureSpec.hop });
      checkSpecSupported(meta.featureSpec, [spec]);
      computed = spec.columns;
    } else if (meta.featureSpec.name === timbreSpec.name) {
      checkSpecSupported(meta.featureSpec, [timbreSpec]);
      computed = timbreSpec.columns;
    } else if (meta.featureSpec.name !== framesSpec.name) {
      throw new Error(
        `Live computes "${framesSpec.name}", "${timbreSpec.name}" or "meyda" features on 1-s windows; the model "${meta.name}" uses "${meta.featureSpec.name}"`,
      );
    } else checkSpecSupported(meta.featureSpec, [framesSpec]);
    picker = columnPicker(columns, computed, meta.featureSpec.name);
    if (meta.inputShape.join(',') !== `${columns.length}`) {
      throw new Error(
        `The model "${meta.name}" names ${columns.length} "${meta.featureSpec.name}" columns but expects input [${meta.inputShape.join(', ')}]`,
      );
    }
  } catch (error) {
    model.classifier.dispose();
    throw error;
  }
  const norm = meta.normalization;
  const mean = norm ? Float32Array.from(norm.mean) : null;
  const std = norm ? Float32Array.from(norm.std, usableStd) : null;
  const z = new Float32Array(columns.length);
  const rowFor = createLiveRowReader(meta.featureSpec);
  /** The model's columns of a computed row, standardised. */
  const standardize = (row: Float32Array): Float32Array => {
    if (row.length !== computed.length)
      throw new Error(`Expected a row of ${computed.length} features, got ${row.length}`);
    for (let c = 0; c < z.length; c++) {
      const v = row[picker[c]];
      z[c] = mean && std ? (v - mean[c]) / std[c] : v;
      if (!Number.isFinite(z[c])) {
        throw new Error(`Expected finite features, got ${v} for ${columns[c]}`);
      }
    }
    return z;
  };
  const runner = createEmbeddingRunner(model.classifier);
  const ownLogits = model.outputUnits === meta.classNames.length;
  // The embedding of the training data's average input (all zeros once standardised): the few-shot head's origin.
  const centre = norm ? runner.run(new Float32Array(z.length)).embedding : null;
  const openSet = openSetRuleOf(meta, FALLBACK_OPEN_SET_THRESHOLD);
  // The bundle's novelty rule (a pure tone lies outside every real recording's ranges), as Classify applies it.
  const novelty = noveltyRuleOf(meta);
  const novel = (x: Float32Array) =>
    novelty ? noveltyScores(novelty, x, 1, x.length)[0] > novelty.threshold : undefined;
  return {
    info: {
      name: meta.name,
      classNames: [...meta.classNames],
      backend: model.classifier instanceof KnnClassifier ? 'k-NN (TypeScript)' : backend.backend,
      backendReason: backend.reason,
      base: baseModelKeyOf(meta),
      embeddingSize: runner.embeddingSize,
      openSet: openSet.rule.source === 'fallback' ? null : openSet.rule,
    },
    openSet,
    rowFor,
    classify(row) {
      return predictProbabilities(model, standardize(row));
    },
    analyse(row) {
      const x = standardize(row);
      if (!ownLogits) {
        return {
          probs: predictProbabilities(model, x),
          logits: null,
          embedding: prepareEmbedding(model.classifier.embed(x), centre),
          novel: novel(x),
        };
      }
      const { logits, embedding } = runner.run(x);
      return {
        probs: softmaxRows(logits, logits.length),
        logits,
        embedding: prepareEmbedding(embedding, centre),
        novel: novel(x),
      };
    },
    dispose() {
      runner.dispose();
      model.classifier.dispose();
    },
  };
}

/**
 * One training run, start to finish, on plain data: standardise on the training rows, build and train the
 * model (or fit k-NN), score the test split, tune a binary threshold, project the embedding to 2-D, save the
 * bundle. No DOM: `train.worker.ts` runs it; Node tests run it on the WASM backend.
 */
import type { EmbeddingProjection, ScoredSplit } from './runResults';
import { saveBundle, saveKnnBundle, type SavedBundle } from '../bundle/bundle';
import { MAX_WEIGHT_BYTES } from '../bundle/modelJson';
import type { BundleKind, BundleMeta, BundleMetrics, BundleProjection } from '../bundle/meta';
import { applyStandardizer, fitStandardizer, type Standardizer } from '../data/normalize';
import { evaluate } from '../eval/metrics';
import { pca2d, projectPca } from '../eval/pca';
import { positiveScores, rocCurve } from '../eval/roc';
import { fitNoveltyRule } from '../predict/novelty';
import { tuneThreshold } from '../eval/threshold';
import type { Classifier } from '../models/classifier';
import { saveClassicBundle } from '../bundle/classicBundle';
import { memberMeta, saveVotingBundle, votingConfigOf, type MemberKind } from '../bundle/votingBundle';
import { fitModel, type FittedModel } from './fitModel';
import { calibrateClassifier, calibrateVote } from './calibrate';
import {
  foldSpread,
  MIN_TEST_ROWS_PER_CLASS,
  smallDataFolds,
  thinTestClass,
  type SmallDataCv,
} from '../eval/smallData';
import type { EpochEvent } from './train';
import { applyPcaReduction, fitPcaReduction, withPca, type PcaOption } from './pcaReduce';
import type { FeatureSpec } from '../features/spec';
import { rowsPerSecondOf } from '../features/audioSets';
import { checkOperationBudget } from '../models/budget';
import type { ModelConfig } from '../models/config';
import type { TrainConfig } from './config';
import type { RunArtifacts, RunResult } from './runResults';

/** Row indices (into the job's rows) of each part of a grouped, stratified split. */
export interface SplitIndices {
  train: Int32Array;
  val: Int32Array;
  test: Int32Array;
}

/** What one training job needs: raw (unnormalised) rows, their split, and the configs. */
export interface TrainJobInput {
  runId: string;
  /** Names the saved model (meta.name). */
  name: string;
  createdAt: string;
  /** meta.task: a free name for a user's own model. */
  task: string;
  /** rows × inputSize, row-major, before standardisation (the job fits it on the training rows). */
  x: Float32Array;
  inputShape: number[];
  labels: Int32Array;
  ids: string[];
  split: SplitIndices;
  /** Augmented copies of training clips: training rows only, never validated or tested on. */
  extraTrain?: { x: Float32Array; labels: Int32Array };
  classNames: string[];
  featureSpec: FeatureSpec;
  /** Where the rows came from, in a few words (meta.data.source). */
  source: string;
  model: ModelConfig;
  training: TrainConfig;
  modelSeed: number;
  /** PCA between the standardiser and the model, fitted on the training rows; absent or null: none. */
  pca?: PcaOption | null;
  /**
   * Each row's file or track. With it, a run whose test split is too thin to judge by (eval/smallData) is also
   * cross-validated by file; the folds' own jobs carry none.
   */
  groups?: string[];
}

export type TrainStage = 'building' | 'training' | 'evaluating' | 'saving';

/** A finished job: the store's summary and, for the run-results service, the bulky parts. */
export interface TrainJobDone {
  status: 'done';
  result: RunResult;
  artifacts: Omit<RunArtifacts, 'runId'>;
}

export type TrainJobOutcome = TrainJobDone | { status: 'cancelled' };

/** Training points kept for the scatter (as the bundle's meta allows). */
const MAX_PROJECTION_POINTS = 2000;
/** PCA diagonalises a cols × cols matrix: skip the projection of wider embeddings (raw log-mel input). */
const MAX_PROJECTION_DIM = 1024;

export interface TrainJobHooks {
  onStage?: (stage: TrainStage) => void;
  onEpoch?: (event: EpochEvent) => void;
  /** Aborting stops training within the current epoch; the job then reports `cancelled`. */
  signal?: AbortSignal;
}

function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function checkJob(job: TrainJobInput, inputSize: number): number {
  const rows = job.labels.length;
  if (!Number.isInteger(inputSize) || inputSize < 1) {
    throw new Error(`Expected inputShape to be positive integers, got [${job.inputShape.join(', ')}]`);
  }
  if (job.x.length !== rows * inputSize) {
    throw new Error(
      `Expected ${rows} rows × ${inputSize} values = ${rows * inputSize} inputs, got ${job.x.length}`,
    );
  }
  if (job.ids.length !== rows) throw new Error(`Expected ${rows} row ids, got ${job.ids.length}`);
  if (job.classNames.length < 2) {
    throw new Error(`Expected at least 2 classes to train on, got ${job.classNames.length}`);
  }
  for (const part of ['train', 'val', 'test'] as const) {
    for (const r of job.split[part]) {
      if (!(r >= 0 && r < rows)) throw new Error(`Expected ${part} row indices in [0, ${rows}), got ${r}`);
    }
  }
  if (job.split.train.length === 0) throw new Error('Expected at least one training row, got 0');
  if (job.split.test.length === 0) {
    throw new Error('Expected at least one test row, got 0: give the test split a larger fraction');
  }
  if (job.extraTrain && job.extraTrain.x.length !== job.extraTrain.labels.length * inputSize) {
    throw new Error(
      `Expected ${job.extraTrain.labels.length} augmented rows × ${inputSize} values, got ${job.extraTrain.x.length}`,
    );
  }
  return rows;
}

function gather(x: Float32Array, rows: Int32Array, size: number): Float32Array {
  const out = new Float32Array(rows.length * size);
  rows.forEach((r, i) => out.set(x.subarray(r * size, (r + 1) * size), i * size));
  return out;
}

function concat(a: Float32Array, b: Float32Array): Float32Array {
  const out = new Float32Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function hasBothClasses(labels: Int32Array): boolean {
  return labels.some((y) => y === 0) && labels.some((y) => y === 1);
}

/** Evenly spaced row indices, at most `max` of them. */
function sampleRows(rows: number, max: number): Int32Array {
  if (rows <= max) return Int32Array.from({ length: rows }, (_, i) => i);
  return Int32Array.from({ length: max }, (_, i) => Math.floor((i * rows) / max));
}

function project(
  model: Classifier,
  space: EmbeddingProjection['space'],
  xTrain: Float32Array,
  yTrain: Int32Array,
  xTest: Float32Array,
  yTest: Int32Array,
): { projection: EmbeddingProjection; meta: BundleProjection } | null {
  if (model.embeddingSize > MAX_PROJECTION_DIM) return null;
  const picked = sampleRows(yTrain.length, MAX_PROJECTION_POINTS);
  const trainEmbedding = model.embed(gather(xTrain, picked, model.inputSize));
  const pca = pca2d(trainEmbedding, picked.length, model.embeddingSize);
  const trainLabels = Int32Array.from(picked, (r) => yTrain[r]);
  const testEmbedding = model.embed(xTest);
  const testPoints = projectPca(pca, testEmbedding);
  const points = Array.from({ length: picked.length }, (_, i): [number, number] => [
    pca.points[2 * i],
    pca.points[2 * i + 1],
  ]);
  return {
    projection: {
      space,
      explained: pca.explained,
      train: { points: pca.points, labels: trainLabels },
      test: { points: testPoints, labels: yTest.slice() },
      vectors: { dim: model.embeddingSize, train: trainEmbedding, test: testEmbedding },
    },
    meta: {
      space,
      mean: pca.mean,
      components: [pca.components[0], pca.components[1]],
      points,
      labels: Array.from(trainLabels),
      explainedVariance: [...pca.explained],
    },
  };
}

/** Runs one job; throws (with a message naming the bad value) on bad input or a failed step. */
export async function runTrainJob(job: TrainJobInput, hooks: TrainJobHooks = {}): Promise<TrainJobOutcome> {
  const started = performance.now();
  const inputSize = sizeOf(job.inputShape);
  const rows = checkJob(job, inputSize);
  const nClasses = job.classNames.length;
  hooks.onStage?.('building');

  const labelsOf = (idx: Int32Array) => Int32Array.from(idx, (r) => job.labels[r]);
  let trainRaw = gather(job.x, job.split.train, inputSize);
  let yTrain = labelsOf(job.split.train);
  if (job.extraTrain && job.extraTrain.labels.length > 0) {
    trainRaw = concat(trainRaw, job.extraTrain.x);
    yTrain = Int32Array.from([...yTrain, ...job.extraTrain.labels]);
  }
  const nTrain = yTrain.length;
  // Fitted on training rows only, so that nothing about validation or test leaks into the inputs.
  const standardizer: Standardizer = fitStandardizer(trainRaw, nTrain, inputSize);
  const normalise = (raw: Float32Array) =>
    applyStandardizer(standardizer, raw, raw.length / inputSize, inputSize);
  const xTrain = normalise(trainRaw);
  const xVal = normalise(gather(job.x, job.split.val, inputSize));
  const yVal = labelsOf(job.split.val);
  const xTest = normalise(gather(job.x, job.split.test, inputSize));
  const yTest = labelsOf(job.split.test);
  // PCA, when asked for, is fitted on the standardised training rows only; the family reads its components.
  if (job.pca && job.inputShape.length !== 1) {
    throw new Error(
      `PCA needs one vector of features per example, got input shape [${job.inputShape.join(', ')}]: turn PCA off for log-mel patches`,
    );
  }
  const reduction = job.pca ? fitPcaReduction(xTrain, nTrain, inputSize, job.pca) : null;
  const reduce = (x: Float32Array) => (reduction ? applyPcaReduction(reduction, x) : x);
  const modelShape = reduction ? [reduction.components.length] : job.inputShape;
  const wrap = (inner: Classifier) => (reduction ? withPca(inner, reduction) : inner);

  let fitted: FittedModel | null = null;
  let networkOperations = 0;
  try {
    hooks.onStage?.('training');
    const trainStart = performance.now();
    fitted = await fitModel(
      job.model,
      {
        train: { x: reduce(xTrain), y: yTrain },
        validation: yVal.length > 0 ? { x: reduce(xVal), y: yVal } : undefined,
      },
      {
        nClasses,
        inputShape: modelShape,
        training: job.training,
        seed: job.modelSeed,
        signal: hooks.signal,
        onEpoch: hooks.onEpoch,
        // A vote's networks share one budget: every example runs through all of them.
        checkNetwork: (network) => {
          checkSaveable(network.model.countParams());
          networkOperations += network.operationsPerExample;
          checkOperationBudget(networkOperations, rowsPerSecondOf(job.featureSpec));
        },
      },
    );
    if (!fitted) return { status: 'cancelled' };
    const trainSeconds = (performance.now() - trainStart) / 1000;
    const classifier = wrap(fitted.classifier);
    const network = fitted.kind === 'network' ? fitted.classifier : null;
    // A vote's early stopping and best epoch are its network's, when it has one.
    const trained = fitted.kind === 'voting' ? fitted.members.find((m) => m.kind === 'network') : fitted;
    const outcome = trained?.kind === 'network' ? trained.outcome : null;
    // (A cancelled fit returned null above.)
    const stopReason = outcome?.stopReason === 'early-stopped' ? 'early-stopped' : 'completed';
    const bestEpoch = outcome?.bestEpoch ?? null;

    hooks.onStage?.('evaluating');
    // Fitted on validation only and folded into the logits layer: every consumer gets calibrated probabilities.
    // A network behind PCA reads the components; the wrapped classifier reads the standardised rows. A vote's
    // networks are calibrated one by one.
    const calibration =
      fitted.kind === 'voting'
        ? calibrateVote(
            classifier,
            fitted.members.flatMap((m) => (m.kind === 'network' ? [m.classifier] : [])),
            { x: xVal, y: yVal },
            { x: xTest, y: yTest },
            { validation: reduce(xVal), test: reduce(xTest) },
          )
        : calibrateClassifier(
            classifier,
            network,
            { x: network ? reduce(xVal) : xVal, y: yVal },
            { x: network ? reduce(xTest) : xTest, y: yTest },
          );
    const testProbs = classifier.predictProbs(xTest);
    const evaluation = evaluate(yTest, testProbs, job.classNames);
    const validation: ScoredSplit | undefined =
      yVal.length > 0
        ? {
            probs: classifier.predictProbs(xVal),
            labels: yVal,
            ids: Array.from(job.split.val, (r) => job.ids[r]),
          }
        : undefined;
    const result: RunResult = {
      evaluation,
      testRows: yTest.length,
      stopReason,
      bestEpoch,
      trainSeconds,
      totalSeconds: 0,
      calibration,
    };
    if (nClasses === 2) {
      if (hasBothClasses(yTest)) result.rocCurve = rocCurve(yTest, positiveScores(testProbs, 2));
      if (validation && hasBothClasses(yVal)) {
        result.threshold = tuneThreshold(yVal, positiveScores(validation.probs, 2), { objective: 'f1' });
        result.thresholdSource = 'validation';
      } else if (hasBothClasses(yTest)) {
        result.threshold = tuneThreshold(yTest, positiveScores(testProbs, 2), { objective: 'f1' });
        result.thresholdSource = 'test';
      }
    }
    const space = network && network.embeddingSize !== network.inputSize ? 'embedding' : 'input';
    // A classic model has no embedding: its scatter places rows by their class probabilities. Behind PCA even
    // k-NN's "embedding" is the components, not the input.
    const projected = project(
      classifier,
      network ? space : fitted.kind !== 'knn' || reduction ? 'embedding' : 'input',
      xTrain,
      yTrain,
      xTest,
      yTest,
    );

    hooks.onStage?.('saving');
    const metrics: BundleMetrics = {
      accuracy: evaluation.accuracy,
      macroF1: evaluation.macroF1,
      confusion: evaluation.confusion,
      testRows: yTest.length,
    };
    if (result.rocCurve) metrics.auc = result.rocCurve.auc;
    if (result.threshold) metrics.threshold = result.threshold.threshold;
    metrics.calibration = { ...calibration };
    // Feature vectors (not images): how far from its training rows an input may lie before the model's answer
    // for it is not to be trusted (novelty.ts). Fitted on the split's own rows, not the augmented extras: those
    // (e.g. GTZAN's 10-s excerpts beside 30-s rows) widen the cloud beyond what the model is ever asked about.
    const ownTrain = job.split.train.length;
    if (job.inputShape.length === 1)
      metrics.novelty = { ...fitNoveltyRule(xTrain.subarray(0, ownTrain * inputSize), ownTrain, inputSize) };
    const classCounts: Record<string, number> = Object.fromEntries(job.classNames.map((n) => [n, 0]));
    for (const y of job.labels) classCounts[job.classNames[y]]++;
    const meta: BundleMeta = {
      format: 'oido-model',
      version: 1,
      name: job.name,
      createdAt: job.createdAt,
      task: job.task,
      classNames: [...job.classNames],
      featureSpec: job.featureSpec,
      inputShape: [...job.inputShape],
      normalization: { mean: standardizer.mean, std: standardizer.std, version: standardizer.version },
      modelConfig: job.model,
      trainingConfig: job.training,
      metrics,
      data: { source: job.source, rows, classCounts },
      kind: BUNDLE_KIND[fitted.kind],
      ...(reduction ? { pca: reduction } : {}),
    };
    if (projected && (projected.meta.space === 'embedding' || projected.meta.mean.length === inputSize)) {
      meta.projection = projected.meta;
    }
    const bundle = await saveFitted(fitted, meta);
    const thin = job.groups ? thinTestClass(yTest, nClasses) : null;
    if (thin && job.groups) {
      const cv = await crossValidateSmallJob(job, job.groups, thin, hooks.signal);
      if (cv === 'cancelled') return { status: 'cancelled' };
      if (cv) result.crossValidation = cv;
    }
    result.totalSeconds = (performance.now() - started) / 1000;
    return {
      status: 'done',
      result,
      artifacts: {
        classNames: [...job.classNames],
        bundle,
        test: { probs: testProbs, labels: yTest, ids: Array.from(job.split.test, (r) => job.ids[r]) },
        validation,
        projection: projected?.projection ?? null,
      },
    };
  } finally {
    fitted?.classifier.dispose();
  }
}

/**
 * The job again on grouped folds of all its rows (eval/smallData), with its own model and training config;
 * augmented rows are left out (they are copies of clips that may sit in a fold's test part). Null when some
 * class has too few files to fold.
 */
async function crossValidateSmallJob(
  job: TrainJobInput,
  groups: string[],
  thin: { cls: number; rows: number },
  signal: AbortSignal | undefined,
): Promise<SmallDataCv | null | 'cancelled'> {
  if (groups.length !== job.labels.length)
    throw new Error(`Expected ${job.labels.length} row groups, got ${groups.length}`);
  const folds = smallDataFolds(job.labels, groups, job.training.seed);
  if (!folds) return null;
  const accuracies: number[] = [];
  for (const [f, split] of folds.entries()) {
    const training = split.val.length > 0 ? job.training : { ...job.training, earlyStopping: null };
    const outcome = await runTrainJob(
      { ...job, runId: `${job.runId}-cv${f + 1}`, split, training, groups: undefined, extraTrain: undefined },
      { signal },
    );
    if (outcome.status === 'cancelled') return 'cancelled';
    accuracies.push(outcome.result.evaluation.accuracy);
  }
  return {
    k: folds.length,
    accuracies,
    ...foldSpread(accuracies),
    reason: `${thin.rows} test ${thin.rows === 1 ? 'row' : 'rows'} of ${job.classNames[thin.cls]} (fewer than ${MIN_TEST_ROWS_PER_CLASS})`,
  };
}

const BUNDLE_KIND: Record<FittedModel['kind'], BundleKind> = {
  network: 'tf-layers',
  classic: 'classic',
  knn: 'knn',
  voting: 'voting',
};

/** Writes a fitted model into a bundle of its kind (meta.kind must say that kind); a vote, each of its models. */
async function saveFitted(fitted: FittedModel, meta: BundleMeta): Promise<SavedBundle> {
  switch (fitted.kind) {
    case 'network':
      return saveBundle(fitted.classifier.model, meta);
    case 'classic':
      return saveClassicBundle(fitted.classifier, meta);
    case 'knn':
      return saveKnnBundle(
        {
          count: fitted.labels.length,
          dim: fitted.points.length / fitted.labels.length,
          points: fitted.points,
          labels: fitted.labels,
        },
        meta,
      );
    case 'voting': {
      const config = votingConfigOf(meta);
      const members: SavedBundle[] = [];
      for (const [i, member] of fitted.members.entries()) {
        const kind = BUNDLE_KIND[member.kind] as MemberKind;
        members.push(await saveFitted(member, memberMeta(meta, config, kind, i)));
      }
      return saveVotingBundle(members, meta);
    }
  }
}

/**
 * Refuses, before the first epoch, a network whose weights no bundle could hold: training it would take long
 * and end in a model that cannot be saved. Its size grows with the input columns, so fewer columns is the fix.
 */
export function checkSaveable(parameters: number): void {
  if (parameters * 4 <= MAX_WEIGHT_BYTES) return;
  const mb = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MB`;
  throw new Error(
    `This model would have ${parameters.toLocaleString('en')} parameters (${mb(parameters * 4)} of weights), more than a model file holds (${mb(MAX_WEIGHT_BYTES)}): train on fewer columns (--drop, or fewer columns picked in the Train view) or choose a smaller model`,
  );
}

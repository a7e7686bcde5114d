/**
 * Calibrated probabilities for every trained network: one temperature T fitted on the validation rows (never
 * on test) by minimising their negative log-likelihood (Guo et al. 2017), then folded into the layer named
 * `logits` (kernel and bias divided by T), so that every consumer of the saved bundle — page, CLI, workers —
 * gets softmax(z / T) from the graph itself. For an ensemble each member's logits are divided by T and the
 * members' probabilities averaged, which is what the folded graph computes; T is fitted on exactly that.
 *
 * Temperature scaling never changes which class a single network picks; it only changes how sure it says it is.
 * The expected calibration error (ECE, 15 bins) is measured before and after, on validation and on test.
 */
import * as tf from '@tensorflow/tfjs';
import { expectedCalibrationError, goldenSectionMinimum } from '../eval/calibration';
import { createRng } from '../random';
import type { Classifier } from '../models/classifier';
import { LOGITS_LAYER, type ClassifierModel } from '../models/classifierModel';

/** Fewer validation rows than this give a temperature that says more about chance than about the model. */
export const MIN_CALIBRATION_ROWS = 20;
/** Search range of T (log-spaced golden section). */
const T_MIN = 0.05;
const T_MAX = 20;

export interface CalibrationSummary {
  /** The temperature folded into the logits layer; 1 when none was applied. */
  temperature: number;
  /** False when calibration was skipped; `reason` then says why. */
  applied: boolean;
  reason?: string;
  validationRows: number;
  /** ECE of the top answer on validation, before and after (equal when not applied). */
  validationEce: { before: number; after: number } | null;
  /** ECE on test, before and after (test is only measured, never fitted on). */
  testEce: { before: number; after: number };
  /**
   * The ECE a perfectly calibrated model with the same (calibrated) validation confidences would show on as
   * many rows, on average (eceNoiseFloor): an ECE near it is sampling noise, not miscalibration.
   */
  validationEceFloor?: number;
}

/** Draws of the floor's simulation. */
const FLOOR_DRAWS = 200;

/**
 * Mean ECE of a perfectly calibrated model with these top-answer confidences on as many rows: in each of
 * FLOOR_DRAWS seeded draws, each row's top answer is right with probability equal to its confidence. With few
 * rows it is far from 0 (e.g. ≈ 0.09 for 197 rows at 60 % accuracy), so it says what an ECE figure can show.
 */
export function eceNoiseFloor(probs: ArrayLike<number>, classes: number, seed = 1): number {
  const rows = probs.length / classes;
  if (!Number.isInteger(rows))
    throw new Error(`Expected rows × ${classes} probabilities, got ${probs.length}`);
  if (rows === 0) return 0;
  const rng = createRng(seed);
  const tops = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    for (let c = 1; c < classes; c++) if (probs[r * classes + c] > probs[r * classes + tops[r]]) tops[r] = c;
  }
  const labels = new Int32Array(rows);
  let total = 0;
  for (let d = 0; d < FLOOR_DRAWS; d++) {
    for (let r = 0; r < rows; r++) {
      const right = rng.next() < probs[r * classes + tops[r]];
      labels[r] = right ? tops[r] : (tops[r] + 1) % classes;
    }
    total += expectedCalibrationError(probs, labels, classes);
  }
  return total / FLOOR_DRAWS;
}

/** Raw network output for each row: [rows × members × classes] (members = 1 for a single network). */
function memberLogits(network: ClassifierModel, x: Float32Array): Float32Array {
  const rows = x.length / network.inputSize;
  const width = network.members * network.nClasses;
  const out = new Float32Array(rows * width);
  for (let start = 0; start < rows; start += network.predictBatch) {
    const n = Math.min(network.predictBatch, rows - start);
    const y = tf.tidy(() => {
      const batch = tf.tensor(x.subarray(start * network.inputSize, (start + n) * network.inputSize), [
        n,
        ...network.inputShape,
      ]);
      return network.model.predict(batch) as tf.Tensor;
    });
    out.set(y.dataSync(), start * width);
    y.dispose();
  }
  return out;
}

/**
 * Probabilities (rows × classes) of members' logits (rows × members × classes) each divided by T, averaged over
 * the members: what softmax gives on the combined logits of a graph whose logits layer was divided by T.
 */
export function ensembleProbs(
  logits: ArrayLike<number>,
  members: number,
  classes: number,
  temperature: number,
): Float32Array {
  if (!(temperature > 0 && Number.isFinite(temperature)))
    throw new Error(`Expected a temperature > 0, got ${temperature}`);
  const rows = logits.length / (members * classes);
  if (!Number.isInteger(rows))
    throw new Error(`Expected rows × ${members} × ${classes} logits, got ${logits.length} values`);
  const out = new Float32Array(rows * classes);
  for (let r = 0; r < rows; r++) {
    for (let m = 0; m < members; m++) {
      const base = (r * members + m) * classes;
      let max = -Infinity;
      for (let c = 0; c < classes; c++) max = Math.max(max, logits[base + c] / temperature);
      let sum = 0;
      for (let c = 0; c < classes; c++) sum += Math.exp(logits[base + c] / temperature - max);
      for (let c = 0; c < classes; c++)
        out[r * classes + c] += Math.exp(logits[base + c] / temperature - max) / sum / members;
    }
  }
  return out;
}

function nll(probs: Float32Array, labels: ArrayLike<number>, classes: number): number {
  let total = 0;
  for (let r = 0; r < labels.length; r++) total -= Math.log(Math.max(probs[r * classes + labels[r]], 1e-12));
  return total / labels.length;
}

/**
 * The temperature minimising the validation NLL of the (ensemble) probabilities, by golden-section search on
 * log T over [0.05, 20]. For one member this is plain temperature scaling (eval/calibration fitTemperature).
 */
export function fitEnsembleTemperature(
  logits: ArrayLike<number>,
  labels: ArrayLike<number>,
  members: number,
  classes: number,
): number {
  if (labels.length === 0) throw new Error('Expected validation rows to fit a temperature on, got none');
  if (logits.length !== labels.length * members * classes)
    throw new Error(`Expected ${labels.length} × ${members} × ${classes} logits, got ${logits.length}`);
  for (let r = 0; r < labels.length; r++) {
    if (!(Number.isInteger(labels[r]) && labels[r] >= 0 && labels[r] < classes))
      throw new Error(`Expected class indices within 0 … ${classes - 1}, got ${labels[r]} at row ${r}`);
  }
  const loss = (logT: number) =>
    nll(ensembleProbs(logits, members, classes, Math.exp(logT)), labels, classes);
  return Math.exp(goldenSectionMinimum(loss, Math.log(T_MIN), Math.log(T_MAX)));
}

/** Divides the kernel and bias of the network's `logits` layer by T (a Dense or ParallelDense layer). */
export function foldTemperature(network: ClassifierModel, temperature: number): void {
  if (!(temperature > 0 && Number.isFinite(temperature)))
    throw new Error(`Expected a temperature > 0, got ${temperature}`);
  const layer = network.model.layers.find((l) => l.name === LOGITS_LAYER);
  if (!layer || !['Dense', 'ParallelDense'].includes(layer.getClassName()))
    throw new Error(`Expected a dense layer named "${LOGITS_LAYER}" to fold the temperature into`);
  const weights = layer.getWeights();
  const scaled = weights.map((w) => tf.div(w, temperature));
  layer.setWeights(scaled);
  scaled.forEach((w) => w.dispose());
}

/** Whether the network has a logits layer the temperature can be folded into. */
export function canFoldTemperature(network: ClassifierModel): boolean {
  const layer = network.model.layers.find((l) => l.name === LOGITS_LAYER);
  return !!layer && ['Dense', 'ParallelDense'].includes(layer.getClassName());
}

/**
 * Fits T on the validation rows (normalised inputs), folds it into the network and reports ECE before and after.
 * Skips (applied: false, with a reason) when there are too few validation rows or no foldable logits layer.
 */
export function calibrateNetwork(
  network: ClassifierModel,
  validation: { x: Float32Array; y: Int32Array },
  test: { x: Float32Array; y: Int32Array },
): CalibrationSummary {
  const classes = network.nClasses;
  const testBefore = expectedCalibrationError(network.predictProbs(test.x), test.y, classes);
  const valRows = validation.y.length;
  const valBefore =
    valRows > 0 ? expectedCalibrationError(network.predictProbs(validation.x), validation.y, classes) : null;
  const skip = (reason: string): CalibrationSummary => ({
    temperature: 1,
    applied: false,
    reason,
    validationRows: valRows,
    validationEce: valBefore === null ? null : { before: valBefore, after: valBefore },
    testEce: { before: testBefore, after: testBefore },
  });
  if (valRows < MIN_CALIBRATION_ROWS)
    return skip(
      `${valRows} validation rows: too few to fit a temperature on (at least ${MIN_CALIBRATION_ROWS})`,
    );
  if (!canFoldTemperature(network))
    return skip('the network has no dense logits layer to fold a temperature into');
  const logits = memberLogits(network, validation.x);
  const temperature = fitEnsembleTemperature(logits, validation.y, network.members, classes);
  foldTemperature(network, temperature);
  const valAfter = network.predictProbs(validation.x);
  return {
    temperature,
    applied: true,
    validationRows: valRows,
    validationEce: {
      before: valBefore!,
      after: expectedCalibrationError(valAfter, validation.y, classes),
    },
    validationEceFloor: eceNoiseFloor(valAfter, classes),
    testEce: {
      before: testBefore,
      after: expectedCalibrationError(network.predictProbs(test.x), test.y, classes),
    },
  };
}

/**
 * The job's one call: a network is calibrated (calibrateNetwork); other families (k-NN, whose probabilities are
 * neighbour votes, not logits) have their calibration error measured and reported, not changed.
 */
export function calibrateClassifier(
  classifier: Classifier,
  network: ClassifierModel | null,
  validation: { x: Float32Array; y: Int32Array },
  test: { x: Float32Array; y: Int32Array },
): CalibrationSummary {
  if (network) return calibrateNetwork(network, validation, test);
  const classes = classifier.nClasses;
  const val =
    validation.y.length > 0
      ? expectedCalibrationError(classifier.predictProbs(validation.x), validation.y, classes)
      : null;
  const testEce = expectedCalibrationError(classifier.predictProbs(test.x), test.y, classes);
  return {
    temperature: 1,
    applied: false,
    reason:
      classifier.family === 'knn'
        ? 'k-NN probabilities are neighbour votes, measured but not rescaled'
        : `${classifier.family} probabilities are not logits, measured but not rescaled`,
    validationRows: validation.y.length,
    validationEce: val === null ? null : { before: val, after: val },
    testEce: { before: testEce, after: testEce },
  };
}

/**
 * A vote's calibration: each network among its models gets its own temperature on validation (calibrateNetwork,
 * reading `memberInputs`, which differ from the vote's inputs behind PCA), and the averaged probabilities are
 * measured before and after. The models without logits (trees, SVM, k-NN) are averaged as they are.
 */
export function calibrateVote(
  vote: Classifier,
  networks: readonly ClassifierModel[],
  validation: { x: Float32Array; y: Int32Array },
  test: { x: Float32Array; y: Int32Array },
  memberInputs: { validation: Float32Array; test: Float32Array },
): CalibrationSummary {
  const classes = vote.nClasses;
  const ece = (set: { x: Float32Array; y: Int32Array }) =>
    expectedCalibrationError(vote.predictProbs(set.x), set.y, classes);
  const valRows = validation.y.length;
  const valBefore = valRows > 0 ? ece(validation) : null;
  const testBefore = ece(test);
  const fits = networks.map((n) =>
    calibrateNetwork(n, { x: memberInputs.validation, y: validation.y }, { x: memberInputs.test, y: test.y }),
  );
  const calibrated = fits.find((f) => f.applied);
  const valAfter = valRows > 0 ? vote.predictProbs(validation.x) : null;
  return {
    temperature: calibrated?.temperature ?? 1,
    applied: calibrated !== undefined,
    ...(calibrated
      ? {}
      : {
          reason:
            fits[0]?.reason ??
            'a vote of models without logits: its probabilities are measured, not rescaled',
        }),
    validationRows: valRows,
    validationEce:
      valBefore === null
        ? null
        : { before: valBefore, after: expectedCalibrationError(valAfter!, validation.y, classes) },
    ...(calibrated && valAfter ? { validationEceFloor: eceNoiseFloor(valAfter, classes) } : {}),
    testEce: { before: testBefore, after: ece(test) },
  };
}

/** One plain line for the page and the CLI, e.g. "Calibrated on 120 validation rows: T = 1.84, ECE 0.112 → 0.031". */
export function calibrationLine(c: CalibrationSummary): string {
  const f = (v: number) => v.toFixed(3);
  if (!c.applied) {
    const ece = c.validationEce ? `validation ECE ${f(c.validationEce.before)}, ` : '';
    return `Not calibrated (${c.reason}); ${ece}test ECE ${f(c.testEce.before)}`;
  }
  const floor =
    c.validationEceFloor === undefined ? '' : ` (sampling noise alone: about ${f(c.validationEceFloor)})`;
  return `Calibrated on ${c.validationRows} validation rows: temperature ${c.temperature.toFixed(2)}, validation ECE ${f(c.validationEce!.before)} → ${f(c.validationEce!.after)}${floor}, test ECE ${f(c.testEce.before)} → ${f(c.testEce.after)}`;
}

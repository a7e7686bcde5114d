/**
 * Scoring rows and files: per-window logits from a fitted model, per-file answers (the class with the highest
 * mean probability over the file's windows, as the app answers for a clip), calibration and open-set figures.
 */
import { evaluate, type Evaluation } from '../../../src/core/eval/metrics';
import { expectedCalibrationError, softmaxWithTemperature } from '../../../src/core/eval/calibration';
import type { StoredMaxProbRule } from '../../../src/core/predict/openSet';
import { round } from './config';
import { subset, type RowSet } from './rows';

/** Window logits of a set, with its labels and origins. */
export interface Scored {
  logits: Float32Array;
  y: Int32Array;
  origin: string[];
}

export function concatScored(parts: readonly Scored[]): Scored {
  const n = parts.reduce((a, p) => a + p.logits.length, 0);
  const logits = new Float32Array(n);
  let at = 0;
  for (const p of parts) {
    logits.set(p.logits, at);
    at += p.logits.length;
  }
  return {
    logits,
    y: Int32Array.from(parts.flatMap((p) => Array.from(p.y))),
    origin: parts.flatMap((p) => p.origin),
  };
}

export function scoreRows(
  set: RowSet,
  predictLogits: (x: Float32Array) => Float32Array,
  normalize: (x: Float32Array) => Float32Array,
): Scored {
  return { logits: predictLogits(normalize(set.x)), y: set.y, origin: set.origin };
}

/**
 * One real fold's model scored on the real recordings it held out (`realFoldOf` gives each recording's fold)
 * and on the studio validation notes, which no model trains on.
 */
export function scoreFold(
  fitted: {
    model: { predictLogits(x: Float32Array): Float32Array };
    normalize(x: Float32Array): Float32Array;
  },
  fold: number,
  realRecorded: RowSet,
  realFoldOf: ReadonlyMap<string, number>,
  studioVal: RowSet,
): { real: Scored; validation: Scored } {
  const predict = (x: Float32Array) => fitted.model.predictLogits(x);
  const heldOut = subset(realRecorded, (i) => realFoldOf.get(realRecorded.origin[i]) === fold);
  return {
    real: scoreRows(heldOut, predict, fitted.normalize),
    validation: scoreRows(studioVal, predict, fitted.normalize),
  };
}

/** Per file: the mean probability of each class over its windows, and its true class. */
export function fileMeans(probs: Float32Array, y: Int32Array, origin: readonly string[], classes: number) {
  const at = new Map<string, number>();
  const sums: Float64Array[] = [];
  const counts: number[] = [];
  const labels: number[] = [];
  const names: string[] = [];
  origin.forEach((o, r) => {
    let f = at.get(o);
    if (f === undefined) {
      f = sums.length;
      at.set(o, f);
      sums.push(new Float64Array(classes));
      counts.push(0);
      labels.push(y[r]);
      names.push(o);
    }
    for (let c = 0; c < classes; c++) sums[f][c] += probs[r * classes + c];
    counts[f]++;
  });
  const means = new Float32Array(sums.length * classes);
  sums.forEach((s, f) => s.forEach((v, c) => (means[f * classes + c] = v / counts[f])));
  return { names, labels: Int32Array.from(labels), probs: means };
}

export interface SetFigures {
  windows: number;
  files: number;
  windowAccuracy: number;
  fileAccuracy: number;
  /** ECE (15 bins) of the window answers, before (T = 1) and after temperature scaling. */
  eceBefore: number;
  eceAfter: number;
  fileEceAfter: number;
  /** Windows and files whose top calibrated probability is under the open-set threshold. */
  windowUnknownShare: number;
  fileUnknownShare: number;
}

/** Window and file figures of scored rows under a temperature and open-set rule. */
export function setFigures(
  scored: Scored,
  classNames: readonly string[],
  temperature: number,
  rule: StoredMaxProbRule | null,
): SetFigures & {
  windowEval: Evaluation;
  fileEval: Evaluation;
  fileNames: string[];
  fileProbs: Float32Array;
} {
  const k = classNames.length;
  const raw = softmaxWithTemperature(scored.logits, k, 1);
  const calibrated = softmaxWithTemperature(scored.logits, k, temperature);
  const files = fileMeans(calibrated, scored.y, scored.origin, k);
  const windowEval = evaluate(scored.y, calibrated, classNames);
  const fileEval = evaluate(files.labels, files.probs, classNames);
  const unknownShare = (probs: Float32Array) => {
    if (!rule) return 0;
    const rows = probs.length / k;
    let n = 0;
    for (let r = 0; r < rows; r++) {
      let max = 0;
      for (let c = 0; c < k; c++) max = Math.max(max, probs[r * k + c]);
      if (max < rule.threshold) n++;
    }
    return rows > 0 ? n / rows : 0;
  };
  return {
    windows: scored.y.length,
    files: files.names.length,
    windowAccuracy: round(windowEval.accuracy),
    fileAccuracy: round(fileEval.accuracy),
    eceBefore: round(expectedCalibrationError(raw, scored.y, k)),
    eceAfter: round(expectedCalibrationError(calibrated, scored.y, k)),
    fileEceAfter: round(expectedCalibrationError(files.probs, files.labels, k)),
    windowUnknownShare: round(unknownShare(calibrated)),
    fileUnknownShare: round(unknownShare(files.probs)),
    windowEval,
    fileEval,
    fileNames: files.names,
    fileProbs: files.probs,
  };
}

/** Per-class file recall where the class has files, with the class each file was most often taken for. */
export function perClassFiles(fileEval: Evaluation) {
  return fileEval.perClass
    .map((c, i) => {
      const row = fileEval.confusion[i];
      const mistaken = row
        .map((n, j) => ({ className: fileEval.perClass[j].name, files: n }))
        .filter((m, j) => j !== i && m.files > 0)
        .sort((a, b) => b.files - a.files);
      return { className: c.name, files: c.support, recall: round(c.recall), mistakenFor: mistaken };
    })
    .filter((c) => c.files > 0);
}

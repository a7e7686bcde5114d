import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tabularFromCsv, type TabularDataset } from '../data/tabular';
import { trainValTestSplit } from '../data/split';
import { applyStandardizer, fitStandardizer } from '../data/normalize';
import { expectedCalibrationError, fitTemperature, softmaxWithTemperature } from '../eval/calibration';
import { buildClassifier, type ClassifierModel } from '../models/build';
import { parseModelConfig, type NetworkConfig } from '../models/config';
import { initNodeTf } from '../../node/tf';
import { parseTrainConfig } from './config';
import { train } from './train';
import {
  calibrateNetwork,
  calibrationLine,
  eceNoiseFloor,
  ensembleProbs,
  fitEnsembleTemperature,
  MIN_CALIBRATION_ROWS,
} from './calibrate';

const gtzan = path.resolve(process.cwd(), '../shared/data/tabular/gtzan/features_30_sec.csv');
let ds: TabularDataset;

beforeAll(async () => {
  await initNodeTf();
  ds = tabularFromCsv(readFileSync(gtzan, 'utf8'), { label: 'label', drop: ['filename', 'length'] });
});

function parts() {
  const cols = ds.columns.length;
  const split = trainValTestSplit(ds.labels, ds.groups, { train: 0.6, val: 0.2, test: 0.2, seed: 5 });
  const gather = (idx: Int32Array) => {
    const x = new Float32Array(idx.length * cols);
    idx.forEach((r, i) => x.set(ds.features.subarray(r * cols, (r + 1) * cols), i * cols));
    return { x, y: Int32Array.from(idx, (r) => ds.labels[r]) };
  };
  const trainRaw = gather(split.train);
  const st = fitStandardizer(trainRaw.x, split.train.length, cols);
  const norm = (p: { x: Float32Array; y: Int32Array }) => ({
    x: applyStandardizer(st, p.x, p.y.length, cols),
    y: p.y,
  });
  return { cols, train: norm(trainRaw), val: norm(gather(split.val)), test: norm(gather(split.test)) };
}

/** An MLP trained long, without regularisation: it ends sure of itself far beyond its accuracy. */
async function overconfident(members: number) {
  const p = parts();
  const net = buildClassifier(
    parseModelConfig({ family: 'mlp', hidden: [128], dropout: 0, members }) as NetworkConfig,
    [p.cols],
    ds.classNames.length,
    7,
  ) as ClassifierModel;
  await train(
    net,
    { train: p.train },
    {
      config: parseTrainConfig({
        epochs: 60,
        batchSize: 32,
        seed: 1,
        optimizer: { type: 'adam', learningRate: 0.01 },
      }),
    },
  );
  return { net, ...p };
}

function argmaxes(probs: Float32Array, classes: number): number[] {
  const out: number[] = [];
  for (let r = 0; r < probs.length / classes; r++) {
    let top = 0;
    for (let c = 1; c < classes; c++) if (probs[r * classes + c] > probs[r * classes + top]) top = c;
    out.push(top);
  }
  return out;
}

describe('ensembleProbs / fitEnsembleTemperature', () => {
  it('are plain temperature scaling for one member', () => {
    const logits = [2, 0, -1, 0.5, 0.2, 3, -2, 1, 0, 4, 1, 1];
    const labels = [0, 2, 1, 1];
    expect(Array.from(ensembleProbs(logits, 1, 3, 1.7))).toEqual(
      Array.from(softmaxWithTemperature(logits, 3, 1.7)).map((v) => expect.closeTo(v, 6)),
    );
    expect(fitEnsembleTemperature(logits, labels, 1, 3)).toBeCloseTo(fitTemperature(logits, labels, 3), 3);
  });

  it('average the members’ tempered probabilities', () => {
    // One row, two members that disagree: the mean of their softmaxes.
    const probs = ensembleProbs([4, 0, 0, 4], 2, 2, 2);
    const a = 1 / (1 + Math.exp(-2));
    expect(probs[0]).toBeCloseTo((a + (1 - a)) / 2, 6);
    expect(() => ensembleProbs([1, 2, 3], 2, 2, 1)).toThrow('Expected rows × 2 × 2 logits');
    expect(() => fitEnsembleTemperature([1, 2], [5], 1, 2)).toThrow('Expected class indices within 0 … 1');
    expect(() => ensembleProbs([1, 2], 1, 2, 0)).toThrow('Expected a temperature > 0, got 0');
  });
});

describe('eceNoiseFloor', () => {
  it('is what a perfectly calibrated model shows by chance: large for few rows, small for many', () => {
    // Every row 70 % sure of class 0 of 3.
    const probsOf = (rows: number) =>
      Float32Array.from({ length: rows * 3 }, (_, i) => [0.7, 0.2, 0.1][i % 3]);
    const few = eceNoiseFloor(probsOf(50), 3);
    const many = eceNoiseFloor(probsOf(5000), 3);
    // One bin: |share right − 0.7| has mean ≈ sqrt(2/π · 0.21 / n).
    expect(few).toBeGreaterThan(0.04);
    expect(few).toBeLessThan(0.08);
    expect(many).toBeLessThan(0.01);
    expect(eceNoiseFloor(probsOf(50), 3)).toBe(few);
    expect(() => eceNoiseFloor([0.5, 0.5, 1], 2)).toThrow('Expected rows × 2 probabilities');
  });
});

describe('calibrateNetwork on GTZAN features', () => {
  it('folds the validation temperature into the logits layer: lower validation ECE, same answers, and the graph itself gives softmax(z / T)', async () => {
    const { net, val, test } = await overconfident(1);
    const classes = net.nClasses;
    const before = net.predictProbs(test.x);
    const logitsBefore = net.predictLogits(test.x);
    const valEce = expectedCalibrationError(net.predictProbs(val.x), val.y, classes);
    const summary = calibrateNetwork(net, val, test);
    expect(summary.applied).toBe(true);
    // Overfitted: too sure, so T > 1 softens it.
    expect(summary.temperature).toBeGreaterThan(1.2);
    expect(summary.validationEce!.before).toBeCloseTo(valEce, 6);
    expect(summary.validationEce!.after).toBeLessThan(summary.validationEce!.before * 0.7);
    expect(summary.testEce.after).toBeLessThan(summary.testEce.before);
    expect(summary.validationEceFloor).toBeGreaterThan(0);
    const after = net.predictProbs(test.x);
    expect(argmaxes(after, classes)).toEqual(argmaxes(before, classes));
    // The graph itself now gives softmax(z / T) of the logits it gave before (trainJob.test checks that the
    // saved bundle reproduces the job's probabilities).
    const expected = softmaxWithTemperature(logitsBefore, classes, summary.temperature);
    for (let i = 0; i < after.length; i++) expect(after[i]).toBeCloseTo(expected[i], 4);
    expect(calibrationLine(summary)).toMatch(
      /^Calibrated on \d+ validation rows: temperature \d\.\d\d, validation ECE [\d.]+ → [\d.]+ \(sampling noise alone: about [\d.]+\)/,
    );
    net.dispose();
  }, 120_000);

  it('calibrates an ensemble the way its folded graph averages it', async () => {
    const { net, val, test } = await overconfident(3);
    const summary = calibrateNetwork(net, val, test);
    expect(summary.applied).toBe(true);
    expect(summary.validationEce!.after).toBeLessThan(summary.validationEce!.before);
    net.dispose();
  }, 120_000);

  it('leaves the network alone when validation is too small to fit on, and says so', async () => {
    const { net, val, test } = await overconfident(1);
    const few = { x: val.x.slice(0, 5 * ds.columns.length), y: val.y.slice(0, 5) };
    const before = net.predictProbs(test.x);
    const summary = calibrateNetwork(net, few, test);
    expect(summary.applied).toBe(false);
    expect(summary.temperature).toBe(1);
    expect(summary.reason).toContain(`at least ${MIN_CALIBRATION_ROWS}`);
    expect(Array.from(net.predictProbs(test.x))).toEqual(Array.from(before));
    expect(calibrationLine(summary)).toMatch(/^Not calibrated \(5 validation rows/);
    net.dispose();
  }, 120_000);
});

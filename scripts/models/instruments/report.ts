/**
 * The shipped bundle's meta.json and the build's report.json: what was trained on what, what was held out (by
 * file), and how it scored, beside the figures of the model it replaced.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { BundleMeta } from '../../../src/core/bundle/meta';
import type { Standardizer } from '../../../src/core/data/normalize';
import { pca2d } from '../../../src/core/eval/pca';
import type { StoredMaxProbRule } from '../../../src/core/predict/openSet';
import { SILENCE_DBFS } from '../../../src/core/instruments/windows';
import type { MlpConfig } from '../../../src/core/models/config';
import { COLS, INSTRUMENTS_SPEC, round } from './config';
import type { RowSet } from './rows';

/** The figures of the model this build replaces, as measured on the same held-out data (previous.json). */
export async function previousFigures(): Promise<unknown> {
  const file = path.join(path.dirname(new URL(import.meta.url).pathname), 'previous.json');
  try {
    return JSON.parse(await readFile(file, 'utf8')) as unknown;
  } catch {
    return null;
  }
}

/**
 * The experiment log (experiments.jsonl, one line per run of experiment.ts: each idea's cross-validated real
 * figures against the loop's baseline), copied into report.json so that what did and did not help travels with
 * the model. Empty when there is none.
 */
export async function experimentLog(): Promise<unknown[]> {
  const file = path.join(path.dirname(new URL(import.meta.url).pathname), 'experiments.jsonl');
  try {
    return (await readFile(file, 'utf8'))
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as unknown);
  } catch {
    return [];
  }
}

export function classCounts(classNames: readonly string[], y: Int32Array): Record<string, number> {
  const counts: Record<string, number> = {};
  classNames.forEach((c, i) => (counts[c] = y.filter((v) => v === i).length));
  return counts;
}

export interface MetaInput {
  classNames: string[];
  standardizer: Standardizer;
  modelConfig: MlpConfig;
  trainingConfig: unknown;
  trainSet: RowSet;
  normalize: (x: Float32Array) => Float32Array;
  metrics: Record<string, unknown>;
  temperature: number;
  openSet: StoredMaxProbRule;
  source: string;
}

/** meta.json: the bundle's own description, with the open-set rule and the temperature folded into the logits. */
export function bundleMeta(input: MetaInput): BundleMeta {
  const { classNames, standardizer, trainSet, normalize } = input;
  const n = trainSet.y.length;
  // Scatter for the app: 2-D PCA of (a deterministic sample of) the standardised training rows.
  const xNorm = normalize(trainSet.x);
  const step = Math.max(1, Math.ceil(n / 2000));
  const picked = Array.from({ length: Math.ceil(n / step) }, (_, k) => k * step).filter((r) => r < n);
  const sample = new Float32Array(picked.length * COLS);
  picked.forEach((r, k) => sample.set(xNorm.subarray(r * COLS, (r + 1) * COLS), k * COLS));
  const pca = pca2d(sample, picked.length, COLS);
  return {
    format: 'oido-model',
    version: 1,
    name: 'instruments',
    createdAt: new Date().toISOString(),
    task: 'instruments',
    classNames,
    featureSpec: INSTRUMENTS_SPEC,
    inputShape: [COLS],
    normalization: { mean: standardizer.mean, std: standardizer.std, version: standardizer.version },
    modelConfig: input.modelConfig,
    trainingConfig: input.trainingConfig,
    metrics: {
      ...input.metrics,
      silenceDbfs: SILENCE_DBFS,
      // Already applied: the logits layer's weights were divided by it, so softmax(logits) is calibrated.
      calibration: { version: 1, method: 'temperature', temperature: round(input.temperature), folded: true },
      openSet: input.openSet,
    },
    data: { source: input.source, rows: n, classCounts: classCounts(classNames, trainSet.y) },
    projection: {
      space: 'input',
      mean: pca.mean,
      components: pca.components,
      points: picked.map(
        (_, k) => [round(pca.points[2 * k]), round(pca.points[2 * k + 1])] as [number, number],
      ),
      labels: picked.map((r) => trainSet.y[r]),
      explainedVariance: pca.explained,
    },
    kind: 'tf-layers',
  };
}

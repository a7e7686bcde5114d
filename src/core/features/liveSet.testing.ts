/**
 * For the live tests of the sets a Live model computes from the fresh samples itself (`meyda`, `timbre`): the
 * three GTZAN check clips of ../shared/data, a k-NN trained on the rows of their first 20 s, and what Live then
 * hears in seconds 20–28 of each, streamed through its analyser and the model's own row reader.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { mixToMono } from '../audio/signal';
import { decodeWav } from '../audio/wav';
import { createLiveAnalyzer } from '../live/liveAnalysis';
import { openLiveModel } from '../live/liveModel';
import { parseModelConfig } from '../models/config';
import { parseTrainConfig } from '../train/config';
import { runTrainJob } from '../train/trainJob';
import { clipRows, inputShapeOf, specOf, type AudioFeatureSet } from './audioSets';

const SR = 22050;
export const GENRES = ['blues', 'country', 'metal'];

/** The GTZAN check clips (blues, country, metal .00000), mono at 22,050 Hz. */
export function genreClips(): Float32Array[] {
  return GENRES.map((g) => {
    const file = path.resolve(process.cwd(), `../shared/data/gtzan-check/${g}.00000.wav`);
    return mixToMono(decodeWav(new Uint8Array(readFileSync(file))).channels);
  });
}

/**
 * The `set` rows of each clip's first 20 s, one matrix: each row labelled with its clip's index and the start (s)
 * of its window.
 */
export function firstSecondsRows(set: AudioFeatureSet, clips: readonly Float32Array[]) {
  const width = inputShapeOf(set)[0];
  const rows: Float32Array[] = [];
  const labels: number[] = [];
  const starts: number[] = [];
  clips.forEach((clip, g) => {
    const r = clipRows(clip.slice(0, 20 * SR), set);
    for (let i = 0; i < r.count; i++) {
      rows.push(r.values.subarray(i * width, (i + 1) * width));
      labels.push(g);
      starts.push(r.starts[i]);
    }
  });
  const x = new Float32Array(rows.length * width);
  rows.forEach((row, i) => x.set(row, i * width));
  return { x, width, labels, starts };
}

/** Per clip: how many full, sounding live windows the model named, and the share it named the clip's genre. */
export async function liveGenreShares(
  set: AudioFeatureSet,
  clips: readonly Float32Array[],
): Promise<Array<{ windows: number; share: number }>> {
  const { x, width, labels } = firstSecondsRows(set, clips);
  const all = Int32Array.from(labels.keys());
  const outcome = await runTrainJob({
    runId: `${set}-live`,
    name: `${set} live`,
    createdAt: '2026-01-01T00:00:00.000Z',
    task: 'genre',
    x,
    inputShape: [width],
    labels: Int32Array.from(labels),
    ids: labels.map((_, i) => `row${i}`),
    split: { train: all, val: new Int32Array(0), test: all.filter((i) => i % 5 === 0) },
    classNames: GENRES,
    featureSpec: specOf(set),
    source: 'gtzan-check',
    model: parseModelConfig({ family: 'knn', k: 3 }),
    training: parseTrainConfig({}),
    modelSeed: 0,
  });
  if (outcome.status !== 'done') throw new Error('expected a finished run');
  const model = await openLiveModel(outcome.artifacts.bundle, { backend: 'cpu', reason: 'test' });
  const shares = clips.map((clip, g) => {
    const analyzer = createLiveAnalyzer(SR);
    const heard: number[] = [];
    const unseen = clip.slice(20 * SR, 28 * SR);
    for (let at = 0; at < unseen.length; at += 4096) {
      for (const window of analyzer.push(unseen.subarray(at, at + 4096), at)) {
        const features = model.rowFor(window);
        if (!features.full || window.silent) continue;
        const probs = model.classify(features.row);
        heard.push(probs.indexOf(Math.max(...probs)));
      }
    }
    return { windows: heard.length, share: heard.filter((c) => c === g).length / heard.length };
  });
  model.dispose();
  return shares;
}

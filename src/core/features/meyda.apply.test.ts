import { beforeAll, describe, expect, it } from 'vitest';
import { parseModelConfig } from '../models/config';
import { applyModel, openModel } from '../predict/applyModel';
import { parseTrainConfig } from '../train/config';
import { runTrainJob } from '../train/trainJob';
import { specOf } from './audioSets';
import { firstSecondsRows, GENRES, genreClips } from './liveSet.testing';

const SR = 22050;
const SET = 'meyda@2048/1024' as const;
let clips: Float32Array[];

beforeAll(() => {
  clips = genreClips();
});

describe('a bundle trained on meyda features', () => {
  it('is applied by applyModel to a stretch it never saw, with the PCA step, and names the right genre', async () => {
    // Train on each track's first 20 s (1-s windows); the job's test split is a fifth of those (it needs one),
    // the real check is applyModel on the last 10 s, which no step of training saw.
    const { x, width, labels, starts } = firstSecondsRows(SET, clips);
    const ids = labels.map((g, i) => `${GENRES[g]}@${starts[i]}s`);
    const all = Int32Array.from(labels.keys());
    const outcome = await runTrainJob({
      runId: 'meyda',
      name: 'meyda genres',
      createdAt: '2026-01-01T00:00:00.000Z',
      task: 'genre',
      x,
      inputShape: [width],
      labels: Int32Array.from(labels),
      ids,
      split: { train: all, val: new Int32Array(0), test: all.filter((i) => i % 5 === 0) },
      classNames: GENRES,
      featureSpec: specOf(SET),
      source: 'gtzan-check',
      model: parseModelConfig({ family: 'knn', k: 3 }),
      training: parseTrainConfig({}),
      modelSeed: 0,
      pca: { components: 8 },
    });
    if (outcome.status !== 'done') throw new Error('expected a finished run');
    const bundle = outcome.artifacts.bundle;
    expect(bundle.meta.featureSpec.frameLength).toBe(2048);
    expect(bundle.meta.featureSpec.hop).toBe(1024);
    const model = await openModel(bundle);
    for (const [g, clip] of clips.entries()) {
      const answer = applyModel(model, clip.slice(20 * SR, 30 * SR));
      expect(answer.units).toHaveLength(10);
      expect(answer.units.every((u) => u.probs !== null)).toBe(true);
      expect(answer.song).not.toBeNull();
      expect(answer.song!.indexOf(Math.max(...answer.song!))).toBe(g);
    }
    model.classifier.dispose();

    // The same bundle claiming another hop is refused where it is opened.
    const otherHop = structuredClone(bundle.meta);
    otherHop.featureSpec.hop = 700;
    await expect(openModel({ ...bundle, meta: otherHop })).rejects.toThrow(/"meyda" hop is 700/);
  }, 120_000);
});

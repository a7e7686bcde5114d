import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { mixToMono } from '../audio/signal';
import { decodeWav } from '../audio/wav';
import { createLiveAnalyzer } from '../live/liveAnalysis';
import { openLiveModel } from '../live/liveModel';
import { parseModelConfig } from '../models/config';
import { parseTrainConfig } from '../train/config';
import { runTrainJob } from '../train/trainJob';
import { clipRows, inputShapeOf, specOf } from './audioSets';
import { createTimbreExtractor, extractTimbreWindows } from './timbre';

const SR = 22050;
const GENRES = ['blues', 'country', 'metal'];
let clips: Float32Array[];

beforeAll(() => {
  clips = GENRES.map((g) => {
    const file = path.resolve(process.cwd(), `../shared/data/gtzan-check/${g}.00000.wav`);
    return mixToMono(decodeWav(new Uint8Array(readFileSync(file))).channels);
  });
});

describe('timbre features in Live', () => {
  it('the streaming extractor, fed in odd-sized blocks, gives the last whole second as a file gives it', () => {
    const audio = clips[1].slice(0, 3 * SR + 777);
    const extractor = createTimbreExtractor(1);
    for (let at = 0; at < audio.length; at += 1999) extractor.push(audio.subarray(at, at + 1999));
    const start = (extractor.frames - extractor.windowFrames) * 512;
    const expected = extractTimbreWindows(audio.slice(start, start + SR), 1)[0].values;
    const streamed = extractor.summary()!;
    const flux = specOf('timbre').columns.findIndex((c) => c.startsWith('flux_'));
    streamed.forEach((v, c) => {
      // The stream's first frame in the window has a flux, the file's none.
      if (c < flux || c >= flux + 7)
        expect(Math.abs(v - expected[c])).toBeLessThanOrEqual(1e-4 * Math.max(1, Math.abs(expected[c])));
    });
  });

  it('a timbre model runs on the live windows of a stream it never saw and hears the genre', async () => {
    const width = inputShapeOf('timbre')[0];
    const rows: Float32Array[] = [];
    const labels: number[] = [];
    clips.forEach((clip, g) => {
      const r = clipRows(clip.slice(0, 20 * SR), 'timbre');
      for (let i = 0; i < r.count; i++) {
        rows.push(r.values.slice(i * width, (i + 1) * width));
        labels.push(g);
      }
    });
    const x = new Float32Array(rows.length * width);
    rows.forEach((row, i) => x.set(row, i * width));
    const all = Int32Array.from(labels.keys());
    const outcome = await runTrainJob({
      runId: 'timbre-live',
      name: 'timbre live',
      createdAt: '2026-01-01T00:00:00.000Z',
      task: 'genre',
      x,
      inputShape: [width],
      labels: Int32Array.from(labels),
      ids: labels.map((_, i) => `row${i}`),
      split: { train: all, val: new Int32Array(0), test: all.filter((i) => i % 5 === 0) },
      classNames: GENRES,
      featureSpec: specOf('timbre'),
      source: 'gtzan-check',
      model: parseModelConfig({ family: 'knn', k: 3 }),
      training: parseTrainConfig({}),
      modelSeed: 0,
    });
    if (outcome.status !== 'done') throw new Error('expected a finished run');
    const model = await openLiveModel(outcome.artifacts.bundle, { backend: 'cpu', reason: 'test' });
    for (const [g, clip] of clips.entries()) {
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
      // About 10 windows a second once the first second is in: 7 s of them.
      expect(heard.length).toBeGreaterThan(60);
      expect(heard.filter((c) => c === g).length / heard.length).toBeGreaterThan(0.6);
    }
    model.dispose();
  }, 180_000);
});

/**
 * The CLI and the page apply a bundle the same way: for the same song and bundle, `npm run classify` gives the
 * segments and the whole-file answer that the Classify view's workers build piece by piece (segmentSlices →
 * the 'segment' request's analyseSegment per slice; the 'frames' request's one pass for a frames or timbre model →
 * songProbabilities). Run on two real songs with the shipped genre and instruments bundles.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ANALYSIS_SAMPLE_RATE } from '../core/audio/signal';
import { frameFeatureMatrix } from '../core/features/frames';
import {
  analyseSegment,
  readsWholeSignal,
  segmentPiece,
  songProbabilities,
} from '../core/predict/applyModel';
import { decideClass, type RunnableModel } from '../core/predict/modelRunner';
import { segmentSlices } from '../core/predict/segmentSlices';
import { predictUnits, type UnitPrediction } from '../core/predict/songUnits';
import { loadBundleModel } from '../node/bundleModel';
import { decodeAudioFile } from '../node/decodeFile';
import { classifyCommand } from './classify';
import { captureIo, DATA, ROOT } from './testing';

const SONGS = [
  path.join(DATA, 'songs/Karissa_Hobbs_-_Lets_Go_Fishin.ogg'),
  path.join(DATA, 'songs/Hungarian_Dance_number_5_-_Allegro_in_F_sharp_minor_(string_orchestra).ogg'),
];
const BUNDLES = ['genre', 'instruments'].map((name) => path.join(ROOT, 'public/models', name));

interface PageAnswer {
  segments: Array<{ start: number; end: number }>;
  units: UnitPrediction[];
  song: number[] | null;
}

/** What classifyService and classify.worker.ts compute for a decoded song, step by step. */
function asThePageDoes(model: RunnableModel, samples: Float32Array): PageAnswer {
  const k = model.meta.classNames.length;
  if (readsWholeSignal(model)) {
    // The 'frames' request (frames and timbre models): one pass of frame features over the whole signal, its
    // 1-s windows the units.
    const units = predictUnits(model, samples, 0, undefined, frameFeatureMatrix(samples)).units;
    return {
      segments: [{ start: 0, end: samples.length / ANALYSIS_SAMPLE_RATE }],
      units,
      song: songProbabilities(units, k),
    };
  }
  // The 'segment' requests: each slice of the file (here already at 22,050 Hz) with its margins.
  const slices = segmentSlices(samples.length, ANALYSIS_SAMPLE_RATE);
  const units = slices.flatMap(
    (slice) => analyseSegment(segmentPiece([samples], ANALYSIS_SAMPLE_RATE, slice), model).units!.units,
  );
  const segments = slices.map((s) => ({
    start: s.outputStart / ANALYSIS_SAMPLE_RATE,
    end: (s.outputStart + s.length) / ANALYSIS_SAMPLE_RATE,
  }));
  return { segments, units, song: songProbabilities(units, k) };
}

describe('the CLI and the page apply a bundle alike', () => {
  const models = new Map<string, RunnableModel>();
  beforeAll(async () => {
    for (const dir of BUNDLES) models.set(dir, await loadBundleModel(dir));
  });

  for (const dir of BUNDLES) {
    for (const song of SONGS) {
      it(`${path.basename(dir)} on ${path.basename(song)}: same segments, units and whole-file answer`, async () => {
        const model = models.get(dir)!;
        const { samples } = await decodeAudioFile(song);
        const page = asThePageDoes(model, samples);
        const { results, failures } = await classifyCommand(['--model', dir, '--json', song], captureIo());
        expect(failures).toBe(0);
        const [cli] = results;
        const names = model.meta.classNames;

        expect(cli.segments.map((s) => [s.start, s.end])).toEqual(
          page.segments.map((s) => [s.start, s.end].map((t) => Math.round(t * 1e6) / 1e6)),
        );
        expect(cli.units).toHaveLength(page.units.length);
        cli.units.forEach((u, i) => {
          expect(u.start).toBeCloseTo(page.units[i].start, 5);
          expect(u.silent === true).toBe(page.units[i].probs === null);
        });
        expect(page.song).not.toBeNull();
        expect(cli.top).toBe(names[decideClass(model.meta, page.song!)]);
        names.forEach((c, i) => expect(cli.probs[c]).toBeCloseTo(page.song![i], 5));
      });
    }
  }
});

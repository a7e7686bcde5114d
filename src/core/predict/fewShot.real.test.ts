/**
 * The few-shot head on the shipped instruments model and real recordings (read in place from ../shared/data):
 * taught on 4 s of a real guitar the model misnames (a recording its build held out: report.json's
 * split.realHeldOut), it names the rest of that recording right, and leaves other instruments to the base
 * model. Skipped when the model or the data is missing.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openRunnableModel, standardizeExamples, type RunnableModel } from './modelRunner';
import { createLiveAnalyzer, PREDICTIONS_PER_SECOND } from '../live/liveAnalysis';
import { createLiveRowReader } from '../live/liveModel';
import { decodeAudioFile } from '../../node/decodeFile';
import { readBundleDir } from '../../node/bundleFiles';
import { initNodeTf } from '../../node/tf';
import { resample } from '../audio/resample';
import { ANALYSIS_SAMPLE_RATE } from '../audio/signal';
import { columnPicker, pickColumns } from '../features/spec';
import { timbreSpec } from '../features/timbre';
import { softmaxRows } from '../models/classifier';
import { createEmbeddingRunner, type EmbeddingRunner } from '../models/embeddingRunner';
import { baseModelKeyOf } from './baseModelKey';
import { createFewShotBlender, prepareEmbedding, teachClass } from './fewShot';
import { withTaughtClass } from './taughtHead';

const DATA = path.resolve(process.cwd(), '../shared/data');
const MODEL = path.resolve(process.cwd(), 'public/models/instruments');
const GUITAR = 'instruments-real/guitar/acoustic-guitar-70ca9c77.flac';
const OTHERS = [
  'songs/sorohanro_-_solo-trumpet-06.ogg',
  'instruments-real/flute/flute-07db7f16.flac',
  'instruments-real/cello/cello-0091fc7f.flac',
  'instruments-real/saxophone/saxophone-2f9c5f62.flac',
];
const READY = existsSync(path.join(MODEL, 'meta.json')) && existsSync(path.join(DATA, GUITAR));

interface Window {
  probs: Float32Array;
  embedding: Float32Array;
  /** Read from a sound's onset alone: Live does not teach from such windows. */
  onset: boolean;
}

let model: RunnableModel;
let runner: EmbeddingRunner;
let centre: Float32Array;

/**
 * The model's columns of the rows Live reads for it from its full, sounding windows of a signal (one stream): Live
 * computes the whole `timbre` row and the model reads all but its chroma columns.
 */
function liveRows(audio: Float32Array): Array<{ row: Float32Array; onset: boolean }> {
  const read = createLiveRowReader(model.meta.featureSpec);
  const picker = columnPicker(model.meta.featureSpec.columns, timbreSpec.columns, timbreSpec.name);
  return createLiveAnalyzer(ANALYSIS_SAMPLE_RATE)
    .push(audio, 0)
    .map((w) => ({ w, r: read(w) }))
    .filter(({ w, r }) => r.full && !w.silent)
    .map(({ r }) => ({ row: pickColumns(r.row, r.row.length, picker), onset: r.onset }));
}

/** Live's own windows of a file (full, sounding), through the base model. */
async function liveWindows(file: string): Promise<Window[]> {
  const { samples, sampleRate } = await decodeAudioFile(path.join(DATA, file));
  const audio = resample(samples, sampleRate, ANALYSIS_SAMPLE_RATE);
  return liveRows(audio).map(({ row, onset }) => {
    const run = runner.run(standardizeExamples(row, model.meta.inputShape, model.meta.normalization));
    return {
      probs: softmaxRows(run.logits, run.logits.length),
      embedding: prepareEmbedding(run.embedding, centre),
      onset,
    };
  });
}

const topName = (probs: ArrayLike<number>, names: readonly string[]) => {
  let best = 0;
  for (let i = 1; i < probs.length; i++) if (probs[i] > probs[best]) best = i;
  return names[best];
};

describe.skipIf(!READY)('few-shot head on the shipped model, real recordings', () => {
  beforeAll(async () => {
    await initNodeTf({ backend: 'wasm' });
    model = await openRunnableModel(await readBundleDir(MODEL));
    runner = createEmbeddingRunner(model.classifier);
    const mean = new Float32Array(model.meta.normalization!.mean);
    centre = runner.run(standardizeExamples(mean, model.meta.inputShape, model.meta.normalization)).embedding;
  });

  it('taught on 4 s of a misnamed guitar, names the rest of the recording guitar; other instruments keep the base answer', async () => {
    // Live teaches from whole windows only (not from a sound's first moments, read from its onset alone).
    const guitar = (await liveWindows(GUITAR)).filter((w) => !w.onset);
    const taughtWindows = Math.round(4 * PREDICTIONS_PER_SECOND);
    // One second's gap: the held-out windows share no audio with the taught ones.
    const heldOut = guitar.slice(taughtWindows + Math.ceil(PREDICTIONS_PER_SECOND));
    expect(heldOut.length).toBeGreaterThan(15);
    const taught = teachClass(
      'guitar',
      guitar.slice(0, taughtWindows).map((w) => w.embedding),
      1 / PREDICTIONS_PER_SECOND,
      '2026-12-06T00:00:00Z',
    );
    const head = withTaughtClass(null, baseModelKeyOf(model.meta), runner.embeddingSize, taught);
    const blender = createFewShotBlender(head, model.meta.classNames);

    const share = (ws: Window[], pick: (w: Window) => boolean) => ws.filter(pick).length / ws.length;
    const baseGuitar = share(heldOut, (w) => topName(w.probs, model.meta.classNames) === 'guitar');
    const taughtGuitar = share(
      heldOut,
      (w) => topName(blender.blend(w.probs, w.embedding).probs, blender.classNames) === 'guitar',
    );
    console.log(
      `held-out guitar windows named guitar: base ${baseGuitar.toFixed(2)}, taught ${taughtGuitar.toFixed(2)} (entry ${taught.entry})`,
    );
    expect(baseGuitar).toBeLessThan(0.3);
    expect(taughtGuitar).toBeGreaterThan(0.7);

    for (const file of OTHERS) {
      const ws = await liveWindows(file);
      const changed = share(ws, (w) => blender.blend(w.probs, w.embedding).weight >= 0.5);
      console.log(`${path.basename(file)}: ${ws.length} windows, taught head decides ${changed.toFixed(2)}`);
      expect(changed, file).toBeLessThanOrEqual(0.15);
    }
  }, 120_000);

  it('costs little per window: the model pass and a full head (12 classes × 128 windows) well under 50 ms', async () => {
    const guitar = await liveWindows(GUITAR);
    const embeddings = guitar.map((w) => w.embedding);
    let head = null;
    for (let c = 0; c < 12; c++) {
      const taught = teachClass(
        `class ${c}`,
        embeddings.slice(0, 128),
        1 / PREDICTIONS_PER_SECOND,
        '2026-12-06T00:00:00Z',
      );
      head = withTaughtClass(head, baseModelKeyOf(model.meta), runner.embeddingSize, taught);
    }
    const blender = createFewShotBlender(head, model.meta.classNames);
    const { samples, sampleRate } = await decodeAudioFile(path.join(DATA, GUITAR));
    const rows = liveRows(resample(samples, sampleRate, ANALYSIS_SAMPLE_RATE)).slice(0, 60);
    const times: number[] = [];
    for (const { row } of rows) {
      const start = performance.now();
      const run = runner.run(standardizeExamples(row, model.meta.inputShape, model.meta.normalization));
      blender.blend(softmaxRows(run.logits, run.logits.length), prepareEmbedding(run.embedding, centre));
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    const median = times[times.length >> 1];
    console.log(
      `per window (model pass + 12-class head): median ${median.toFixed(2)} ms, max ${times[times.length - 1].toFixed(2)} ms`,
    );
    expect(median).toBeLessThan(20);
  }, 120_000);
});

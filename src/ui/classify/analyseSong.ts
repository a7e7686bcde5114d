/**
 * One song through the Classify workers: decoded on the main thread (only it has Web Audio), cut into 30-s
 * segments (core segmentSlices) that the pool resamples and runs through the genre model in parallel, then the
 * whole analysis signal once for the pictures and, on another worker, the frame features and the instruments
 * model's 1-s windows. Progress and predictions go to the store through `update`; pictures stay in the service.
 */
import { decodeToChannels } from '../../browser/decodeAudio';
import { ANALYSIS_SAMPLE_RATE } from '../../core/audio/signal';
import { songVerdict } from '../../core/predict/applyModel';
import type { LoadedModelInfo } from '../../core/predict/modelRunner';
import type { WaveformPeaks } from '../../core/predict/fileSummary';
import type { SpectrogramImage } from '../../core/predict/overview';
import type { UnitPrediction } from '../../core/predict/songUnits';
import { segmentSlices } from '../../core/predict/segmentSlices';
import type { ClassifyFile, PhaseTimings, SongPrediction } from '../../state/classify';
import { PoolResetError, type ClassifyPool, type ModelSource } from '../../workers/classifyClient';

/** Files larger than this are refused before reading: their decoded audio would not fit in memory. */
export const MAX_FILE_BYTES = 1024 * 1024 * 1024;
const WAVEFORM_WIDTH = 1200;
const SPECTROGRAM_COLUMNS = 1200;

export interface SongVisuals {
  waveform: WaveformPeaks;
  spectrogram: SpectrogramImage;
}

/** What the analysis of one song needs from the service that queues it. */
export interface SongAnalysis {
  pool: ClassifyPool;
  update(patch: Partial<Omit<ClassifyFile, 'id'>>): void;
  /** The genre and instruments models (loading in the workers while the main thread decodes); null: none. */
  loadModels(): Promise<[LoadedModelInfo | null, LoadedModelInfo | null]>;
  sourceOf(id: string): ModelSource;
  isCancelled(): boolean;
  setVisuals(visuals: SongVisuals): void;
}

function formatBytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(0)} MB`;
}

export async function analyseSong(file: File, song: SongAnalysis): Promise<void> {
  const { update, pool: work, sourceOf } = song;
  const started = performance.now();
  const timings: PhaseTimings = {};
  const elapsed = () => performance.now() - started;
  update({ phase: 'decoding', progress: 0 });
  if (file.size > MAX_FILE_BYTES) {
    throw new Error(
      `Could not analyse "${file.name}": it is ${formatBytes(file.size)}; the limit is ${formatBytes(MAX_FILE_BYTES)}`,
    );
  }
  // Models load in the workers while the main thread decodes.
  const models = song.loadModels();
  const decoded = await decodeToChannels(file, file.name);
  timings.decode = elapsed();
  const [genre, instruments] = await models;
  if (song.isCancelled()) throw new PoolResetError('cancelled');
  const slices = segmentSlices(decoded.channels[0].length, decoded.sampleRate);
  const total = slices.reduce((n, s) => n + s.length, 0);
  update({
    phase: 'extracting',
    progress: 0,
    durationSeconds: decoded.durationSeconds,
    sampleRate: decoded.originalSampleRate,
    channelCount: decoded.channels.length,
    format: decoded.format,
    doubt: decoded.doubt,
    analysisSamples: total,
    timings: { ...timings },
  });

  const totalJobs = slices.length + 2;
  let finished = 0;
  let resampleMs = 0;
  let featuresMs = 0;
  let inferenceMs = 0;
  const progressed = () => update({ progress: ++finished / totalJobs });
  const seconds = (samples: number) => samples / ANALYSIS_SAMPLE_RATE;

  const segmentUnits: UnitPrediction[][] = slices.map(() => []);
  const segmentDone = slices.map(() => false);
  const genreState = (): SongPrediction | undefined => {
    if (!genre) return undefined;
    const units = segmentUnits.flat();
    return {
      modelId: genre.id,
      classNames: genre.classNames,
      units,
      ...songVerdict(units, genre.classNames.length),
      segments: slices.map((s, i) => ({
        start: seconds(s.outputStart),
        end: seconds(s.outputStart + s.length),
        done: segmentDone[i],
      })),
      done: segmentDone.filter(Boolean).length,
      total: slices.length,
    };
  };
  if (genre) update({ genre: genreState() });

  // Each segment's stretch of the file goes to a worker, which resamples it and runs the genre model.
  const signal = new Float32Array(total);
  const segmentJobs = slices.map(async (slice, i) => {
    const channels = decoded.channels.map((c) => c.slice(slice.inputStart, slice.inputEnd));
    const reply = await work.run(
      {
        type: 'segment',
        channels,
        sampleRate: decoded.sampleRate,
        trimStart: slice.trimStart,
        length: slice.length,
        offsetSeconds: seconds(slice.outputStart),
        modelId: genre?.id ?? null,
      },
      { transfer: channels.map((c) => c.buffer), ...(genre ? { model: sourceOf(genre.id) } : {}) },
    );
    signal.set(reply.samples, slice.outputStart);
    resampleMs += reply.resampleMs;
    if (reply.units) {
      featuresMs += reply.units.featuresMs;
      inferenceMs += reply.units.inferenceMs;
      segmentUnits[i] = reply.units.units;
      segmentDone[i] = true;
      timings.firstAnswer ??= elapsed();
      update({ genre: genreState(), timings: { ...timings } });
    }
    progressed();
  });
  await Promise.all(segmentJobs);
  decoded.channels.length = 0; // the file's own samples are no longer needed

  // The whole signal, once: pictures on one worker, frame features and instruments on another.
  const forPictures = signal.slice();
  const overviewJob = work
    .run(
      {
        type: 'overview',
        samples: forPictures,
        waveformWidth: WAVEFORM_WIDTH,
        spectrogramColumns: SPECTROGRAM_COLUMNS,
      },
      { transfer: [forPictures.buffer] },
    )
    .then(({ result }) => {
      song.setVisuals({ waveform: result.waveform, spectrogram: result.spectrogram });
      timings.overview = result.ms;
      update({ hasVisuals: true });
      progressed();
    });
  const framesJob = work
    .run(
      { type: 'frames', samples: signal, instrumentsModelId: instruments?.id ?? null },
      { transfer: [signal.buffer], ...(instruments ? { model: sourceOf(instruments.id) } : {}) },
    )
    .then(({ result }) => {
      const patch: Partial<ClassifyFile> = { featureSet: result.featureSet, features: result.features };
      if (instruments && result.instruments) {
        featuresMs += result.instruments.featuresMs;
        inferenceMs += result.instruments.inferenceMs;
        const units = result.instruments.units;
        patch.instruments = {
          modelId: instruments.id,
          classNames: instruments.classNames,
          units,
          ...songVerdict(units, instruments.classNames.length),
          segments: [{ start: 0, end: seconds(total), done: true }],
          done: 1,
          total: 1,
        };
      }
      update(patch);
      progressed();
    });
  await Promise.all([overviewJob, framesJob]);
  timings.resample = resampleMs;
  timings.features = featuresMs;
  timings.inference = inferenceMs;
  timings.total = elapsed();
  update({ phase: 'done', progress: 1, timings: { ...timings } });
  const f = (ms: number | undefined) => (ms === undefined ? '—' : `${Math.round(ms)} ms`);
  console.info(
    `[classify] ${file.name} (${decoded.durationSeconds.toFixed(1)} s, ${slices.length} segments, ${work.size} workers): ` +
      `decode ${f(timings.decode)}, resample ${f(timings.resample)}, features ${f(timings.features)}, ` +
      `inference ${f(timings.inference)} (summed over workers), pictures ${f(timings.overview)}, ` +
      `first answer ${f(timings.firstAnswer)}, total ${f(timings.total)}`,
  );
}

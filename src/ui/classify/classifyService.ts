/**
 * The Classify view's engine room: files in, one at a time. Each is decoded on the main thread (only it has
 * Web Audio), mixed and resampled in a worker, then cut into 30-s segments that the worker pool runs through
 * the genre model in parallel while one worker draws the overview (waveform, spectrogram, 1-s instrument
 * windows). The store gets phases and predictions; samples, images and File objects stay here.
 */
import { decodeToChannels } from '../../browser/decodeAudio';
import {
  createClassifyPool,
  PoolResetError,
  type ClassifyPool,
  type ModelSource,
} from '../../workers/classifyClient';
import { bundlePartsFor } from '../../browser/modelRegistry';
import { ANALYSIS_SAMPLE_RATE } from '../../core/audio/signal';
import { AUDIO_FEATURE_SETS, isAudioFeatureSet } from '../../core/features/audioSets';
import { songProbabilities } from '../../core/predict/applyModel';
import type { ClassifyFile, PhaseTimings, SongPrediction } from '../../state/classify';
import type { ModelRole } from '../../state/models';
import { useAppStore } from '../../state/store';
import type {
  LoadedModelInfo,
  SpectrogramImage,
  UnitPrediction,
  WaveformPeaks,
} from '../../workers/classifyProtocol';
import { segmentSlices } from '../../core/predict/segmentSlices';

/** Files larger than this are refused before reading: their decoded audio would not fit in memory. */
export const MAX_FILE_BYTES = 1024 * 1024 * 1024;
const WAVEFORM_WIDTH = 1200;
const SPECTROGRAM_COLUMNS = 1200;

export interface SongVisuals {
  waveform: WaveformPeaks;
  spectrogram: SpectrogramImage;
}

type Store = typeof useAppStore;

export interface ClassifyService {
  addFiles(files: readonly File[]): void;
  /** Stops a file's analysis (queued or running); the others carry on. */
  cancel(id: string): void;
  remove(id: string): void;
  /** Scores a CSV of feature rows with the active reggaeton model. */
  scoreTable(file: File): Promise<void>;
  fileOf(id: string): File | undefined;
  visualsOf(id: string): SongVisuals | undefined;
  dispose(): void;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function describeFailure(error: unknown, name: string): string {
  const message = messageOf(error);
  return message.startsWith('Could not') ? message : `Could not analyse "${name}": ${message}`;
}

function formatBytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(0)} MB`;
}

let nextFile = 1;

export function createClassifyService(store: Store = useAppStore): ClassifyService {
  let pool: ClassifyPool | null = null;
  const files = new Map<string, File>();
  const visuals = new Map<string, SongVisuals>();
  const queue: string[] = [];
  let running: string | null = null;
  let cancelled = false;
  const modelInfos = new Map<string, Promise<LoadedModelInfo>>();
  /** Models already reported as unusable for songs, so the message comes once. */
  const warned = new Set<string>();

  const getPool = () => (pool ??= createClassifyPool());
  const update = (id: string, patch: Partial<Omit<ClassifyFile, 'id'>>) =>
    store.getState().updateClassifyFile(id, patch);
  const sourceOf = (id: string): ModelSource => ({ id, parts: () => bundlePartsFor(id) });

  /** The model list, once the registry has been read (a drop can come before it is). */
  async function modelsReady(): Promise<void> {
    const phase = store.getState().modelsPhase;
    if (phase === 'ready' || phase === 'error') return;
    if (phase === 'idle') await store.getState().refreshModels();
    await new Promise<void>((resolve) => {
      const done = (s: ReturnType<Store['getState']>) =>
        s.modelsPhase === 'ready' || s.modelsPhase === 'error';
      if (done(store.getState())) return resolve();
      const unsubscribe = store.subscribe((s) => {
        if (done(s)) {
          unsubscribe();
          resolve();
        }
      });
    });
  }

  /** Loads (once) and describes the model the role uses now; null when the role has none or it fails. */
  async function modelFor(role: ModelRole): Promise<LoadedModelInfo | null> {
    await modelsReady();
    const id = store.getState().activeModels[role];
    if (!id) return null;
    let info = modelInfos.get(id);
    if (!info) {
      info = getPool().loadModel(sourceOf(id));
      modelInfos.set(id, info);
      info.then(
        (loaded) => store.getState().setClassifyModel(loaded),
        () => modelInfos.delete(id),
      );
    }
    try {
      const loaded = await info;
      if (role !== 'reggaeton' && !isAudioFeatureSet(loaded.featureSet)) {
        // A model trained on a table (e.g. a CSV of features) cannot be fed from audio.
        if (!warned.has(id)) {
          warned.add(id);
          store
            .getState()
            .reportError(
              `The ${role} model "${loaded.name}" reads "${loaded.featureSet}" features, which are not computed from audio; choose a model trained on ${AUDIO_FEATURE_SETS.join(', ')} features for songs`,
            );
        }
        return null;
      }
      return loaded;
    } catch (error) {
      if (error instanceof PoolResetError) throw error;
      store.getState().reportError(`The ${role} model could not be loaded: ${messageOf(error)}`);
      return null;
    }
  }

  async function analyse(id: string): Promise<void> {
    const file = files.get(id)!;
    const started = performance.now();
    const timings: PhaseTimings = {};
    const elapsed = () => performance.now() - started;
    update(id, { phase: 'decoding', progress: 0 });
    if (file.size > MAX_FILE_BYTES) {
      throw new Error(
        `Could not analyse "${file.name}": it is ${formatBytes(file.size)}; the limit is ${formatBytes(MAX_FILE_BYTES)}`,
      );
    }
    // Models load in the workers while the main thread decodes.
    const models = Promise.all([modelFor('genre'), modelFor('instruments')]);
    const decoded = await decodeToChannels(file, file.name);
    timings.decode = elapsed();
    const [genre, instruments] = await models;
    if (cancelled) throw new PoolResetError('cancelled');
    const slices = segmentSlices(decoded.channels[0].length, decoded.sampleRate);
    const total = slices.reduce((n, s) => n + s.length, 0);
    update(id, {
      phase: 'extracting',
      progress: 0,
      durationSeconds: decoded.durationSeconds,
      sampleRate: decoded.originalSampleRate,
      channelCount: decoded.channels.length,
      format: decoded.format,
      analysisSamples: total,
      timings: { ...timings },
    });

    const work = getPool();
    const totalJobs = slices.length + 2;
    let finished = 0;
    let resampleMs = 0;
    let featuresMs = 0;
    let inferenceMs = 0;
    const progressed = () => update(id, { progress: ++finished / totalJobs });
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
        song: songProbabilities(units, genre.classNames.length),
        segments: slices.map((s, i) => ({
          start: seconds(s.outputStart),
          end: seconds(s.outputStart + s.length),
          done: segmentDone[i],
        })),
        done: segmentDone.filter(Boolean).length,
        total: slices.length,
      };
    };
    if (genre) update(id, { genre: genreState() });

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
        update(id, { genre: genreState(), timings: { ...timings } });
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
        visuals.set(id, { waveform: result.waveform, spectrogram: result.spectrogram });
        timings.overview = result.ms;
        update(id, { hasVisuals: true });
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
            song: songProbabilities(units, instruments.classNames.length),
            segments: [{ start: 0, end: seconds(total), done: true }],
            done: 1,
            total: 1,
          };
        }
        update(id, patch);
        progressed();
      });
    await Promise.all([overviewJob, framesJob]);
    timings.resample = resampleMs;
    timings.features = featuresMs;
    timings.inference = inferenceMs;
    timings.total = elapsed();
    update(id, { phase: 'done', progress: 1, timings: { ...timings } });
    const f = (ms: number | undefined) => (ms === undefined ? '—' : `${Math.round(ms)} ms`);
    console.info(
      `[classify] ${file.name} (${decoded.durationSeconds.toFixed(1)} s, ${slices.length} segments, ${work.size} workers): ` +
        `decode ${f(timings.decode)}, resample ${f(timings.resample)}, features ${f(timings.features)}, ` +
        `inference ${f(timings.inference)} (summed over workers), pictures ${f(timings.overview)}, ` +
        `first answer ${f(timings.firstAnswer)}, total ${f(timings.total)}`,
    );
  }

  async function pump(): Promise<void> {
    if (running) return;
    while (queue.length > 0) {
      const id = queue.shift()!;
      const file = files.get(id);
      if (!file) continue;
      running = id;
      cancelled = false;
      try {
        await analyse(id);
      } catch (error) {
        if (cancelled || error instanceof PoolResetError) {
          update(id, { phase: 'cancelled' });
        } else {
          const message = describeFailure(error, file.name);
          update(id, { phase: 'error', error: message });
          store.getState().reportError(message);
        }
      }
      running = null;
    }
  }

  return {
    addFiles(list) {
      for (const file of list) {
        const id = `file-${nextFile++}`;
        files.set(id, file);
        store.getState().addClassifyFile({ id, name: file.name, byteLength: file.size });
        queue.push(id);
      }
      void pump();
    },
    cancel(id) {
      const queued = queue.indexOf(id);
      if (queued >= 0) {
        queue.splice(queued, 1);
        update(id, { phase: 'cancelled' });
      } else if (running === id) {
        cancelled = true;
        // Terminating the workers is the one way to stop a feature extraction mid-way.
        pool?.reset(`The analysis of "${files.get(id)?.name ?? id}" was cancelled`);
        modelInfos.clear();
      }
    },
    remove(id) {
      this.cancel(id);
      files.delete(id);
      visuals.delete(id);
      store.getState().removeClassifyFile(id);
    },
    async scoreTable(file) {
      const state = store.getState();
      try {
        const model = await modelFor('reggaeton');
        if (!model) {
          throw new Error('no reggaeton model is available to score it (none shipped or chosen)');
        }
        state.setTableScoring({
          phase: 'scoring',
          fileName: file.name,
          modelId: model.id,
          scored: [],
          skipped: [],
        });
        const text = await file.text();
        const reply = await getPool().run(
          { type: 'score-csv', modelId: model.id, text, fileName: `"${file.name}"` },
          { model: sourceOf(model.id) },
        );
        state.setTableCutoff(null);
        state.setTableScoring({
          phase: 'done',
          fileName: file.name,
          modelId: model.id,
          scored: reply.result.scored,
          skipped: reply.result.skipped,
        });
      } catch (error) {
        const message = `Could not score "${file.name}": ${messageOf(error)}`;
        store.getState().setTableScoring(null);
        store.getState().reportError(message);
      }
    },
    fileOf: (id) => files.get(id),
    visualsOf: (id) => visuals.get(id),
    dispose() {
      queue.length = 0;
      pool?.dispose();
      pool = null;
      modelInfos.clear();
    },
  };
}

let shared: ClassifyService | null = null;

/** The app's one classify service (its workers start on first use). */
export function classifyService(): ClassifyService {
  shared ??= createClassifyService();
  return shared;
}

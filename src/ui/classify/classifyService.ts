/**
 * The Classify view's queue: files in, analysed one at a time (analyseSong.ts), cancelled or removed by id; the
 * models each role uses, loaded once into the worker pool; CSV tables scored with the reggaeton model. The
 * store gets phases and predictions; samples, images and File objects stay here.
 */
import { checkFileFits } from '../../browser/decodeAudio';
import { bundlePartsFor } from '../../browser/modelRegistry';
import { AUDIO_FEATURE_SETS, isAudioFeatureSet } from '../../core/features/audioSets';
import type { LoadedModelInfo } from '../../core/predict/modelRunner';
import type { ClassifyFile } from '../../state/classify';
import type { ModelRole } from '../../state/models';
import { useAppStore } from '../../state/store';
import {
  createClassifyPool,
  PoolResetError,
  type ClassifyPool,
  type ModelSource,
} from '../../workers/classifyClient';
import { prepareDecodeWorker } from '../../workers/decodeClient';
import { analyseSong, type SongVisuals } from './analyseSong';

export { MAX_FILE_BYTES, type SongVisuals } from './analyseSong';

type Store = typeof useAppStore;

export interface ClassifyService {
  addFiles(files: readonly File[]): void;
  /**
   * Gets ready for a drop (when the view opens): starts the decode worker for the next file and loads the genre
   * model into every classify worker (the instruments model into one). Quiet: a model that fails to load is
   * reported when a song needs it.
   */
  preload(): void;
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

let nextFile = 1;

export function createClassifyService(store: Store = useAppStore): ClassifyService {
  let pool: ClassifyPool | null = null;
  const files = new Map<string, File>();
  /** Each file's size-and-header check (checkFileFits), started as it is added; it settles before decoding. */
  const checks = new Map<string, Promise<unknown>>();
  let abort = new AbortController();
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
  /** Each model's bundle, read and checked once, not once per worker (that reading runs on the main thread). */
  const parts = new Map<string, ReturnType<typeof bundlePartsFor>>();
  const partsOf = (id: string) => {
    let read = parts.get(id);
    if (!read) {
      read = bundlePartsFor(id);
      parts.set(id, read);
      read.catch(() => parts.delete(id));
    }
    return read;
  };
  const sourceOf = (id: string): ModelSource => ({ id, parts: () => partsOf(id) });

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

  /**
   * Loads a model once; `everyWorker`: into each classify worker at once (the genre model, which every worker
   * runs on the song's segments: none of them then waits for it when its first segment comes).
   */
  function loadModel(id: string, everyWorker: boolean): Promise<LoadedModelInfo> {
    let info = modelInfos.get(id);
    if (!info) {
      const pool = getPool();
      const source = sourceOf(id);
      // Asked together, so that each goes to a worker of its own (a free worker holding it would take them all).
      info = pool.loadModel(source);
      for (let i = 1; everyWorker && i < pool.size; i++) pool.loadModel(source).catch(() => {});
      modelInfos.set(id, info);
      info.then(
        (loaded) => store.getState().setClassifyModel(loaded),
        () => modelInfos.delete(id),
      );
    }
    return info;
  }

  /** Loads (once) and describes the model the role uses now; null when the role has none or it fails. */
  async function modelFor(role: ModelRole): Promise<LoadedModelInfo | null> {
    await modelsReady();
    const id = store.getState().activeModels[role];
    if (!id) return null;
    const info = loadModel(id, role === 'genre');
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

  function analyse(id: string): Promise<void> {
    return analyseSong(files.get(id)!, {
      pool: getPool(),
      update: (patch) => update(id, patch),
      loadModels: () => ({ genre: modelFor('genre'), instruments: modelFor('instruments') }),
      sourceOf,
      isCancelled: () => cancelled,
      abort: abort.signal,
      setVisuals: (v) => visuals.set(id, v),
    });
  }

  let disposed = false;

  async function preload(): Promise<void> {
    if (disposed) return;
    prepareDecodeWorker();
    await modelsReady();
    const { genre, instruments } = store.getState().activeModels;
    if (disposed) return;
    if (genre) loadModel(genre, true).catch(() => {});
    if (instruments) loadModel(instruments, false).catch(() => {});
  }

  async function pump(): Promise<void> {
    if (running) return;
    while (queue.length > 0) {
      const id = queue.shift()!;
      const file = files.get(id);
      if (!file) continue;
      running = id;
      cancelled = false;
      abort = new AbortController();
      try {
        // A file the check refused was reported (beside the drop zone) when the check failed: skipped.
        const fits = await (checks.get(id) ?? Promise.resolve()).then(
          () => true,
          () => false,
        );
        if (fits) await analyse(id);
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
    // Ready for the next drop (after a cancel, the workers are fresh).
    void preload().catch(() => {});
  }

  return {
    preload() {
      void preload().catch(() => {});
    },
    addFiles(list) {
      for (const file of list) {
        const id = `file-${nextFile++}`;
        files.set(id, file);
        store.getState().addClassifyFile({ id, name: file.name, byteLength: file.size });
        queue.push(id);
        // Size and header first, from the file's first and last bytes: a file too big or too long is refused
        // at once, beside the drop zone, before any of it is decoded (and before the files queued ahead of it).
        const check = checkFileFits(file, file.name);
        checks.set(id, check);
        check.catch((error: unknown) => {
          if (!files.has(id)) return;
          const message = describeFailure(error, file.name);
          update(id, { phase: 'error', error: message });
          store.getState().reportError(message, 'classify.drop');
        });
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
        abort.abort(); // stops the decode worker
        // Terminating the workers is the one way to stop a feature extraction mid-way.
        pool?.reset(`The analysis of "${files.get(id)?.name ?? id}" was cancelled`);
        modelInfos.clear();
        parts.clear();
      }
    },
    remove(id) {
      this.cancel(id);
      files.delete(id);
      checks.delete(id);
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
        // Read, decoded and parsed in the worker: the page only hands over the bytes.
        const bytes = await file.arrayBuffer();
        const reply = await getPool().run(
          { type: 'score-csv', modelId: model.id, bytes, fileName: `"${file.name}"` },
          { model: sourceOf(model.id), transfer: [bytes] },
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
      disposed = true;
      queue.length = 0;
      abort.abort();
      pool?.dispose();
      pool = null;
      modelInfos.clear();
      parts.clear();
    },
  };
}

let shared: ClassifyService | null = null;

/** The app's one classify service (its workers start on first use). */
export function classifyService(): ClassifyService {
  shared ??= createClassifyService();
  return shared;
}

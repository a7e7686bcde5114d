/**
 * One song through the Classify workers: decoded off the main thread by the decode worker (WAV, MP3, FLAC, Ogg
 * Vorbis, with the CLI's decoders and resampler: a percentage as it goes) or, for other containers, by the
 * browser's `decodeAudioData`; cut into 30-s segments (core segmentSlices) that the pool (resamples where
 * needed and) runs through the genre model in parallel, then the whole analysis signal once for the pictures
 * and, on another worker, the frame features and the instruments model's 1-s windows. Progress and predictions
 * go to the store through `update`; pictures stay in the service.
 */
import { decodeToChannels, MAX_DURATION_SECONDS } from '../../browser/decodeAudio';
import { AudioDecodeError } from '../../core/audio/errors';
import type { ContainerFormat } from '../../core/audio/containerSampleRate';
import { ANALYSIS_SAMPLE_RATE } from '../../core/audio/signal';
import { doubtfulVerdict, segmentPiece, songVerdict } from '../../core/predict/applyModel';
import type { LoadedModelInfo } from '../../core/predict/modelRunner';
import type { WaveformPeaks } from '../../core/predict/fileSummary';
import type { SpectrogramImage } from '../../core/predict/overview';
import type { UnitPrediction } from '../../core/predict/songUnits';
import { settledSegmentSlices } from '../../core/predict/settledSlices';
import { segmentSlices, type SegmentSlice } from '../../core/predict/segmentSlices';
import type { ClassifyFile, PhaseTimings, SongPrediction } from '../../state/classify';
import { PoolResetError, type ClassifyPool, type ModelSource } from '../../workers/classifyClient';
import { decodeInWorker } from '../../workers/decodeClient';
import { coalescedUpdates, type CoalescedUpdates } from './coalescedUpdates';
import { segmentScheduler } from './segmentScheduler';

export { MAX_FILE_BYTES } from '../../browser/decodeAudio';
const WAVEFORM_WIDTH = 1200;
const SPECTROGRAM_COLUMNS = 1200;
/** At most this often a running song's card re-renders (each render is one main-thread task). */
const UPDATE_INTERVAL_MS = 500;
/** Samples copied per main-thread task (4 MB): a 30-minute signal is 160 MB. */
const COPY_SAMPLES = 1 << 20;

export interface SongVisuals {
  waveform: WaveformPeaks;
  spectrogram: SpectrogramImage;
}

/** What the analysis of one song needs from the service that queues it. */
export interface SongAnalysis {
  pool: ClassifyPool;
  update(patch: Partial<Omit<ClassifyFile, 'id'>>): void;
  /**
   * Starts loading the genre and instruments models in the workers (while the file decodes); each settles on
   * its own, so that the genre's segments never wait for the instruments model. null: none.
   */
  loadModels(): { genre: Promise<LoadedModelInfo | null>; instruments: Promise<LoadedModelInfo | null> };
  sourceOf(id: string): ModelSource;
  isCancelled(): boolean;
  /** Aborted on cancel: stops the decode worker at once. */
  abort: AbortSignal;
  setVisuals(visuals: SongVisuals): void;
}

/** The decoded song: its channels at `sampleRate` (the analysis signal itself when `resampled`). */
interface DecodedSong {
  channels: Float32Array[];
  sampleRate: number;
  /** True when `channels` is the one analysis signal, mono at 22,050 Hz (the decode worker's answer). */
  resampled: boolean;
  durationSeconds: number;
  originalSampleRate: number | null;
  channelCount: number;
  format: ContainerFormat | null;
  /** Why the answer is doubtful (cut short, damaged, a header promising another length); null if whole. */
  doubt: string | null;
}

/**
 * The decode worker for the containers it reads (`onSamples`: the analysis signal so far, as it decodes), the
 * browser's decoder for the rest.
 */
async function decodeSong(
  file: File,
  song: SongAnalysis,
  onProgress: (fraction: number) => void,
  onSamples: (signal: Float32Array) => void,
): Promise<DecodedSong> {
  let decoded;
  try {
    decoded = await decodeInWorker(file, {
      maxSeconds: MAX_DURATION_SECONDS,
      signal: song.abort,
      onProgress,
      onSamples,
    });
  } catch (error) {
    if (error instanceof AudioDecodeError && error.code === 'cancelled')
      throw new PoolResetError('cancelled');
    throw new Error(`Could not decode "${file.name}": ${(error as Error).message}`, { cause: error });
  }
  if (decoded) {
    return {
      channels: [decoded.samples],
      sampleRate: ANALYSIS_SAMPLE_RATE,
      resampled: true,
      durationSeconds: decoded.durationSeconds,
      originalSampleRate: decoded.sourceSampleRate,
      channelCount: decoded.channels,
      format: decoded.format,
      doubt: decoded.doubt,
    };
  }
  const channels = await decodeToChannels(file, file.name);
  return {
    channels: channels.channels,
    sampleRate: channels.sampleRate,
    resampled: false,
    durationSeconds: channels.durationSeconds,
    originalSampleRate: channels.originalSampleRate,
    channelCount: channels.channels.length,
    format: channels.format,
    doubt: channels.doubt,
  };
}

/** Lets the page render and handle input before the next piece of main-thread work. */
const yieldToPage = () => new Promise((resolve) => setTimeout(resolve, 0));

/** A copy made a slice per task, so that copying a long signal never holds the main thread. */
async function copyInSlices(signal: Float32Array): Promise<Float32Array> {
  const out = new Float32Array(signal.length);
  for (let at = 0; at < signal.length; at += COPY_SAMPLES) {
    out.set(signal.subarray(at, at + COPY_SAMPLES), at);
    await yieldToPage();
  }
  return out;
}

type Patch = Partial<Omit<ClassifyFile, 'id'>>;

export async function analyseSong(file: File, song: SongAnalysis): Promise<void> {
  const updates = coalescedUpdates<Patch>((patch) => song.update(patch), UPDATE_INTERVAL_MS);
  try {
    await analyse(file, song, updates);
  } catch (error) {
    updates.drop(); // the service marks the card failed or cancelled
    throw error;
  }
}

async function analyse(file: File, song: SongAnalysis, updates: CoalescedUpdates<Patch>): Promise<void> {
  const { pool: work, sourceOf } = song;
  const update = updates.soon;
  const started = performance.now();
  const timings: PhaseTimings = {};
  const elapsed = () => performance.now() - started;
  const seconds = (samples: number) => samples / ANALYSIS_SAMPLE_RATE;
  updates.now({ phase: 'decoding', progress: 0, progressKnown: false });

  // Set once the song is decoded; until then, segments run (on the decode worker's signal so far) unseen.
  let decoded: DecodedSong | null = null;
  let slices: SegmentSlice[] = [];
  let signal: Float32Array = new Float32Array(0);
  /** The decode worker's signal so far (a view: segments copy their stretch from it as they start). */
  let streamed: Float32Array = new Float32Array(0);
  let genre: LoadedModelInfo | null = null;
  let finished = 0;
  let resampleMs = 0;
  let featuresMs = 0;
  let inferenceMs = 0;
  const totalJobs = () => slices.length + 2;
  const progressed = () => {
    finished++;
    if (decoded) update({ progress: finished / totalJobs() });
  };
  const segmentUnits: UnitPrediction[][] = [];
  const segmentDone: boolean[] = [];
  const genreState = (): SongPrediction | undefined => {
    if (!genre || !decoded) return undefined;
    const units = slices.flatMap((_, i) => segmentUnits[i] ?? []);
    return {
      modelId: genre.id,
      classNames: genre.classNames,
      units,
      ...doubtfulVerdict(songVerdict(units, genre.classNames.length), decoded.doubt),
      segments: slices.map((s, i) => ({
        start: seconds(s.outputStart),
        end: seconds(s.outputStart + s.length),
        done: segmentDone[i] ?? false,
      })),
      done: segmentDone.filter(Boolean).length,
      total: slices.length,
    };
  };

  // Each segment's stretch of the file goes to a worker, which resamples it (unless the decode worker did) and
  // runs the genre model. A few more in flight than workers, so none waits for the main thread to copy the next.
  const segments = segmentScheduler(work.size + 2, async (slice, i) => {
    // While decoding, the stretch comes from the decode worker's signal so far; after, from the decoded song.
    const piece = decoded
      ? segmentPiece(decoded.channels, decoded.sampleRate, slice)
      : segmentPiece([streamed], ANALYSIS_SAMPLE_RATE, slice);
    const reply = await work.run(
      { type: 'segment', ...piece, modelId: genre?.id ?? null },
      { transfer: piece.channels.map((c) => c.buffer), ...(genre ? { model: sourceOf(genre.id) } : {}) },
    );
    if (song.isCancelled()) return;
    if (decoded && !decoded.resampled) signal.set(reply.samples, slice.outputStart);
    resampleMs += reply.resampleMs;
    if (reply.units) {
      featuresMs += reply.units.featuresMs;
      inferenceMs += reply.units.inferenceMs;
      segmentUnits[i] = reply.units.units;
      segmentDone[i] = true;
      timings.firstAnswer ??= elapsed();
      // The whole-song answer (every segment in) is shown at once, not at the next coalesced update.
      const last = decoded !== null && slices.every((_, j) => segmentDone[j]);
      if (decoded) (last ? updates.now : update)({ genre: genreState(), timings: { ...timings } });
    }
    progressed();
  });

  // The decode worker starts first; models load in the classify workers while it decodes, and the genre's
  // segments start as soon as its model is in, whether or not the instruments model is.
  const decoding = decodeSong(
    file,
    song,
    (progress) => update({ progress, progressKnown: true }),
    (signalSoFar) => {
      streamed = signalSoFar;
      segments.offer(settledSegmentSlices(signalSoFar.length));
    },
  );
  const models = song.loadModels();
  // A rejected instruments load is reported where it is awaited below, not as an unhandled rejection now.
  models.instruments.catch(() => {});
  void models.genre.then(
    (loaded) => {
      genre = loaded;
      segments.open();
    },
    () => {}, // awaited below
  );
  try {
    decoded = await decoding;
  } catch (error) {
    segments.stop(error); // a file that fails midway starts no more of its segments
    throw error;
  } finally {
    streamed = new Float32Array(0);
  }
  timings.decode = elapsed();
  await models.genre;
  if (song.isCancelled()) throw new PoolResetError('cancelled');
  slices = segmentSlices(decoded.channels[0].length, decoded.sampleRate);
  const total = slices.reduce((n, s) => n + s.length, 0);
  // The decode worker's signal is the analysis signal already: no second one is made.
  signal = decoded.resampled ? decoded.channels[0] : new Float32Array(total);
  segments.close(slices);
  updates.now({
    phase: 'extracting',
    progress: finished / totalJobs(),
    durationSeconds: decoded.durationSeconds,
    sampleRate: decoded.originalSampleRate,
    channelCount: decoded.channelCount,
    format: decoded.format,
    doubt: decoded.doubt,
    analysisSamples: total,
    timings: { ...timings },
    ...(genre ? { genre: genreState() } : {}),
  });
  await segments.done;
  if (song.isCancelled()) throw new PoolResetError('cancelled');
  decoded.channels = []; // the file's own samples are no longer needed (the signal lives on in `signal`)
  const instruments = await models.instruments;
  if (song.isCancelled()) throw new PoolResetError('cancelled');

  // The whole signal, once: pictures on one worker, frame features and instruments on another.
  const forPictures = await copyInSlices(signal);
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
          ...doubtfulVerdict(songVerdict(units, instruments.classNames.length), decoded.doubt),
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
  updates.now({ phase: 'done', progress: 1, timings: { ...timings } });
  const f = (ms: number | undefined) => (ms === undefined ? '—' : `${Math.round(ms)} ms`);
  console.info(
    `[classify] ${file.name} (${decoded.durationSeconds.toFixed(1)} s, ${slices.length} segments, ${work.size} workers): ` +
      `decode ${f(timings.decode)}, resample ${f(timings.resample)}, features ${f(timings.features)}, ` +
      `inference ${f(timings.inference)} (summed over workers), pictures ${f(timings.overview)}, ` +
      `first answer ${f(timings.firstAnswer)}, total ${f(timings.total)}`,
  );
}

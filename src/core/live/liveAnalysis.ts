/**
 * The live microphone's analysis, as plain data in and out (it runs in live.worker.ts and in Node tests):
 * captured blocks at the device's rate → low-latency StreamResampler → 22,050 Hz → the streaming `frames`
 * extractor, summarised over the last 1 s every PREDICT_EVERY_FRAMES hops, with a level, a log-mel
 * spectrogram column per frame, and when the window's last sample was captured.
 */
import { StreamResampler } from '../audio/resample';
import { ANALYSIS_SAMPLE_RATE } from '../audio/signal';
import { realFft } from '../dsp/fft';
import { applyMel, melFilterbank, powerToDb, type MelFilterbank } from '../dsp/mel';
import { hannWindow } from '../dsp/window';
import { createFramesExtractor, framesSpec, type FramesExtractor } from '../features/frames';
import { SILENCE_DBFS } from '../instruments/windows';
import { HOLD_FRAMES, ONSET_FRAMES } from '../predict/headline';

const HOP = framesSpec.hop;
const FRAME_LENGTH = framesSpec.frameLength;
/** A window every 4 hops: 2,048 samples, 92.9 ms of audio, so 10.8 predictions a second. */
export const PREDICT_EVERY_FRAMES = 4;
export const PREDICTIONS_PER_SECOND = ANALYSIS_SAMPLE_RATE / (PREDICT_EVERY_FRAMES * HOP);
export const SPECTROGRAM_BANDS = 64;
/** Quieter than this (dBFS over the newest 4 hops) is "nothing playing": the instruments model's own floor. */
export const LIVE_SILENCE_DBFS = SILENCE_DBFS;
const LEVEL_SAMPLES = PREDICT_EVERY_FRAMES * HOP;
/** Frames in a full 1-s window (42). */
export const FULL_WINDOW_FRAMES = Math.floor((ANALYSIS_SAMPLE_RATE - FRAME_LENGTH) / HOP) + 1;
/**
 * Frames of sound (12: 0.37 s of audio) before a sound that began inside the window is shown to a model, as a
 * row of those frames alone: a 1-s window that is mostly the silence before a word or a note is heard as a hit
 * (percussion), while the frames since its onset, summarised as a short clip is in training, are heard for what
 * they are (scripts/models/instruments/experiments.md, eighth round).
 */
export const MIN_ONSET_FRAMES = ONSET_FRAMES * PREDICT_EVERY_FRAMES;
/** Spectrogram floor, dB: far below any microphone's noise, so the display never sees −Infinity. */
const SPECTROGRAM_FLOOR_DB = -120;

export interface LiveWindow {
  /** A `framesSpec.columns` row over the latest second (fewer frames in the first second). */
  row: Float32Array;
  /** Frames analysed since the start; the window ends with the last of them. */
  frames: number;
  /** The window spans a whole second (FULL_WINDOW_FRAMES frames). */
  full: boolean;
  /**
   * Frames since the sound began (a breath of up to HOLD_FRAMES silent windows does not end it), at most the
   * window's; 0 while silent. Fewer than the window's: the window still holds the silence before the sound.
   */
  soundFrames: number;
  /** The `frames` row over the newest `soundFrames` frames alone, when the sound began inside the window. */
  onsetRow: Float32Array | null;
  /** End of the window's last frame in the analysis stream, seconds since the start. */
  audioSeconds: number;
  /** When that last sample was captured, on the caller's clock (ms), from the blocks' `capturedAt`. */
  capturedAt: number;
  /** RMS of the newest PREDICT_EVERY_FRAMES hops, dBFS (−Infinity for digital silence). */
  levelDb: number;
  silent: boolean;
  /** Log-mel columns (dB) of the frames since the previous window, `columns` × SPECTROGRAM_BANDS. */
  spectrogram: Float32Array;
  columns: number;
  /**
   * The analysis samples (22,050 Hz) taken in since the previous window, so that a model of another
   * feature set (meyda) can run its own streaming extractor on the very same audio.
   */
  fresh: Float32Array;
}

export interface LiveAnalyzer {
  readonly inputRate: number;
  /**
   * Feeds the next captured block; `capturedAt` is when its last sample was captured (ms, any clock).
   * Returns the windows it completes, oldest first (one per 4 hops, however the blocks are cut).
   */
  push(samples: Float32Array, capturedAt: number): LiveWindow[];
}

/** Log-mel bands of one frame's power spectrum, for the scrolling spectrogram. */
class MelColumns {
  private readonly fft = realFft(FRAME_LENGTH);
  private readonly window = hannWindow(FRAME_LENGTH);
  private readonly windowed = new Float64Array(FRAME_LENGTH);
  private readonly power = new Float32Array(this.fft.bins);
  private readonly bank: MelFilterbank = melFilterbank({
    sampleRate: ANALYSIS_SAMPLE_RATE,
    nFft: FRAME_LENGTH,
    nMels: SPECTROGRAM_BANDS,
  });

  /** The column of the frame starting at `source[start]` into `out` from `offset`. */
  column(source: Float32Array, start: number, out: Float32Array, offset: number): void {
    for (let i = 0; i < FRAME_LENGTH; i++) this.windowed[i] = source[start + i] * this.window[i];
    this.fft.power(this.windowed, this.power);
    const mel = applyMel({ data: this.power, frames: 1, bins: this.fft.bins }, this.bank).data;
    const db = powerToDb(mel, { topDb: null });
    for (let m = 0; m < SPECTROGRAM_BANDS; m++) out[offset + m] = Math.max(SPECTROGRAM_FLOOR_DB, db[m]);
  }
}

export function createLiveAnalyzer(inputRate: number): LiveAnalyzer {
  if (!Number.isInteger(inputRate) || inputRate < 8000 || inputRate > 384_000) {
    throw new RangeError(
      `Expected the input sample rate to be a whole number of Hz in 8000 … 384000, got ${inputRate}`,
    );
  }
  const resampler = new StreamResampler(inputRate, ANALYSIS_SAMPLE_RATE, { lowLatency: true });
  const extractor: FramesExtractor = createFramesExtractor(1);
  const mel = new MelColumns();
  /** Analysis samples not yet framed for the spectrogram (the extractor keeps its own). */
  let spectrogramCarry = new Float32Array(0);
  let pendingColumns: Float32Array[] = [];
  let pendingSamples: Float32Array[] = [];
  /** The newest LEVEL_SAMPLES analysis samples, as a ring. */
  const levelRing = new Float32Array(LEVEL_SAMPLES);
  let analysed = 0;
  let inputTotal = 0;
  let lastCapturedAt = 0;
  let nextWindowFrames = PREDICT_EVERY_FRAMES;
  let soundFrames = 0;
  let quietWindows = 0;

  /** Samples the extractor needs in all for `frames` whole frames. */
  const samplesFor = (frames: number) => (frames - 1) * HOP + FRAME_LENGTH;

  function analyse(piece: Float32Array): void {
    if (piece.length === 0) return;
    extractor.push(piece);
    pendingSamples.push(piece.slice());
    for (let i = 0; i < piece.length; i++) levelRing[(analysed + i) % LEVEL_SAMPLES] = piece[i];
    analysed += piece.length;
    const joined = new Float32Array(spectrogramCarry.length + piece.length);
    joined.set(spectrogramCarry);
    joined.set(piece, spectrogramCarry.length);
    const ready = joined.length < FRAME_LENGTH ? 0 : 1 + Math.floor((joined.length - FRAME_LENGTH) / HOP);
    if (ready > 0) {
      const columns = new Float32Array(ready * SPECTROGRAM_BANDS);
      for (let f = 0; f < ready; f++) mel.column(joined, f * HOP, columns, f * SPECTROGRAM_BANDS);
      pendingColumns.push(columns);
    }
    spectrogramCarry = joined.slice(ready * HOP);
  }

  function takeWindow(): LiveWindow {
    const frames = extractor.frames;
    const end = samplesFor(frames);
    // The input sample at the window's end, and how long before the latest block's end it was captured.
    const inputEnd = (end * inputRate) / ANALYSIS_SAMPLE_RATE;
    const capturedAt = lastCapturedAt - ((inputTotal - inputEnd) / inputRate) * 1000;
    let energy = 0;
    for (let i = 0; i < LEVEL_SAMPLES; i++) energy += levelRing[i] * levelRing[i];
    const levelDb = 10 * Math.log10(energy / LEVEL_SAMPLES);
    const columns = pendingColumns.reduce((n, c) => n + c.length, 0) / SPECTROGRAM_BANDS;
    const spectrogram = new Float32Array(columns * SPECTROGRAM_BANDS);
    let at = 0;
    for (const c of pendingColumns) {
      spectrogram.set(c, at);
      at += c.length;
    }
    pendingColumns = [];
    const fresh = new Float32Array(pendingSamples.reduce((n, p) => n + p.length, 0));
    let from = 0;
    for (const p of pendingSamples) {
      fresh.set(p, from);
      from += p.length;
    }
    pendingSamples = [];
    const silent = !(levelDb >= LIVE_SILENCE_DBFS);
    quietWindows = silent ? quietWindows + 1 : 0;
    if (quietWindows > HOLD_FRAMES) soundFrames = 0;
    else if (!silent || soundFrames > 0) soundFrames += PREDICT_EVERY_FRAMES;
    soundFrames = Math.min(soundFrames, frames, FULL_WINDOW_FRAMES);
    const onset = soundFrames > 0 && soundFrames < Math.min(frames, FULL_WINDOW_FRAMES);
    return {
      row: extractor.summary()!,
      frames,
      full: frames >= FULL_WINDOW_FRAMES,
      soundFrames,
      onsetRow: onset ? extractor.summary(soundFrames) : null,
      audioSeconds: end / ANALYSIS_SAMPLE_RATE,
      capturedAt,
      levelDb,
      silent,
      spectrogram,
      columns,
      fresh,
    };
  }

  return {
    inputRate,
    push(samples, capturedAt) {
      if (!Number.isFinite(capturedAt))
        throw new Error(`Expected capturedAt to be a finite time, got ${capturedAt}`);
      inputTotal += samples.length;
      lastCapturedAt = capturedAt;
      const out = resampler.push(samples);
      const windows: LiveWindow[] = [];
      let at = 0;
      // Cut the analysis samples at each window's end, so every 4th frame gets its own summary.
      while (at < out.length) {
        const need = samplesFor(nextWindowFrames) - analysed;
        if (need > out.length - at) {
          analyse(out.subarray(at));
          break;
        }
        analyse(out.subarray(at, at + need));
        at += need;
        windows.push(takeWindow());
        nextWindowFrames += PREDICT_EVERY_FRAMES;
      }
      return windows;
    },
  };
}

/**
 * The one door for "apply a bundle to audio": a song's analysis signal (mono, 22,050 Hz) in; its segments,
 * the model's units (windows, patches or segments) with their probabilities, and the whole-file answer out.
 * The Classify workers compute its pieces (`analyseSegment`, `predictUnits`) in parallel and join them with
 * `songProbabilities`, as `applyModel` does in one go for the CLI; Live reads the same units one window at a
 * time. One segmenting rule, one silence rule (songUnits), one length-weighted mean.
 */
import { toAnalysisSignal } from '../audio/analysisSignal';
import { ANALYSIS_SAMPLE_RATE } from '../audio/signal';
import type { BundleParts } from '../bundle/bundle';
import { AUDIO_SPECS, isAudioFeatureSet } from '../features/audioSets';
import type { FrameFeatureMatrix } from '../features/frames';
import { checkSpecSupported } from '../features/spec';
import { decideClass, openRunnableModel, type RunnableModel } from './modelRunner';
import { UNFAMILIAR_SHARE, unfamiliarShare } from './novelty';
import type { SegmentSlice } from './segmentSlices';
import { predictUnits, type UnitPrediction, type UnitsResult } from './songUnits';

/** A song is judged in 30-s segments, the length of the GTZAN clips the genre model learnt from. */
export const SEGMENT_SECONDS = 30;

/** A stretch of the analysis signal, in samples. */
export interface SongSegment {
  start: number;
  length: number;
}

/**
 * A remainder shorter than this joins the segment before it rather than being judged alone: the shortest
 * stretch a gtzan-librosa model tells (audioSets' minTellSeconds), so a song's last seconds never come out as
 * "too short to tell".
 */
export const MIN_TAIL_SECONDS = 3;

/**
 * The song's segments: `segmentSeconds` each, the last taking the remainder, a remainder under
 * MIN_TAIL_SECONDS joining the one before (no sliver is judged alone).
 */
export function songSegments(totalSamples: number, segmentSeconds = SEGMENT_SECONDS): SongSegment[] {
  if (!Number.isInteger(segmentSeconds) || segmentSeconds < 1) {
    throw new Error(`Expected segmentSeconds to be a whole number >= 1, got ${segmentSeconds}`);
  }
  const step = segmentSeconds * ANALYSIS_SAMPLE_RATE;
  const tail = Math.min(MIN_TAIL_SECONDS, segmentSeconds) * ANALYSIS_SAMPLE_RATE;
  const segments: SongSegment[] = [];
  for (let start = 0; start < totalSamples; start += step) {
    let end = Math.min(start + step, totalSamples);
    if (totalSamples - end < tail) end = totalSamples;
    segments.push({ start, length: end - start });
    if (end === totalSamples) break;
  }
  return segments;
}

/**
 * Whether a model reads the song whole (frames, timbre: one pass of frame features, its 1-s windows as units)
 * rather than segment by segment (gtzan-librosa: each segment one unit; logmel: 3-s patches within each segment).
 */
export function readsWholeSignal(model: RunnableModel): boolean {
  const name = model.meta.featureSpec.name;
  return name === 'frames' || name === 'timbre';
}

/** The song's probability per class: the mean over sounding units, each weighted by its length; null: silent. */
export function songProbabilities(units: readonly UnitPrediction[], classes: number): number[] | null {
  const sums = new Float64Array(classes);
  let weight = 0;
  for (const u of units) {
    if (!u.probs) continue;
    const w = Math.max(u.end - u.start, 1e-9);
    weight += w;
    for (let c = 0; c < classes; c++) sums[c] += w * (u.probs[c] ?? 0);
  }
  return weight > 0 ? Array.from(sums, (v) => v / weight) : null;
}

/** Why a song gets no label: nothing sounds, too short to tell, or unlike anything the model trained on. */
export interface Abstention {
  reason: 'silent' | 'too-short' | 'unfamiliar' | 'doubtful';
  /** For the user, in a sentence. */
  message: string;
}

/**
 * The song's probabilities (songProbabilities) and whether it gets a label at all: not when nothing sounds,
 * when every sounding stretch is too short for the model's feature set, or when most of the sounding time lies
 * outside the training data by the bundle's novelty rule (a pure tone, a DC offset, a square wave to a genre
 * model). The page and the CLI both decide through this.
 */
export function songVerdict(
  units: readonly UnitPrediction[],
  classes: number,
): { song: number[] | null; abstain: Abstention | null } {
  const song = songProbabilities(units, classes);
  if (!song) {
    const short = units.filter((u) => u.short);
    if (short.length > 0) {
      const longest = Math.max(...short.map((u) => u.end - u.start));
      return {
        song,
        abstain: {
          reason: 'too-short',
          message: `Too short to tell: ${longest < 0.1 ? longest.toFixed(3) : longest.toFixed(1)} s of sound is less than this model needs.`,
        },
      };
    }
    return { song, abstain: { reason: 'silent', message: 'Nothing sounds: there is nothing to tell.' } };
  }
  const share = unfamiliarShare(units);
  if (share !== null && share >= UNFAMILIAR_SHARE) {
    return {
      song,
      abstain: {
        reason: 'unfamiliar',
        message: `Does not sound like the music this model knows: ${Math.round(100 * share)} % of it lies outside its training data, so it gives no label.`,
      },
    };
  }
  return { song, abstain: null };
}

/**
 * The verdict on a file that did not decode whole (cut short, damaged, a header promising another length): no
 * label for the song, whose probabilities describe only what decoded; each segment's own answer still stands.
 * `doubt` is the decoder's note (core/audio/integrity), null for a whole file.
 */
export function doubtfulVerdict<V extends { song: number[] | null; abstain: Abstention | null }>(
  verdict: V,
  doubt: string | null | undefined,
): V {
  if (!doubt || !verdict.song || verdict.abstain) return verdict;
  return {
    ...verdict,
    abstain: {
      reason: 'doubtful',
      message:
        'No label for the whole file: it did not decode whole (see the note). The segments that decoded keep their answers.',
    },
  };
}

/** Opens an untrusted bundle; one that reads audio must name a feature set this build computes, same version. */
export function openModel(parts: BundleParts): Promise<RunnableModel> {
  const name = (parts.meta as { featureSpec?: { name?: unknown } } | null)?.featureSpec?.name;
  return openRunnableModel(parts, isAudioFeatureSet(name) ? { supportedSpecs: AUDIO_SPECS } : {});
}

/**
 * Throws, naming what the model reads, when it is not fed from audio or asks for a version of its feature set
 * that this build does not compute.
 */
export function checkReadsAudio(model: RunnableModel): void {
  const spec = model.meta.featureSpec;
  if (isAudioFeatureSet(spec.name)) return checkSpecSupported(spec, AUDIO_SPECS);
  const what =
    spec.name === 'tabular'
      ? `reads table columns (${spec.columns.slice(0, 4).join(', ')}${spec.columns.length > 4 ? ', …' : ''}), not audio: give it a CSV`
      : `reads the "${spec.name}" feature set, which is not computed from audio (expected ${[...new Set(AUDIO_SPECS.map((s) => s.name))].join(', ')})`;
  throw new Error(`The model ${what}`);
}

/** One segment as a Classify worker gets it: the file's channels over a stretch with margins (segmentSlices). */
export interface SegmentPiece {
  channels: Float32Array[];
  sampleRate: number;
  /** Analysis samples to drop from the front of the resampled stretch, then to keep. */
  trimStart: number;
  length: number;
  offsetSeconds: number;
}

/** The piece of a signal (its channels at `sampleRate`) that one segment slice reads: its stretch and margins. */
export function segmentPiece(
  channels: readonly Float32Array[],
  sampleRate: number,
  slice: SegmentSlice,
): SegmentPiece {
  return {
    channels: channels.map((c) => c.slice(slice.inputStart, slice.inputEnd)),
    sampleRate,
    trimStart: slice.trimStart,
    length: slice.length,
    offsetSeconds: slice.outputStart / ANALYSIS_SAMPLE_RATE,
  };
}

/** A piece → its analysis samples and, given a model, that model's units over them. */
export function analyseSegment(
  piece: SegmentPiece,
  model: RunnableModel | null,
  now: () => number = () => performance.now(),
): { samples: Float32Array; units: UnitsResult | null; resampleMs: number } {
  const started = now();
  const { samples } = toAnalysisSignal(piece.channels, piece.sampleRate);
  if (samples.length < piece.trimStart + piece.length) {
    throw new Error(
      `Expected at least ${piece.trimStart + piece.length} resampled samples for the segment, got ${samples.length}`,
    );
  }
  const segment = samples.slice(piece.trimStart, piece.trimStart + piece.length);
  const resampleMs = now() - started;
  const units = model ? predictUnits(model, segment, piece.offsetSeconds, now) : null;
  return { samples: segment, units, resampleMs };
}

export interface SongAnswer {
  /** The stretches the song was read in, seconds: 30-s segments, or the whole song for a frames model. */
  segments: Array<{ start: number; end: number }>;
  /** What the model was shown, in time order; `probs` null where nothing sounds. */
  units: UnitPrediction[];
  /** The whole file's probabilities (songProbabilities); null when nothing sounds anywhere. */
  song: number[] | null;
  /** The class the whole file gets (a two-class model's tuned cut-off applies); null when it abstains. */
  top: number | null;
  /** Why there is no label (top is null), else null. */
  abstain: Abstention | null;
}

/** The bundle applied to a whole song's analysis signal, as the Classify view applies it. */
export function applyModel(
  model: RunnableModel,
  samples: Float32Array,
  options: { frameMatrix?: FrameFeatureMatrix } = {},
): SongAnswer {
  checkReadsAudio(model);
  const seconds = (n: number) => n / ANALYSIS_SAMPLE_RATE;
  let segments: SongAnswer['segments'];
  let units: UnitPrediction[];
  if (readsWholeSignal(model)) {
    segments = [{ start: 0, end: seconds(samples.length) }];
    units = predictUnits(model, samples, 0, undefined, options.frameMatrix).units;
  } else {
    const parts = songSegments(samples.length);
    segments = parts.map((p) => ({ start: seconds(p.start), end: seconds(p.start + p.length) }));
    units = parts.flatMap(
      (p) => predictUnits(model, samples.subarray(p.start, p.start + p.length), seconds(p.start)).units,
    );
  }
  const { song, abstain } = songVerdict(units, model.meta.classNames.length);
  return { segments, units, song, top: song && !abstain ? decideClass(model.meta, song) : null, abstain };
}

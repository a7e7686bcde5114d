/**
 * Rows (framesSpec columns) for the instruments model: the sounding 1-s windows of a recording as it is, and
 * windows of synthesised phrases (see synth.ts). Pure: decoded samples in, rows out.
 */
import { extractFrameWindows, type FrameWindow } from '../features/frames';
import type { Rng } from '../random';
import { mixBackground } from '../train/augment';
import { lossyCodec, randomCodec } from './codec';
import { applyBiquads, colouredNoise, randomMicrophone } from './colour';
import {
  DEFAULT_SYNTH_OPTIONS,
  renderPhrase,
  setLevel,
  type Accompaniment,
  type SynthOptions,
} from './synth';
import { soundingWindows } from './windows';

/** Seconds between the starts of consecutive windows taken from a recording or phrase. */
export const WINDOW_HOP_SECONDS = 0.5;

/** Rows of `windowSeconds` windows every `hopSeconds` (`extractFrameWindows` or a set that extends it). */
export type WindowExtractor = (
  samples: Float32Array,
  windowSeconds: number,
  hopSeconds: number,
) => FrameWindow[];

/** Up to `max` items spread evenly over the list (all of them when there are fewer). */
export function spreadPick<T>(items: readonly T[], max: number): T[] {
  if (items.length <= max) return [...items];
  return Array.from({ length: max }, (_, k) => items[Math.floor(((k + 0.5) * items.length) / max)]);
}

/** The sounding 1-s windows of a recording (every WINDOW_HOP_SECONDS), at most `maxWindows` spread over it. */
export function recordingWindows(
  samples: Float32Array,
  maxWindows: number,
  extract: WindowExtractor = extractFrameWindows,
): FrameWindow[] {
  return spreadPick(soundingWindows(extract(samples, 1, WINDOW_HOP_SECONDS)), maxWindows);
}

/**
 * A recording heard through a random microphone at a random level with steady noise, sometimes through a
 * low-bitrate codec (no room, no phrase): the clean notes as a phone might pick them up or a website serve them.
 */
export function roughenRecording(
  samples: Float32Array,
  rng: Rng,
  options: SynthOptions = DEFAULT_SYNTH_OPTIONS,
) {
  const { sampleRate } = options;
  let x = samples;
  if (rng.next() < 0.7) {
    const noise = colouredNoise(x.length, (['white', 'pink', 'brown'] as const)[rng.int(3)], rng);
    x = mixBackground(x, noise, 25 + 30 * rng.next());
  }
  if (rng.next() < 0.7) x = applyBiquads(x, randomMicrophone(sampleRate, rng, { maxGainDb: 4 }));
  if (rng.next() < options.codecProbability) x = lossyCodec(x, randomCodec(sampleRate, rng), rng);
  const [lo, hi] = options.levelDbfs;
  return setLevel(x, lo + (hi - lo) * rng.next(), sampleRate);
}

/**
 * `count` windows from one rendered phrase of the class: sounding windows (within 25 dB of the phrase's loudest)
 * drawn at random without repeats. May return fewer when the phrase has fewer sounding windows.
 */
export function phraseWindows(
  className: string,
  sources: readonly Float32Array[],
  backgrounds: readonly Float32Array[],
  count: number,
  rng: Rng,
  options: SynthOptions = DEFAULT_SYNTH_OPTIONS,
  accompaniments: readonly Accompaniment[] = [],
  extract: WindowExtractor = extractFrameWindows,
): FrameWindow[] {
  const phrase = renderPhrase(className, sources, backgrounds, rng, options, accompaniments);
  const candidates = soundingWindows(extract(phrase, 1, WINDOW_HOP_SECONDS / 2), 25).filter(
    (w) => w.end - w.start > 0.99,
  );
  rng.shuffle(candidates);
  return candidates.slice(0, count);
}

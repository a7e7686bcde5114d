/**
 * The extractors the benchmark times and the timing loop, shared by Node (`bench.ts`) and the Chromium page
 * (`bench-page.ts`) so that both run exactly the same code.
 */
import Meyda from 'meyda';
import { extractFrameWindows } from '../src/core/features/frames';
import { extractGtzanLibrosa } from '../src/core/features/gtzanLibrosa';
import { logMelPatches } from '../src/core/features/logmel';

export const MEYDA_SETTINGS = {
  feature: 'mfcc',
  bufferSize: 2048,
  hop: 512,
  melBands: 128,
  numberOfMFCCCoefficients: 20,
  windowingFunction: 'hanning',
  sampleRate: 22050,
} as const;

export interface Extractor {
  name: string;
  /** What one run computes, for the report. */
  call: string;
  run(samples: Float32Array): unknown;
}

export const EXTRACTORS: readonly Extractor[] = [
  { name: 'gtzan-librosa', call: 'extractGtzanLibrosa(samples)', run: (s) => extractGtzanLibrosa(s) },
  { name: 'frames', call: 'extractFrameWindows(samples, 1)', run: (s) => extractFrameWindows(s, 1) },
  {
    name: 'logmel',
    call: 'logMelPatches(samples) (spectrogram + 128×130 patches)',
    run: (s) => logMelPatches(s),
  },
  { name: 'meyda-mfcc', call: 'Meyda.extract("mfcc", frame) per hop', run: meydaMfcc },
];

/** Meyda alone computing MFCCs frame by frame, as an app would with `Meyda.extract`. */
function meydaMfcc(samples: Float32Array): number {
  const { bufferSize, hop, melBands, numberOfMFCCCoefficients, windowingFunction, sampleRate } =
    MEYDA_SETTINGS;
  // Meyda caches its filter banks on the singleton and checks their size loosely: start from a clean setup.
  const meyda = Meyda as unknown as Record<string, unknown>;
  Object.assign(meyda, { bufferSize, sampleRate, melBands, numberOfMFCCCoefficients, windowingFunction });
  meyda.melFilterBank = undefined;
  meyda.barkScale = undefined;
  meyda.chromaFilterBank = undefined;
  let frames = 0;
  for (let start = 0; start + bufferSize <= samples.length; start += hop) {
    Meyda.extract('mfcc', samples.subarray(start, start + bufferSize));
    frames++;
  }
  return frames;
}

export interface Timing {
  /** Median wall time of the timed runs. */
  medianMs: number;
  runsMs: number[];
  /** Audio seconds per wall second. */
  realtime: number;
}

/** One warm-up run, then `runs` timed runs; the median counts. */
export function timeExtractor(
  extractor: Extractor,
  samples: Float32Array,
  seconds: number,
  runs: number,
): Timing {
  extractor.run(samples);
  const runsMs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    extractor.run(samples);
    runsMs.push(performance.now() - t0);
  }
  const sorted = [...runsMs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const medianMs = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return {
    medianMs: round(medianMs),
    runsMs: runsMs.map(round),
    realtime: round(seconds / (medianMs / 1000)),
  };
}

export interface BenchOptions {
  /** Timed runs per extractor (after one warm-up); Meyda, far slower, gets `meydaRuns`. */
  runs: number;
  meydaRuns: number;
  /** Names of the sets to run; all when absent. Without 'meyda-mfcc' there is no ratio. */
  only?: string[];
}

export interface SetResult extends Timing {
  call: string;
  /** This set's real-time factor ÷ Meyda MFCC's, in the same environment. */
  vsMeydaMfcc?: number;
}

export function benchAll(
  samples: Float32Array,
  sampleRate: number,
  options: BenchOptions,
): Record<string, SetResult> {
  const seconds = samples.length / sampleRate;
  const results: Record<string, SetResult> = {};
  for (const extractor of EXTRACTORS) {
    if (options.only && !options.only.includes(extractor.name)) continue;
    const runs = extractor.name === 'meyda-mfcc' ? options.meydaRuns : options.runs;
    results[extractor.name] = { call: extractor.call, ...timeExtractor(extractor, samples, seconds, runs) };
  }
  const meyda = results['meyda-mfcc']?.realtime;
  for (const [name, result] of Object.entries(results)) {
    if (name !== 'meyda-mfcc' && meyda) result.vsMeydaMfcc = round(result.realtime / meyda);
  }
  return results;
}

function round(x: number): number {
  return Math.round(x * 10) / 10;
}

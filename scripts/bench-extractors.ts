/**
 * The extractors the benchmark times, shared by Node (`bench.ts`) and the Chromium page (`bench-page.ts`)
 * so that both run exactly the same code.
 */
import Meyda from 'meyda';
import { extractFrameWindows } from '../src/core/features/frames';
import { createGtzanAccumulator, extractGtzanLibrosa } from '../src/core/features/gtzanLibrosa';
import { logMelPatches } from '../src/core/features/logmel';
import { extractTimbreWindows } from '../src/core/features/timbre';

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
  { name: 'timbre', call: 'extractTimbreWindows(samples, 1)', run: (s) => extractTimbreWindows(s, 1) },
  {
    name: 'logmel',
    call: 'logMelPatches(samples): spectrogram and 128×130 patches',
    run: (s) => logMelPatches(s),
  },
  { name: 'meyda-mfcc', call: 'Meyda.extract("mfcc", frame) at every hop', run: meydaMfcc },
];

export function extractorNamed(name: string): Extractor {
  const extractor = EXTRACTORS.find((e) => e.name === name);
  if (!extractor) {
    throw new Error(`Unknown feature set "${name}": expected ${EXTRACTORS.map((e) => e.name).join(', ')}`);
  }
  return extractor;
}

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

/** Milliseconds per analysis stage of one gtzan-librosa run on `samples`, read from `clock` as each stage ends. */
export function gtzanStageTimes(samples: Float32Array, clock: () => number): Record<string, number> {
  const times: Record<string, number> = {};
  let last = clock();
  const accumulator = createGtzanAccumulator({
    onStage: (stage) => {
      const now = clock();
      times[stage] = (times[stage] ?? 0) + now - last;
      last = now;
    },
  });
  accumulator.push(samples);
  accumulator.result();
  return times;
}

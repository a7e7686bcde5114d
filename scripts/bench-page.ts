/**
 * Benchmark page for headless Chromium: fetches the clip the Node side wrote (raw float32, 22,050 Hz) and
 * runs one extractor per call, so that `bench.ts` can read the renderer's CPU time around each run.
 */
import { extractorNamed, gtzanStageTimes } from './bench-extractors';

export interface BenchPage {
  /** Fetches the clip; resolves with its length in samples. */
  load(clipUrl: string): Promise<number>;
  /** Runs one extractor once on the clip; returns the wall time in ms. */
  run(name: string): number;
  /** One gtzan-librosa run on the clip: ms per analysis stage (the page's clock). */
  gtzanStages(): Record<string, number>;
}

declare global {
  interface Window {
    oidoBench: BenchPage;
  }
}

let clip: Float32Array | null = null;

window.oidoBench = {
  async load(clipUrl) {
    const response = await fetch(clipUrl);
    if (!response.ok) throw new Error(`Expected the clip at ${clipUrl}, got HTTP ${response.status}`);
    clip = new Float32Array(await response.arrayBuffer());
    return clip.length;
  },
  run(name) {
    if (!clip) throw new Error('Expected load() before run()');
    const extractor = extractorNamed(name);
    const t0 = performance.now();
    extractor.run(clip);
    return performance.now() - t0;
  },
  gtzanStages() {
    if (!clip) throw new Error('Expected load() before gtzanStages()');
    return gtzanStageTimes(clip, () => performance.now());
  },
};

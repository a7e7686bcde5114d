/**
 * Benchmark page for headless Chromium: fetches the clip the Node side wrote (raw float32, 22,050 Hz) and
 * runs the same extractors and timing loop as Node. `bench.ts` bundles it and drives it.
 */
import { benchAll, type BenchOptions, type SetResult } from './bench-extractors';

declare global {
  interface Window {
    oidoBench: (
      options: BenchOptions & { clipUrl: string; sampleRate: number },
    ) => Promise<Record<string, SetResult>>;
  }
}

window.oidoBench = async ({ clipUrl, sampleRate, ...options }) => {
  const response = await fetch(clipUrl);
  if (!response.ok) throw new Error(`Expected the clip at ${clipUrl}, got HTTP ${response.status}`);
  const samples = new Float32Array(await response.arrayBuffer());
  return benchAll(samples, sampleRate, options);
};

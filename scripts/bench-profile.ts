/**
 * Where the time goes: the self time of the hottest functions in a V8 CPU profile (Chromium's through CDP, or
 * Node's `--cpu-prof` files), for `npm run bench -- features gtzan-librosa --profile`.
 */
import type { Page } from '@playwright/test';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
}

export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
}

/** The `top` functions by share of samples (self time), as "12.3 % name (file)". */
export function hottestFunctions(profile: CpuProfile, top = 15): string[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const counts = new Map<string, number>();
  for (const id of profile.samples) {
    const node = byId.get(id);
    if (!node) continue;
    const file = node.callFrame.url.split('/').at(-1) || '';
    const key = `${node.callFrame.functionName || '(anonymous)'}${file ? ` (${file.split('?')[0]})` : ''}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const total = profile.samples.length || 1;
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, count]) => `${((100 * count) / total).toFixed(1)} % ${name}`);
}

/** Profiles `work` in the page's renderer (CDP Profiler, 100 µs sampling). */
export async function profilePage(page: Page, work: () => Promise<void>): Promise<CpuProfile> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  await work();
  const { profile } = await cdp.send('Profiler.stop');
  await cdp.detach();
  return profile as unknown as CpuProfile;
}

/**
 * `npm run bench`: how fast each feature set runs, in Node and in headless Chromium, beside Meyda computing
 * MFCCs on the same clip; and the training engine's two targets (GTZAN 10-fold accuracy, Spike 5-fold AUC),
 * measured through `npm run evaluate`'s own code (bench-engine.ts). A report, not a test: it prints one JSON
 * object and exits 0 whether or not the targets are met.
 *
 *   npm run bench                          # both parts
 *   npm run bench -- features [SET ...]    # feature speeds only (optionally only the sets named)
 *   npm run bench -- train                 # engine targets only
 *   npm run bench -- frames logmel         # as before: feature speeds of the sets named
 *   npm run bench -- features gtzan-librosa --profile   # + the hottest functions in Chromium (CDP profiler)
 *   npm run bench -- drop [--dist DIR]     # a 3-minute song's genre after drop in the built app (bench-drop.ts;
 *                                          # builds the app into a temp folder unless --dist names a build)
 *
 * Each figure is audio seconds per second, from the median of several runs after a warm-up: `realtime` by
 * the wall clock (what a user waits), `cpuRealtime` by the CPU time of the thread that ran it (Node: the
 * process; Chromium: the renderer's main thread), which other work on a shared machine disturbs far less.
 */
import { chromium, type Page } from '@playwright/test';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { ANALYSIS_SAMPLE_RATE } from '../src/core/audio/signal';
import { decodeAudioFile } from '../src/node/decodeFile';
import { benchSongDrop } from './bench-drop';
import { benchEngine } from './bench-engine';
import { hottestFunctions, profilePage } from './bench-profile';
import { EXTRACTORS, extractorNamed, gtzanStageTimes, MEYDA_SETTINGS } from './bench-extractors';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SONG = path.resolve(ROOT, '../shared/data/songs/Kevin_MacLeod_-_Vibe_Ace.ogg');
const CLIP_SECONDS = 30;
const RUNS = 5;
/** `--profile`: also profile each set in Chromium and list its hottest functions. */
const PROFILE = process.argv.includes('--profile');
/** Meyda takes seconds per run. */
const MEYDA_RUNS = 2;
const MEYDA = 'meyda-mfcc';
const TARGETS = [
  { set: 'gtzan-librosa', environment: 'chromium', minRealtime: 300 },
  { set: 'frames', environment: 'chromium', minRealtime: 1000 },
] as const;
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** One timed run. */
interface RunTime {
  wallMs: number;
  cpuMs: number;
}

interface SetTiming {
  call: string;
  /** With --profile: the hottest functions by self time in Chromium (CDP profiler over RUNS runs). */
  hottest?: string[];
  /** gtzan-librosa only: median ms per analysis stage (Node: process CPU time; Chromium: the page's clock). */
  stagesMs?: Record<string, number>;
  runs: number;
  wallMs: number[];
  cpuMs: number[];
  medianWallMs: number;
  medianCpuMs: number;
  realtime: number;
  cpuRealtime: number;
  /** realtime ÷ Meyda MFCC's realtime in the same environment (and the same by CPU time). */
  vsMeydaMfcc?: number;
  cpuVsMeydaMfcc?: number;
}

/** The first 30 s of the song, mono at 22,050 Hz. */
async function loadClip(): Promise<Float32Array> {
  const { samples } = await decodeAudioFile(SONG);
  const length = CLIP_SECONDS * ANALYSIS_SAMPLE_RATE;
  if (samples.length < length) {
    throw new Error(`Expected at least ${CLIP_SECONDS} s in ${SONG}, got ${samples.length} samples`);
  }
  return samples.slice(0, length);
}

/** Runs `once` after one warm-up run, `runs` times, and reduces to medians. */
async function timeSet(name: string, once: () => Promise<RunTime>): Promise<SetTiming> {
  const runs = name === MEYDA ? MEYDA_RUNS : RUNS;
  await once();
  const times: RunTime[] = [];
  for (let i = 0; i < runs; i++) times.push(await once());
  const wallMs = times.map((t) => t.wallMs);
  const cpuMs = times.map((t) => t.cpuMs);
  const medianWallMs = median(wallMs);
  const medianCpuMs = median(cpuMs);
  return {
    call: extractorNamed(name).call,
    runs,
    wallMs: wallMs.map(round1),
    cpuMs: cpuMs.map(round1),
    medianWallMs: round1(medianWallMs),
    medianCpuMs: round1(medianCpuMs),
    realtime: round1((CLIP_SECONDS * 1000) / medianWallMs),
    cpuRealtime: round1((CLIP_SECONDS * 1000) / medianCpuMs),
  };
}

async function benchSets(
  names: string[],
  once: (name: string) => Promise<RunTime>,
): Promise<Record<string, SetTiming>> {
  const sets: Record<string, SetTiming> = {};
  for (const name of names) sets[name] = await timeSet(name, () => once(name));
  const meyda = sets[MEYDA];
  for (const [name, set] of Object.entries(sets)) {
    if (name === MEYDA || !meyda) continue;
    set.vsMeydaMfcc = round1(set.realtime / meyda.realtime);
    set.cpuVsMeydaMfcc = round1(set.cpuRealtime / meyda.cpuRealtime);
  }
  return sets;
}

/** Median per stage over RUNS runs of `once`. */
async function medianStages(once: () => Promise<Record<string, number>>): Promise<Record<string, number>> {
  const runs: Array<Record<string, number>> = [];
  for (let i = 0; i < RUNS; i++) runs.push(await once());
  return Object.fromEntries(
    Object.keys(runs[0]).map((stage) => [stage, round1(median(runs.map((r) => r[stage])))]),
  );
}

async function benchNode(clip: Float32Array, names: string[]): Promise<Record<string, SetTiming>> {
  const sets = await benchSets(names, async (name) => {
    const extractor = extractorNamed(name);
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    extractor.run(clip);
    const wallMs = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    return { wallMs, cpuMs: (cpu.user + cpu.system) / 1000 };
  });
  if (sets['gtzan-librosa']) {
    const cpuMs = () => {
      const { user, system } = process.cpuUsage();
      return (user + system) / 1000;
    };
    sets['gtzan-librosa'].stagesMs = await medianStages(async () => gtzanStageTimes(clip, cpuMs));
  }
  return sets;
}

/** Bundles the page entry with Vite's build API into `dir`, beside an index.html that loads it. */
async function bundlePage(dir: string): Promise<void> {
  await build({
    configFile: false,
    logLevel: 'warn',
    build: {
      outDir: dir,
      emptyOutDir: false,
      minify: false,
      target: 'es2022',
      lib: {
        entry: path.join(ROOT, 'scripts/bench-page.ts'),
        formats: ['es'],
        fileName: () => 'bench-page.js',
      },
    },
  });
  await writeFile(
    path.join(dir, 'index.html'),
    '<!doctype html><meta charset="utf-8"><title>Oído bench</title><script type="module" src="./bench-page.js"></script>',
  );
}

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript' };

/** A static server for the files directly in `dir`, on 127.0.0.1; resolves with its port. */
function serve(dir: string): Promise<{ server: Server; port: number }> {
  const server = createServer((request, response) => {
    const name = path.basename(new URL(request.url ?? '/', 'http://127.0.0.1').pathname) || 'index.html';
    readFile(path.join(dir, name)).then(
      (body) => {
        response.writeHead(200, { 'content-type': TYPES[path.extname(name)] ?? 'application/octet-stream' });
        response.end(body);
      },
      () => {
        response.writeHead(404);
        response.end();
      },
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (address === null || typeof address === 'string') reject(new Error('Expected a TCP address'));
      else resolve({ server, port: address.port });
    });
  });
}

async function openBenchPage(page: Page, port: number): Promise<void> {
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(`http://127.0.0.1:${port}/index.html`);
  try {
    await page.waitForFunction(() => typeof window.oidoBench === 'object', undefined, { timeout: 30_000 });
  } catch {
    throw new Error(`The bench page did not load: ${pageErrors.join('; ') || 'no error reported'}`);
  }
  const length = await page.evaluate((url) => window.oidoBench.load(url), '/clip.f32');
  if (length !== CLIP_SECONDS * ANALYSIS_SAMPLE_RATE) throw new Error(`The page loaded ${length} samples`);
}

async function benchChromium(
  clip: Float32Array,
  names: string[],
): Promise<{ version: string; sets: Record<string, SetTiming> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'oido-bench-'));
  let server: Server | null = null;
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    await bundlePage(dir);
    await writeFile(
      path.join(dir, 'clip.f32'),
      new Uint8Array(clip.buffer, clip.byteOffset, clip.byteLength),
    );
    const served = await serve(dir);
    server = served.server;
    const page = await browser.newPage();
    await openBenchPage(page, served.port);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    // CPU seconds of the renderer's main thread, where page scripts run.
    const threadTime = async () => {
      const { metrics } = await cdp.send('Performance.getMetrics');
      const metric = metrics.find((m) => m.name === 'ThreadTime');
      if (!metric) throw new Error('Chromium reported no ThreadTime metric');
      return metric.value;
    };
    const sets = await benchSets(names, async (name) => {
      const before = await threadTime();
      const wallMs = await page.evaluate((n) => window.oidoBench.run(n), name);
      return { wallMs, cpuMs: ((await threadTime()) - before) * 1000 };
    });
    if (sets['gtzan-librosa'])
      sets['gtzan-librosa'].stagesMs = await medianStages(() =>
        page.evaluate(() => window.oidoBench.gtzanStages()),
      );
    if (PROFILE) {
      for (const name of names) {
        const profile = await profilePage(page, async () => {
          for (let i = 0; i < RUNS; i++) await page.evaluate((n) => window.oidoBench.run(n), name);
        });
        sets[name].hottest = hottestFunctions(profile);
        if (process.env.OIDO_PROFILE_DIR)
          await writeFile(
            path.join(process.env.OIDO_PROFILE_DIR, `${name}.cpuprofile`),
            JSON.stringify(profile),
          );
      }
    }
    return { version: browser.version(), sets };
  } finally {
    await browser.close();
    server?.close();
    await rm(dir, { recursive: true, force: true });
  }
}

async function benchFeatures(only: string[]): Promise<object> {
  const names = only.length > 0 ? only.map((n) => extractorNamed(n).name) : EXTRACTORS.map((e) => e.name);
  const clip = await loadClip();
  const node = await benchNode(clip, names);
  const browser = await benchChromium(clip, names);
  const environments: Record<string, Record<string, SetTiming>> = { node, chromium: browser.sets };
  return {
    clip: { file: path.relative(ROOT, SONG), seconds: CLIP_SECONDS, sampleRate: ANALYSIS_SAMPLE_RATE },
    method:
      `per set: 1 warm-up run, then ${RUNS} timed runs (Meyda ${MEYDA_RUNS}), median; realtime = audio s ÷ wall s; ` +
      'cpuRealtime = audio s ÷ CPU s (Node: process, Chromium: renderer main thread); ' +
      'vsMeydaMfcc = realtime ÷ Meyda MFCC realtime in the same environment',
    meyda: MEYDA_SETTINGS,
    node: { version: process.version, sets: node },
    chromium: { version: browser.version, sets: browser.sets },
    targets: TARGETS.map((t) => {
      const set = environments[t.environment][t.set];
      return {
        ...t,
        realtime: set?.realtime ?? null,
        meets: set ? set.realtime >= t.minRealtime : null,
        cpuRealtime: set?.cpuRealtime ?? null,
        meetsByCpuTime: set ? set.cpuRealtime >= t.minRealtime : null,
      };
    }),
  };
}

async function main(): Promise<void> {
  const started = performance.now();
  const args = process.argv.slice(2);
  const distAt = args.indexOf('--dist');
  const dist = distAt >= 0 ? args[distAt + 1] : undefined;
  if (distAt >= 0 && (!dist || dist.startsWith('-'))) throw new Error('Expected a folder after --dist');
  const words = args.filter((a, i) => !a.startsWith('-') && !(distAt >= 0 && i === distAt + 1));
  const section = words[0] === 'features' || words[0] === 'train' || words[0] === 'drop' ? words[0] : null;
  const only = section ? words.slice(1) : words;
  if ((section === 'train' || section === 'drop') && only.length > 0)
    throw new Error(`"${section}" takes no set names, got ${only.join(' ')}`);
  const everything = section === null && only.length === 0;
  const loadBefore = loadavg()[0];
  const report: Record<string, unknown> = {};
  if (section === null || section === 'features') report.features = await benchFeatures(only);
  // The engine targets and the drop are measured only when no feature sets were named (or when asked for).
  if (section === 'train' || everything) report.engine = await benchEngine();
  if (section === 'drop' || everything) report.songDrop = await benchSongDrop(ROOT, SONG, dist);
  report.machine = {
    cpus: cpus().length,
    // Other work on the machine slows the wall-clock figures: the 1-minute load average before and after.
    loadAverage: [round2(loadBefore), round2(loadavg()[0])],
  };
  report.wallSeconds = round1((performance.now() - started) / 1000);
  console.log(JSON.stringify(report, null, 2));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});

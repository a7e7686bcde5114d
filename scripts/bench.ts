/**
 * `npm run bench`: how fast each feature set runs, in Node and in headless Chromium, beside Meyda computing
 * MFCCs on the same clip. A report, not a test: it prints one JSON object and exits 0 whether or not the
 * targets are met.
 */
import { chromium } from '@playwright/test';
import { OggVorbisDecoder } from '@wasm-audio-decoders/ogg-vorbis';
import { createServer, type Server } from 'node:http';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { resample } from '../src/core/audio/resample';
import { ANALYSIS_SAMPLE_RATE, mixToMono } from '../src/core/audio/signal';
import { benchAll, EXTRACTORS, MEYDA_SETTINGS, type BenchOptions, type SetResult } from './bench-extractors';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SONG = path.resolve(ROOT, '../shared/data/songs/Kevin_MacLeod_-_Vibe_Ace.ogg');
const CLIP_SECONDS = 30;
/** `npm run bench -- frames logmel` runs only the sets named (for quick checks); by default, all. */
const ONLY = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const OPTIONS: BenchOptions = { runs: 5, meydaRuns: 2, ...(ONLY.length > 0 ? { only: ONLY } : {}) };
const TARGETS = [
  { set: 'gtzan-librosa', environment: 'chromium', minRealtime: 300 },
  { set: 'frames', environment: 'chromium', minRealtime: 1000 },
] as const;

/** The first 30 s of the song, mono at 22,050 Hz. */
async function loadClip(): Promise<Float32Array> {
  const decoder = new OggVorbisDecoder();
  await decoder.ready;
  try {
    const decoded = await decoder.decodeFile(new Uint8Array(await readFile(SONG)));
    if (decoded.errors.length > 0) throw new Error(`Decoding ${SONG} failed: ${decoded.errors[0].message}`);
    const mono = resample(mixToMono(decoded.channelData), decoded.sampleRate, ANALYSIS_SAMPLE_RATE);
    const length = CLIP_SECONDS * ANALYSIS_SAMPLE_RATE;
    if (mono.length < length)
      throw new Error(`Expected at least ${CLIP_SECONDS} s in ${SONG}, got ${mono.length} samples`);
    return mono.slice(0, length);
  } finally {
    decoder.free();
  }
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

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.f32': 'application/octet-stream',
};

/** A static server for `dir` on 127.0.0.1; resolves with its port. */
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

async function benchChromium(
  clip: Float32Array,
): Promise<{ version: string; sets: Record<string, SetResult> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'oido-bench-'));
  let server: Server | null = null;
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
  try {
    await bundlePage(dir);
    await writeFile(
      path.join(dir, 'clip.f32'),
      new Uint8Array(clip.buffer, clip.byteOffset, clip.byteLength),
    );
    const served = await serve(dir);
    server = served.server;
    const page = await browser.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`http://127.0.0.1:${served.port}/index.html`);
    await page
      .waitForFunction(() => typeof window.oidoBench === 'function', undefined, { timeout: 30_000 })
      .catch(() => {
        throw new Error(`The bench page did not load: ${pageErrors.join('; ') || 'no error reported'}`);
      });
    const sets = await page.evaluate((options) => window.oidoBench(options), {
      ...OPTIONS,
      clipUrl: '/clip.f32',
      sampleRate: ANALYSIS_SAMPLE_RATE,
    });
    return { version: browser.version(), sets };
  } finally {
    await browser.close();
    server?.close();
    await rm(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const started = performance.now();
  for (const name of ONLY) {
    if (!EXTRACTORS.some((e) => e.name === name)) {
      throw new Error(`Unknown set "${name}": expected ${EXTRACTORS.map((e) => e.name).join(', ')}`);
    }
  }
  const loadBefore = loadavg()[0];
  const clip = await loadClip();
  const node = benchAll(clip, ANALYSIS_SAMPLE_RATE, OPTIONS);
  const browser = await benchChromium(clip);
  const environments: Record<string, Record<string, SetResult>> = { node, chromium: browser.sets };
  const report = {
    clip: { file: path.relative(ROOT, SONG), seconds: CLIP_SECONDS, sampleRate: ANALYSIS_SAMPLE_RATE },
    method: `per set: 1 warm-up run, then ${OPTIONS.runs} timed runs (Meyda ${OPTIONS.meydaRuns}); median; realtime = audio s / wall s; vsMeydaMfcc = realtime ÷ Meyda MFCC's realtime in the same environment`,
    calls: Object.fromEntries(EXTRACTORS.map((e) => [e.name, e.call])),
    meyda: MEYDA_SETTINGS,
    node: { version: process.version, sets: node },
    chromium: { version: browser.version, sets: browser.sets },
    targets: TARGETS.map((t) => {
      const realtime = environments[t.environment][t.set]?.realtime ?? null;
      return { ...t, realtime, meets: realtime !== null && realtime >= t.minRealtime };
    }),
    machine: {
      cpus: cpus().length,
      // Other work on the machine slows every figure: the 1-minute load average before and after.
      loadAverage: [round2(loadBefore), round2(loadavg()[0])],
    },
    wallSeconds: Math.round((performance.now() - started) / 100) / 10,
  };
  console.log(JSON.stringify(report, null, 2));
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});

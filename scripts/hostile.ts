/**
 * `npx tsx scripts/hostile.ts [CASE ...]`: the hostile corpus of issue 13, built in a temporary folder and fed
 * to the CLI's own commands and the bundle readers. Each case runs in a child process of its own, so that its
 * peak memory is its own; it prints one line per case: the case, its outcome (a clean answer or the refusal
 * message), the seconds it took and its peak RSS. A case must finish within 60 s and under 1 GB.
 *
 * A report, not a test (each row also has a unit test beside the code it hardens): it exits 1 only when a
 * case crashes, runs past 60 s or goes over 1 GB.
 */
import { spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, open, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodePcm16, encodeWav16, wav16Header } from '../src/core/audio/wav';
import { saveBundle, type SavedBundle } from '../src/core/bundle/bundle';
import { importBundleZip } from '../src/core/bundle/zip';
import { saveVotingBundle } from '../src/core/bundle/votingBundle';
import { parseCsv, toCsv } from '../src/core/data/csv';
import { logmelSpec } from '../src/core/features/logmel';
import { buildClassifier } from '../src/core/models/build';
import { defaultModelConfig, type NetworkConfig } from '../src/core/models/config';
import { classifyCommand } from '../src/cli/classify';
import type { CliIo } from '../src/cli/io';
import { trainCommand } from '../src/cli/train';
import { readBundleDir, writeBundleDir } from '../src/node/bundleFiles';
import { initNodeTf } from '../src/node/tf';
import { lyingZip } from './fixtures/lyingZip';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MODELS = path.join(ROOT, 'public/models');
const DATA = path.resolve(ROOT, '../shared/data');
const GTZAN_CSV = path.join(DATA, 'tabular/gtzan/features_30_sec.csv');
const SONG_OGG = path.join(DATA, 'songs/Kevin_MacLeod_-_Vibe_Ace.ogg');
const SPIKE_TEST_CSV = path.join(DATA, 'tabular/spike-reggaeton/data_test.csv');
const LIMIT_SECONDS = 60;
const LIMIT_MB = 1024;
const RATE = 22_050;

type Case = (dir: string) => Promise<string>;
/** Parsed JSON, edited freely: the script damages files on purpose. */
type Json = ReturnType<typeof JSON.parse>;

const quietIo = (): CliIo => ({ out: () => {}, err: () => {} });

/** What `classify` said, in one line: each answer's top class, or the first refusal. */
async function classify(model: string, inputs: string[]): Promise<string> {
  const lines = { out: [] as string[], err: [] as string[] };
  const io: CliIo = { out: (l) => lines.out.push(l), err: (l) => lines.err.push(l) };
  let outcome;
  try {
    outcome = await classifyCommand(['--model', model, '--json', ...inputs], io);
  } catch (err) {
    // What the CLI prints (runCli) when the model itself is refused: one line, exit 1.
    return `refused: ${clip((err as Error).message)}`;
  }
  const { results, failures } = outcome;
  // A model that declines (too short, unlike its training data, silent) answers "no label" with its reason.
  const answers = results.map((r) => r.top ?? `no label: ${r.reason ?? ''}`);
  const tops = [...new Set(answers)].map((t) => `${t} ×${answers.filter((a) => a === t).length}`);
  const said = results.length > 0 ? `answer: ${results.length} scored (${tops.join(', ')})` : 'no answer';
  const refused = lines.err.find((l) => l.startsWith('error:'));
  const note = lines.err.find((l) => l.startsWith('note:'));
  return [said, failures > 0 ? `${failures} refused: ${clip(refused ?? '')}` : '', note ? clip(note) : '']
    .filter((part) => part !== '')
    .join('; ');
}

function clip(text: string, max = 170): string {
  const one = text
    .replace(/\s+/g, ' ')
    .replace(ROOT, '.')
    .replace(/\/tmp\/oido-hostile-\w+\//g, '');
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

function tone(seconds: number): Float32Array {
  return Float32Array.from(
    { length: Math.round(seconds * RATE) },
    (_, i) => 0.3 * Math.sin(i / 7) * Math.sin(i / 5000),
  );
}

async function copyBundle(name: string, to: string): Promise<string> {
  await mkdir(to, { recursive: true });
  for (const f of ['model.json', 'weights.bin', 'meta.json'])
    await copyFile(path.join(MODELS, name, f), path.join(to, f));
  return to;
}

async function editJson(file: string, edit: (json: Json) => void): Promise<void> {
  const json = JSON.parse(await readFile(file, 'utf8')) as Json;
  edit(json);
  await writeFile(file, JSON.stringify(json));
}

async function wavOf(dir: string, name: string, samples: Float32Array): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, encodeWav16(samples, RATE));
  return file;
}

/** 50 GTZAN rows as a CSV; `edit` may change them first. */
async function gtzanRows(
  dir: string,
  edit: (header: string[], rows: string[][]) => void = () => {},
): Promise<string> {
  const { header, rows } = parseCsv(await readFile(GTZAN_CSV, 'utf8'));
  const fifty = rows.slice(0, 50);
  edit(header, fifty);
  const file = path.join(dir, 'rows.csv');
  await writeFile(file, toCsv(header, fifty));
  return file;
}

function layersOf(modelJson: Json): Json[] {
  const topology = modelJson.modelTopology.model_config ?? modelJson.modelTopology;
  return topology.config.layers as Json[];
}

async function refusal(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
    return 'answer: it loaded';
  } catch (err) {
    return `refused: ${clip((err as Error).message)}`;
  }
}

const CASES: Record<string, Case> = {
  async 'bundle windowSeconds 1e-9, 5-s clip'(dir) {
    const model = await copyBundle('instruments', path.join(dir, 'model'));
    await editJson(path.join(model, 'meta.json'), (m) => (m.featureSpec.params.windowSeconds = 1e-9));
    return classify(model, [await wavOf(dir, 'clip.wav', tone(5))]);
  },

  async 'logmel bundle patchHopFrames 1, 60-s song'(dir) {
    await initNodeTf();
    const config = { ...defaultModelConfig('rnn') } as NetworkConfig;
    const classifier = buildClassifier(config, [130, 128], 2, 1);
    const saved = await saveBundle(classifier.model, {
      format: 'oido-model',
      version: 1,
      name: 'hostile logmel',
      createdAt: new Date(0).toISOString(),
      task: 'test',
      classNames: ['a', 'b'],
      featureSpec: { ...logmelSpec, params: { ...logmelSpec.params, patchHopFrames: 1 } },
      inputShape: [130, 128],
      normalization: null,
      modelConfig: config,
      trainingConfig: {},
      metrics: {},
      data: { source: 'hostile', rows: 2, classCounts: { a: 1, b: 1 } },
      kind: 'tf-layers',
    });
    classifier.dispose();
    const model = path.join(dir, 'model');
    await writeBundleDir(model, saved);
    return classify(model, [await wavOf(dir, 'song.wav', tone(60))]);
  },

  async 'bundle with a RepeatVector topology (genre + 1 layer)'(dir) {
    const model = await copyBundle('genre', path.join(dir, 'model'));
    await editJson(path.join(model, 'model.json'), (json) => {
      const layers = layersOf(json);
      const logits = layers.length - 1;
      const before = layers[logits - 1].name as string;
      layers.splice(logits, 0, {
        name: 'blowup',
        class_name: 'RepeatVector',
        config: { name: 'blowup', n: 100_000 },
        inbound_nodes: [[[before, 0, 0, {}]]],
      });
      layers[logits + 1].inbound_nodes[0][0][0] = 'blowup';
    });
    return classify(model, [await gtzanRows(dir)]);
  },

  async 'bundle running its input 2,000 times (instruments + RepeatVector, 6.8 G multiply-adds a second)'(
    dir,
  ) {
    const model = await copyBundle('instruments', path.join(dir, 'model'));
    await editJson(path.join(model, 'model.json'), (json) => {
      const layers = layersOf(json);
      const wire = (after: string, layer: Json) => {
        for (const l of layers)
          for (const node of l.inbound_nodes) for (const i of node) if (i[0] === after) i[0] = layer.name;
        layers.splice(layers.findIndex((l: Json) => l.name === after) + 1, 0, {
          ...layer,
          inbound_nodes: [[[after, 0, 0, {}]]],
        });
      };
      const lastDense = layers.filter((l: Json) => l.class_name === 'Dense').pop();
      wire(layers[0].name, {
        name: 'repeat',
        class_name: 'RepeatVector',
        config: { name: 'repeat', n: 2000 },
      });
      wire(lastDense.inbound_nodes[0][0][0], {
        name: 'squash',
        class_name: 'GlobalAveragePooling1D',
        config: { name: 'squash' },
      });
    });
    return classify(model, [await wavOf(dir, 'clip.wav', tone(5))]);
  },

  async 'vote of two networks whose second model.json points 1 GB into its weights (reggaeton × 2)'(dir) {
    const one = (await readBundleDir(path.join(MODELS, 'reggaeton'))) as unknown as SavedBundle;
    const vote = saveVotingBundle([one, one], {
      ...one.meta,
      kind: 'voting',
      modelConfig: { family: 'voting', models: [one.meta.modelConfig, one.meta.modelConfig] },
    });
    const model = path.join(dir, 'model');
    await writeBundleDir(model, vote);
    await editJson(path.join(model, 'model.json'), (json) => {
      json.models[1].byteOffset = 2 ** 30;
    });
    return classify(model, [SPIKE_TEST_CSV]);
  },

  async 'zip whose end record says 3 entries, holding 760k'() {
    const bytes = lyingZip(760_000, 3);
    return refusal(() => importBundleZip(bytes));
  },

  async 'WAV with a 100 MB LIST chunk before 5 s of data'(dir) {
    const file = path.join(dir, 'list.wav');
    const pcm = encodePcm16(tone(5));
    const listBytes = 100 * 2 ** 20;
    const head = wav16Header(0, RATE).slice(0, 36);
    const riffSize = 4 + 24 + 8 + listBytes + 8 + pcm.length;
    new DataView(head.buffer).setUint32(4, riffSize, true);
    const handle = await open(file, 'w');
    const chunkHeader = (id: string, size: number) => {
      const h = new Uint8Array(8);
      for (let i = 0; i < 4; i++) h[i] = id.charCodeAt(i);
      new DataView(h.buffer).setUint32(4, size, true);
      return h;
    };
    await handle.write(head);
    await handle.write(chunkHeader('LIST', listBytes));
    const zeros = new Uint8Array(2 ** 20);
    for (let i = 0; i < 100; i++) await handle.write(zeros);
    await handle.write(chunkHeader('data', pcm.length));
    await handle.write(pcm);
    await handle.close();
    return classify(path.join(MODELS, 'genre'), [file]);
  },

  async 'WAVs at 1 Hz and 3 Hz'(dir) {
    const files: string[] = [];
    for (const rate of [1, 3]) {
      const file = path.join(dir, `${rate}hz.wav`);
      const bytes = new Uint8Array(44 + 2 * 5 * RATE);
      bytes.set(wav16Header(5 * RATE, rate));
      await writeFile(file, bytes);
      files.push(file);
    }
    return classify(path.join(MODELS, 'genre'), files);
  },

  async 'CSV of 100k numeric columns (train)'(dir) {
    const file = path.join(dir, 'wide.csv');
    const cols = 100_000;
    const header = [...Array.from({ length: cols }, (_, c) => `f${c}`), 'label'].join(',');
    const row = (r: number) =>
      [...Array.from({ length: cols }, (_, c) => ((r * 31 + c) % 97) / 10), r % 2 ? 'a' : 'b'].join(',');
    await writeFile(file, [header, ...Array.from({ length: 20 }, (_, r) => row(r))].join('\n') + '\n');
    return refusal(() => trainCommand(['--data', file, '--out', path.join(dir, 'out')], quietIo()));
  },

  async 'CSV at the cap: 9,999 columns × 200 rows (train --out)'(dir) {
    const file = path.join(dir, 'cap.csv');
    const cols = 9_999;
    const header = [...Array.from({ length: cols }, (_, c) => `f${c}`), 'label'].join(',');
    const row = (r: number) =>
      [
        ...Array.from({ length: cols }, (_, c) => (((r * 31 + c) % 97) / 10 + (r % 2)).toFixed(2)),
        r % 2 ? 'a' : 'b',
      ].join(',');
    await writeFile(file, [header, ...Array.from({ length: 200 }, (_, r) => row(r))].join('\n') + '\n');
    return refusal(() => trainCommand(['--data', file, '--out', path.join(dir, 'out')], quietIo()));
  },

  async 'CSV that is one 50 MB line (train)'(dir) {
    const file = path.join(dir, 'line.csv');
    await writeFile(file, '0.123456,'.repeat(Math.ceil((50 * 2 ** 20) / 9)));
    return refusal(() => trainCommand(['--data', file, '--out', path.join(dir, 'out')], quietIo()));
  },

  async 'classify a 50-row CSV with one 1e309 cell'(dir) {
    const csv = await gtzanRows(dir, (header, rows) => (rows[7][header.indexOf('tempo')] = '1e309'));
    return classify(path.join(MODELS, 'genre'), [csv]);
  },

  async 'bundle whose normalisation std is 1e-45'(dir) {
    const model = await copyBundle('genre', path.join(dir, 'model'));
    await editJson(path.join(model, 'meta.json'), (m) => (m.normalization.std[0] = 1e-45));
    return classify(model, [await gtzanRows(dir)]);
  },

  async 'camelCase kernelInitializer "Dense" in model.json'(dir) {
    const model = await copyBundle('genre', path.join(dir, 'model'));
    await editJson(path.join(model, 'model.json'), (json) => {
      const dense = layersOf(json).find((l) => l.class_name === 'Dense')!;
      dense.config.kernelInitializer = 'Dense';
    });
    return classify(model, [await gtzanRows(dir)]);
  },

  async 'write of meta.json fails during train --out'(dir) {
    const model = await copyBundle('genre', path.join(dir, 'model'));
    const replacement = (await readBundleDir(path.join(MODELS, 'reggaeton'))) as unknown as SavedBundle;
    const failing = async (file: string, data: Uint8Array) => {
      if (path.basename(file) === 'meta.json') throw new Error('ENOSPC: no space left on device, write');
      await writeFile(file, data);
    };
    const write = await refusal(() => writeBundleDir(model, replacement, { writeFile: failing }));
    const after = await readBundleDir(model);
    const before = await readBundleDir(path.join(MODELS, 'genre'));
    const same =
      JSON.stringify(after.meta) === JSON.stringify(before.meta) &&
      JSON.stringify(after.modelJson) === JSON.stringify(before.modelJson) &&
      Buffer.from(after.weights as ArrayBuffer).equals(Buffer.from(before.weights as ArrayBuffer));
    return `write ${write.replace('refused: ', 'failed: ')}; the folder holds ${same ? 'the old bundle, whole' : 'A MIX'}; then ${await classify(model, [await gtzanRows(dir)])}`;
  },

  async 'weights.bin as a symlink to /etc/passwd'(dir) {
    const model = await copyBundle('genre', path.join(dir, 'model'));
    await rm(path.join(model, 'weights.bin'));
    await symlink('/etc/passwd', path.join(model, 'weights.bin'));
    return classify(model, [await gtzanRows(dir)]);
  },

  async 'truncated WAV (header says 30 s, holds 5 s)'(dir) {
    const file = path.join(dir, 'cut.wav');
    const full = encodeWav16(tone(30), RATE);
    await writeFile(file, full.subarray(0, 44 + 5 * RATE * 2));
    return classify(path.join(MODELS, 'genre'), [file]);
  },

  async 'Ogg corrupted mid-file'(dir) {
    const file = path.join(dir, 'broken.ogg');
    const bytes = new Uint8Array(await readFile(SONG_OGG));
    const mid = bytes.length >> 1;
    for (let i = mid; i < Math.min(bytes.length, mid + 64 * 1024); i++) bytes[i] = (i * 7919) & 0xff;
    await writeFile(file, bytes);
    return classify(path.join(MODELS, 'genre'), [file]);
  },

  async 'Ogg cut short at 40 % of its bytes'(dir) {
    const file = path.join(dir, 'cut.ogg');
    const bytes = await readFile(SONG_OGG);
    await writeFile(file, bytes.subarray(0, Math.floor(bytes.length * 0.4)));
    return classify(path.join(MODELS, 'genre'), [file]);
  },

  async 'Spike CSV saved by a decimal-comma spreadsheet (UTF-16 LE, ;)'(dir) {
    const file = path.join(dir, 'export.csv');
    const { header, rows } = parseCsv(await readFile(SPIKE_TEST_CSV, 'utf8'));
    const text =
      '\ufeff' +
      [header, ...rows]
        .map((r) => r.map((v) => (/^-?\d*\.\d+$/.test(v) ? v.replace('.', ',') : v)).join(';'))
        .join('\r\n');
    await writeFile(file, Buffer.from(text, 'utf16le'));
    return classify(path.join(MODELS, 'reggaeton'), [file]);
  },

  async 'all-silent 10-s WAV'(dir) {
    return classify(path.join(MODELS, 'genre'), [
      await wavOf(dir, 'silence.wav', new Float32Array(10 * RATE)),
    ]);
  },
};

async function runCase(name: string, dir: string): Promise<void> {
  const run = CASES[name];
  if (!run) throw new Error(`Unknown case ${name}`);
  await mkdir(dir, { recursive: true });
  const started = performance.now();
  let outcome: string;
  try {
    outcome = await run(dir);
  } catch (err) {
    outcome = `CRASH: ${clip(String((err as Error).stack ?? err), 400)}`;
  }
  const seconds = (performance.now() - started) / 1000;
  const peakMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`\n${JSON.stringify({ outcome, seconds, peakMb })}\n`);
}

interface CaseReport {
  outcome: string;
  seconds: number;
  peakMb: number;
}

function runChild(name: string, dir: string): Promise<CaseReport> {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(
      process.execPath,
      [...process.execArgv, fileURLToPath(import.meta.url), '--case', name, dir],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-2000)));
    const timer = setTimeout(() => child.kill('SIGKILL'), (LIMIT_SECONDS + 15) * 1000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const last = out.trim().split('\n').pop() ?? '';
      try {
        resolve(JSON.parse(last) as CaseReport);
      } catch {
        resolve({
          outcome: `CRASH (exit ${code ?? signal}): ${clip(err || out, 300)}`,
          seconds: (performance.now() - started) / 1000,
          peakMb: NaN,
        });
      }
    });
  });
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--case') return runCase(args[1], args[2]);
  const names = args.length > 0 ? args : Object.keys(CASES);
  const root = await mkdtemp(path.join(tmpdir(), 'oido-hostile-'));
  let bad = 0;
  try {
    console.log(`case | outcome | seconds | peak RSS MB (limits: ${LIMIT_SECONDS} s, ${LIMIT_MB} MB)`);
    for (const [i, name] of names.entries()) {
      const dir = path.join(root, `case${i}`);
      const report = await runChild(name, dir);
      await rm(dir, { recursive: true, force: true });
      const over =
        !(report.seconds <= LIMIT_SECONDS && report.peakMb <= LIMIT_MB) || report.outcome.startsWith('CRASH');
      if (over) bad++;
      console.log(
        `${over ? '✗' : '✓'} ${name} | ${report.outcome} | ${report.seconds.toFixed(1)} s | ${Math.round(report.peakMb)} MB`,
      );
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
  console.log(`${names.length - bad} of ${names.length} cases within ${LIMIT_SECONDS} s and ${LIMIT_MB} MB`);
  if (bad > 0) process.exitCode = 1;
}

await main();

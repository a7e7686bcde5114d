/**
 * Times the gtzan-librosa feature set on the GTZAN check clips and prints each column's error in units of
 * that column's standard deviation over features_30_sec.csv. Run by hand: `npx tsx scripts/time-gtzan.ts`
 * (`--verbose`: every column; `--stages`: the median CPU time of each analysis stage as well).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { decodeWav } from '../src/core/audio/wav';
import { mixToMono } from '../src/core/audio/signal';
import {
  createGtzanAccumulator,
  extractGtzanLibrosa,
  GTZAN_COLUMNS,
  type GtzanStage,
} from '../src/core/features/gtzanLibrosa';

const shared = path.resolve(process.cwd(), '../shared/data');
const csv = readFileSync(path.join(shared, 'tabular/gtzan/features_30_sec.csv'), 'utf8').trim().split('\n');
const header = csv[0].split(',');
const rows = csv.slice(1).map((line) => line.split(','));
const columnIndex = GTZAN_COLUMNS.map((c) => header.indexOf(c));
const stds = columnIndex.map((j) => {
  const v = rows.map((r) => Number(r[j]));
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  return Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length);
});

const verbose = process.argv.includes('--verbose');
const stages = process.argv.includes('--stages');

/** CPU milliseconds per analysis stage of one clip, median over `runs` analyses. */
function stageTimes(samples: Float32Array, runs: number): Map<GtzanStage, number> {
  const perStage = new Map<GtzanStage, number[]>();
  for (let run = 0; run < runs; run++) {
    let last = process.cpuUsage();
    const accumulator = createGtzanAccumulator({
      onStage: (stage) => {
        const used = process.cpuUsage(last);
        const list = perStage.get(stage) ?? [];
        list.push((used.user + used.system) / 1000);
        perStage.set(stage, list);
        last = process.cpuUsage();
      },
    });
    accumulator.push(samples);
    accumulator.result();
  }
  const medians = new Map<GtzanStage, number>();
  for (const [stage, list] of perStage) {
    const sorted = [...list].sort((a, b) => a - b);
    medians.set(stage, sorted[sorted.length >> 1]);
  }
  return medians;
}

for (const name of ['blues.00000.wav', 'country.00000.wav', 'metal.00000.wav']) {
  const { channels } = decodeWav(new Uint8Array(readFileSync(path.join(shared, 'gtzan-check', name))));
  const samples = mixToMono(channels);
  extractGtzanLibrosa(samples); // warm-up (JIT, tables)
  const runs = 5;
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  let values: Float32Array = new Float32Array(0);
  for (let i = 0; i < runs; i++) values = extractGtzanLibrosa(samples);
  const ms = (performance.now() - start) / runs;
  const cpu = process.cpuUsage(cpuStart);
  // CPU time is the fairer figure on a shared machine, where wall time includes waiting for a core.
  const cpuMs = (cpu.user + cpu.system) / 1000 / runs;
  const row = rows.find((r) => r[0] === name);
  if (!row) throw new Error(`No CSV row for ${name}`);
  let worst = { column: '', error: 0 };
  GTZAN_COLUMNS.forEach((column, i) => {
    const expected = Number(row[columnIndex[i]]);
    const error = Math.abs(values[i] - expected) / stds[i];
    if (verbose)
      console.log(
        `  ${column.padEnd(26)} ours ${values[i].toPrecision(7).padStart(14)}  csv ${expected.toPrecision(7).padStart(14)}  err ${error.toExponential(2)} std`,
      );
    if (error > worst.error) worst = { column, error };
  });
  const seconds = samples.length / 22050;
  console.log(
    `${name}: ${ms.toFixed(1)} ms wall, ${cpuMs.toFixed(1)} ms CPU per clip (${seconds.toFixed(1)} s: ` +
      `${(seconds / (cpuMs / 1000)).toFixed(0)}× real time on CPU time); worst ${worst.column} ${worst.error.toExponential(2)} std`,
  );
  if (stages) {
    const times = stageTimes(samples, 9);
    let total = 0;
    for (const ms of times.values()) total += ms;
    const list = [...times].map(([stage, ms]) => `${stage} ${ms.toFixed(1)}`).join(', ');
    console.log(`  CPU ms per stage (median of 9): ${list}; sum ${total.toFixed(0)}`);
  }
}

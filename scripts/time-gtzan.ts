/**
 * Times the gtzan-librosa feature set on the GTZAN check clips and prints each column's error in units of
 * that column's standard deviation over features_30_sec.csv. Run by hand: `npx tsx scripts/time-gtzan.ts`.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { decodeWav } from '../src/core/audio/wav';
import { mixToMono } from '../src/core/audio/signal';
import { extractGtzanLibrosa, GTZAN_COLUMNS } from '../src/core/features/gtzanLibrosa';

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
for (const name of ['blues.00000.wav', 'metal.00000.wav']) {
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
}

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { mixToMono } from '../audio/signal';
import { decodeWav } from '../audio/wav';
import { createGtzanAccumulator, extractGtzanLibrosa, GTZAN_COLUMNS, gtzanLibrosaSpec } from './gtzanLibrosa';

const shared = path.resolve(process.cwd(), '../shared/data');

interface CsvTable {
  rows: Map<string, number[]>;
  /** Standard deviation of each of the 57 columns over the CSV's 1,000 rows. */
  stds: number[];
}

function readCsv(): CsvTable {
  const lines = readFileSync(path.join(shared, 'tabular/gtzan/features_30_sec.csv'), 'utf8')
    .trim()
    .split('\n');
  const header = lines[0].split(',');
  const columns = GTZAN_COLUMNS.map((c) => header.indexOf(c));
  const rows = new Map<string, number[]>();
  for (const line of lines.slice(1)) {
    const cells = line.split(',');
    rows.set(
      cells[0],
      columns.map((j) => Number(cells[j])),
    );
  }
  const all = [...rows.values()];
  const stds = GTZAN_COLUMNS.map((_, i) => {
    const mean = all.reduce((a, r) => a + r[i], 0) / all.length;
    return Math.sqrt(all.reduce((a, r) => a + (r[i] - mean) ** 2, 0) / all.length);
  });
  return { rows, stds };
}

function readClip(name: string): Float32Array {
  const { channels, sampleRate } = decodeWav(
    new Uint8Array(readFileSync(path.join(shared, 'gtzan-check', name))),
  );
  expect(sampleRate).toBe(22050);
  return mixToMono(channels);
}

/** |ours − reference| / std for every column, and the worst of them. */
function errors(values: Float32Array, reference: number[], stds: number[]) {
  const perColumn = GTZAN_COLUMNS.map((column, i) => ({
    column,
    error: Math.abs(values[i] - reference[i]) / stds[i],
  }));
  const worst = perColumn.reduce((a, b) => (b.error > a.error ? b : a));
  return { perColumn, worst };
}

describe('gtzan-librosa on the GTZAN check clips', () => {
  let table: CsvTable;
  /** Whole-clip values, computed once and reused by later checks. */
  const whole = new Map<string, Float32Array>();
  const wholeValues = (name: string): Float32Array => {
    let values = whole.get(name);
    if (!values) {
      values = extractGtzanLibrosa(readClip(name));
      whole.set(name, values);
    }
    return values;
  };
  beforeAll(() => {
    table = readCsv();
  });

  it('has the CSV header in order and a spec naming it', () => {
    const header = readFileSync(path.join(shared, 'tabular/gtzan/features_30_sec.csv'), 'utf8')
      .split('\n')[0]
      .split(',');
    expect(header.slice(2, -1)).toEqual([...GTZAN_COLUMNS]);
    expect(GTZAN_COLUMNS).toHaveLength(57);
    expect(gtzanLibrosaSpec).toMatchObject({
      name: 'gtzan-librosa',
      version: 1,
      sampleRate: 22050,
      frameLength: 2048,
      hop: 512,
    });
    expect(gtzanLibrosaSpec.columns).toEqual([...GTZAN_COLUMNS]);
  });

  for (const name of ['blues.00000.wav', 'country.00000.wav', 'metal.00000.wav']) {
    it(`reproduces every CSV column of ${name} within 0.1 std`, () => {
      const reference = table.rows.get(name);
      if (!reference) throw new Error(`No CSV row for ${name}`);
      const values = wholeValues(name);
      expect(values).toHaveLength(57);
      const { perColumn, worst } = errors(values, reference, table.stds);
      console.log(`${name}: worst column ${worst.column}, error ${worst.error.toExponential(2)} std`);
      for (const { column, error } of perColumn) expect(error, column).toBeLessThan(0.1);
    });
  }

  it('gives the same values however a clip is pushed', () => {
    const samples = readClip('metal.00000.wav');
    const accumulator = createGtzanAccumulator();
    for (let start = 0; start < samples.length; start += 10 * 22050)
      accumulator.push(samples.subarray(start, start + 10 * 22050));
    expect(Array.from(accumulator.result())).toEqual(Array.from(wholeValues('metal.00000.wav')));
  });

  it('pools a clip analysed in three 10-s pieces close to the whole clip, whatever the push sizes', () => {
    const samples = readClip('blues.00000.wav');
    const once = createGtzanAccumulator({ segmentSeconds: 10 });
    once.push(samples);
    const pooled = once.result();
    const inSteps = createGtzanAccumulator({ segmentSeconds: 10 });
    for (let start = 0; start < samples.length; start += 7 * 22050)
      inSteps.push(samples.subarray(start, start + 7 * 22050));
    expect(Array.from(inSteps.result())).toEqual(Array.from(pooled));

    const reference = wholeValues('blues.00000.wav');
    expect(pooled).not.toEqual(reference);
    const { perColumn, worst } = errors(pooled, Array.from(reference), table.stds);
    console.log(
      `blues.00000.wav in 10-s pieces: worst column ${worst.column}, error ${worst.error.toExponential(2)} std`,
    );
    for (const { column, error } of perColumn) expect(error, column).toBeLessThan(0.1);
  });
});

describe('extractGtzanLibrosa on edge cases', () => {
  it('rejects empty input and bad segment lengths', () => {
    expect(() => extractGtzanLibrosa(new Float32Array(0))).toThrow('No audio samples to analyse');
    expect(() => createGtzanAccumulator().result()).toThrow('No audio samples to analyse');
    expect(() => createGtzanAccumulator({ segmentSeconds: 0 })).toThrow('got 0');
  });

  it('treats NaN and infinite samples as silence', () => {
    const clip = new Float32Array(22050).map((_, i) => 0.2 * Math.sin(i * 0.05));
    clip[100] = 0;
    clip[2000] = 0;
    const zeroed = extractGtzanLibrosa(clip);
    clip[100] = NaN;
    clip[2000] = Infinity;
    expect(Array.from(extractGtzanLibrosa(clip))).toEqual(Array.from(zeroed));
  });

  it('gives finite values for silence and for a clip shorter than one frame', () => {
    const short = new Float32Array(700);
    for (let i = 0; i < short.length; i++) short[i] = 0.3 * Math.sin(i * 0.2);
    for (const clip of [new Float32Array(22050), short, Float32Array.of(0.5)]) {
      const values = extractGtzanLibrosa(clip);
      expect(values).toHaveLength(57);
      expect(Array.from(values).every(Number.isFinite)).toBe(true);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../core/data/csv';
import type { ClassifyFile } from '../../state/classify';
import { instrumentPresence } from './instrumentPresence';
import { RESULTS_CSV_HEADER, resultsCsv, summarizeFile } from './results';

const unit = (start: number, probs: number[] | null) => ({ start, end: start + 1, probs, point: null });

describe('instrumentPresence', () => {
  it('applies the core rule to the windows of a song, leaving silent windows out', () => {
    const units = [
      unit(0, [0.9, 0.1, 0]),
      unit(1, [0.8, 0.2, 0]),
      unit(2, null),
      unit(3, [0.3, 0.6, 0.1]),
      ...Array.from({ length: 17 }, (_, i) => unit(4 + i, [0.7, 0.3, 0])),
    ];
    const verdict = instrumentPresence(['violin', 'flute', 'drums'], units);
    expect(verdict.soundingWindows).toBe(20);
    expect(verdict.heard.map((r) => r.name)).toEqual(['violin']);
    expect(verdict.rows[1]).toMatchObject({ name: 'flute', present: false });
    expect(verdict.rows[1].share).toBeCloseTo(1 / 20, 9);
  });

  it('hears nothing in a silent song, and says so', () => {
    const verdict = instrumentPresence(['a', 'b'], [unit(0, null)]);
    expect(verdict.heard).toEqual([]);
    expect(verdict.notSure).toMatch(/Nothing sounds/);
  });
});

describe('results', () => {
  const file: ClassifyFile = {
    id: 'f1',
    name: 'song, "live".ogg',
    byteLength: 1000,
    phase: 'done',
    progress: 1,
    hasVisuals: true,
    timings: {},
    durationSeconds: 61.4567,
    genre: {
      modelId: 'shipped:genre',
      classNames: ['blues', 'jazz'],
      units: [],
      song: [0.25, 0.75],
      abstain: null,
      segments: [],
      done: 1,
      total: 1,
    },
    instruments: {
      modelId: 'shipped:instruments',
      classNames: ['piano', 'trumpet'],
      units: [unit(0, [0.9, 0.1]), unit(1, [0.2, 0.8])],
      song: [0.55, 0.45],
      abstain: null,
      segments: [],
      done: 1,
      total: 1,
    },
  };

  it('summarises a file by its top genre and the instruments heard', () => {
    expect(summarizeFile(file)).toEqual({
      id: 'f1',
      name: 'song, "live".ogg',
      durationSeconds: 61.4567,
      status: 'done',
      topGenre: 'jazz',
      topGenreProb: 0.75,
      instruments: ['piano', 'trumpet'],
      instrumentsNotSure: false,
    });
  });

  it('writes CSV that reads back: a header, one row per file, empty cells where there is no answer', () => {
    const failed: ClassifyFile = {
      id: 'f2',
      name: 'bad.mp3',
      byteLength: 5,
      phase: 'error',
      progress: 0,
      hasVisuals: false,
      timings: {},
    };
    const csv = parseCsv(resultsCsv([summarizeFile(file), summarizeFile(failed)]));
    expect(csv.header).toEqual(RESULTS_CSV_HEADER);
    expect(csv.rows).toEqual([
      ['song, "live".ogg', '61.457', 'jazz', '0.75', 'piano; trumpet', 'done'],
      ['bad.mp3', '', '', '', '', 'error'],
    ]);
  });
});

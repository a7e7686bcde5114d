import { describe, expect, it } from 'vitest';
import { capNote, capRowsPerFile, filesPerClass, imbalanceRatio, perFileCap, pickRows } from './perFile';

/** Rows of files as a folder of notes gives them: one group name per 1-s window. */
function windows(files: Array<[string, number]>): string[] {
  return files.flatMap(([name, n]) => Array.from({ length: n }, () => name));
}

describe('judging audio datasets by files', () => {
  // Flute: ten short notes (1 window each); cello: ten long notes (13 windows each). By rows 13 : 1.
  const flute = Array.from({ length: 10 }, (_, i): [string, number] => [`flute/${i}.mp3`, 1]);
  const cello = Array.from({ length: 10 }, (_, i): [string, number] => [`cello/${i}.mp3`, 13]);
  const groups = windows([...cello, ...flute]);
  const labels = groups.map((g) => (g.startsWith('cello') ? 0 : 1));

  it('counts files per class, so long notes do not make a class look larger', () => {
    const rows = [labels.filter((y) => y === 0).length, labels.filter((y) => y === 1).length];
    expect(imbalanceRatio(rows)).toBe(13);
    expect(filesPerClass(labels, groups, 2)).toEqual([10, 10]);
    expect(imbalanceRatio(filesPerClass(labels, groups, 2))).toBe(1);
    expect(imbalanceRatio([4, 0])).toBe(Infinity);
    expect(() => filesPerClass([0], ['a', 'b'], 2)).toThrow('Expected one group per row (1), got 2');
  });

  it('caps each file at twice the windows of a typical file of the shortest-noted class, evenly spaced', () => {
    // Flute notes give 1 window: at most 2 per file, so cello gives 20 rows to flute's 10 (not 130 to 10).
    const cap = perFileCap(groups, labels);
    expect(cap).toBe(2);
    const keep = capRowsPerFile(groups, cap);
    const kept = Array.from(keep, (r) => labels[r]);
    expect([kept.filter((y) => y === 0).length, kept.filter((y) => y === 1).length]).toEqual([20, 10]);
    // Cello's first note is rows 0–12: the kept windows lie at its first and second halves' middles.
    expect(Array.from(keep.subarray(0, 2))).toEqual([3, 9]);
    expect(capNote(groups, keep, cap)).toEqual({ cap: 2, rowsLeftOut: 110, files: 10 });
    // Equally long songs: nothing is left out.
    const songs = windows(Array.from({ length: 6 }, (_, i): [string, number] => [`s${i}`, 30]));
    const songCap = perFileCap(
      songs,
      [0, 0, 0, 1, 1, 1].flatMap((y) => Array(30).fill(y) as number[]),
    );
    expect(capNote(songs, capRowsPerFile(songs, songCap), songCap)).toBeNull();
    expect(() => capRowsPerFile(groups, 0)).toThrow('Expected a cap >= 1 rows per file, got 0');
    expect(() => perFileCap(groups, [0])).toThrow('Expected one group per row (1)');
  });

  it('keeps the picked rows of a matrix', () => {
    const x = Float32Array.from([0, 1, 10, 11, 20, 21]);
    expect(Array.from(pickRows(x, 2, Int32Array.from([0, 2])))).toEqual([0, 1, 20, 21]);
  });
});

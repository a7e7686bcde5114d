import type { TrainValTestSplit } from './split';
import { trackIdOf } from './tabular';

/**
 * A split fixed by name rather than drawn: three lists of track or file names (e.g. the artist-filtered GTZAN
 * split of Kereliuk, Sturm & Larsen 2015), so that anyone can reproduce a figure on the same held-out tracks.
 */
export interface NamedSplitLists {
  train: readonly string[];
  val: readonly string[];
  test: readonly string[];
}

export interface NamedSplit extends TrainValTestSplit {
  /** Rows whose group is on no list: left out of every part. */
  unlisted: number;
  /** Listed names that no row has (e.g. faulty tracks missing from the CSV). */
  missing: { train: number; val: number; test: number };
}

const PARTS = ['train', 'val', 'test'] as const;

/** One name a line; blank lines and `#` comments are skipped; names are compared as tracks (`trackIdOf`). */
export function parseNameList(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.replace(/#.*/, '').trim())
    .filter((line) => line !== '');
}

/**
 * Row indices of each part: a row belongs to the part whose list names its group (its track). A name on two
 * lists is an error, as is a split that leaves training or test empty.
 */
export function namedSplit(groups: readonly string[], lists: NamedSplitLists): NamedSplit {
  const partOf = new Map<string, number>();
  for (const [p, part] of PARTS.entries()) {
    for (const name of lists[part]) {
      const track = trackIdOf(name);
      const known = partOf.get(track);
      if (known !== undefined && known !== p) {
        throw new Error(`Expected each track on one list, but ${name} is on ${PARTS[known]} and ${part}`);
      }
      partOf.set(track, p);
    }
  }
  const rows: number[][] = [[], [], []];
  const seen = new Set<string>();
  let unlisted = 0;
  groups.forEach((group, r) => {
    const track = trackIdOf(group);
    const p = partOf.get(track);
    if (p === undefined) {
      unlisted++;
      return;
    }
    seen.add(track);
    rows[p].push(r);
  });
  const missing = { train: 0, val: 0, test: 0 };
  for (const [track, p] of partOf) if (!seen.has(track)) missing[PARTS[p]]++;
  for (const part of ['train', 'test'] as const) {
    if (rows[PARTS.indexOf(part)].length === 0) {
      throw new Error(
        `Expected the ${part} list to name some of the data's tracks, but none of its ${lists[part].length} names is in the data`,
      );
    }
  }
  return {
    train: Int32Array.from(rows[0]),
    val: Int32Array.from(rows[1]),
    test: Int32Array.from(rows[2]),
    unlisted,
    missing,
  };
}

/**
 * The rows a run trains, validates and scores on, from a named split. Scoring the test list, the model trains
 * on train and valid together unless it needs the validation rows (early stopping, a tuned threshold);
 * scoring the valid list (for tuning), it trains on train alone and the test list stays unseen.
 */
export function namedSplitParts(
  split: NamedSplit,
  options: { heldOut: 'test' | 'valid'; keepValidation: boolean },
): TrainValTestSplit {
  const none = new Int32Array(0);
  if (options.heldOut === 'valid') {
    if (split.val.length === 0) throw new Error('Expected a valid list to score, but the split names none');
    return { train: split.train, val: none, test: split.val };
  }
  if (options.keepValidation) return { train: split.train, val: split.val, test: split.test };
  const train = Int32Array.from([...split.train, ...split.val]).sort();
  return { train, val: none, test: split.test };
}

/**
 * `--split DIR`: a folder of name lists that fixes the split (train*.txt, valid*.txt or val*.txt, test*.txt,
 * one track or file name a line), e.g. ../shared/data/tabular/gtzan/splits (the artist-filtered GTZAN split).
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseNameList, type NamedSplitLists } from '../core/data/namedSplit';
import { UsageError } from './args';

const LIST_FILES: Record<keyof NamedSplitLists, RegExp> = {
  train: /^train.*\.txt$/i,
  val: /^val(id)?.*\.txt$/i,
  test: /^test.*\.txt$/i,
};

/** True when `--split` names a folder (rather than train,val,test fractions). */
export async function isSplitFolder(value: string): Promise<boolean> {
  return stat(value).then(
    (s) => s.isDirectory(),
    () => false,
  );
}

export interface SplitFolder extends NamedSplitLists {
  dir: string;
  files: { train: string; val: string | null; test: string };
}

/** Reads the lists of a split folder; train and test lists are required, validation is optional. */
export async function readSplitFolder(dir: string): Promise<SplitFolder> {
  const names = (await readdir(dir)).sort();
  const pick = (part: keyof NamedSplitLists): string | null => {
    const found = names.filter((n) => LIST_FILES[part].test(n));
    if (found.length > 1) {
      throw new UsageError(`--split ${dir}: expected one ${part} list, found ${found.join(', ')}`);
    }
    return found[0] ?? null;
  };
  const train = pick('train');
  const val = pick('val');
  const test = pick('test');
  if (train === null || test === null) {
    throw new UsageError(
      `--split ${dir}: expected train*.txt and test*.txt (and optionally valid*.txt) lists of names, found ${names.join(', ') || 'nothing'}`,
    );
  }
  const read = async (file: string | null) =>
    file === null ? [] : parseNameList(await readFile(path.join(dir, file), 'utf8'));
  return {
    dir,
    files: { train, val, test },
    train: await read(train),
    val: await read(val),
    test: await read(test),
  };
}

/**
 * CSV files as one labelled table, as the Train view assembles them: each file's rows labelled by a column or
 * all by the file's class, merged on the columns every file has, classes ordered, suspect columns named. Plain
 * data in and out, so that it runs in a worker (a large CSV never blocks the page) and in Node's tests.
 */
import { mergeOnSharedColumns, suspectColumns, type SuspectColumn } from './columns';
import { tabularFromCsv, type TabularDataset } from './tabular';

/** How a CSV file's rows get their class. */
export interface CsvLabelling {
  name: string;
  /** `column`: a column names each row's class; `class`: every row of the file is `className`. */
  labelMode: 'column' | 'class';
  labelColumn: string | null;
  className: string;
}

export interface CsvTable {
  /** The merged rows, classes in `orderClasses` order. */
  merged: TabularDataset;
  /** Columns left out because not every file has them. */
  uncommon: string[];
  /** Columns training leaves out by default (row ids, a column that alone separates the classes). */
  suspects: SuspectColumn[];
}

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Classes in alphabetical order, except that with two classes the rarer one comes second: class 1 is the
 * positive class of ROC curves and thresholds (reggaeton among other songs), as in scikit-learn's convention.
 * Returns the new names and the labels remapped to them.
 */
export function orderClasses(
  classNames: readonly string[],
  labels: Int32Array,
): { classNames: string[]; labels: Int32Array } {
  const counts = new Array<number>(classNames.length).fill(0);
  for (const y of labels) if (y >= 0) counts[y]++;
  const order = classNames.map((_, k) => k).sort((a, b) => byName(classNames[a], classNames[b]));
  if (order.length === 2 && counts[order[0]] < counts[order[1]]) order.reverse();
  const newIndex = new Int32Array(classNames.length);
  order.forEach((old, k) => (newIndex[old] = k));
  return {
    classNames: order.map((k) => classNames[k]),
    labels: labels.map((y) => (y >= 0 ? newIndex[y] : y)),
  };
}

function readLabelled(file: CsvLabelling, text: string): TabularDataset {
  if (file.labelMode === 'class') {
    if (file.className.trim() === '') throw new Error(`Give the rows of ${file.name} a class name`);
    return tabularFromCsv(text, { labelFor: file.className.trim(), source: file.name });
  }
  if (!file.labelColumn) throw new Error(`Choose the label column of ${file.name}`);
  return tabularFromCsv(text, { label: file.labelColumn, source: file.name });
}

/**
 * The files (`texts[i]` is `files[i]`'s text) as one table. Throws the core's message, naming the file and
 * column, when a file cannot be read as labelled rows.
 */
export function csvTable(files: readonly CsvLabelling[], texts: readonly string[]): CsvTable {
  if (files.length === 0) throw new Error('Add a CSV file first');
  if (texts.length !== files.length) {
    throw new Error(`Expected the text of each of ${files.length} CSV files, got ${texts.length}`);
  }
  // Merged on the columns every file has (the core's rule, as in the CLI).
  const { merged, uncommon } = mergeOnSharedColumns(files.map((f, i) => readLabelled(f, texts[i])));
  if (merged.classNames.length === 0) throw new Error('The CSV rows have no labels');
  const ordered = orderClasses(merged.classNames, merged.labels);
  const table = { ...merged, classNames: ordered.classNames, labels: ordered.labels };
  return {
    merged: table,
    uncommon,
    suspects: table.classNames.length >= 2 ? suspectColumns(table) : [],
  };
}

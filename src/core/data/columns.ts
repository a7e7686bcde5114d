import { mergeDatasets, type TabularDataset } from './tabular';

/**
 * Columns a model should not train on by default because they describe the file, not the music: row ids
 * (Spike's `id_new` numbers reggaeton rows 1–70 and the rest 71–2300, so a net that learns it scores 99 % on
 * its test split and nothing on new songs), and any single column that alone sorts the classes apart.
 */
export interface SuspectColumn {
  name: string;
  reason: 'id-like' | 'separates-classes';
  /** For the user, in a few words. */
  detail: string;
}

/** `id`, `idx`, `index`, `row_id`, `id_new`, `trackId`: an id or index by its name (not `key`, a pitch class). */
const ID_NAME = /^(id|idx|index|row|rownum|row_?number)$|(^|[_\s.-])(id|idx)($|[_\s.-])|[a-z]Id$|^id[A-Z]/i;
/** Fewer rows than this are too few to call a column suspicious from its values. */
const MIN_ROWS = 20;
/** A column whose sorted values change class at most this often (beyond the classes − 1 unavoidable changes). */
const SEPARATING_CHANGES = 0.01;

/** Whether the values are integers, unique, and in increasing order: a row number. */
function isRowNumber(values: Float32Array | number[]): boolean {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isInteger(values[i])) return false;
    if (i > 0 && !(values[i] > values[i - 1])) return false;
  }
  return true;
}

/**
 * How far the rows are from being sorted into classes by this column: the class changes between neighbours
 * when the rows are sorted by it, plus, where rows share a value, those not of that value's commonest class.
 * Few: the column alone separates the classes.
 */
function classChanges(values: Float32Array, labels: Int32Array): number {
  const order = Array.from(values, (_, r) => r).sort((a, b) => values[a] - values[b]);
  let changes = 0;
  let previous = -1;
  for (let start = 0; start < order.length;) {
    const counts = new Map<number, number>();
    let end = start;
    for (; end < order.length && values[order[end]] === values[order[start]]; end++) {
      const y = labels[order[end]];
      counts.set(y, (counts.get(y) ?? 0) + 1);
    }
    const [majority, most] = [...counts].reduce((a, b) => (b[1] > a[1] ? b : a));
    changes += end - start - most;
    if (previous >= 0 && majority !== previous) changes++;
    previous = majority;
    start = end;
  }
  return changes;
}

/** The dataset's suspect columns, in column order. Labels are used only where every row has one. */
export function suspectColumns(ds: TabularDataset): SuspectColumn[] {
  const width = ds.columns.length;
  const labelled = ds.classNames.length >= 2 && ds.labels.every((y) => y >= 0);
  const out: SuspectColumn[] = [];
  const values = new Float32Array(ds.rows);
  ds.columns.forEach((name, j) => {
    for (let r = 0; r < ds.rows; r++) values[r] = ds.features[r * width + j];
    if (ID_NAME.test(name)) {
      out.push({ name, reason: 'id-like', detail: 'named like a row id or index' });
    } else if (ds.rows >= MIN_ROWS && isRowNumber(values)) {
      out.push({
        name,
        reason: 'id-like',
        detail: 'unique whole numbers increasing row by row, like a row id',
      });
    } else if (labelled && ds.rows >= MIN_ROWS) {
      const allowed = ds.classNames.length - 1 + Math.floor(SEPARATING_CHANGES * ds.rows);
      const changes = classChanges(values, ds.labels);
      if (changes <= allowed && new Set(values).size > 1) {
        out.push({
          name,
          reason: 'separates-classes',
          detail: `alone separates the classes (sorted by it, the class changes ${changes} times in ${ds.rows} rows): more likely how the files were made than the music`,
        });
      }
    }
  });
  return out;
}

/** The dataset with only `columns` (in that order); names it lacks are an error. */
export function selectColumns(ds: TabularDataset, columns: readonly string[]): TabularDataset {
  const order = columns.map((c) => ds.columns.indexOf(c));
  const missing = columns.filter((_, j) => order[j] < 0);
  if (missing.length > 0) throw new Error(`Expected the data to have the columns ${missing.join(', ')}`);
  const width = ds.columns.length;
  const features = new Float32Array(ds.rows * columns.length);
  for (let r = 0; r < ds.rows; r++) {
    for (let j = 0; j < columns.length; j++)
      features[r * columns.length + j] = ds.features[r * width + order[j]];
  }
  const left = ds.columns.filter((c) => !columns.includes(c));
  return {
    ...ds,
    features,
    columns: [...columns],
    ignoredColumns: [...ds.ignoredColumns, ...left.map((name) => ({ name, reason: 'drop' as const }))],
  };
}

/**
 * Datasets merged on the columns they all have (the first one's order); `uncommon` lists the columns some
 * file lacks, left out of all (Spike's reggaeton file has no `time_signature`).
 */
export function mergeOnSharedColumns(datasets: readonly TabularDataset[]): {
  merged: TabularDataset;
  uncommon: string[];
} {
  if (datasets.length === 0) throw new Error('Expected at least one dataset to merge, got none');
  const shared = datasets[0].columns.filter((c) => datasets.every((ds) => ds.columns.includes(c)));
  const uncommon = [...new Set(datasets.flatMap((ds) => ds.columns))].filter((c) => !shared.includes(c));
  if (shared.length === 0) {
    throw new Error(
      `The files share no numeric column: ${datasets.map((ds) => ds.source ?? '?').join(', ')}`,
    );
  }
  const projected = uncommon.length === 0 ? datasets : datasets.map((ds) => selectColumns(ds, shared));
  return { merged: mergeDatasets(...projected), uncommon };
}

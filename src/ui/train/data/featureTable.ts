/**
 * The one table a run trains on, assembled from labelled clips' feature rows or from CSV files, and the
 * columns Explore keeps. Plain data in and out (no DOM), so it is tested in Node.
 */
import type { SuspectColumn } from '../../../core/data/columns';
import { csvTable, orderClasses, type CsvTable } from '../../../core/data/csvTable';
import type { DroppedRow, IgnoredColumn } from '../../../core/data/tabular';
import { parseCsvHeader } from '../../../core/data/csv';
import { GTZAN_COLUMNS, gtzanLibrosaSpec } from '../../../core/features/gtzanLibrosa';
import { tabularSpec, type FeatureSpec } from '../../../core/features/spec';
import type { AudioClipEntry, CsvFileEntry, TableSummary } from '../../../state/dataset';
import { inputShapeOf, specOf, type AudioFeatureSet, type ClipRows } from '../../../core/features/audioSets';
import {
  capNote,
  capRowsPerFile,
  filesPerClass,
  perFileCap,
  pickRows,
  type CapNote,
} from '../../../core/dataset/perFile';

export interface FeatureTable {
  kind: 'audio' | 'csv';
  /** `frames`, `gtzan-librosa`, `logmel`, or `csv`. */
  featureSet: string;
  /** rows × inputSize, row-major, unnormalised. */
  x: Float32Array;
  rows: number;
  inputShape: number[];
  columns: string[];
  labels: Int32Array;
  classNames: string[];
  /** Rows of one group (a clip, a track) stay on one side of a split. */
  groups: string[];
  ids: string[];
  /** Audio: the clip each row came from. */
  clipIds: string[] | null;
  source: string;
  dropped: DroppedRow[];
  ignoredColumns: IgnoredColumn[];
  uncommonColumns: string[];
  /** CSV columns left out of training by default: row ids, or one that alone separates the classes. */
  suspectColumns: SuspectColumn[];
  /** Audio: windows left out so that no clip outweighs the others (core/dataset/perFile); null when none. */
  capNote?: CapNote | null;
}

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Clips that are extracted and labelled, their rows stacked; classes in alphabetical order. */
export function tableFromClips(
  clips: readonly AudioClipEntry[],
  rowsOf: (clipId: string) => ClipRows | undefined,
  featureSet: AudioFeatureSet,
): FeatureTable {
  const inputShape = inputShapeOf(featureSet);
  const size = inputShape.reduce((a, b) => a * b, 1);
  const usable = clips.filter((c) => c.className.trim() !== '' && rowsOf(c.id)?.count);
  const classNames = [...new Set(usable.map((c) => c.className.trim()))].sort(byName);
  const total = usable.reduce((n, c) => n + rowsOf(c.id)!.count, 0);
  const x = new Float32Array(total * size);
  const labels = new Int32Array(total);
  const groups: string[] = [];
  const ids: string[] = [];
  const clipIds: string[] = [];
  let at = 0;
  for (const clip of usable) {
    const rows = rowsOf(clip.id)!;
    if (rows.values.length !== rows.count * size) {
      throw new Error(
        `Clip "${clip.name}" has rows of ${rows.values.length / rows.count} values, expected ${size} (${featureSet})`,
      );
    }
    x.set(rows.values, at * size);
    const label = classNames.indexOf(clip.className.trim());
    for (let r = 0; r < rows.count; r++) {
      labels[at + r] = label;
      groups.push(clip.id);
      ids.push(`${clip.name}@${rows.starts[r].toFixed(1)}s`);
      clipIds.push(clip.id);
    }
    at += rows.count;
  }
  const ordered = orderClasses(classNames, labels);
  // Judged by files, not windows: no clip gives more than twice a typical clip's rows of the class with the shortest clips (core/dataset/perFile).
  const cap = perFileCap(groups, ordered.labels);
  const keep = capRowsPerFile(groups, cap);
  const capped = capNote(groups, keep, cap);
  const kept = <T>(list: T[]) => (capped ? Array.from(keep, (r) => list[r]) : list);
  return {
    kind: 'audio',
    featureSet,
    x: capped ? pickRows(x, size, keep) : x,
    rows: keep.length,
    inputShape,
    columns: [...specOf(featureSet).columns],
    labels: capped ? Int32Array.from(keep, (r) => ordered.labels[r]) : ordered.labels,
    classNames: ordered.classNames,
    groups: kept(groups),
    ids: kept(ids),
    clipIds: kept(clipIds),
    capNote: capped,
    source: `${usable.length} clips (${featureSet})`,
    dropped: [],
    ignoredColumns: [],
    uncommonColumns: [],
    suspectColumns: [],
  };
}

/** The header of a CSV file, as `tabularFromCsv` will read it. */
export function csvHeader(text: string): string[] {
  return parseCsvHeader(text);
}

/** A class name from a file name: `data_reggaeton.csv` → `reggaeton`. */
export function classNameFromFile(name: string): string {
  return (
    name
      .replace(/\.[^.]+$/, '')
      .replace(/^data[_-]/i, '')
      .trim() || name
  );
}

/** Defaults for a newly added CSV: a `label` column when there is one (or one file alone), else a class per file. */
export function csvEntryDefaults(
  name: string,
  header: string[],
  otherFiles: number,
): Pick<CsvFileEntry, 'labelMode' | 'labelColumn' | 'className'> {
  const named = header.filter((h) => h.trim() !== '');
  const labelColumn =
    named.find((h) => h.toLowerCase() === 'label') ??
    named.find((h) => ['class', 'genre', 'target'].includes(h.toLowerCase())) ??
    null;
  const labelMode = labelColumn !== null || otherFiles === 0 ? 'column' : 'class';
  return {
    labelMode,
    labelColumn: labelColumn ?? named[named.length - 1] ?? null,
    className: classNameFromFile(name),
  };
}

/**
 * One or more CSV files as one table (core/data/csvTable, which the Train view runs in a worker). Each file's
 * labels come from a column or name the whole file's class; columns missing from some file are left out of
 * all (listed in `uncommonColumns`). Throws the core's message (naming the file and column) when a file
 * cannot be read as labelled rows.
 */
export function tableFromCsvFiles(
  files: readonly CsvFileEntry[],
  textOf: (fileId: string) => string | undefined,
): FeatureTable {
  const texts = files.map((f) => {
    const text = textOf(f.id);
    if (text === undefined) throw new Error(`The text of ${f.name} is no longer loaded: add the file again`);
    return text;
  });
  return featureTableOfCsv(csvTable(files, texts), files);
}

/** The feature table of CSV files already merged (by `csvTable`, in the page's CSV worker). */
export function featureTableOfCsv(csv: CsvTable, files: readonly Pick<CsvFileEntry, 'name'>[]): FeatureTable {
  const { merged, uncommon, suspects } = csv;
  return {
    kind: 'csv',
    featureSet: 'csv',
    x: merged.features,
    rows: merged.rows,
    inputShape: [merged.columns.length],
    columns: merged.columns,
    labels: merged.labels,
    classNames: merged.classNames,
    groups: merged.groups,
    ids: merged.ids,
    clipIds: null,
    source: files.map((f) => f.name).join(' + '),
    dropped: merged.dropped,
    ignoredColumns: merged.ignoredColumns.filter((c) => !uncommon.includes(c.name)),
    uncommonColumns: uncommon,
    suspectColumns: suspects,
  };
}

export function summarizeTable(table: FeatureTable): TableSummary {
  const classCounts = new Array<number>(table.classNames.length).fill(0);
  for (const y of table.labels) if (y >= 0) classCounts[y]++;
  return {
    rows: table.rows,
    columns: table.columns,
    inputShape: table.inputShape,
    classNames: table.classNames,
    classCounts,
    classFiles: filesPerClass(table.labels, table.groups, table.classNames.length),
    capNote: table.capNote ?? null,
    groups: new Set(table.groups).size,
    dropped: table.dropped,
    ignoredColumns: table.ignoredColumns,
    uncommonColumns: table.uncommonColumns,
    suspectColumns: table.suspectColumns,
  };
}

/** Why this table cannot be trained on yet, in the user's words; null when it can. */
export function tableProblem(summary: TableSummary): string | null {
  if (summary.rows === 0) return 'No labelled rows yet: add clips (one folder per class) or a CSV file.';
  if (summary.classNames.length < 2) {
    return `Only one class (${summary.classNames[0]}): a classifier needs at least two.`;
  }
  if (summary.groups < 3) {
    return `Only ${summary.groups} files: train, validation and test need at least one each.`;
  }
  return null;
}

/** Whether Explore's per-column tools and the feature chooser apply (not to log-mel images). */
export function isTabular(table: Pick<FeatureTable, 'inputShape'>): boolean {
  return table.inputShape.length === 1;
}

/** The kept columns in table order; unknown names are ignored, and no choice keeps them all. */
export function resolveKept(columns: readonly string[], kept: readonly string[] | null): string[] {
  if (kept === null) return [...columns];
  const set = new Set(kept);
  return columns.filter((c) => set.has(c));
}

/** The table's rows restricted to `kept` columns (tabular tables; a log-mel table is returned whole). */
export function selectColumns(
  table: FeatureTable,
  kept: readonly string[],
): { x: Float32Array; columns: string[]; inputShape: number[] } {
  if (!isTabular(table))
    return { x: table.x.slice(), columns: [...table.columns], inputShape: [...table.inputShape] };
  const indices = kept.map((name) => {
    const c = table.columns.indexOf(name);
    if (c < 0)
      throw new Error(`No column "${name}" in the table; its columns are ${table.columns.join(', ')}`);
    return c;
  });
  if (indices.length === 0) throw new Error('Keep at least one feature column to train on');
  const width = table.columns.length;
  const x = new Float32Array(table.rows * indices.length);
  for (let r = 0; r < table.rows; r++) {
    for (let j = 0; j < indices.length; j++) x[r * indices.length + j] = table.x[r * width + indices[j]];
  }
  return { x, columns: indices.map((c) => table.columns[c]), inputShape: [indices.length] };
}

/**
 * The feature spec a model trained on these columns carries: the audio set's own (restricted to the kept
 * columns); for a CSV of GTZAN columns, the gtzan-librosa set (so the model also reads songs); else `tabular`.
 */
export function featureSpecFor(table: FeatureTable, columns: readonly string[]): FeatureSpec {
  if (table.kind === 'audio') {
    const spec = specOf(table.featureSet as AudioFeatureSet);
    return isTabular(table) ? { ...spec, columns: [...columns] } : spec;
  }
  if (columns.every((c) => GTZAN_COLUMNS.includes(c))) return { ...gtzanLibrosaSpec, columns: [...columns] };
  // Numbers someone else computed: the app cannot compute them from audio, so the model scores CSV rows only
  // (the same spec the CLI's `train` writes for a CSV).
  return tabularSpec(columns, { source: table.source.slice(0, 200) });
}

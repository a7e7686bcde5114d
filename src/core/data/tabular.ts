import { parseCsv, toCsv } from './csv';

/** A row of the CSV that was left out, with the file line it starts on and why. */
export interface DroppedRow {
  line: number;
  reason: string;
  /** The dataset it came from (`source` or `labelFor` of the load), when known. */
  source?: string;
}

/** A CSV column that is not a feature, and why. */
export interface IgnoredColumn {
  name: string;
  reason: 'label' | 'id' | 'group' | 'drop' | 'index' | 'unnamed' | 'text' | 'empty';
}

/** Numeric feature rows with their labels, groups and ids: what splits, scalers and models consume. */
export interface TabularDataset {
  /** rows × columns, row-major. */
  features: Float32Array;
  rows: number;
  /** Feature column names, in file order. */
  columns: string[];
  /** Index into `classNames`, or -1 for every row of an unlabelled dataset. */
  labels: Int32Array;
  /** Empty for an unlabelled dataset. */
  classNames: string[];
  /** Rows sharing a group (a track's segments) must stay on one side of a split. */
  groups: string[];
  ids: string[];
  dropped: DroppedRow[];
  ignoredColumns: IgnoredColumn[];
  source?: string;
}

export interface TabularOptions {
  /** Column holding the class name; `null` for unlabelled data (e.g. songs to score). Default `'label'`. */
  label?: string | null;
  /** Label every row with this class (`--data LABEL=FILE.csv`); any label column is then ignored. */
  labelFor?: string;
  /** Columns to leave out. Names this file lacks are ignored, so one list can serve several files. */
  drop?: readonly string[];
  /** Column of row ids. Default: `filename`, else `id`, else the unnamed index column, else the line. */
  id?: string;
  /** Column of group ids. Default: `group`, else the track of `filename`, else the row id. */
  group?: string;
  /** Names the data in messages and prefixes ids made from an index or line (default: `labelFor`). */
  source?: string;
}

const MISSING = new Set(['', 'NA', 'N/A', 'NaN', 'nan', 'null', 'NULL', 'None', '?']);
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const INTEGER = /^[+-]?\d+$/;
const FLOAT32_MAX = 3.4028234663852886e38;

/**
 * The track a file name belongs to: `blues.00000.1.wav` → `blues.00000` (GTZAN 10-s segment 1),
 * `blues.00000.wav` → `blues.00000`. A segment suffix is a numeric part after another numeric part.
 */
export function trackIdOf(filename: string): string {
  const base = filename.trim().replace(/\.(wav|mp3|au|flac|ogg|oga|m4a|aac|aif|aiff|webm|opus)$/i, '');
  const segment = /^(.*\.\d+)\.\d+$/.exec(base);
  return segment ? segment[1] : base;
}

/** Builds a dataset from CSV text; see `TabularOptions` for how columns are chosen. */
export function tabularFromCsv(text: string, options: TabularOptions = {}): TabularDataset {
  const { labelFor, drop = [], source = labelFor } = options;
  const labelOption = options.label === undefined ? 'label' : options.label;
  if (labelFor !== undefined && labelFor.trim() === '') {
    throw new Error(`Expected labelFor to be a class name, got "${labelFor}"`);
  }
  const where = source ? ` in ${source}` : '';
  const csv = parseCsv(text);
  const { header, rows, lines } = csv;

  const named = header.filter((h) => h.trim() !== '');
  if (named.length > 0 && named.every((h) => NUMBER.test(h.trim()))) {
    throw new Error(
      `The first line${where} looks like data, not a header (${header.slice(0, 4).join(',')}…): a header row naming the columns is required`,
    );
  }
  const position = new Map<string, number>();
  header.forEach((name, c) => {
    if (name === '') return;
    const before = position.get(name);
    if (before !== undefined) {
      throw new Error(
        `Column "${name}" appears twice in the header${where} (columns ${before + 1} and ${c + 1})`,
      );
    }
    position.set(name, c);
  });
  const columnOf = (name: string, what: string): number => {
    const c = position.get(name);
    if (c === undefined) {
      throw new Error(`${what} column "${name}" not found${where}; the columns are: ${named.join(', ')}`);
    }
    return c;
  };

  // With labelFor, a label column that happens to be there is only kept out of the features.
  const labelCol = labelOption === null ? -1 : (position.get(labelOption) ?? -1);
  if (labelOption !== null && labelCol < 0 && labelFor === undefined) {
    throw new Error(
      `Label column "${labelOption}" not found${where}; the columns are: ${named.join(', ')}. Pass label: null for unlabelled data, or labelFor to label every row`,
    );
  }
  const idCol =
    options.id !== undefined
      ? columnOf(options.id, 'Id')
      : (position.get('filename') ?? position.get('id') ?? -1);
  const groupCol =
    options.group !== undefined ? columnOf(options.group, 'Group') : (position.get('group') ?? -1);
  const indexCol = header[0] === '' && isIndexColumn(rows) ? 0 : -1;

  const ignored: IgnoredColumn[] = [];
  const dropSet = new Set(drop);
  const candidates: number[] = [];
  header.forEach((name, c) => {
    if (c === labelCol) ignored.push({ name, reason: 'label' });
    else if (c === idCol) ignored.push({ name, reason: 'id' });
    else if (c === groupCol) ignored.push({ name, reason: 'group' });
    else if (dropSet.has(name)) ignored.push({ name, reason: 'drop' });
    else if (c === indexCol) ignored.push({ name, reason: 'index' });
    else if (name.trim() === '') ignored.push({ name, reason: 'unnamed' });
    else candidates.push(c);
  });

  // A column is numeric when most of its filled cells are numbers; the odd bad cell then drops its row.
  const featureCols: number[] = [];
  for (const c of candidates) {
    let numeric = 0;
    let other = 0;
    for (const row of rows) {
      const v = row[c].trim();
      if (NUMBER.test(v)) numeric++;
      else if (!MISSING.has(v)) other++;
    }
    if (numeric === 0 && other === 0) ignored.push({ name: header[c], reason: 'empty' });
    else if (numeric > other) featureCols.push(c);
    else ignored.push({ name: header[c], reason: 'text' });
  }
  const order = new Map<string, number>();
  header.forEach((name, c) => order.set(name, order.get(name) ?? c));
  ignored.sort((a, b) => order.get(a.name)! - order.get(b.name)!);

  if (rows.length === 0) throw new Error(`The CSV${where} has a header but no data rows`);
  if (featureCols.length === 0) {
    const why = ignored.map((col) => `${col.name === '' ? '(unnamed)' : col.name}: ${col.reason}`).join(', ');
    throw new Error(`No numeric feature columns${where} (${why})`);
  }
  const nCols = featureCols.length;
  const values = new Float32Array(rows.length * nCols);
  const keptLabels: string[] = [];
  const ids: string[] = [];
  const groups: string[] = [];
  const dropped: DroppedRow[] = [];
  let kept = 0;
  rows.forEach((row, r) => {
    const line = lines[r];
    const bad: string[] = [];
    for (let j = 0; j < nCols; j++) {
      const c = featureCols[j];
      const raw = row[c].trim();
      const x = NUMBER.test(raw) ? Number(raw) : NaN;
      if (Number.isNaN(x)) {
        const kind = MISSING.has(raw)
          ? raw === ''
            ? 'empty value'
            : `missing value "${raw}"`
          : `non-numeric value "${clip(raw)}"`;
        bad.push(`${kind} in column "${header[c]}"`);
      } else if (Math.abs(x) > FLOAT32_MAX) {
        bad.push(`value ${raw} in column "${header[c]}" is outside the float32 range`);
      } else {
        values[kept * nCols + j] = x;
      }
    }
    let label = labelFor;
    if (label === undefined && labelCol >= 0) {
      label = row[labelCol].trim();
      if (label === '') bad.push(`empty label in column "${header[labelCol]}"`);
    }
    if (bad.length > 0) {
      const more = bad.length > 1 ? ` (and ${bad.length - 1} more)` : '';
      dropped.push({ line, reason: bad[0] + more, ...(source ? { source } : {}) });
      return;
    }
    const fallback = indexCol >= 0 && row[indexCol].trim() !== '' ? row[indexCol].trim() : `line${line}`;
    const id =
      idCol >= 0 && row[idCol].trim() !== ''
        ? row[idCol].trim()
        : source
          ? `${source}:${fallback}`
          : fallback;
    ids.push(id);
    if (groupCol >= 0 && row[groupCol].trim() !== '') groups.push(row[groupCol].trim());
    else groups.push(idCol >= 0 && header[idCol] === 'filename' ? trackIdOf(id) : id);
    if (label !== undefined) keptLabels.push(label);
    kept++;
  });

  if (kept === 0) {
    throw new Error(
      `All ${rows.length} rows${where} were left out; the first, line ${dropped[0].line}: ${dropped[0].reason}`,
    );
  }
  const classNames = [...new Set(keptLabels)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const classIndex = new Map(classNames.map((name, k) => [name, k]));
  const labels = new Int32Array(kept).fill(-1);
  keptLabels.forEach((name, r) => (labels[r] = classIndex.get(name) ?? -1));

  return {
    features: values.slice(0, kept * nCols),
    rows: kept,
    columns: featureCols.map((c) => header[c]),
    labels,
    classNames,
    groups,
    ids,
    dropped,
    ignoredColumns: ignored,
    ...(source ? { source } : {}),
  };
}

function isIndexColumn(rows: string[][]): boolean {
  if (rows.length === 0) return false;
  const seen = new Set<string>();
  for (const row of rows) {
    const v = row[0].trim();
    if (!INTEGER.test(v) || seen.has(v)) return false;
    seen.add(v);
  }
  return true;
}

function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

function nameOf(ds: TabularDataset, k: number): string {
  return ds.source ? `dataset ${k + 1} ("${ds.source}")` : `dataset ${k + 1}`;
}

/**
 * Concatenates datasets with the same feature columns (in any order; the first one's order is kept).
 * Classes keep their first-appearance order across the inputs, so `--data a=… --data b=…` gives [a, b].
 */
export function mergeDatasets(...datasets: TabularDataset[]): TabularDataset {
  if (datasets.length === 0) throw new Error('Expected at least one dataset to merge, got none');
  const [first] = datasets;
  const labelled = first.classNames.length > 0;
  const orders = datasets.map((ds, k) => {
    const missing = first.columns.filter((c) => !ds.columns.includes(c));
    const extra = ds.columns.filter((c) => !first.columns.includes(c));
    if (missing.length > 0 || extra.length > 0) {
      const parts = [
        ...extra.map((c) => `"${c}" is in ${nameOf(ds, k)} but not in ${nameOf(first, 0)}`),
        ...missing.map((c) => `"${c}" is in ${nameOf(first, 0)} but not in ${nameOf(ds, k)}`),
      ];
      const names = JSON.stringify([...extra, ...missing]);
      throw new Error(
        `Cannot merge datasets with different columns: ${parts.join('; ')}. Drop them (drop: ${names})`,
      );
    }
    if (ds.classNames.length > 0 !== labelled) {
      throw new Error(
        `Cannot merge labelled and unlabelled datasets: ${nameOf(ds, k)} is ${labelled ? 'unlabelled' : 'labelled'} but ${nameOf(first, 0)} is not`,
      );
    }
    return first.columns.map((c) => ds.columns.indexOf(c));
  });

  const classNames: string[] = [];
  for (const ds of datasets)
    for (const name of ds.classNames) if (!classNames.includes(name)) classNames.push(name);
  const nCols = first.columns.length;
  const total = datasets.reduce((s, ds) => s + ds.rows, 0);
  const features = new Float32Array(total * nCols);
  const labels = new Int32Array(total);
  const groups: string[] = [];
  const ids: string[] = [];
  const dropped: DroppedRow[] = [];
  const ignored = new Map<string, IgnoredColumn>();
  let offset = 0;
  datasets.forEach((ds, k) => {
    const order = orders[k];
    const width = ds.columns.length;
    const remap = ds.classNames.map((name) => classNames.indexOf(name));
    for (let r = 0; r < ds.rows; r++) {
      for (let j = 0; j < nCols; j++) features[(offset + r) * nCols + j] = ds.features[r * width + order[j]];
      labels[offset + r] = ds.labels[r] >= 0 ? remap[ds.labels[r]] : -1;
    }
    groups.push(...ds.groups);
    ids.push(...ds.ids);
    for (const d of ds.dropped)
      dropped.push(d.source ? d : { ...d, source: ds.source ?? `dataset ${k + 1}` });
    for (const col of ds.ignoredColumns) if (!ignored.has(col.name)) ignored.set(col.name, col);
    offset += ds.rows;
  });
  return {
    features,
    rows: total,
    columns: [...first.columns],
    labels,
    classNames,
    groups,
    ids,
    dropped,
    ignoredColumns: [...ignored.values()],
  };
}

/** The rows at `indices` (e.g. one side of a split), in that order, as a dataset of their own. */
export function subsetDataset(ds: TabularDataset, indices: ArrayLike<number>): TabularDataset {
  const nCols = ds.columns.length;
  const features = new Float32Array(indices.length * nCols);
  const labels = new Int32Array(indices.length);
  const groups: string[] = [];
  const ids: string[] = [];
  for (let k = 0; k < indices.length; k++) {
    const r = indices[k];
    if (!Number.isInteger(r) || r < 0 || r >= ds.rows) {
      throw new Error(`Expected row indices in [0, ${ds.rows}), got ${r} at position ${k}`);
    }
    features.set(ds.features.subarray(r * nCols, (r + 1) * nCols), k * nCols);
    labels[k] = ds.labels[r];
    groups.push(ds.groups[r]);
    ids.push(ds.ids[r]);
  }
  return { ...ds, features, rows: indices.length, labels, groups, ids, columns: [...ds.columns] };
}

/** Rows per class, indexed like `classNames`. */
export function classCounts(ds: TabularDataset): number[] {
  const counts = new Array<number>(ds.classNames.length).fill(0);
  for (let r = 0; r < ds.rows; r++) if (ds.labels[r] >= 0) counts[ds.labels[r]]++;
  return counts;
}

/**
 * CSV with `id`, `group`, the features and `label` (when labelled); `tabularFromCsv` reads it back to the
 * same dataset. Features are written with the fewest digits that give back the same float32.
 */
export function datasetToCsv(ds: TabularDataset): string {
  const labelled = ds.classNames.length > 0;
  const header = ['id', 'group', ...ds.columns, ...(labelled ? ['label'] : [])];
  const clash = ds.columns.find((c) => c === 'id' || c === 'group' || (labelled && c === 'label'));
  if (clash)
    throw new Error(`Cannot write a feature column named "${clash}": that name is reserved in the CSV`);
  const nCols = ds.columns.length;
  const rows: string[][] = [];
  for (let r = 0; r < ds.rows; r++) {
    const row = [ds.ids[r], ds.groups[r]];
    for (let j = 0; j < nCols; j++) row.push(shortestFloat32(ds.features[r * nCols + j]));
    if (labelled) row.push(ds.classNames[ds.labels[r]] ?? '');
    rows.push(row);
  }
  return toCsv(header, rows);
}

/** The shortest decimal that parses back to the same float32 value. */
export function shortestFloat32(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const target = Math.fround(x);
  // Round-tripping is monotonic in the digit count (9 always suffices), so binary-search it.
  let lo = 1;
  let hi = 9;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (Math.fround(Number(target.toPrecision(mid))) === target) hi = mid;
    else lo = mid + 1;
  }
  return String(Number(target.toPrecision(lo)));
}

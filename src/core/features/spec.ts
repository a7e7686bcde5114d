import { ANALYSIS_SAMPLE_RATE } from '../audio/signal';

/**
 * A feature set's identity, carried by every model so that the app computes exactly what the model was
 * trained on. Bump `version` whenever the numbers a set produces change.
 */
export interface FeatureSpec {
  name: FeatureSetName;
  version: number;
  sampleRate: number;
  frameLength: number;
  hop: number;
  /** Column names of one output row (tabular sets), or of one frame's vector (logmel: band names). */
  columns: string[];
  /** Set-specific parameters (e.g. window seconds, mel bands), all plain JSON. */
  params?: Record<string, number | string | boolean>;
}

/** `tabular`: numbers read by name from a table's columns (a CSV), never computed from audio. */
export type FeatureSetName = 'gtzan-librosa' | 'frames' | 'timbre' | 'logmel' | 'meyda' | 'tabular';

export const TABULAR_SPEC_VERSION = 1;

/**
 * The spec of a model trained on a table's numeric columns (e.g. Spotify audio features): whoever scores it
 * reads those columns by name. Nothing is computed from audio, so the audio fields only keep every spec the
 * same shape (the analysis rate, frames of one value).
 */
export function tabularSpec(columns: readonly string[], params?: FeatureSpec['params']): FeatureSpec {
  if (columns.length === 0)
    throw new Error('Expected at least one column for a tabular feature spec, got none');
  return {
    name: 'tabular',
    version: TABULAR_SPEC_VERSION,
    sampleRate: ANALYSIS_SAMPLE_RATE,
    frameLength: 1,
    hop: 1,
    columns: [...columns],
    ...(params ? { params: { ...params } } : {}),
  };
}

/**
 * Checks that a spec read from a file is one this build computes, naming the first field that differs. Every
 * parameter must equal the registered spec's (a bundle cannot choose its own window, hop or patch hop, which
 * would let a few bytes of JSON size the work); its columns may be a subset of the set's, each named once,
 * except for sets whose columns are an axis of the input (logmel's bands), which must be all of them in order.
 */
export function checkSpecSupported(spec: FeatureSpec, supported: readonly FeatureSpec[]): void {
  // A set offered at several frame lengths and hops (meyda) has one spec for each: match on those first.
  const named = supported.filter((s) => s.name === spec.name);
  const ours =
    named.find((s) => s.frameLength === spec.frameLength && s.hop === spec.hop) ??
    named.find((s) => s.frameLength === spec.frameLength) ??
    named[0];
  if (!ours) {
    throw new Error(
      `Unknown feature set "${spec.name}": this app computes ${[...new Set(supported.map((s) => s.name))].join(', ')}`,
    );
  }
  if (ours.version !== spec.version) {
    throw new Error(
      `Feature set "${spec.name}" version ${spec.version} is not supported (this app has version ${ours.version})`,
    );
  }
  const differs = (field: string, theirs: unknown, mine: unknown) =>
    new Error(
      `Feature set "${spec.name}" ${field} is ${JSON.stringify(theirs)}, but this app computes it with ${JSON.stringify(mine)}`,
    );
  for (const field of ['sampleRate', 'frameLength', 'hop'] as const) {
    if (spec[field] !== ours[field]) throw differs(field, spec[field], ours[field]);
  }
  const theirParams = spec.params ?? {};
  const myParams = ours.params ?? {};
  for (const key of new Set([...Object.keys(myParams), ...Object.keys(theirParams)])) {
    if (theirParams[key] !== myParams[key]) throw differs(`params.${key}`, theirParams[key], myParams[key]);
  }
  checkSpecColumns(spec, ours);
}

/** Feature sets whose columns are one axis of the model input, so a subset cannot be picked. */
const WHOLE_COLUMN_SETS: readonly FeatureSetName[] = ['logmel'];

function checkSpecColumns(spec: FeatureSpec, ours: FeatureSpec): void {
  if (WHOLE_COLUMN_SETS.includes(spec.name)) {
    const at = ours.columns.findIndex((c, i) => spec.columns[i] !== c);
    if (at >= 0 || spec.columns.length !== ours.columns.length) {
      throw new Error(
        `Feature set "${spec.name}" columns must be its ${ours.columns.length} columns in order (${ours.columns[0]} … ${ours.columns[ours.columns.length - 1]}), got ${spec.columns.length} that differ at position ${at >= 0 ? at : Math.min(spec.columns.length, ours.columns.length)}`,
      );
    }
    return;
  }
  if (spec.columns.length === 0) throw new Error(`Feature set "${spec.name}" names no columns`);
  const known = new Set(ours.columns);
  const seen = new Set<string>();
  for (const c of spec.columns) {
    if (!known.has(c))
      throw new Error(`Feature set "${spec.name}" does not compute the column "${c.slice(0, 80)}"`);
    if (seen.has(c)) throw new Error(`Feature set "${spec.name}" names the column "${c}" twice`);
    seen.add(c);
  }
}

/**
 * The `picker` columns of each `width`-wide row of `rows`, row after row (`picker.length` wide), into `out` at
 * `offset` (a new array by default).
 */
export function pickColumns(
  rows: ArrayLike<number>,
  width: number,
  picker: Int32Array,
  out = new Float32Array((rows.length / width) * picker.length),
  offset = 0,
): Float32Array {
  const k = picker.length;
  for (let r = 0, n = rows.length / width; r < n; r++)
    for (let j = 0; j < k; j++) out[offset + r * k + j] = rows[r * width + picker[j]];
  return out;
}

/** Indices of `wanted` columns in what a feature set computes, naming the first one it lacks. */
export function columnPicker(
  wanted: readonly string[],
  computed: readonly string[],
  setName: string,
): Int32Array {
  const position = new Map(computed.map((c, i) => [c, i]));
  return Int32Array.from(wanted, (c) => {
    const i = position.get(c);
    if (i === undefined) {
      throw new Error(
        `The model needs the column "${c}", which the "${setName}" feature set does not compute`,
      );
    }
    return i;
  });
}

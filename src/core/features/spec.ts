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
export type FeatureSetName = 'gtzan-librosa' | 'frames' | 'logmel' | 'tabular';

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

/** Checks that a spec read from a file is one this build computes, naming what differs. */
export function checkSpecSupported(spec: FeatureSpec, supported: readonly FeatureSpec[]): void {
  const ours = supported.find((s) => s.name === spec.name);
  if (!ours) {
    throw new Error(
      `Unknown feature set "${spec.name}": this app computes ${supported.map((s) => s.name).join(', ')}`,
    );
  }
  if (ours.version !== spec.version) {
    throw new Error(
      `Feature set "${spec.name}" version ${spec.version} is not supported (this app has version ${ours.version})`,
    );
  }
}

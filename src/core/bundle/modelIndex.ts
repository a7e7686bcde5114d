/**
 * `models/index.json`: the models a build ships, so the app can list them without loading any weights.
 * Written by `npm run build:models`, read by the app from its own origin.
 */
import { MAX_CLASSES, type BundleMeta } from './meta';
import { BundleError, checkPlainJson, readArray, readRecord, readString } from './json';

export const MODEL_INDEX_VERSION = 1;

export interface ModelIndexEntry {
  /** Folder under `models/`, e.g. `genre`; also the entry's id. */
  name: string;
  task: string;
  title: string;
  featureSet: string;
  classNames: string[];
  /** Headline figure for the list, e.g. cross-validated accuracy. */
  accuracy?: number;
}

export interface ModelIndex {
  version: typeof MODEL_INDEX_VERSION;
  models: ModelIndexEntry[];
}

const NAME_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** Validates an untrusted index (fetched JSON) and names the first bad field. */
export function parseModelIndex(json: unknown): ModelIndex {
  checkPlainJson(json, 'models/index.json');
  const root = readRecord(json, 'models/index.json');
  if (root.version !== MODEL_INDEX_VERSION) {
    throw new BundleError(
      `models/index.json: expected version ${MODEL_INDEX_VERSION}, got ${String(root.version)}`,
    );
  }
  const models = readArray(root.models, 'models/index.json models', 100).map((raw, i): ModelIndexEntry => {
    const where = `models/index.json models[${i}]`;
    const entry = readRecord(raw, where);
    const name = readString(entry.name, `${where}.name`);
    if (!NAME_PATTERN.test(name))
      throw new BundleError(`${where}.name: expected a folder name, got "${name}"`);
    const accuracy = entry.accuracy;
    if (accuracy !== undefined && (typeof accuracy !== 'number' || !(accuracy >= 0 && accuracy <= 1))) {
      throw new BundleError(`${where}.accuracy: expected a number in [0, 1], got ${String(accuracy)}`);
    }
    return {
      name,
      task: readString(entry.task, `${where}.task`),
      title: readString(entry.title, `${where}.title`),
      featureSet: readString(entry.featureSet, `${where}.featureSet`),
      classNames: readArray(entry.classNames, `${where}.classNames`, MAX_CLASSES).map((c, j) =>
        readString(c, `${where}.classNames[${j}]`),
      ),
      ...(accuracy === undefined ? {} : { accuracy }),
    };
  });
  return { version: MODEL_INDEX_VERSION, models };
}

/** The index entry for a bundle shipped under `models/NAME/`. */
export function modelIndexEntry(name: string, title: string, meta: BundleMeta): ModelIndexEntry {
  const accuracy = meta.metrics.accuracy;
  return {
    name,
    task: meta.task,
    title,
    featureSet: meta.featureSpec.name,
    classNames: [...meta.classNames],
    ...(typeof accuracy === 'number' ? { accuracy } : {}),
  };
}

/**
 * Keeping models: save a run's bundle in this browser, import one from files (validated the whole way through
 * `openBundle` before anything is stored), export one as a `.zip`, delete one. Plain async functions over the
 * model store and the bundle core, so the panel stays a thin view.
 */
import { modelStore, bundlePartsFor } from '../../../browser/modelRegistry';
import { bundleIdFor, type StoredBundleSummary } from '../../../browser/modelStore';
import type { SavedBundle } from '../../../core/bundle/bundle';
import { BundleError } from '../../../core/bundle/json';
import { parseBundleMeta, type BundleMeta } from '../../../core/bundle/meta';
import { exportBundleZip, importBundleFiles, type NamedFile } from '../../../core/bundle/zip';
import type { ModelRole } from '../../../state/models';
import { checkBundle } from '../../../workers/bundleCheck';
import { checkImportInWorker } from '../../../workers/modelImportClient';

export { checkBundle };

/** The feature sets this app computes from audio; any other name is a table of numbers (a CSV's columns). */
const ROLES: readonly ModelRole[] = ['genre', 'instruments', 'reggaeton'];

/**
 * The job a model does in Classify and Live: its task when that names one, else by its features: clip
 * summaries (gtzan-librosa) and log-mel patches tell genres, 1-s frame features instruments, and numbers from
 * a table (the Spike reggaeton CSV and the like) go with the tabular reggaeton scorer.
 */
export function modelRoleFor(meta: Pick<BundleMeta, 'task' | 'featureSpec'>): ModelRole {
  if ((ROLES as readonly string[]).includes(meta.task)) return meta.task as ModelRole;
  switch (meta.featureSpec.name) {
    case 'gtzan-librosa':
    case 'logmel':
    case 'meyda':
      return 'genre';
    case 'frames':
    case 'timbre':
      return 'instruments';
    default:
      return 'reggaeton';
  }
}

/** Registry id (`user:…`) of a bundle stored under `bundleId`. */
export function userModelId(bundleId: string): string {
  return `user:${bundleId}`;
}

/** Reads a picked `.zip` or loose files, validates the bundle, and stores it. Nothing is stored on any error. */
export async function importModel(files: readonly NamedFile[]): Promise<StoredBundleSummary> {
  if (files.length === 0) throw new BundleError('No files were picked');
  const bundle = await checkBundle(await importBundleFiles(files));
  return (await modelStore()).save(bundleIdFor(bundle.meta), bundle);
}

/**
 * Imports picked files as `importModel` does, with the reading, zip parsing and checks in a worker: a hostile
 * zip (an end record hiding 760,000 entries, a bomb) is refused there while the page stays responsive.
 */
export async function importModelFiles(files: readonly File[]): Promise<StoredBundleSummary> {
  const bundle = await checkImportInWorker(files);
  return (await modelStore()).save(bundleIdFor(bundle.meta), bundle);
}

export interface SaveRunOptions {
  /** The run's current name (it may have been renamed since the bundle was written). */
  name: string;
  /** The decision threshold chosen in Judge (two-class models). */
  threshold?: number;
}

/** A finished run's bundle as it should be kept: under the run's name, with the chosen threshold. */
export function runBundleToKeep(bundle: SavedBundle, options: SaveRunOptions): SavedBundle {
  const metrics = { ...bundle.meta.metrics };
  if (options.threshold !== undefined) metrics.threshold = options.threshold;
  return { ...bundle, meta: parseBundleMeta({ ...bundle.meta, name: options.name, metrics }) };
}

/** Stores a finished run's bundle (see `runBundleToKeep`); saving it again replaces it. */
export async function saveRunModel(
  bundle: SavedBundle,
  options: SaveRunOptions,
): Promise<StoredBundleSummary> {
  const kept = runBundleToKeep(bundle, options);
  return (await modelStore()).save(bundleIdFor(kept.meta), kept);
}

/** A file name for a model's zip: its name in lower case, letters and digits joined by dashes. */
export function zipFileName(name: string): string {
  const slug = name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
  return `${slug || 'model'}.zip`;
}

/** The `.zip` of a bundle, with a file name for it. */
export async function zipOfBundle(bundle: SavedBundle): Promise<{ bytes: Uint8Array; fileName: string }> {
  return { bytes: await exportBundleZip(bundle), fileName: zipFileName(bundle.meta.name) };
}

/** The `.zip` of a model in the registry (stored parts are re-validated first: storage is not trusted). */
export async function zipOfModel(registryId: string): Promise<{ bytes: Uint8Array; fileName: string }> {
  return zipOfBundle(await checkBundle(await bundlePartsFor(registryId)));
}

/** The validated meta of a model in the registry. */
export async function metaOfModel(registryId: string): Promise<BundleMeta> {
  return parseBundleMeta((await bundlePartsFor(registryId)).meta);
}

/** Removes a saved model; shipped ones cannot be removed. */
export async function deleteModel(registryId: string): Promise<void> {
  if (!registryId.startsWith('user:'))
    throw new Error(`Only saved models can be deleted, not "${registryId}"`);
  await (await modelStore()).delete(registryId.slice('user:'.length));
}

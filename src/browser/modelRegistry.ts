/**
 * Every model the app can use: the ones shipped under `models/` on our own origin and the ones the user
 * trained or imported (IndexedDB). Hands out untrusted bundle parts for a worker to validate and load;
 * loaded models, tensors and weights never enter the store.
 */
import type { BundleParts } from '../core/bundle/bundle';
import { readBundleParts } from '../core/bundle/files';
import { fetchModelIndex, type ModelIndexStatus } from './modelIndex';
import { openModelStore, type ModelStore } from './modelStore';

export interface ModelEntry {
  /** `shipped:genre` or `user:<bundle id>`. */
  id: string;
  source: 'shipped' | 'user';
  name: string;
  task: string;
  featureSet?: string;
  classNames: string[];
  accuracy?: number;
  /** A stored entry whose summary could not be read: it can only be deleted. */
  problem?: string;
}

export interface ModelListing {
  entries: ModelEntry[];
  shipped: ModelIndexStatus;
  /** Why the browser's own models could not be listed (private mode, storage blocked), if so. */
  storageProblem?: string;
}

let storePromise: Promise<ModelStore> | null = null;

/** The app's IndexedDB model store, opened once. */
export function modelStore(): Promise<ModelStore> {
  storePromise ??= openModelStore().catch((error: unknown) => {
    storePromise = null;
    throw error;
  });
  return storePromise;
}

export async function listModels(): Promise<ModelListing> {
  const shipped = await fetchModelIndex();
  const entries: ModelEntry[] =
    shipped.state === 'present'
      ? shipped.index.models.map((m) => ({
          id: `shipped:${m.name}`,
          source: 'shipped',
          name: m.title,
          task: m.task,
          featureSet: m.featureSet,
          classNames: m.classNames,
          accuracy: m.accuracy,
        }))
      : [];
  let storageProblem: string | undefined;
  try {
    for (const s of await (await modelStore()).list()) {
      entries.push({
        id: `user:${s.id}`,
        source: 'user',
        name: s.name,
        task: s.task,
        classNames: s.classNames,
        accuracy: s.accuracy,
        problem: s.problem,
      });
    }
  } catch (error) {
    storageProblem = `Saved models are unavailable: ${error instanceof Error ? error.message : String(error)}`;
  }
  return { entries, shipped, storageProblem };
}

const shippedCache = new Map<string, Promise<BundleParts>>();

/** The parts of a model by registry id, fetched from our origin (shipped) or read from IndexedDB (user). */
export async function bundlePartsFor(id: string): Promise<BundleParts> {
  const [source, name] = splitId(id);
  if (source === 'user') {
    const parts = await (await modelStore()).load(name);
    if (!parts) throw new Error(`The saved model "${name}" is no longer in this browser`);
    return parts;
  }
  let parts = shippedCache.get(name);
  if (!parts) {
    parts = fetchShippedBundle(name);
    shippedCache.set(name, parts);
    parts.catch(() => shippedCache.delete(name));
  }
  return parts;
}

function splitId(id: string): ['shipped' | 'user', string] {
  const colon = id.indexOf(':');
  const source = id.slice(0, colon);
  if (colon < 1 || (source !== 'shipped' && source !== 'user')) throw new Error(`Unknown model id "${id}"`);
  return [source, id.slice(colon + 1)];
}

async function fetchShippedBundle(name: string): Promise<BundleParts> {
  const base = new URL(`models/${encodeURIComponent(name)}/`, document.baseURI);
  return readBundleParts(async (file, maxBytes) => {
    const url = new URL(file, base);
    if (url.origin !== location.origin) throw new Error(`Refusing to load ${file} from another origin`);
    const response = await fetch(url);
    if (response.status === 404) return null;
    if (!response.ok) throw new Error(`Could not fetch ${url.pathname}: HTTP ${response.status}`);
    const declared = Number(response.headers.get('content-length') ?? 0);
    if (declared > maxBytes) throw new Error(`${file} is larger than ${maxBytes} bytes`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (bytes.byteLength > maxBytes) throw new Error(`${file} is larger than ${maxBytes} bytes`);
    return bytes;
  });
}

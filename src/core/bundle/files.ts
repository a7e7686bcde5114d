/**
 * A bundle as named files (`model.json`, `weights.bin` or the shards its manifest names, `meta.json`): the one
 * layout shared by the zip export, a directory on disk (`public/models/NAME/`) and files a user picks.
 */
import type { BundleParts, SavedBundle } from './bundle';
import { CLASSIC_FORMAT } from './classicBundle';
import { VOTING_FORMAT } from './votingBundle';
import { BundleError, isRecord, parseJsonBytes } from './json';
import { MAX_MODEL_JSON_BYTES, MAX_WEIGHT_BYTES, weightPathsOf } from './modelJson';

export const MODEL_JSON_FILE = 'model.json';
export const WEIGHTS_FILE = 'weights.bin';
export const META_JSON_FILE = 'meta.json';
export const MAX_META_JSON_BYTES = 16 * 1024 * 1024;
/** Every file of a bundle together (the weights plus both JSON files). */
export const MAX_BUNDLE_BYTES = MAX_WEIGHT_BYTES + MAX_MODEL_JSON_BYTES + MAX_META_JSON_BYTES;

/**
 * Reads one file of a bundle: its bytes, or null when there is no such file. It must refuse (throw) rather
 * than read more than `maxBytes`.
 */
export type ReadBundleFile = (name: string, maxBytes: number) => Promise<Uint8Array | null>;

export interface NamedBytes {
  name: string;
  data: Uint8Array;
}

/** Reads `model.json`, `meta.json` and the weight files the model names, concatenated in manifest order. */
export async function readBundleParts(read: ReadBundleFile): Promise<BundleParts> {
  const required = async (name: string, maxBytes: number, why: string): Promise<Uint8Array> => {
    const bytes = await read(name, maxBytes);
    if (bytes === null) throw new BundleError(`The bundle has no ${name}${why}`);
    return bytes;
  };
  const modelJson = parseJsonBytes(
    await required(MODEL_JSON_FILE, MAX_MODEL_JSON_BYTES, ''),
    MODEL_JSON_FILE,
    MAX_MODEL_JSON_BYTES,
  );
  const meta = parseJsonBytes(
    await required(META_JSON_FILE, MAX_META_JSON_BYTES, ''),
    META_JSON_FILE,
    MAX_META_JSON_BYTES,
  );
  const paths =
    isRecord(modelJson) && hasOneWeightFile(modelJson.format) ? [WEIGHTS_FILE] : weightPathsOf(modelJson);
  const shards: Uint8Array[] = [];
  let total = 0;
  for (const path of paths) {
    const shard = await required(path, MAX_WEIGHT_BYTES - total, ` (a weight file ${MODEL_JSON_FILE} names)`);
    total += shard.byteLength;
    if (total > MAX_WEIGHT_BYTES)
      throw new BundleError(`The weight files exceed the limit of ${MAX_WEIGHT_BYTES} bytes`);
    shards.push(shard);
  }
  const weights = new Uint8Array(total);
  let offset = 0;
  for (const shard of shards) {
    weights.set(shard, offset);
    offset += shard.byteLength;
  }
  return { modelJson, weights: weights.buffer, meta };
}

/** k-NN and classic bundles keep all their numbers in weights.bin (no manifest names other files). */
function hasOneWeightFile(format: unknown): boolean {
  return format === 'oido-knn' || format === CLASSIC_FORMAT || format === VOTING_FORMAT;
}

/** The files to write for a saved bundle: model.json, weights.bin, meta.json. */
export function bundleFiles(bundle: SavedBundle): NamedBytes[] {
  const encode = (text: string) => new TextEncoder().encode(text);
  const paths = hasOneWeightFile(bundle.modelJson.format) ? [WEIGHTS_FILE] : weightPathsOf(bundle.modelJson);
  if (paths.length !== 1 || paths[0] !== WEIGHTS_FILE) {
    throw new BundleError(
      `Expected a saved bundle with one weight file ${WEIGHTS_FILE}, got ${paths.join(', ')}`,
    );
  }
  return [
    { name: MODEL_JSON_FILE, data: encode(JSON.stringify(bundle.modelJson)) },
    { name: WEIGHTS_FILE, data: new Uint8Array(bundle.weights.slice(0)) },
    { name: META_JSON_FILE, data: encode(formatJson(bundle.meta) + '\n') },
  ];
}

/** JSON indented for reading and diffs, with arrays of numbers kept on one line. */
export function formatJson(value: unknown, indent = ''): string {
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v === 'number' || typeof v === 'string')) return JSON.stringify(value);
    const inner = indent + '  ';
    return `[\n${value.map((v) => inner + formatJson(v, inner)).join(',\n')}\n${indent}]`;
  }
  if (isRecord(value)) {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return '{}';
    const inner = indent + '  ';
    return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${formatJson(v, inner)}`).join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

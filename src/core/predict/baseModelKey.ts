/**
 * Which base model a taught head belongs to: the bundle's name and a hash of the parts of its meta that
 * decide what its embedding means (classes, features, standardisation, architecture, build date). A model
 * rebuilt with another architecture or feature spec gets another hash, so a head taught on the old one is
 * refused rather than applied to an embedding it was never taught on.
 */
import type { BundleMeta } from '../bundle/meta';

export interface BaseModelKey {
  name: string;
  /** 16 hex digits. */
  hash: string;
}

/** JSON with object keys sorted, so that the same meta always hashes the same. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    return `{${Object.keys(record)
      .sort()
      .filter((k) => record[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${stableJson(record[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** FNV-1a over UTF-16 code units, 32 bits, from a chosen offset basis. */
function fnv1a(text: string, basis: number): number {
  let h = basis >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** A 64-bit content hash (two FNV-1a passes with different bases) as 16 hex digits. */
export function contentHash(value: unknown): string {
  const text = stableJson(value);
  const hex = (n: number) => n.toString(16).padStart(8, '0');
  return hex(fnv1a(text, 0x811c9dc5)) + hex(fnv1a(text, 0x1b873593));
}

export function baseModelKeyOf(
  meta: Pick<
    BundleMeta,
    'name' | 'createdAt' | 'classNames' | 'featureSpec' | 'inputShape' | 'normalization' | 'modelConfig'
  >,
): BaseModelKey {
  return {
    name: meta.name,
    hash: contentHash({
      name: meta.name,
      createdAt: meta.createdAt,
      classNames: meta.classNames,
      featureSpec: meta.featureSpec,
      inputShape: meta.inputShape,
      normalization: meta.normalization,
      modelConfig: meta.modelConfig,
    }),
  };
}

export function sameBaseModel(a: BaseModelKey, b: BaseModelKey): boolean {
  return a.name === b.name && a.hash === b.hash;
}

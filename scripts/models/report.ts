/**
 * What the model builds share: the paths, the bundle-size limit, adding figures to a written bundle's
 * meta.metrics, and writing report.json beside it.
 */
import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatJson, META_JSON_FILE, MODEL_JSON_FILE, WEIGHTS_FILE } from '../../src/core/bundle/files';
import { parseBundleMeta, type BundleMeta, type BundleMetrics } from '../../src/core/bundle/meta';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const DATA = path.resolve(ROOT, '../shared/data');
export const MODELS = path.join(ROOT, 'public/models');
export const REPORT_FILE = 'report.json';
/** Every shipped bundle (model.json + weights.bin + meta.json) stays under this. */
export const MAX_SHIPPED_BUNDLE_BYTES = 2 * 1024 * 1024;

/** A path for reports: relative to ../shared/data or the repository, never the machine's absolute one. */
export function shown(file: string): string {
  const resolved = path.resolve(file);
  if (resolved.startsWith(DATA + path.sep)) return `../shared/data/${path.relative(DATA, resolved)}`;
  return path.relative(ROOT, resolved);
}

/** Reads and validates a bundle directory's meta.json. */
export async function readMeta(dir: string): Promise<BundleMeta> {
  return parseBundleMeta(JSON.parse(await readFile(path.join(dir, META_JSON_FILE), 'utf8')));
}

/** Merges figures into meta.metrics (e.g. cross-validation) and rewrites meta.json, checked as a loader would. */
export async function addMetrics(dir: string, extra: BundleMetrics): Promise<BundleMeta> {
  const meta = await readMeta(dir);
  const updated = parseBundleMeta({ ...meta, metrics: { ...meta.metrics, ...extra } });
  await writeFile(path.join(dir, META_JSON_FILE), formatJson(updated) + '\n');
  return updated;
}

/** Bytes of the bundle's three files; throws when over the shipped limit. */
export async function checkBundleSize(dir: string): Promise<number> {
  let total = 0;
  for (const file of [MODEL_JSON_FILE, WEIGHTS_FILE, META_JSON_FILE])
    total += (await stat(path.join(dir, file))).size;
  if (total > MAX_SHIPPED_BUNDLE_BYTES) {
    throw new Error(
      `${shown(dir)} is ${total} bytes, over the ${MAX_SHIPPED_BUNDLE_BYTES}-byte limit for a shipped model`,
    );
  }
  return total;
}

export async function writeReport(dir: string, report: object): Promise<string> {
  const file = path.join(dir, REPORT_FILE);
  await writeFile(file, formatJson(report) + '\n');
  return file;
}

export function seconds(since: number): number {
  return Math.round((performance.now() - since) / 100) / 10;
}

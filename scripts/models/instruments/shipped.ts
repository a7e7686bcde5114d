/**
 * An instruments bundle as the study scripts read it (the shipped one by default, or `--bundle DIR`): its
 * meta, its network and its standardisation of rows (`frames`, or `timbre` since issue 8's second round).
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadBundle } from '../../../src/core/bundle/bundle';
import { framesSpec } from '../../../src/core/features/frames';
import { timbreSpec } from '../../../src/core/features/timbre';
import { ClassifierModel } from '../../../src/core/models/build';
import { parseModelConfig, type NetworkConfig } from '../../../src/core/models/config';
import { readBundleDir } from '../../../src/node/bundleFiles';
import { ROOT } from './config';

/** Adds (or replaces) one entry of a bundle's report.json: a check run after the build, kept beside its figures. */
export async function writeIntoReport(dir: string, key: string, value: unknown): Promise<string> {
  const file = path.join(dir, 'report.json');
  const report = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  await writeFile(file, JSON.stringify({ ...report, [key]: value }, null, 2) + '\n');
  return file;
}

/** The bundle folder named by `--bundle DIR` in argv, else the shipped model's. */
export function bundleDirOf(argv: readonly string[]): string {
  const at = argv.indexOf('--bundle');
  return path.resolve(at >= 0 ? argv[at + 1] : path.join(ROOT, 'public/models/instruments'));
}

export async function openInstrumentsBundle(dir: string) {
  const loaded = await loadBundle(await readBundleDir(dir), { supportedSpecs: [framesSpec, timbreSpec] });
  const { meta } = loaded;
  const model = new ClassifierModel(loaded.model, parseModelConfig(meta.modelConfig) as NetworkConfig);
  const norm = meta.normalization!;
  const cols = norm.mean.length;
  const normalize = (x: Float32Array) =>
    Float32Array.from(x, (v, i) => (v - norm.mean[i % cols]) / norm.std[i % cols]);
  return { meta, model, normalize };
}

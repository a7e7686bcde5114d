/**
 * Bundles of soft votes (meta.kind "voting"): `model.json` lists the vote's models, each with its own kind, its
 * own model.json (a TF.js network, k-NN points or a classic model) and the byte range of its weights in the one
 * `weights.bin`; `meta.modelConfig` is the vote's config (members and weights). Each model is checked by its
 * own kind's loader against a meta that is the vote's with that model's kind and config, so a vote is exactly
 * as strict as its parts; a vote inside a vote is refused.
 */
import {
  BundleError,
  checkKeys,
  describeValue,
  readArray,
  readInt,
  readRecord,
  readOwnModelJson,
} from './json';
import { parseBundleMeta, type BundleMeta, type BundleKind } from './meta';
import { MAX_WEIGHT_BYTES } from './modelJson';
import { MAX_VOTING_MODELS, parseModelConfig, type VotingConfig } from '../models/config';

export const VOTING_FORMAT = 'oido-voting';

export interface VotingModelJson {
  format: typeof VOTING_FORMAT;
  version: 1;
  models: Array<{ kind: MemberKind; modelJson: unknown; byteOffset: number; byteLength: number }>;
}

export type MemberKind = Exclude<BundleKind, 'voting'>;

/** A member's saved parts, as its own kind's saver wrote them. */
export interface SavedMember {
  modelJson: unknown;
  weights: ArrayBuffer;
  meta: BundleMeta;
}

const align8 = (n: number) => Math.ceil(n / 8) * 8;

/** The vote's config from its meta, named as a bundle error when it is not one. */
export function votingConfigOf(meta: BundleMeta): VotingConfig {
  let config;
  try {
    config = parseModelConfig(meta.modelConfig);
  } catch (err) {
    throw new BundleError(`meta.modelConfig is not a valid voting config: ${(err as Error).message}`);
  }
  if (config.family !== 'voting') {
    throw new BundleError(`meta.kind is "voting" but meta.modelConfig is a ${config.family} config`);
  }
  return config;
}

/** The meta each model of a vote is checked against: the vote's, with that model's kind and config. */
export function memberMeta(
  meta: BundleMeta,
  config: VotingConfig,
  kind: MemberKind,
  index: number,
): BundleMeta {
  const member: BundleMeta = { ...meta, kind, modelConfig: config.models[index] };
  // The projection places the vote's probabilities, not any one model's.
  delete member.projection;
  return member;
}

/** Joins the vote's saved models into one bundle (meta.kind must be "voting"). */
export function saveVotingBundle(
  members: readonly SavedMember[],
  meta: BundleMeta,
): { modelJson: VotingModelJson; weights: ArrayBuffer; meta: BundleMeta } {
  const checkedMeta = parseBundleMeta(meta);
  if (checkedMeta.kind !== 'voting')
    throw new BundleError(`saveVotingBundle needs meta.kind "voting", got "${checkedMeta.kind}"`);
  const config = votingConfigOf(checkedMeta);
  if (members.length !== config.models.length) {
    throw new BundleError(
      `meta.modelConfig names ${config.models.length} models, ${members.length} were given`,
    );
  }
  let size = 0;
  const models = members.map((m) => {
    const byteOffset = align8(size);
    size = byteOffset + m.weights.byteLength;
    return {
      kind: m.meta.kind as MemberKind,
      modelJson: m.modelJson,
      byteOffset,
      byteLength: m.weights.byteLength,
    };
  });
  if (size > MAX_WEIGHT_BYTES) {
    throw new BundleError(
      `This vote needs ${size} bytes of weights, more than a model file holds (${MAX_WEIGHT_BYTES}): vote over fewer or smaller models`,
    );
  }
  const bytes = new Uint8Array(align8(size));
  members.forEach((m, i) => bytes.set(new Uint8Array(m.weights), models[i].byteOffset));
  const modelJson: VotingModelJson = { format: VOTING_FORMAT, version: 1, models };
  // Refuse to write a layout that could not be read back (each model was checked by its own saver).
  votingMemberParts(modelJson, bytes.buffer, checkedMeta, config);
  return { modelJson, weights: bytes.buffer, meta: checkedMeta };
}

/**
 * Splits a voting bundle into its models' parts (model.json, weights, meta), checked for layout only against the
 * vote's config (`votingConfigOf(meta)`); each part is then opened, and fully checked, by its own kind's loader.
 */
export function votingMemberParts(
  json: unknown,
  weights: ArrayBuffer,
  meta: BundleMeta,
  config: VotingConfig,
): Array<{ modelJson: unknown; weights: ArrayBuffer; meta: BundleMeta }> {
  // Each model's own model.json sits inside (a network's topology is deep and long); its loader bounds it again.
  const m = readOwnModelJson(json, {
    format: VOTING_FORMAT,
    kind: 'a voting bundle',
    fields: ['models'],
    bounds: { maxNodes: 1_000_000, maxDepth: 44 },
  });
  const list = readArray(m.models, 'model.json models', MAX_VOTING_MODELS, config.models.length);
  let end = 0;
  const parts = list.map((entry, i) => {
    const where = `model.json models[${i}]`;
    const e = readRecord(entry, where);
    checkKeys(e, where, ['kind', 'modelJson', 'byteOffset', 'byteLength']);
    const kind = e.kind;
    if (kind !== 'tf-layers' && kind !== 'knn' && kind !== 'classic') {
      throw new BundleError(
        `Expected ${where}.kind to be "tf-layers", "knn" or "classic", got ${describeValue(kind)}`,
      );
    }
    const byteOffset = readInt(e.byteOffset, `${where}.byteOffset`, end, MAX_WEIGHT_BYTES);
    const byteLength = readInt(e.byteLength, `${where}.byteLength`, 0, MAX_WEIGHT_BYTES);
    end = byteOffset + byteLength;
    if (end > weights.byteLength) {
      throw new BundleError(
        `${where} needs bytes up to ${end} but the weights are ${weights.byteLength} bytes (truncated or mismatched weight file)`,
      );
    }
    const family = config.models[i].family;
    const expected = family === 'knn' ? 'knn' : isNetworkFamily(family) ? 'tf-layers' : 'classic';
    if (kind !== expected) {
      throw new BundleError(`${where} is a ${kind} model but meta.modelConfig.models[${i}] is ${family}`);
    }
    return {
      modelJson: e.modelJson,
      weights: weights.slice(byteOffset, end),
      meta: memberMeta(meta, config, kind, i),
    };
  });
  if (align8(end) !== weights.byteLength) {
    throw new BundleError(
      `The weights are ${weights.byteLength} bytes but model.json's models describe ${align8(end)} bytes`,
    );
  }
  return parts;
}

function isNetworkFamily(family: string): boolean {
  return family === 'logistic' || family === 'mlp';
}

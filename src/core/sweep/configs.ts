/**
 * A trial's settings written into a base model and training config, then checked by the engine's own parsers,
 * so that a bad combination is named the same way as a bad hand-written config.
 */
import {
  defaultModelConfig,
  parseModelConfig,
  type MemberConfig,
  type ModelConfig,
  type ModelFamily,
  type VotingConfig,
} from '../models/config';
import { describe } from '../models/describe';
import { parseTrainConfig, type TrainConfig, type TrainConfigInput } from '../train/config';
import {
  recommendedModelFor,
  recommendedTrainingFor,
  type DataKind,
  type DataShape,
} from '../train/recommended';
import { VOTE_FIRST_WEIGHT, VOTE_MODELS, type SearchSpace, type TrialSettings } from './space';

export interface TrialConfig {
  model: ModelConfig;
  training: TrainConfig;
}

/** `base` with each of the space's settings put at its path; the result is parsed (defaults filled, values checked). */
export function configForTrial(space: SearchSpace, settings: TrialSettings, base: TrialConfig): TrialConfig {
  if (base.model.family !== space.family) {
    throw new Error(`Expected a ${space.family} base config, got ${describe(base.model.family)}`);
  }
  const model = structuredClone(base.model) as unknown as Record<string, unknown>;
  const training = structuredClone(base.training) as unknown as Record<string, unknown>;
  // The optimiser's type first: a new type starts from its own defaults (an SGD has no beta1), keeping the rate;
  // and a vote's models before their weights.
  const first = (path: string) => (path === 'training.optimizer.type' || path === VOTE_MODELS ? 1 : 0);
  const ordered = [...space.params].sort((a, b) => first(b.path) - first(a.path));
  for (const p of ordered) {
    if (!(p.name in settings)) throw new Error(`Trial settings lack ${p.name}`);
    const value = structuredClone(settings[p.name]);
    const [scope, field, sub] = p.path.split('.');
    const target = scope === 'model' ? model : training;
    if (p.path === 'training.optimizer.type') {
      const old = training.optimizer as { type: string; learningRate: number };
      if (old.type !== value) training.optimizer = { type: value, learningRate: old.learningRate };
    } else if (base.model.family === 'voting' && p.path === VOTE_MODELS) {
      model.models = voteModels(String(value), base.model);
    } else if (base.model.family === 'voting' && p.path === VOTE_FIRST_WEIGHT) {
      // Written after the models (sorted so below), one weight per model.
      model.weights = (model.models as unknown[]).map((_, i) => (i === 0 ? value : 1));
    } else if (sub === undefined) {
      target[field] = value;
    } else {
      target[field] = { ...(target[field] as Record<string, unknown>), [sub]: value };
    }
  }
  return {
    model: parseModelConfig(model),
    training: parseTrainConfig(training as TrainConfigInput),
  };
}

/** A vote's models from family names joined by "+": the base vote's options for a family it has, else defaults. */
function voteModels(names: string, base: VotingConfig): MemberConfig[] {
  return names.split('+').map((family) => {
    const own = base.models.find((m) => m.family === family);
    return structuredClone(own ?? (defaultModelConfig(family as ModelFamily) as MemberConfig));
  });
}

/** Settings as a short line: `hidden 256-128 · dropout 0.3 · learningRate 0.004`. */
export function describeSettings(settings: TrialSettings): string {
  return Object.entries(settings)
    .map(([name, value]) => `${name} ${formatValue(value)}`)
    .join(' · ');
}

export function formatValue(value: TrialSettings[string]): string {
  if (Array.isArray(value)) return value.length === 0 ? 'none' : value.join('-');
  return String(value);
}

/**
 * The settings that reproduce `base` in `space` (each parameter's value read from the base config), so that a
 * search can try the config it starts from as one of its trials; null when the base sets no value for some
 * parameter (then no trial can stand for it).
 */
export function settingsOfBase(space: SearchSpace, base: TrialConfig): TrialSettings | null {
  const settings: TrialSettings = {};
  for (const p of space.params) {
    if (base.model.family === 'voting' && (p.path === VOTE_MODELS || p.path === VOTE_FIRST_WEIGHT)) {
      const { models, weights } = base.model;
      if (p.path === VOTE_MODELS) settings[p.name] = models.map((m) => m.family).join('+');
      else if (weights.slice(1).every((w) => w === 1)) settings[p.name] = weights[0];
      else return null;
      continue;
    }
    const [scope, field, sub] = p.path.split('.');
    const holder = (scope === 'model' ? base.model : base.training) as unknown as Record<string, unknown>;
    const value =
      sub === undefined ? holder[field] : (holder[field] as Record<string, unknown> | null)?.[sub];
    if (value === undefined || value === null) return null;
    settings[p.name] = structuredClone(value) as TrialSettings[string];
  }
  return settings;
}

/**
 * The config a family's trials start from: the family with its recommended options for the data (the tuned MLP
 * on flat rows; a vote of it and gradient boosting; another family's defaults) and the recommended training.
 */
export function baseConfigFor(family: ModelFamily, kind: DataKind, shape: DataShape): TrialConfig {
  return {
    model: recommendedModelFor(kind, shape, family),
    training: recommendedTrainingFor(kind, shape, family),
  };
}

/**
 * A trial's settings written into a base model and training config, then checked by the engine's own parsers,
 * so that a bad combination is named the same way as a bad hand-written config.
 */
import { parseModelConfig, type ModelConfig, type ModelFamily } from '../models/config';
import { describe } from '../models/describe';
import { parseTrainConfig, type TrainConfig, type TrainConfigInput } from '../train/config';
import {
  recommendedModelFor,
  recommendedTrainingFor,
  type DataKind,
  type DataShape,
} from '../train/recommended';
import type { SearchSpace, TrialSettings } from './space';

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
  // The optimiser's type first: a new type starts from its own defaults (an SGD has no beta1), keeping the rate.
  const ordered = [...space.params].sort(
    (a, b) => Number(b.path === 'training.optimizer.type') - Number(a.path === 'training.optimizer.type'),
  );
  for (const p of ordered) {
    if (!(p.name in settings)) throw new Error(`Trial settings lack ${p.name}`);
    const value = structuredClone(settings[p.name]);
    const [scope, field, sub] = p.path.split('.');
    const target = scope === 'model' ? model : training;
    if (p.path === 'training.optimizer.type') {
      const old = training.optimizer as { type: string; learningRate: number };
      if (old.type !== value) training.optimizer = { type: value, learningRate: old.learningRate };
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

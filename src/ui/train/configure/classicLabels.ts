import {
  CLASSIC_FAMILIES,
  CLASSIC_OPTIONS,
  isClassicFamily,
  type ClassicConfig,
  type ClassicFamily,
} from '../../../core/models/classic/families';
import type { ModelConfig } from '../../../core/models/config';

/** The classic families' names in the family picker. */
export const CLASSIC_FAMILY_LABELS: Record<ClassicFamily, string> = {
  'random-forest': 'Random forest',
  'gradient-boosting': 'Gradient-boosted trees',
  svm: 'Support vector machine (RBF or linear)',
  'naive-bayes': 'Gaussian naive Bayes',
  'decision-tree': 'Decision tree',
};

/** Every option of every classic family gets a field here (the extra-fields pass shows none). */
export const CLASSIC_KEYS_SHOWN = Object.fromEntries(
  CLASSIC_FAMILIES.map((f) => [f, Object.keys(CLASSIC_OPTIONS[f])]),
) as unknown as Record<ClassicFamily, readonly string[]>;

/** A run's model in a few words, for the runs list. */
export function describeClassic(model: ModelConfig): string {
  if (!isClassicFamily(model.family)) return model.family;
  const c = model as ClassicConfig;
  switch (c.family) {
    case 'random-forest':
      return `Random forest (${c.nEstimators} trees)`;
    case 'gradient-boosting':
      return `Boosted trees (${c.nEstimators} rounds)`;
    case 'svm':
      return `SVM (${c.kernel}, C = ${c.C})`;
    case 'naive-bayes':
      return 'Gaussian naive Bayes';
    case 'decision-tree':
      return `Decision tree${c.maxDepth > 0 ? ` (depth ${c.maxDepth})` : ''}`;
  }
}

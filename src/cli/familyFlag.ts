/**
 * `--family NAME` of train and evaluate: pick a model family with its recommended options. `--config` still
 * sets everything; given both, the config's model must be of that family (its options win).
 */
import { MODEL_FAMILIES, type ModelFamily } from '../core/models/config';
import { UsageError } from './args';
import type { RecipeFile } from './recipe';

export const FAMILY_USAGE = `  --family NAME        a model family with its recommended options: ${MODEL_FAMILIES.join(', ')}`;

export function withFamilyFlag(recipe: RecipeFile, family: string | undefined): RecipeFile {
  if (family === undefined) return recipe;
  if (!(MODEL_FAMILIES as readonly string[]).includes(family)) {
    throw new UsageError(`Expected --family to be one of ${MODEL_FAMILIES.join(', ')}, got ${family}`);
  }
  if (recipe.model) {
    if (recipe.model.family !== family) {
      throw new UsageError(
        `--family ${family} disagrees with the config's model family "${recipe.model.family}": give one of them`,
      );
    }
    return recipe;
  }
  return { ...recipe, family: family as ModelFamily };
}

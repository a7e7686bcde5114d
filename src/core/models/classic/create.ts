import type { ModelConfig } from '../config';
import { ClassicClassifier, type ClassicOptions } from './classic';
import { isClassicFamily, type ClassicConfig } from './families';

/**
 * A fresh classic model for a config of a classic family, or null for any other family (so callers dispatch
 * with one line). `member` > 0 shifts the seed, for ensembles of several fits.
 */
export function createClassicClassifier(
  config: ModelConfig,
  options: ClassicOptions,
  member = 0,
): ClassicClassifier | null {
  if (!isClassicFamily(config.family)) return null;
  const classic = config as ClassicConfig;
  const seeded =
    member > 0 && 'seed' in classic
      ? { ...classic, seed: (classic.seed + member * 7919) % 2 ** 31 }
      : classic;
  return new ClassicClassifier(seeded, options);
}

import { describe, expect, it } from 'vitest';
import { defaultModelConfig, MODEL_FAMILIES } from '../../../core/models/config';
import { DEFAULT_TRAIN_CONFIG } from '../../../core/train/config';
import {
  extraModelFields,
  extraTrainingFields,
  labelOf,
  MODEL_KEYS_SHOWN,
  TRAINING_KEYS_SHOWN,
} from './extraFields';

describe('every engine option gets a field', () => {
  it('by hand or generically, for each family and for training', () => {
    for (const family of MODEL_FAMILIES) {
      const keys = Object.keys(defaultModelConfig(family)).filter((k) => k !== 'family' && k !== 'version');
      const covered = [...MODEL_KEYS_SHOWN[family], ...extraModelFields(family).map((f) => f.key)];
      expect(
        keys.filter((k) => !covered.includes(k)),
        family,
      ).toEqual([]);
    }
    const trainKeys = Object.keys(DEFAULT_TRAIN_CONFIG).filter((k) => k !== 'version');
    const covered = [...TRAINING_KEYS_SHOWN, ...extraTrainingFields().map((f) => f.key)];
    expect(trainKeys.filter((k) => !covered.includes(k))).toEqual([]);
  });

  it('names a key in words', () => {
    expect(labelOf('periodicSigma')).toBe('Periodic sigma');
    expect(labelOf('l2')).toBe('L2');
  });
});

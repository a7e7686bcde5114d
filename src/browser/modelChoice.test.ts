import { describe, expect, it } from 'vitest';
import { memoryStorage } from './memoryStorage';
import { loadModelChoice, MODEL_CHOICE_KEY, saveModelChoice, type ChoiceStorage } from './modelChoice';

describe('model choice storage', () => {
  it('remembers role → id choices, versioned, and forgets them when empty', () => {
    const storage = memoryStorage();
    expect(loadModelChoice(storage)).toEqual({});
    saveModelChoice({ genre: 'user:abc' }, storage);
    expect(JSON.parse(storage.map.get(MODEL_CHOICE_KEY)!)).toEqual({
      version: 1,
      roles: { genre: 'user:abc' },
    });
    expect(loadModelChoice(storage)).toEqual({ genre: 'user:abc' });
    saveModelChoice({}, storage);
    expect(storage.map.has(MODEL_CHOICE_KEY)).toBe(false);
  });

  it('ignores what it cannot trust: bad JSON, another version, non-string ids', () => {
    const storage = memoryStorage();
    storage.setItem(MODEL_CHOICE_KEY, '{not json');
    expect(loadModelChoice(storage)).toEqual({});
    storage.setItem(MODEL_CHOICE_KEY, JSON.stringify({ version: 2, roles: { genre: 'user:x' } }));
    expect(loadModelChoice(storage)).toEqual({});
    storage.setItem(
      MODEL_CHOICE_KEY,
      JSON.stringify({ version: 1, roles: { genre: 7, instruments: 'user:y' } }),
    );
    expect(loadModelChoice(storage)).toEqual({ instruments: 'user:y' });
  });

  it('survives storage that throws (blocked, over quota)', () => {
    const throwing: ChoiceStorage = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
      removeItem: () => {
        throw new Error('SecurityError');
      },
    };
    expect(loadModelChoice(throwing)).toEqual({});
    expect(() => saveModelChoice({ genre: 'user:a' }, throwing)).not.toThrow();
  });
});

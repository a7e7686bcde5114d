import { describe, expect, it } from 'vitest';
import { parseModelIndex } from './modelIndex';

const genre = {
  name: 'genre',
  task: 'genre',
  title: 'Genre (GTZAN)',
  featureSet: 'gtzan-librosa',
  classNames: ['blues', 'classical'],
  accuracy: 0.8,
};

describe('parseModelIndex', () => {
  it('reads a valid index', () => {
    expect(parseModelIndex({ version: 1, models: [genre] })).toEqual({ version: 1, models: [genre] });
  });

  it.each([
    [{ version: 2, models: [] }, /expected version 1, got 2/],
    [{ version: 1 }, /models/],
    [{ version: 1, models: [{ ...genre, name: '../etc' }] }, /expected a folder name, got "\.\.\/etc"/],
    [{ version: 1, models: [{ ...genre, accuracy: 7 }] }, /accuracy: expected a number in \[0, 1\], got 7/],
    [{ version: 1, models: [{ ...genre, classNames: 'blues' }] }, /classNames/],
    [JSON.parse('{"version":1,"models":[],"__proto__":{"x":1}}'), /__proto__/],
  ])('rejects %j', (json, message) => {
    expect(() => parseModelIndex(json)).toThrow(message);
  });
});

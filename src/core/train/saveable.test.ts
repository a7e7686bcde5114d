import { describe, expect, it } from 'vitest';
import { MAX_WEIGHT_BYTES } from '../bundle/modelJson';
import { checkSaveable } from './trainJob';

describe('checkSaveable', () => {
  it('passes a network whose weights fit a model file, and refuses one a column too wide, suggesting --drop', () => {
    expect(() => checkSaveable(MAX_WEIGHT_BYTES / 4)).not.toThrow();
    expect(() => checkSaveable(46_222_204)).toThrow(
      'This model would have 46,222,204 parameters (176 MB of weights), more than a model file holds (50 MB): train on fewer columns (--drop',
    );
  });
});

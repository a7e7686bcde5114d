import { describe, expect, it } from 'vitest';
import { AUDIO_SPECS, specOf } from './audioSets';
import { checkSpecSupported, columnPicker, pickColumns, type FeatureSpec } from './spec';

const clone = (spec: FeatureSpec): FeatureSpec => JSON.parse(JSON.stringify(spec)) as FeatureSpec;

describe('checkSpecSupported', () => {
  it('accepts every registered spec as it is', () => {
    for (const spec of AUDIO_SPECS) expect(() => checkSpecSupported(clone(spec), AUDIO_SPECS)).not.toThrow();
  });

  it('accepts a subset of a tabular set’s columns (a model trained with --drop)', () => {
    const spec = { ...clone(specOf('gtzan-librosa')), columns: ['tempo', 'rms_mean'] };
    expect(() => checkSpecSupported(spec, AUDIO_SPECS)).not.toThrow();
  });

  it('refuses a frames bundle whose window is 1e-9 s, naming the parameter', () => {
    const spec = clone(specOf('frames'));
    spec.params = { ...spec.params, windowSeconds: 1e-9 };
    expect(() => checkSpecSupported(spec, AUDIO_SPECS)).toThrow(
      /"frames" params\.windowSeconds is 1e-9, but this app computes it with 1/,
    );
  });

  it('refuses a logmel bundle whose patch hop is one frame', () => {
    const spec = clone(specOf('logmel'));
    spec.params = { ...spec.params, patchHopFrames: 1 };
    expect(() => checkSpecSupported(spec, AUDIO_SPECS)).toThrow(/params\.patchHopFrames is 1, .* 130/);
  });

  it('refuses a different sample rate, frame length or hop', () => {
    for (const [field, value] of [
      ['sampleRate', 8000],
      ['frameLength', 16],
      ['hop', 1],
    ] as const) {
      const spec = { ...clone(specOf('gtzan-librosa')), [field]: value };
      expect(() => checkSpecSupported(spec, AUDIO_SPECS)).toThrow(new RegExp(`${field} is ${value}`));
    }
  });

  it('refuses an extra or a missing parameter', () => {
    const extra = clone(specOf('gtzan-librosa'));
    extra.params = { ...extra.params, stride: 2 };
    expect(() => checkSpecSupported(extra, AUDIO_SPECS)).toThrow(/params\.stride is 2/);
    const missing = { ...clone(specOf('frames')), params: undefined };
    expect(() => checkSpecSupported(missing, AUDIO_SPECS)).toThrow(/params\.windowSeconds is undefined/);
  });

  it('refuses unknown, repeated or reordered-axis columns', () => {
    const unknown = { ...clone(specOf('frames')), columns: ['mfcc1_mean', 'evil'] };
    expect(() => checkSpecSupported(unknown, AUDIO_SPECS)).toThrow(/does not compute the column "evil"/);
    const twice = { ...clone(specOf('frames')), columns: ['mfcc1_mean', 'mfcc1_mean'] };
    expect(() => checkSpecSupported(twice, AUDIO_SPECS)).toThrow(/twice/);
    const logmel = clone(specOf('logmel'));
    const reordered = { ...logmel, columns: [...logmel.columns].reverse() };
    expect(() => checkSpecSupported(reordered, AUDIO_SPECS)).toThrow(/128 columns in order/);
  });
});

describe('columnPicker and pickColumns', () => {
  it('pick a model’s columns from every row of a wider table, in the model’s order', () => {
    const picker = columnPicker(['c', 'a'], ['a', 'b', 'c'], 'toy');
    expect(Array.from(picker)).toEqual([2, 0]);
    expect(Array.from(pickColumns([1, 2, 3, 4, 5, 6], 3, picker))).toEqual([3, 1, 6, 4]);
    const out = new Float32Array(5).fill(-1);
    pickColumns([7, 8, 9], 3, picker, out, 3);
    expect(Array.from(out)).toEqual([-1, -1, -1, 9, 7]);
    expect(() => columnPicker(['z'], ['a'], 'toy')).toThrow(
      'The model needs the column "z", which the "toy" feature set does not compute',
    );
  });
});

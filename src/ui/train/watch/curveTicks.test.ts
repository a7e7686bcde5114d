import { describe, expect, it } from 'vitest';
import { epochTicks, ticksUpTo } from './curveTicks';
import { trainStatus } from './trainStatus';

describe('curve ticks', () => {
  it('steps by 1, 2, 2.5 or 5 times a power of ten, from 0 to just above the maximum', () => {
    expect(ticksUpTo(1.23)).toEqual([0, 0.25, 0.5, 0.75, 1, 1.25]);
    expect(ticksUpTo(0.004, 4)).toEqual([0, 0.001, 0.002, 0.003, 0.004]);
    expect(ticksUpTo(87)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(ticksUpTo(0)).toEqual([0, 1]);
    expect(ticksUpTo(Number.NaN)).toEqual([0, 1]);
  });

  it('puts about eight whole-epoch ticks on the x axis, first and last included', () => {
    expect(epochTicks(25)).toEqual([1, 4, 8, 12, 16, 20, 24, 25]);
    expect(epochTicks(2)).toEqual([1, 2]);
    expect(epochTicks(8)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });
});

describe('train.status', () => {
  it('says extracting while clips are read, then the run lifecycle', () => {
    expect(trainStatus('decoding', 'done')).toBe('extracting');
    expect(trainStatus('ready', null)).toBe('idle');
    expect(trainStatus('ready', 'starting')).toBe('training');
    expect(trainStatus('ready', 'evaluating')).toBe('training');
    expect(trainStatus('ready', 'done')).toBe('done');
    expect(trainStatus('idle', 'cancelled')).toBe('cancelled');
  });
});

import { describe, expect, it } from 'vitest';
import { openSetFiles, parseExperimentArgs } from './experiment';
import { SAMPLED_PER_FONT } from './config';
import { NO_IDEAS } from './ideas';

describe('experiment loop arguments', () => {
  it('defaults to the baseline: every real fold, no ideas', () => {
    const args = parseExperimentArgs([]);
    expect(args).toMatchObject({
      name: 'baseline',
      folds: 5,
      ideas: NO_IDEAS,
      log: true,
      leaveClassOut: false,
    });
    expect(args.sampled).toBe(SAMPLED_PER_FONT);
  });

  it('switches ideas on one flag at a time', () => {
    const args = parseExperimentArgs(['--name', 'c', '--colour', '3', '--gain', '6', '--hidden', '64,32']);
    expect(args.ideas).toMatchObject({ colourDb: 3, gainDb: 6 });
    expect(args.hidden).toEqual([64, 32]);
  });

  it("passes model and training fields over the build's, and the studio notes' repeat", () => {
    const args = parseExperimentArgs([
      '--model',
      '{"dropout":0.5}',
      '--training',
      '{"labelSmoothing":0.1}',
      '--recorded-repeat',
      '2',
      '--noise',
      '0.3',
      '--phrases',
      '300',
      '--voice',
      '40',
      '--sampled',
      '0',
      '--leave-class-out',
    ]);
    expect(args).toMatchObject({ phrases: 300, voice: 40, sampled: 0, leaveClassOut: true });
    expect(args.model).toEqual({ dropout: 0.5 });
    expect(args.training).toEqual({ labelSmoothing: 0.1 });
    expect(args.ideas).toMatchObject({ recordedRepeat: 2, noise: 0.3 });
  });

  it('names bad input', () => {
    expect(() => parseExperimentArgs(['--colour', 'loud'])).toThrow(
      'Expected a number >= 0 after --colour, got loud',
    );
    expect(() => parseExperimentArgs(['--folds', '9'])).toThrow('Expected --folds within 1 … 5, got 9');
    expect(() => parseExperimentArgs(['--hidden', '64,x'])).toThrow(
      'Expected --hidden to be whole numbers > 0',
    );
    expect(() => parseExperimentArgs(['--share', '2'])).toThrow('Expected --share within 0 … 1, got 2');
    expect(() => parseExperimentArgs(['--bogus'])).toThrow('Unknown argument --bogus');
  });
});

describe('open-set figures of scored files', () => {
  it('counts voice answers as turned away and leaves speech files out of both shares', () => {
    // Classes flute, other, voice; one window a file.
    const scored = {
      logits: Float32Array.of(5, 0, 0, 0, 0, 5, 0, 5, 0, 0, 0, 5),
      y: Int32Array.of(0, 0, 1, 2),
      origin: ['flute/a', 'flute/b', 'other/c', 'voice/d'],
    };
    const never = () => 0;
    expect(openSetFiles(scored, 3, 1, 1, never, 1, 2)).toEqual({ other: 1, knownRejected: 0.5 });
    // Without the voice class named, its answers count as instruments kept, and so does the speech file.
    expect(openSetFiles(scored, 3, 1, 1, never, 1)).toEqual({ other: 1, knownRejected: 0 });
  });
});

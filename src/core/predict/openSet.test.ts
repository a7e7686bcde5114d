import { describe, expect, it } from 'vitest';
import { describeOpenSetRule, energyScore, isUnknown, openSetRuleOf, parseOpenSetRule } from './openSet';

describe('energyScore', () => {
  it('is −T·logsumexp(logits / T)', () => {
    expect(energyScore([0, 0])).toBeCloseTo(-Math.log(2), 9);
    expect(energyScore([2, 0], 2)).toBeCloseTo(-2 * Math.log(Math.exp(1) + 1), 9);
    // Stable for large logits.
    expect(energyScore([1000, 999])).toBeCloseTo(-(1000 + Math.log(1 + Math.exp(-1))), 6);
  });

  it('is lower for a confident, familiar output than for a flat one', () => {
    expect(energyScore([8, 0, 0])).toBeLessThan(energyScore([0.5, 0.4, 0.3]));
  });
});

describe('openSetRuleOf', () => {
  it('falls back to the top probability at the given threshold when meta has no rule', () => {
    expect(openSetRuleOf({ metrics: { accuracy: 0.9 } }, 0.4)).toEqual({
      rule: { score: 'max-prob', threshold: 0.4, source: 'fallback' },
      problem: null,
    });
    expect(openSetRuleOf(null, 0.3).rule.threshold).toBe(0.3);
  });

  it('switches on with meta.metrics.openSet or a top-level meta.openSet', () => {
    expect(
      openSetRuleOf(
        { metrics: { openSet: { version: 1, score: 'energy', temperature: 2, threshold: -5 } } },
        0.4,
      ).rule,
    ).toEqual({ score: 'energy', temperature: 2, threshold: -5, source: 'meta' });
    expect(
      openSetRuleOf({ openSet: { version: 1, score: 'max-prob', threshold: 0.6 }, metrics: {} }, 0.4).rule,
    ).toEqual({
      score: 'max-prob',
      threshold: 0.6,
      source: 'meta',
    });
    // Temperature defaults to 1.
    expect(parseOpenSetRule({ version: 1, score: 'energy', threshold: -3 })).toMatchObject({
      temperature: 1,
    });
  });

  it('reports a malformed rule, naming the bad value, and keeps working with the fallback', () => {
    const reading = openSetRuleOf(
      { metrics: { openSet: { version: 1, score: 'mahalanobis', threshold: 3 } } },
      0.4,
    );
    expect(reading.rule.source).toBe('fallback');
    expect(reading.problem).toContain(
      'Expected openSet.score to be "energy" or "max-prob", got "mahalanobis"',
    );
    expect(() => parseOpenSetRule({ version: 1, score: 'energy', threshold: 'low' })).toThrow(
      'Expected openSet.threshold to be a finite number, got "low"',
    );
    expect(() => parseOpenSetRule({ version: 1, score: 'max-prob', threshold: 2 })).toThrow(
      'in (0, 1), got 2',
    );
    expect(() => parseOpenSetRule({ version: 1, score: 'energy', threshold: 1, temperature: 0 })).toThrow(
      'temperature',
    );
  });
});

describe('isUnknown', () => {
  const energy = parseOpenSetRule({ version: 1, score: 'energy', threshold: -3 });
  it('calls a window unknown when its energy is above the threshold', () => {
    expect(isUnknown(energy, [0.9, 0.1], [6, 0], 0.4)).toBe(false); // energy ≈ −6
    expect(isUnknown(energy, [0.6, 0.4], [0.4, 0], 0.4)).toBe(true); // energy ≈ −0.9
  });

  it('falls back to the top probability when there are no logits', () => {
    expect(isUnknown(energy, [0.3, 0.3, 0.4], null, 0.5)).toBe(true);
    expect(isUnknown(energy, [0.1, 0.9], null, 0.5)).toBe(false);
  });

  it('with a max-probability rule, calls a window unknown below its threshold', () => {
    const rule = parseOpenSetRule({ version: 1, score: 'max-prob', threshold: 0.5 });
    expect(isUnknown(rule, [0.45, 0.3, 0.25], [1, 0, 0], 0.1)).toBe(true);
    expect(isUnknown(rule, [0.55, 0.3, 0.15], [1, 0, 0], 0.9)).toBe(false);
  });
});

describe('describeOpenSetRule', () => {
  it('says where the rule comes from', () => {
    expect(describeOpenSetRule(null)).toBe('top probability below the threshold');
    expect(describeOpenSetRule(parseOpenSetRule({ version: 1, score: 'energy', threshold: -4.2 }))).toBe(
      'energy score above -4.2 (T = 1), from the model',
    );
    expect(describeOpenSetRule(parseOpenSetRule({ version: 1, score: 'max-prob', threshold: 0.5 }))).toBe(
      'top probability below 0.5, from the model',
    );
  });
});

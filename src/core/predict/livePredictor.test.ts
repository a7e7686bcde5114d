import { describe, expect, it } from 'vitest';
import { prepareEmbedding } from './fewShot';
import { LivePredictor, MAX_TEACH_SECONDS } from './livePredictor';
import { parseOpenSetRule, type OpenSetRule } from './openSet';
import { withTaughtClass } from './taughtHead';

const CLASSES = ['cello', 'flute', 'other'];
const BASE = { name: 'instruments', hash: '0123456789abcdef' };
const HOP = 0.1;
const FALLBACK: OpenSetRule = { score: 'max-prob', threshold: 0.4, source: 'fallback' };
const ENERGY = parseOpenSetRule({ version: 1, score: 'energy', threshold: -3 });

const along = (axis: number, wobble = 0) =>
  prepareEmbedding(
    Array.from({ length: 4 }, (_, i) => (i === axis ? 1 : 0) + (i === 3 ? wobble : 0)),
    null,
  );
const output = (embedding: Float32Array, logits = [0.2, 0.1, 0]) => {
  const e = logits.map(Math.exp);
  const sum = e.reduce((a, b) => a + b, 0);
  return { probs: Float32Array.from(e, (v) => v / sum), logits: Float32Array.from(logits), embedding };
};

describe('LivePredictor', () => {
  it('passes the base model through, with no open-set verdict when the bundle has no rule', () => {
    const live = new LivePredictor(CLASSES, BASE, 4, FALLBACK, HOP);
    const out = live.decide(output(along(0)));
    expect(out.unknown).toBeNull();
    expect(out.taughtWeight).toBe(0);
    expect(live.classNames).toEqual(CLASSES);
  });

  it('applies the bundle rule: a flat output is unknown, a confident one is not', () => {
    const live = new LivePredictor(CLASSES, BASE, 4, ENERGY, HOP);
    expect(live.decide(output(along(0), [0.2, 0.1, 0])).unknown).toBe(true);
    expect(live.decide(output(along(0), [9, 0, 0])).unknown).toBe(false);
  });

  it('calls a window outside the training data unknown however confident the model is, with or without an open-set rule', () => {
    for (const rule of [ENERGY, FALLBACK]) {
      const live = new LivePredictor(CLASSES, BASE, 4, rule, HOP);
      expect(live.decide({ ...output(along(0), [9, 0, 0]), novel: true }).unknown).toBe(true);
      expect(live.decide({ ...output(along(0), [9, 0, 0]), novel: false }).unknown).toBe(
        rule === FALLBACK ? null : false,
      );
    }
  });

  it('teaches from the sounding windows it sees, up to 10 s, and a taught window is known', () => {
    const live = new LivePredictor(CLASSES, BASE, 4, ENERGY, HOP);
    expect(live.teachingSeconds).toBeNull();
    live.startTeaching();
    for (let i = 0; i < 150; i++) live.decide(output(along(1, (i % 7) * 0.01)));
    expect(live.teachingSeconds).toBeCloseTo(MAX_TEACH_SECONDS, 6);
    const taught = live.finishTeaching('ukulele', '2026-12-06T00:00:00Z');
    expect(live.teachingSeconds).toBeNull();
    live.setHead(withTaughtClass(null, BASE, 4, taught));
    expect(live.classNames).toEqual([...CLASSES, 'ukulele']);
    const out = live.decide(output(along(1, 0.03)));
    expect(out.taughtWeight).toBeGreaterThan(0.5);
    expect(out.unknown).toBe(false);
    expect(out.probs[3]).toBeGreaterThan(0.5);
    // Something else is left to the base model and its rule.
    expect(live.decide(output(along(0))).taughtWeight).toBe(0);
  });

  it('says what went wrong: too little sound, not teaching, a head from another model', () => {
    const live = new LivePredictor(CLASSES, BASE, 4, FALLBACK, HOP);
    live.startTeaching();
    for (let i = 0; i < 5; i++) live.decide(output(along(1)));
    expect(() => live.finishTeaching('ukulele', '2026-12-06T00:00:00Z')).toThrow(
      'Only 0.5 s of sound was heard',
    );
    expect(() => live.finishTeaching('ukulele', '2026-12-06T00:00:00Z')).toThrow('Not teaching');
    live.startTeaching();
    for (let i = 0; i < 30; i++) live.decide(output(along(1, i * 0.001)));
    const taught = live.finishTeaching('ukulele', '2026-12-06T00:00:00Z');
    const foreign = withTaughtClass(null, { name: 'instruments', hash: 'ffffffffffffffff' }, 4, taught);
    expect(() => live.setHead(foreign)).toThrow('were taught on the model "instruments" (ffffffffffffffff)');
    expect(live.classNames).toEqual(CLASSES);
  });
});

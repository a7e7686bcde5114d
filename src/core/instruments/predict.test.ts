import { describe, expect, it } from 'vitest';
import { extractFrameWindows, framesSpec } from '../features/frames';
import { classifyWindows, standardizeRows, summarizeClip, type WindowModel } from './predict';

const SR = 22050;
const RMS_MEAN = framesSpec.columns.indexOf('rms_mean');

/**
 * A two-class model whose answer can be worked out by hand: P(loud) = sigmoid(z) for the standardised
 * rms_mean z, i.e. louder than the normalisation's mean leans "loud".
 */
function levelModel(calls: { rows: number }[]): WindowModel {
  const cols = framesSpec.columns.length;
  return {
    classNames: ['quiet', 'loud'],
    normalization: {
      mean: Array<number>(cols)
        .fill(0)
        .map((_, c) => (c === RMS_MEAN ? 0.05 : 0)),
      std: Array<number>(cols).fill(0.01),
    },
    predictProbs(x) {
      const rows = x.length / cols;
      calls.push({ rows });
      const out = new Float32Array(rows * 2);
      for (let r = 0; r < rows; r++) {
        const p = 1 / (1 + Math.exp(-x[r * cols + RMS_MEAN]));
        out[2 * r] = 1 - p;
        out[2 * r + 1] = p;
      }
      return out;
    },
  };
}

function tone(seconds: number, amplitude: number): Float32Array {
  return Float32Array.from(
    { length: Math.round(seconds * SR) },
    (_, i) => amplitude * Math.sin((2 * Math.PI * 330 * i) / SR),
  );
}

describe('classifyWindows', () => {
  it('asks the model about sounding windows only, in one batch, standardised', () => {
    // 1 s loud, 1 s silence, 1 s quiet (but above the silence floor).
    const x = new Float32Array(3 * SR);
    x.set(tone(1, 0.2));
    x.set(tone(1, 0.01), 2 * SR);
    const calls: { rows: number }[] = [];
    const results = classifyWindows(levelModel(calls), extractFrameWindows(x, 1));
    expect(calls).toEqual([{ rows: 2 }]);
    expect(results.map((r) => r.silent)).toEqual([false, true, false]);
    expect(results.map((r) => r.top)).toEqual([1, -1, 0]);
    expect(results[1].probs).toBeNull();
    expect(results[0].probs![1]).toBeGreaterThan(0.99);
  });

  it('reads only the columns the model names, judging silence on the whole row', () => {
    // A model of one column, rms_mean (picked from the frames row), the same rule as levelModel.
    const x = new Float32Array(3 * SR);
    x.set(tone(1, 0.2));
    x.set(tone(1, 0.01), 2 * SR);
    const seen: Float32Array[] = [];
    const model: WindowModel = {
      classNames: ['quiet', 'loud'],
      normalization: { mean: [0.05], std: [0.01] },
      columns: Int32Array.of(RMS_MEAN),
      predictProbs(z) {
        seen.push(z.slice());
        return Float32Array.from(
          Array.from(z).flatMap((v) => [1 - 1 / (1 + Math.exp(-v)), 1 / (1 + Math.exp(-v))]),
        );
      },
    };
    const windows = extractFrameWindows(x, 1);
    const results = classifyWindows(model, windows);
    expect(results.map((r) => r.top)).toEqual([1, -1, 0]);
    expect(seen).toHaveLength(1);
    expect(Array.from(seen[0])).toEqual(
      [windows[0], windows[2]].map((w) => expect.closeTo((w.values[RMS_MEAN] - 0.05) / 0.01, 4)),
    );
  });

  it('never calls the model for a silent clip', () => {
    const calls: { rows: number }[] = [];
    const results = classifyWindows(levelModel(calls), extractFrameWindows(new Float32Array(2 * SR), 1));
    expect(calls).toEqual([]);
    expect(summarizeClip(['quiet', 'loud'], results)).toEqual({
      windows: 2,
      silentWindows: 2,
      mean: [
        { className: 'quiet', prob: 0 },
        { className: 'loud', prob: 0 },
      ],
      votes: [],
      top: null,
    });
  });
});

describe('summarizeClip', () => {
  it('averages probabilities and counts wins over sounding windows (the two may disagree)', () => {
    const results = [
      { start: 0, end: 1, silent: false, probs: Float32Array.from([0.9, 0.1]), top: 0 },
      { start: 1, end: 2, silent: true, probs: null, top: -1 },
      { start: 2, end: 3, silent: false, probs: Float32Array.from([0.45, 0.55]), top: 1 },
      { start: 3, end: 4, silent: false, probs: Float32Array.from([0.3, 0.7]), top: 1 },
    ];
    const s = summarizeClip(['a', 'b'], results);
    expect(s.top).toBe('a');
    expect(s.mean[0].className).toBe('a');
    expect(s.mean[0].prob).toBeCloseTo(0.55, 6);
    expect(s.votes).toEqual([
      { className: 'b', share: 2 / 3 },
      { className: 'a', share: 1 / 3 },
    ]);
    expect(s.silentWindows).toBe(1);
  });
});

describe('standardizeRows', () => {
  it('names a non-finite feature and a wrong width', () => {
    const model = levelModel([]);
    const row = new Float32Array(framesSpec.columns.length);
    row[3] = NaN;
    expect(() => standardizeRows(model, [row])).toThrow(
      'Expected finite features, got NaN at row 0, column 3',
    );
    expect(() => standardizeRows(model, [new Float32Array(3)])).toThrow('normalisation has');
  });
});

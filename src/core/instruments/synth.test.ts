import { describe, expect, it } from 'vitest';
import { createRng } from '../random';
import { signalPower } from '../train/augment';
import { soundingRange } from './phrases';
import { phraseWindows, recordingWindows, roughenRecording, spreadPick } from './dataset';
import { DEFAULT_SYNTH_OPTIONS, playingOf, renderPhrase, setLevel } from './synth';

const SR = 22050;

/** A decaying harmonic note, like a trimmed sample. */
function note(freq: number, seconds: number, decay = 1): Float32Array {
  return Float32Array.from({ length: Math.round(seconds * SR) }, (_, i) => {
    let v = 0;
    for (let h = 1; h <= 8; h++) v += Math.sin((2 * Math.PI * freq * h * i) / SR) / h;
    return 0.3 * v * Math.exp((-decay * i) / SR);
  });
}

const notes = [note(220, 0.8), note(262, 1.2), note(330, 0.5, 3), note(392, 2)];
const backgrounds = [
  Float32Array.from({ length: SR }, (_, i) => 0.1 * Math.sin(i * 0.01) * Math.sin(i * 0.37)),
];
const options = { ...DEFAULT_SYNTH_OPTIONS, lengthSeconds: 3 };

function levelDb(x: Float32Array): number {
  const [a, b] = soundingRange(x, SR, 30, 0.05);
  return 10 * Math.log10(signalPower(x.subarray(a, b)));
}

describe('renderPhrase', () => {
  it('renders phrases of the requested length at a level in the requested range', () => {
    for (const className of ['violin', 'piano', 'other']) {
      for (let seed = 0; seed < 6; seed++) {
        const x = renderPhrase(className, notes, backgrounds, createRng(seed), options, [
          { className: 'flute', sources: notes },
        ]);
        expect(x.length).toBe(3 * SR);
        expect(x.every((v) => Number.isFinite(v) && Math.abs(v) <= 1)).toBe(true);
        const db = levelDb(x);
        expect(db).toBeGreaterThan(options.levelDbfs[0] - 1);
        expect(db).toBeLessThan(options.levelDbfs[1] + 1);
      }
    }
  });

  it('repeats with the seed', () => {
    const a = renderPhrase('cello', notes, backgrounds, createRng(3), options);
    const b = renderPhrase('cello', notes, backgrounds, createRng(3), options);
    expect(b).toEqual(a);
  });

  it('plays the class as its family plays', () => {
    expect(playingOf('violin')).toBe('sustained');
    expect(playingOf('banjo')).toBe('struck');
    expect(playingOf('other')).toBe('sound');
  });

  it('needs sources', () => {
    expect(() => renderPhrase('flute', [], backgrounds, createRng(0))).toThrow(
      'Expected at least one source for class "flute", got none',
    );
  });
});

describe('setLevel', () => {
  it('sets the sounding part to the level and leaves silence alone', () => {
    expect(levelDb(setLevel(note(440, 1), -30, SR))).toBeCloseTo(-30, 5);
    expect(setLevel(new Float32Array(100), -20, SR)).toEqual(new Float32Array(100));
  });
});

describe('dataset rows', () => {
  it('takes distinct sounding windows of a phrase', () => {
    const windows = phraseWindows('violin', notes, backgrounds, 4, createRng(1), {
      ...options,
      lengthSeconds: 4,
    });
    expect(windows.length).toBe(4);
    expect(new Set(windows.map((w) => w.start)).size).toBe(4);
    for (const w of windows) expect(w.end - w.start).toBeCloseTo(1, 3);
  });

  it('takes at most the asked number of windows of a recording, spread over it', () => {
    const long = note(220, 10, 0.05);
    const windows = recordingWindows(long, 5);
    expect(windows.length).toBe(5);
    expect(windows[0].start).toBeLessThan(2);
    expect(windows[4].start).toBeGreaterThan(7);
    expect(spreadPick([1, 2, 3], 5)).toEqual([1, 2, 3]);
  });

  it('roughens a recording at a level in range, with the same length', () => {
    const x = note(330, 2, 0.5);
    const rough = roughenRecording(x, createRng(2), options);
    expect(rough.length).toBe(x.length);
    expect(levelDb(rough)).toBeGreaterThan(options.levelDbfs[0] - 1);
    expect(levelDb(rough)).toBeLessThan(options.levelDbfs[1] + 1);
  });
});

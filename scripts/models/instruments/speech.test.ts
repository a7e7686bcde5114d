import { describe, expect, it } from 'vitest';
import { pickSpeech, speechLanguage } from './speech';

const folders = new Map<string, string[]>([
  ['en', ['ball.ogg', 'bow.ogg', 'coat.ogg', 'ear.ogg', 'eye.ogg']],
  ['fr', ['bouche.wav', 'chapeau.wav']],
  ['nn', ['auge.opus', 'nase.opus']],
  ['sr', ['a.ogg', 'b.ogg', 'c.ogg']],
  ['sr@latin', ['a.ogg', 'b.ogg', 'c.ogg']],
]);

describe('recorded speech for the other class', () => {
  it('spreads the clips over the languages it can read, the same for a seed', () => {
    const picked = pickSpeech(folders, 6, 7);
    expect(pickSpeech(folders, 6, 7)).toEqual(picked);
    const byLanguage = (names: string[]) =>
      Object.fromEntries(
        ['en', 'fr', 'sr'].map((l) => [l, names.filter((n) => speechLanguage(n) === l).length]),
      );
    // Two rounds over en, fr, sr: no Opus (nn), and the Serbian scripts count as one language.
    expect(byLanguage(picked)).toEqual({ en: 2, fr: 2, sr: 2 });
    expect(picked.every((n) => !n.startsWith('nn/') && !n.startsWith('sr@'))).toBe(true);
    // Past what a language holds, the others go on.
    expect(byLanguage(pickSpeech(folders, 9, 7))).toEqual({ en: 4, fr: 2, sr: 3 });
    expect(pickSpeech(folders, 100, 7)).toHaveLength(10);
    expect(pickSpeech(folders, 6, 8)).not.toEqual(picked);
  });

  it('names a clip by its language, whatever its script', () => {
    expect(speechLanguage('sr@ijekavianlatin/oko.ogg')).toBe('sr');
    expect(speechLanguage('en/ear.ogg')).toBe('en');
  });
});

import { describe, expect, it } from 'vitest';
import { classFromPath, filesFromPicker, isAudioFile } from './folderFiles';

describe('folder files', () => {
  it('takes the class from the folder holding each file', () => {
    expect(classFromPath('instruments/flute/flute_A4.mp3')).toBe('flute');
    expect(classFromPath('cello/c.wav')).toBe('cello');
    expect(classFromPath('loose.mp3')).toBe('');
  });

  it('keeps audio files only, sorted by path, labelled by folder', () => {
    const file = (name: string, path: string, type = '') => {
      const f = new File([new Uint8Array(4)], name, { type });
      Object.defineProperty(f, 'webkitRelativePath', { value: path });
      return f;
    };
    const picked = filesFromPicker([
      file('b.mp3', 'set/trumpet/b.mp3', 'audio/mpeg'),
      file('.DS_Store', 'set/trumpet/.DS_Store'),
      file('notes.txt', 'set/notes.txt', 'text/plain'),
      file('a.wav', 'set/cello/a.wav'),
    ]);
    expect(picked.map((p) => [p.path, p.className])).toEqual([
      ['set/cello/a.wav', 'cello'],
      ['set/trumpet/b.mp3', 'trumpet'],
    ]);
    expect(isAudioFile('x.unknown', 'audio/x-custom')).toBe(true);
    expect(isAudioFile('x.unknown')).toBe(false);
  });
});

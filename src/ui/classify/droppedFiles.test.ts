import { describe, expect, it } from 'vitest';
import { audioFilesOfFolder, isAudioName } from './droppedFiles';

const file = (name: string, type = '', relative = `album/${name}`) => {
  const f = new File([new Uint8Array(4)], name, { type });
  Object.defineProperty(f, 'webkitRelativePath', { value: relative });
  return f;
};

describe('audioFilesOfFolder', () => {
  it('keeps audio by extension or type, in path order, and leaves licence texts, covers and hidden files out', () => {
    const files = [
      file('b.mp3'),
      file('licence.txt', 'text/plain'),
      file('cover.jpg', 'image/jpeg'),
      file('._a.ogg'),
      file('A.FLAC'),
      file('voice', 'audio/webm'),
    ];
    expect(audioFilesOfFolder(files).map((f) => f.name)).toEqual(['A.FLAC', 'b.mp3', 'voice']);
  });

  it('knows the usual audio extensions', () => {
    for (const name of ['x.wav', 'x.opus', 'x.m4a', 'x.aiff', 'x.oga'])
      expect(isAudioName(name), name).toBe(true);
    for (const name of ['x.txt', 'x.csv', 'x.wav.txt', '.wav']) expect(isAudioName(name), name).toBe(false);
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { createMeydaExtractor, meydaFrameMatrix, summarizeMeydaFrames } from './meyda';
import { genreClips, liveGenreShares } from './liveSet.testing';

const SR = 22050;
let clips: Float32Array[];

beforeAll(() => {
  clips = genreClips();
});

describe('Meyda features in Live', () => {
  it('the streaming extractor, fed in odd-sized blocks, summarises the last second as the whole clip does', () => {
    const audio = clips[0].slice(0, 3 * SR + 777);
    const extractor = createMeydaExtractor({ bufferSize: 512, hop: 256 });
    for (let at = 0; at < audio.length; at += 1999) extractor.push(audio.subarray(at, at + 1999));
    const matrix = meydaFrameMatrix(audio, { bufferSize: 512, hop: 256 });
    expect(extractor.frames).toBe(matrix.frames);
    const expected = summarizeMeydaFrames(matrix, matrix.frames - extractor.windowFrames, matrix.frames);
    expect(Array.from(extractor.summary()!)).toEqual(Array.from(expected));
  });

  it('a meyda model runs on the live windows of a stream it never saw and hears the genre', async () => {
    for (const { windows, share } of await liveGenreShares('meyda', clips)) {
      // About 10 windows a second once the first second is in: 7 s of them.
      expect(windows).toBeGreaterThan(60);
      expect(share).toBeGreaterThan(0.6);
    }
  }, 180_000);
});

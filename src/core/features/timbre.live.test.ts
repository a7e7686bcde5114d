import { beforeAll, describe, expect, it } from 'vitest';
import { specOf } from './audioSets';
import { createTimbreExtractor, extractTimbreWindows } from './timbre';
import { genreClips, liveGenreShares } from './liveSet.testing';

const SR = 22050;
let clips: Float32Array[];

beforeAll(() => {
  clips = genreClips();
});

describe('timbre features in Live', () => {
  it('the streaming extractor, fed in odd-sized blocks, gives the last whole second as a file gives it', () => {
    const audio = clips[1].slice(0, 3 * SR + 777);
    const extractor = createTimbreExtractor(1);
    for (let at = 0; at < audio.length; at += 1999) extractor.push(audio.subarray(at, at + 1999));
    const start = (extractor.frames - extractor.windowFrames) * 512;
    const expected = extractTimbreWindows(audio.slice(start, start + SR), 1)[0].values;
    const streamed = extractor.summary()!;
    const flux = specOf('timbre').columns.findIndex((c) => c.startsWith('flux_'));
    streamed.forEach((v, c) => {
      // The stream's first frame in the window has a flux, the file's none.
      if (c < flux || c >= flux + 7)
        expect(Math.abs(v - expected[c])).toBeLessThanOrEqual(1e-4 * Math.max(1, Math.abs(expected[c])));
    });
  });

  it('a timbre model runs on the live windows of a stream it never saw and hears the genre', async () => {
    for (const { windows, share } of await liveGenreShares('timbre', clips)) {
      // About 10 windows a second once the first second is in: 7 s of them.
      expect(windows).toBeGreaterThan(60);
      expect(share).toBeGreaterThan(0.6);
    }
  }, 180_000);
});

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeWav } from '../src/core/audio/wav';
import { loopedSongWav } from './bench-drop';

describe("the drop bench's 3-minute song", () => {
  it('is a real song looped to 180 s as a 44.1 kHz WAV that our decoder reads back', async () => {
    const song = path.resolve(process.cwd(), '../shared/data/songs/Kevin_MacLeod_-_Vibe_Ace.ogg');
    const { sampleRate, channels } = decodeWav(await loopedSongWav(song));
    expect(sampleRate).toBe(44_100);
    expect(channels[0].length).toBe(180 * 44_100);
    // Vibe Ace lasts 61.5 s: the loop starts again, sample for sample, after the song's own length.
    let peak = 0;
    for (const v of channels[0]) peak = Math.max(peak, Math.abs(v));
    expect(peak).toBeGreaterThan(0.1);
    const length = Math.round(61.46 * 44_100);
    const at = 10 * 44_100;
    for (let probe = 0; probe < 200; probe += 1) {
      const i = at + probe;
      let again = -1;
      for (let shift = length - 50; shift <= length + 50 && again < 0; shift++)
        if (channels[0][i + shift] === channels[0][i] && channels[0][i + shift + 1] === channels[0][i + 1])
          again = shift;
      expect(again).toBeGreaterThan(0);
    }
  });
});

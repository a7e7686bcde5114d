import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { liveCommand } from './live';
import { captureIo, DATA, ROOT, runEntry } from './testing';

const TRUMPET = path.join(DATA, 'songs/sorohanro_-_solo-trumpet-06.ogg');
const VIOLIN = path.join(DATA, 'instruments-real/violin');

describe('npm run live (a recording replayed through Live)', () => {
  it('hears the solo trumpet demo as Live does: silence, brass while it plays, silence after', async () => {
    const io = captureIo();
    const [replay] = await liveCommand(['--json', TRUMPET], io);
    expect(JSON.parse(io.stdout[0])).toEqual(replay);
    const { segments, counts } = replay;
    // About 10.8 predictions a second over 1 s of silence, the 5.3-s clip and 1 s after it.
    const predictions = Object.values(counts).reduce((a, b) => a + b, 0);
    expect(predictions).toBeGreaterThan(70);
    expect(predictions).toBeLessThan(85);
    expect(segments[0]).toMatchObject({ headline: 'silence' });
    expect(segments[0].from).toBeLessThan(-0.8);
    expect(segments[segments.length - 1]).toMatchObject({ headline: 'silence' });
    // The shipped model's answer on this clip (e2e/live.spec.ts, the shipped-model unit test): trombone first.
    const named = Object.entries(counts).filter(([h]) => !['silence', 'waiting'].includes(h));
    named.sort((a, b) => b[1] - a[1]);
    expect(named[0][0]).toBe('trombone');
    for (let i = 1; i < segments.length; i++) expect(segments[i].from).toBeGreaterThan(segments[i - 1].to);
  });

  it('plays files one after another, and names a file it cannot read', async () => {
    const io = captureIo();
    const files = ['violin-or-fiddle-0e7cd4eb.flac', 'violin-or-fiddle-1b24c166.flac'].map((f) =>
      path.join(VIOLIN, f),
    );
    const replays = await liveCommand(['--gap', '0.5', ...files], io);
    expect(replays.map((r) => r.file)).toEqual(files);
    expect(io.stdout[0]).toMatch(/violin-or-fiddle-0e7cd4eb\.flac \(\d+\.\d s\): /);
    expect(io.stdout.some((line) => /^\s+-0\.\d\d … /.test(line))).toBe(true);

    const bad = await runEntry('src/cli/live.ts', [path.join(ROOT, 'package.json')]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^error: .*package\.json: /);
    const usage = await runEntry('src/cli/live.ts', ['--gap', '-1', TRUMPET]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('Invalid --gap: -1');
  });
});
